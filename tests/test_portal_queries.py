"""The portal home and a campaign topic page cost the same number of queries at any size."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from cms.demo import demo_pieces_bulk
from tests.content_helpers import hai_an_topic


def queries_for(client, url: str) -> int:
    """Queries of an uncached render (the first view also creates image renditions)."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


MAX_QUERIES = 12  # bench/portal.py's target for an uncached page


@pytest.mark.parametrize("url_of", [lambda topic: "/", lambda topic: topic.url, lambda topic: "/tin-bai/"])
def test_query_count_does_not_grow_with_the_number_of_pieces(portal_demo, client, url_of):
    topic = hai_an_topic()
    images = list(get_image_model().objects.all()[:2])
    counts, added = {}, 0
    for pieces in (8, 40, 200):
        demo_pieces_bulk(topic, count=pieces - added, images=images)
        added = pieces
        counts[pieces] = queries_for(client, url_of(topic))
    assert counts[8] == counts[40] == counts[200], counts
    assert counts[200] <= MAX_QUERIES


def test_lists_leave_out_pieces_behind_a_view_restriction(portal_demo, client):
    from wagtail.models import PageViewRestriction

    from cms.models import ArticlePage, PosterPage

    topic = hai_an_topic()
    article = ArticlePage.objects.live().child_of(topic).first()
    poster = PosterPage.objects.live().child_of(topic).first()
    article_link, poster_link = (f'href="{piece.relative_url(piece.get_site())}"' for piece in (article, poster))
    for url in ("/", topic.url, "/tin-bai/"):
        assert article_link in client.get(url).content.decode(), url
    assert poster_link in client.get(topic.url).content.decode()
    for piece in (article, poster):
        PageViewRestriction.objects.create(page=piece, restriction_type=PageViewRestriction.PASSWORD, password="x")
    cache.clear()
    for url in ("/", topic.url, "/tin-bai/"):
        html = client.get(url).content.decode()
        assert article_link not in html and poster_link not in html, url


def test_home_shows_latest_articles_topics_and_posters(portal_demo, client):
    html = client.get("/").content.decode()
    assert "Phường Hải An" in html
    assert "Nhà ở xã hội — Nghị quyết 02-NQ/TU" in html
    assert "Phường Hải An triển khai Nghị quyết 02-NQ/TU" in html
    assert 'lang="vi"' in html


def test_topic_page_shows_resolution_targets_and_published_pieces_only(portal_demo, client):
    html = client.get(hai_an_topic().url).content.decode()
    assert "02-NQ/TU" in html
    assert "32.900 căn" in html and "16.555 căn" in html
    assert "PHÁT TRIỂN NHÀ Ở XÃ HỘI LÀ BẢO ĐẢM AN SINH" in html
    assert "HẢI PHÒNG PHẤN ĐẤU DẪN ĐẦU" not in html  # a draft slogan
    assert "TỈNH TÁO TRƯỚC THÔNG TIN SAI LỆCH" not in html  # in review


@pytest.mark.parametrize("query", ["nhà ở xã hội", "nha o xa hoi", "NHÀ Ở"])
def test_search_finds_vietnamese_with_or_without_diacritics(portal_demo, client, query):
    html = client.get("/tim-kiem/", {"q": query}).content.decode()
    assert "Phường Hải An triển khai Nghị quyết 02-NQ/TU" in html


def test_search_does_not_show_drafts(portal_demo, client):
    html = client.get("/tim-kiem/", {"q": "Những điều cần biết"}).content.decode()
    assert "Những điều cần biết về chính sách" not in html


def test_other_ward_site_is_served_by_hostname(portal_demo, client):
    html = client.get("/", HTTP_HOST="ha-bac.localhost:8000").content.decode()
    assert "Xã Hà Bắc" in html


def test_cached_page_costs_almost_nothing_and_publishing_refreshes_it(portal_demo, client):
    from cms.models import SloganPage

    topic = hai_an_topic()
    client.get(topic.url)
    with CaptureQueriesContext(connection) as context:
        client.get(topic.url)
    assert len(context.captured_queries) <= 6
    draft = SloganPage.objects.child_of(topic).get(title="Hải Phòng dẫn đầu nhà ở xã hội")
    draft.save_revision().publish()
    assert "HẢI PHÒNG PHẤN ĐẤU DẪN ĐẦU" in client.get(topic.url).content.decode()


def test_prepared_lists_give_the_rows_of_the_querysets_they_replace(portal_demo):
    """The portal's lists run as statements compiled once (cms/prepared.py): for each root they give
    exactly what the queryset built for that root gives, dates as dates."""
    import datetime as dt

    from cms.models import WardHomePage
    from cms.portal import PIECE_FIELDS, kinds_by_type, newest_rows, prepared

    topic = hai_an_topic()
    demo_pieces_bulk(topic, count=30, images=list(get_image_model().objects.all()[:2]))
    kinds = tuple(PIECE_FIELDS)
    statement = prepared(("newest", kinds, 5, *kinds_by_type(kinds)),
                         lambda **stand_ins: newest_rows(kinds, 5, **stand_ins))
    for root in (topic, WardHomePage.objects.get(pk=topic.get_parent().pk), topic.get_parent().get_parent()):
        expected = list(newest_rows(kinds, 5, root.path, topic.depth + 1))
        assert statement.rows(root_path=root.path, depth=topic.depth + 1) == expected
    rows = statement.rows(root_path=topic.path, depth=topic.depth + 1)
    assert {kinds_by_type(kinds)[row["content_type_id"]] for row in rows} == set(kinds)
    assert all(isinstance(row["articlepage__publish_date"], dt.date) for row in rows
               if row["articlepage__publish_date"] is not None)
    assert any(row["articlepage__publish_date"] is not None for row in rows)


def test_a_prepared_statement_escapes_a_value_inside_a_like_pattern(portal_demo):
    from wagtail.models import Page

    from cms.prepared import PreparedValues

    topic = hai_an_topic()
    for title in ("50%_off tháng này", "50xxoff tháng này"):
        topic.add_child(instance=Page(title=title, slug=title.replace("%", "").replace(" ", "-")))
    titles = PreparedValues(lambda prefix: Page.objects.filter(title__startswith=prefix).values("title"))
    assert titles.rows(prefix="50%_off") == [{"title": "50%_off tháng này"}]
    assert titles.rows(prefix="50x") == [{"title": "50xxoff tháng này"}]  # compiled once, run with new values
