"""Whatever is typed in a search box is a valid search: on SQLite (FTS5) and on PostgreSQL, through
Wagtail's search backend directly and through every search screen, with diacritics still matched."""

import pytest
from django.db import connection
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Not, Or, Phrase, PlainText
from wagtail.search.utils import parse_query_string

from cms.portal import search_pieces
from tests.content_helpers import hai_an_topic

# FTS5 and tsquery syntax, NUL and other control characters, long and many-word input.
ODD_SEARCHES = [
    '"', '""', 'nhà ở"', '"nhà ở', "'", "*", "nhà*", "NEAR(", "NEAR(a b)", "AND", "OR", "NOT", "a AND", "-", "a -b",
    "^", ":", "title:x", "{title body}: x", "(", ")", "a\x00b", "\x00", "\\", "%", "%s", "100%", "+", "@", "#",
    "x" * 5000, "nhà " * 3000, '" OR "" OR "' * 200, "ồ\u200b\ufeff", "\x01\x1f\x7f", "\t\n",
    "<script>alert(1)</script>",
]
# The ones that broke a search screen; the fuzz test (test_fuzz_query_params.py) sends many more.
SCREEN_SEARCHES = ['"', 'nhà ở"', "a\x00b", "NEAR(", "*", "-", "nhà " * 3000]
SEARCH_URLS = [
    "/tim-kiem/", "/admin/pages/search/", "/admin/choose-page/search/", "/admin/images/", "/admin/images/chooser/",
    "/admin/documents/", "/admin/documents/chooser/", "/admin/pages/", "/admin/campaign/", "/admin/publication/",
    "/admin/delivery/", "/admin/users/",
]
ARTICLE = "Phường Hải An triển khai Nghị quyết 02-NQ/TU"


def queries_for(text: str) -> list:
    """The query objects Wagtail builds from typed text (the admin parses quotes into phrases)."""
    return [text, Phrase(text), parse_query_string(text)[1],
            Or([And([PlainText("nhà"), Phrase(text)]), And([PlainText("nhà"), Not(PlainText(text, operator="or"))])])]


def backend_failures() -> list[str]:
    """Each odd text, as every kind of query, searched and autocompleted in pages, images and documents."""
    backend, failures = get_search_backend(), []
    for text in ODD_SEARCHES:
        try:
            for model in (Page, get_image_model(), get_document_model()):
                for query in queries_for(text):
                    for method in (backend.search, backend.autocomplete):
                        results = method(query, model)
                        list(results[:5])
                        results.count()
        except Exception as error:  # noqa: BLE001 - every failing text is reported, not only the first
            failures.append(f"{text[:20]!r}: {error!r}"[:200])
    return failures


def searches_that_fail(client) -> list[str]:
    client.raise_request_exception = False
    failures = []
    for url in SEARCH_URLS:
        for text in SCREEN_SEARCHES:
            response = client.get(url, {"q": text, **({"tag": "áp phích"} if "chooser" in url else {})})
            if response.status_code >= 500:
                failures.append(f"{url}?q={text[:20]!r}: {response.status_code}")
    return failures


@pytest.fixture
def superuser_client(portal_demo, client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@example.vn", "x"))
    return client


def test_any_text_is_a_valid_search(portal_demo):
    assert backend_failures() == []


def test_every_search_screen_takes_any_text(superuser_client):
    assert searches_that_fail(superuser_client) == []


def test_a_ward_user_searches_any_text(portal_demo, login):
    assert searches_that_fail(login("lanhdao")) == []


@pytest.mark.parametrize("query", ['nhà ở"', '"nhà ở xã hội"', "nha o xa hoi", "NHÀ Ở\x00"])
def test_quotes_and_nul_are_ignored_and_diacritics_still_match(portal_demo, client, query):
    assert ARTICLE in client.get("/tim-kiem/", {"q": query}).content.decode()


def test_search_with_only_punctuation_finds_nothing(portal_demo):
    home = hai_an_topic().get_parent()
    assert search_pieces(home, '"') == []
    assert search_pieces(home, "*") == []


def test_the_query_is_capped_and_stripped():
    from cms.search import MAX_TERMS, clean_query

    cleaned = clean_query(PlainText('a"b\x00c ' + "từ " * 100 + "x" * 500))
    words = cleaned.query_string.split()
    assert words[:3] == ["a", "b", "c"]
    assert len(words) == MAX_TERMS
    assert clean_query('"\x00 ') == ""
    assert clean_query(And([Phrase('"'), PlainText("nhà")])).subqueries[0].query_string == "nhà"


@pytest.mark.postgres
def test_odd_searches_on_postgresql(superuser_client):
    assert connection.vendor == "postgresql"
    assert backend_failures() == []
    assert searches_that_fail(superuser_client) == []
    assert ARTICLE in superuser_client.get("/tim-kiem/", {"q": 'nhà ở xã hội"\x00'}).content.decode()
