"""Malformed values are taken out of the query string before a view reads it.

Wagtail's admin reads some query-string keys as row ids or page numbers without checking them, so a
hand-edited URL was a 500: ``/admin/images/chooser/chosen-multiple/?id=abc`` (ValueError),
``/admin/choose-external-link/?parent_page_id=abc`` (NoReverseMatch), ``/admin/pages/?owner=`` with
20 digits (OverflowError on SQLite), ``/admin/workflows/edit/1/?p=-1`` (EmptyPage),
``/admin/login/?next=abc`` (NoReverseMatch). A value that cannot be what its key means there is
dropped, so the screen shows as if the key were absent; everything else is left alone. The project's
own views check their input themselves (``campaigns.admin.ids.parse_id``); this guards the views we do not
own, and ``tests/test_fuzz_query_params.py`` walks every screen with odd values to keep it complete.
"""

from functools import cache

from django.http import Http404

from campaigns.admin.ids import MAX_ID, parse_id

# Keys that hold typed text, where a long number is just text.
TEXT_KEYS = {"q", "term", "link_text", "link_url", "label"}


@cache
def row_id_keys_by_view() -> tuple[tuple[type, frozenset[str]], ...]:
    """Wagtail's views (and their subclasses) that use these keys as row ids unchecked. ``id`` is not
    always a row id elsewhere: the block preview's is a block name, a bulk action's may be ``all``."""
    from wagtail.admin.views import chooser as page_chooser
    from wagtail.admin.views.generic import chooser
    from wagtail.api.v2.views import BaseAPIViewSet

    return (
        (chooser.ChosenMultipleViewMixin, frozenset({"id"})),
        (BaseAPIViewSet, frozenset({"id"})),
        (page_chooser.BrowseView, frozenset({"parent_page_id", "target_pages[]"})),
        (page_chooser.SearchView, frozenset({"parent_page_id"})),
        (page_chooser.BaseLinkFormView, frozenset({"parent_page_id"})),
    )


def row_id_keys(view_func) -> frozenset[str]:
    view_class = getattr(view_func, "view_class", None) or getattr(view_func, "cls", None)
    if view_class is None:
        return frozenset()
    return frozenset().union(*(keys for base, keys in row_id_keys_by_view() if issubclass(view_class, base)))



def clean_value(key: str, value: str, ids: frozenset[str] = frozenset()) -> str | None:
    """``value`` without NUL characters (PostgreSQL refuses them), or None when it must be dropped;
    ``ids`` are the keys the view uses as row ids."""
    value = value.replace("\x00", "")
    if key in ids:
        return value if parse_id(value) is not None else None
    if key == "p":  # the page of a list: a number, or Django's "last"
        return value if parse_id(value) is not None or value == "last" else None
    if key == "next":
        return value if value.startswith("/") and not value.startswith("//") else None
    if key not in TEXT_KEYS and value.isascii() and value.isdigit() and int(value) > MAX_ID:
        return None  # no row has this id, and SQLite cannot even compare it
    return value


class MalformedQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Wagtail's choosers take ``<str:pk>`` (snippets may have text keys); every key here is a number.
        pk = view_kwargs.get("pk")
        if isinstance(pk, str) and parse_id(pk) is None:
            raise Http404
        ids = row_id_keys(view_func)
        query = request.GET
        cleaned = query.copy()
        for key in query:
            values = [kept for value in query.getlist(key) if (kept := clean_value(key, value, ids)) is not None]
            if values:
                cleaned.setlist(key, values)
            else:
                del cleaned[key]
        if cleaned != query:
            cleaned._mutable = False
            request.GET = cleaned
            request.META["QUERY_STRING"] = cleaned.urlencode()
        return None
