"""No screen of the four demo roles shows a Wagtail or Django string in English.

Each demo user (editor, supervisor, broadcast staff, administrator) opens every admin screen they
can open with the demo's ids (the URL walk of test_fuzz_query_params), then the screens their day
adds: a form sent back with errors, an upload refused, a page in review. The visible text of each
answer (text nodes, button labels, and what a screen reader or a hover meets: aria-label, alt, title,
placeholder, tooltips, the JSON Wagtail's JavaScript draws labels from; not scripts) is compared with
every msgid of Wagtail's and Django's English catalogues (tests/english_strings.py); a match is a
string our catalogue (locale/vi) still has to translate. What Wagtail's JavaScript gettexts itself
comes from /admin/jsi18n/, checked against Wagtail's JavaScript catalogue.
"""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import WorkflowState

from cms.models import ArticlePage, CampaignTopicPage
from tests.english_strings import (
    NOT_FROM_A_CATALOGUE,
    english_in,
    js_catalogue_english,
    js_catalogue_msgids,
    visible_segments,
)
from tests.test_fuzz_query_params import admin_targets

DEMO_USERNAMES = ["bientap", "lanhdao", "truyenthanh", "admin"]


def _english_of(client, url, *, data=None, method="get", **extra) -> set[str]:
    response = getattr(client, method)(url, data or {}, **extra)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return set()
    english = english_in(response.content.decode()) - NOT_FROM_A_CATALOGUE
    return {f"{msgid!r} in {method.upper()} {url}" for msgid in english}


def _walk(client, user) -> set[str]:
    urls, _ = admin_targets(user)
    found = set()
    for url in urls:
        found |= _english_of(client, url)
    return found


def _day_screens(client) -> set[str]:
    """Screens only a POST or a page in a given state shows."""
    found = set()
    topic = CampaignTopicPage.objects.filter(campaign__ward__slug="hai-an").first()
    create_url = reverse("wagtailadmin_pages:add", args=("cms", "articlepage", topic.pk))
    found |= _english_of(client, create_url, data={"title": "", "body-count": "0"}, method="post")
    piece = ArticlePage.objects.filter(campaign__ward__slug="hai-an").order_by("pk").first()
    found |= _english_of(client, reverse("wagtailadmin_pages:edit", args=(piece.pk,)),
                         data={"title": "", "body-count": "0"}, method="post")
    in_review = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS)
    for page_pk in list(in_review.values_list("object_id", flat=True))[:3]:
        found |= _english_of(client, reverse("wagtailadmin_pages:edit", args=(int(page_pk),)))
    bad_image = SimpleUploadedFile("a.png", b"not an image", content_type="image/png")
    found |= _english_of(client, reverse("wagtailimages:add"), data={"title": "x", "file": bad_image},
                         method="post")
    found |= _english_of(client, reverse("wagtailimages:add_multiple"),
                         data={"files[]": SimpleUploadedFile("a.png", b"x", content_type="image/png")},
                         method="post")
    found |= _english_of(client, reverse("wagtailadmin_pages:search"), data={"q": "khongcoketqua"})
    found |= _english_of(client, reverse("wagtailimages:index"), data={"q": "khongcoketqua"})
    found |= _english_of(client, reverse("wagtaildocs:index"), data={"q": "khongcoketqua"})
    found |= _english_of(client, reverse("wagtailadmin_account"), data={"email": "sai"}, method="post")
    return found


def test_no_english_library_string_on_the_screens_of_the_day(portal_demo, client):
    client.raise_request_exception = False
    found = set()
    for username in DEMO_USERNAMES:  # one demo load for the four people
        user = get_user_model().objects.get(username=username)
        client.force_login(user)
        found |= {f"{username}: {where}" for where in _walk(client, user) | _day_screens(client)}
    assert not found, f"{len(found)} chuỗi tiếng Anh:\n" + "\n".join(sorted(found))


def test_the_check_sees_english_and_not_vietnamese():
    english = english_in("<nav><a>Images</a><span title='Help'></span><p>Page 1 of 2</p>"
                         "<script>var x = 'Documents';</script><b>Just now</b></nav>")
    assert english == {"images", "help", "Page %(page_num)s of %(total_pages)s", "just now"}
    assert not english_in("<nav><a>Hình ảnh</a><p>Trang 1 / 2</p><b>Vừa xong</b></nav>")
    assert visible_segments("<p>Lưu <b>nháp</b></p>") == ["Lưu", "nháp"]


def test_the_check_reads_what_a_screen_reader_or_a_hover_meets():
    html = ("<button aria-label='Toggle sidebar'></button><img alt='Preview'>"
            "<span data-w-tooltip-content-value='Edit'></span><button data-w-progress-active-value='Saving…'>"
            "<div data-w-block-data-value='{\"name\": \"body\", \"meta\": {\"label\": \"Move up\"}}'></div>"
            '<script id="wagtail-config" type="application/json">'
            '{"STRINGS": {"MONTHS": ["January"], "BULK_ACTIONS": {"PAGE": {"SINGULAR": "1 page selected"}}},'
            ' "ADMIN_URLS": {"PAGES": "/admin/pages/"}}</script>')
    assert english_in(html) == {"toggle sidebar", "preview", "edit", "saving…", "move up", "january",
                                "1 page selected"}
    assert not english_in(html.replace("Toggle sidebar", "Mở/đóng thanh bên").replace("Preview", "Xem trước")
                          .replace("'Edit'", "'Sửa'").replace("Saving…", "Đang lưu…").replace("Move up", "Chuyển lên")
                          .replace("January", "Tháng một").replace("1 page selected", "Đã chọn 1 trang"))


def test_wagtail_javascript_strings_are_vietnamese(client):
    """What Wagtail's JavaScript draws ("Toggle sidebar", the StreamField's "Move up", the comments'
    "Reply") comes from /admin/jsi18n/, not from the page: Wagtail's djangojs catalogue merged with
    locale/vi/LC_MESSAGES/djangojs.po. Every string of Wagtail's JavaScript catalogue has Vietnamese."""
    response = client.get(reverse("wagtailadmin_javascript_catalog"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    assert len(js_catalogue_msgids()) > 50  # the list is read from the installed Wagtail
    english = js_catalogue_english(response.content.decode())
    assert not english, f"{len(english)} chuỗi JavaScript tiếng Anh:\n" + "\n".join(sorted(english))
