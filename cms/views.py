"""Small HTTP endpoints of the cms app; the rules they apply live in other modules."""

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.views.decorators.http import require_POST

from campaigns.models import LoudspeakerCluster
from campaigns.places.access import scope_queryset
from cms.airtime import DEFAULT_READING_SPEED, airtime_seconds, count_syllables, format_duration
from cms.imaging import POSTER_FORMATS
from cms.models import PosterPage
from cms.posters import CONTENT_TYPES, poster_file

MAX_SCRIPT_CHARS = 50_000


@login_required
@require_POST
def airtime_estimate(request):
    """Syllables and airtime of a script as typed, for the live estimate in the editor: at the
    default speed, and at each reading speed of the user's wards' clusters (named)."""
    text = request.POST.get("text", "")[:MAX_SCRIPT_CHARS]
    syllables = count_syllables(text)
    seconds = airtime_seconds(text)
    clusters = scope_queryset(LoudspeakerCluster.objects.all(), request.user).order_by("reading_speed", "name")
    names_by_speed: dict[int, list[str]] = {}
    for name, speed in clusters.values_list("name", "reading_speed"):
        names_by_speed.setdefault(speed, []).append(name)
    by_speed = {speed: airtime_seconds(text, reading_speed=speed) for speed in names_by_speed}
    summary = f"{syllables} tiếng · khoảng {format_duration(seconds)} ở {DEFAULT_READING_SPEED} tiếng/phút"
    if set(names_by_speed) - {DEFAULT_READING_SPEED}:
        summary += "; theo tốc độ đọc của cụm loa: " + "; ".join(
            f"{', '.join(names)} ({speed} tiếng/phút): {format_duration(by_speed[speed])}"
            for speed, names in names_by_speed.items())
    return JsonResponse({
        "syllables": syllables,
        "seconds": seconds,
        "summary": summary,
        "by_speed": {speed: value for speed, value in by_speed.items() if speed != DEFAULT_READING_SPEED},
        "clusters": [{"name": name, "reading_speed": speed, "seconds": by_speed[speed]}
                     for speed, names in names_by_speed.items() for name in names],
    })


def poster_download(request, page_id: int, format_code: str, extension: str):
    """A published poster in one format: PNG for every format, PDF for print formats."""
    fmt = POSTER_FORMATS.get(format_code)
    if fmt is None or extension not in CONTENT_TYPES or (extension == "pdf" and not fmt.is_print):
        raise Http404
    page = PosterPage.objects.live().public().filter(pk=page_id).select_related("image", "slogan").first()
    if page is None:
        raise Http404
    name = poster_file(page, format_code, extension)
    return FileResponse(
        default_storage.open(name), content_type=CONTENT_TYPES[extension], filename=name.rsplit("/", 1)[-1]
    )
