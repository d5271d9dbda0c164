"""Who may download an uploaded file (docs/files-and-logins.md).

Every upload (original images, renditions, documents, rendered posters) lives in the default storage,
whose folder (MEDIA_ROOT) is never served as it is: MEDIA_URL leads to ``media_file`` below, documents
go through Wagtail's serve view and posters through ``cms.views.poster_download``. One rule for
images and documents:

- public when a live page visible to everyone uses it (Wagtail's reference index: a field, an image
  block, a link in rich text). A live page's row holds its published content, so a file used only by
  a draft or by unpublished changes stays private;
- otherwise only signed-in people with a permission on its collection, i.e. the people of its ward
  (cms/wards.py gives each ward's groups their own collection); anyone else gets 404.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.utils.cache import patch_cache_control, patch_vary_headers
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex
from wagtail.permissions import policy_registry

PUBLIC_MAX_AGE = 300  # seconds a browser or proxy may keep a public image after its page is unpublished
READ_ACTIONS = ["choose", "change"]


def used_by_live_page(obj) -> bool:
    """Whether a live page that everyone may see uses ``obj`` (an image or a document)."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = [
        int(pk) for pk in ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type).values_list("object_id", flat=True)
        if pk.isdigit()
    ]
    return bool(page_ids) and Page.objects.live().public().filter(pk__in=page_ids).exists()


def user_may_read(user, obj) -> bool:
    """Signed-in people of the file's ward (a permission on its collection); superusers."""
    if not (user.is_authenticated and user.is_active):
        return False
    policy = policy_registry.get_by_type(type(obj))
    return policy.user_has_any_permission_for_instance(user, READ_ACTIONS, obj)


def image_for_file(name: str):
    """The image whose original or rendition is stored under ``name``, or None."""
    Image = get_image_model()
    image = Image.objects.filter(file=name).first()
    if image is None:
        rendition = Image.get_rendition_model().objects.filter(file=name).select_related("image").first()
        image = rendition.image if rendition else None
    return image


def media_file(request, name: str):
    """An image file (original or rendition) by its storage name, if the rule lets ``request.user`` have it.

    Documents and posters are stored beside them but are never served here."""
    image = image_for_file(name)
    if image is None:
        raise Http404
    public = used_by_live_page(image)
    if not public and not user_may_read(request.user, image):
        raise Http404
    response = FileResponse(default_storage.open(name))
    response["X-Content-Type-Options"] = "nosniff"
    if public:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        patch_cache_control(response, private=True, no_cache=True)
        patch_vary_headers(response, ["Cookie"])
    return response


def document_serve_check(document, request) -> None:
    """``before_serve_document``: a document goes out only under the rule above (Wagtail's own
    collection privacy hook still applies after this one)."""
    if used_by_live_page(document) or user_may_read(request.user, document):
        return None
    raise Http404
