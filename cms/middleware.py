"""Malformed values are taken out of the query string before any view reads it.

Wagtail's admin reads some query-string keys as row ids or page numbers without checking them, so a
hand-edited URL was a 500: ``/admin/choose-page/chosen-multiple/?id=abc`` (ValueError),
``/admin/choose-external-link/?parent_page_id=abc`` (NoReverseMatch), ``/admin/pages/?owner=`` with
20 digits (OverflowError on SQLite), ``/admin/workflows/edit/1/?p=-1`` (EmptyPage),
``/admin/login/?next=abc`` (NoReverseMatch). A value that cannot be what its key means is dropped,
so the screen shows as if the key were absent; everything else is left alone. The project's own
views check their input themselves (e.g. ``campaigns.ids.parse_id``); this guards the views we do
not own. ``tests/test_fuzz_query_params.py`` walks every screen with odd values to keep it honest.
"""

from django.http import Http404

from campaigns.ids import MAX_ID, parse_id

# Keys that are always a row id or a page number (``p``) in Wagtail's admin.
ID_KEYS = {"id", "p", "parent_page_id", "target_pages[]"}
# Keys that hold typed text, where a long number is just text.
TEXT_KEYS = {"q", "term", "link_text", "link_url", "label"}


def clean_value(key: str, value: str) -> str | None:
    """``value`` without NUL characters (PostgreSQL refuses them), or None when it must be dropped."""
    value = value.replace("\x00", "")
    if key in ID_KEYS:
        return value if parse_id(value) is not None else None
    if key == "next":
        return value if value.startswith("/") and not value.startswith("//") else None
    if key not in TEXT_KEYS and value.isascii() and value.isdigit() and int(value) > MAX_ID:
        return None  # no row has this id, and SQLite cannot even compare it
    return value


class MalformedQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        cleaned = query.copy()
        for key in query:
            values = [value for value in (clean_value(key, value) for value in query.getlist(key)) if value is not None]
            if values:
                cleaned.setlist(key, values)
            else:
                del cleaned[key]
        if cleaned != query:
            cleaned._mutable = False
            request.GET = cleaned
            request.META["QUERY_STRING"] = cleaned.urlencode()
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Wagtail's choosers take ``<str:pk>`` (snippets may have text keys); every key here is a number.
        pk = view_kwargs.get("pk")
        if isinstance(pk, str) and parse_id(pk) is None:
            raise Http404
        return None
