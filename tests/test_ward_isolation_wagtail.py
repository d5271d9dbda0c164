"""Wards sealed in Wagtail's own screens.

Each probe logs in as a Hà Bắc person, asks a Wagtail screen about Hải An's pages,
images, documents and people, and asserts none of it shows; the same screen asked
by a Hải An person shows it, so every probe can fail.
"""

import io
import json
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry, Page, PageLogEntry
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.content_helpers import EMPTY_COMMENTS, add_url, edit_url, form_errors

HA_DRAFT = "Áp phích nháp riêng của Hải An"
HA_LIVE = "Khẩu hiệu riêng đã duyệt của Hải An"
HA_IMAGE = "Ảnh riêng của Hải An"
HA_DOC = "Tài liệu riêng của Hải An"
HB_IMAGE = "Ảnh của Hà Bắc"
HB_DOC = "Tài liệu của Hà Bắc"
HA_SITE = "phường Hải An"
HA_WORKFLOW = "Duyệt nội dung tuyên truyền — Hải An"
HA_TASK = "Lãnh đạo Hải An duyệt"
HA_PEOPLE = ("Nguyễn Thị", "Phạm Minh")  # bientap's and lanhdao's family names
IMAGE_ELSEWHERE = "Ảnh này thuộc thư viện của phường/xã khác"
PAGE_ELSEWHERE = "Trang được liên kết thuộc phường/xã khác"


def small_image(title: str, collection):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), (120, 160, 200)).save(buffer, format="PNG")
    image = get_image_model()(title=title, collection=collection)
    image.file = ImageFile(buffer, name="anh.png")
    image.save()
    return image


def text_of(response) -> str:
    """The response as a person would read it; modal (JSON) responses escape Vietnamese, so decode them."""
    body = response.content.decode()
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return body


@pytest.fixture
def wards(demo, ward_user, django_user_model):
    """Hải An with a live slogan, a draft poster in review and locked, an image and a document;
    Hà Bắc with its own campaign topic, image and document."""
    from campaigns.models import Campaign, CampaignStatus, Locality
    from cms.demo import topic_page_ensure
    from cms.models import PosterPage, SloganPage, WardHomePage
    from cms.wards import collection_ensure

    hai_an, ha_bac = Locality.objects.get(slug="hai-an"), Locality.objects.get(slug="ha-bac")
    bientap = django_user_model.objects.get(username="bientap")
    lanhdao = django_user_model.objects.get(username="lanhdao")
    ha_home = WardHomePage.objects.get(locality=hai_an)
    hb_home = WardHomePage.objects.get(locality=ha_bac)
    ha_topic = topic_page_ensure(ha_home, demo["campaign"])
    hb_campaign = Campaign.objects.create(ward=ha_bac, title="Kế hoạch tuyên truyền của Hà Bắc",
                                          status=CampaignStatus.ACTIVE)
    hb_topic = topic_page_ensure(hb_home, hb_campaign)

    ha_image = small_image(HA_IMAGE, collection_ensure(hai_an))
    hb_image = small_image(HB_IMAGE, collection_ensure(ha_bac))
    Document = get_document_model()
    ha_doc = Document.objects.create(title=HA_DOC, collection=collection_ensure(hai_an),
                                     file=ContentFile(b"noi bo", name="rieng.txt"))
    hb_doc = Document.objects.create(title=HB_DOC, collection=collection_ensure(ha_bac),
                                     file=ContentFile(b"cong khai", name="hb.txt"))

    slogan = SloganPage(title=HA_LIVE, slug="khau-hieu-rieng", text="Khẩu hiệu riêng của phường Hải An",
                        campaign=demo["campaign"], owner=lanhdao)
    ha_topic.add_child(instance=slogan)
    slogan.save_revision(user=lanhdao, log_action=True).publish(user=lanhdao)

    poster = PosterPage(title=HA_DRAFT, slug="ap-phich-rieng", image=ha_image, campaign=demo["campaign"],
                        owner=bientap, live=False, display_sites=["Nhà văn hóa"])
    ha_topic.add_child(instance=poster)
    poster.save_revision(user=bientap, log_action=True)
    poster.get_workflow().start(poster, bientap)
    Page.objects.filter(pk=poster.pk).update(locked=True, locked_by=lanhdao, locked_at=timezone.now())

    return SimpleNamespace(
        ha_home=ha_home, hb_home=hb_home, ha_topic=ha_topic, hb_topic=hb_topic, hb_campaign=hb_campaign,
        ha_image=ha_image, hb_image=hb_image, ha_doc=ha_doc, hb_doc=hb_doc, slogan=slogan,
        poster=PosterPage.objects.get(pk=poster.pk), bientap=bientap, lanhdao=lanhdao,
        ha_bac=lambda role="supervisor": ward_user("ha-bac", role),
    )


@pytest.fixture
def probe(wards):
    """``probe(url, markers)``: a Hà Bắc person reads none of ``markers`` there, a Hải An person reads all."""

    def _probe(url, markers, *, outsider="supervisor", insider="lanhdao", insider_markers=None):
        outside = Client()
        outside.force_login(wards.ha_bac(outsider))
        response = outside.get(url)
        assert response.status_code in (200, 302, 400, 403, 404), (url, response.status_code)
        seen = text_of(response) if response.status_code == 200 else ""
        leaked = [marker for marker in markers if marker in seen]
        assert not leaked, f"{url} shows {leaked} to a Hà Bắc {outsider}"

        inside = Client()
        inside.force_login(wards.lanhdao if insider == "lanhdao" else wards.bientap)
        response = inside.get(url)
        assert response.status_code == 200, (url, response.status_code)
        seen = text_of(response)
        missing = [marker for marker in (insider_markers or markers) if marker not in seen]
        assert not missing, f"{url} does not show {missing} to Hải An's {insider}: the probe proves nothing"
        return response

    return _probe


def escaped(text: str) -> str:
    """``text`` as it appears inside the JSON Wagtail's editor embeds in the page."""
    return json.dumps(text)[1:-1]


def assert_not_echoed(response, *titles):
    """A refused form is shown again without the other ward's item (its title, its preview)."""
    html = response.content.decode()
    shown = [title for title in titles if title in html or escaped(title) in html]
    assert not shown, f"the re-rendered form shows {shown}"


def stream_errors(response, field: str) -> str:
    error = response.context["form"].errors[field].as_data()[0]
    return " ".join(str(message) for message in error.non_block_errors)


def login_ha_bac(wards, role="editor") -> Client:
    client = Client()
    client.force_login(wards.ha_bac(role))
    return client


# 1. Page forms refuse another ward's images, documents and pages, on save


def poster_form(**fields):
    return {**EMPTY_COMMENTS, "slug": "", "title": "Áp phích Hà Bắc", "headline": "", "poster_format": "a3",
            "slogan": "", "display_sites": "Nhà văn hóa thôn", **fields}


def test_poster_form_refuses_an_image_of_another_ward(wards):
    from cms.models import PosterPage

    client = login_ha_bac(wards)
    response = client.post(add_url("posterpage", wards.hb_topic), poster_form(image=wards.ha_image.pk))
    assert response.status_code == 200
    assert IMAGE_ELSEWHERE in str(response.context["form"].errors.get("image"))
    assert_not_echoed(response, HA_IMAGE)
    assert not PosterPage.objects.filter(title="Áp phích Hà Bắc").exists()

    response = client.post(add_url("posterpage", wards.hb_topic), poster_form(image=wards.hb_image.pk))
    assert response.status_code == 302, form_errors(response)
    assert PosterPage.objects.get(title="Áp phích Hà Bắc").image == wards.hb_image


def test_editing_a_poster_to_another_wards_image_is_refused(wards):
    from cms.models import PosterPage

    client = login_ha_bac(wards)
    client.post(add_url("posterpage", wards.hb_topic), poster_form(image=wards.hb_image.pk))
    poster = PosterPage.objects.get(title="Áp phích Hà Bắc")
    response = client.post(edit_url(poster), poster_form(image=wards.ha_image.pk, slug=poster.slug))
    assert response.status_code == 200
    assert IMAGE_ELSEWHERE in str(response.context["form"].errors.get("image"))
    assert_not_echoed(response, HA_IMAGE)
    assert poster.get_latest_revision_as_object().image == wards.hb_image


def article_form(**fields):
    return {**EMPTY_COMMENTS, "slug": "", "title": "Tin bài Hà Bắc", "intro": "Sapo", "publish_date": "2026-11-20",
            "tags": "", "lead_image": "", **fields}


def test_article_lead_image_of_another_ward_is_refused(wards):
    from cms.models import ArticlePage

    body = nested_form_data({"body": streamfield([("paragraph", rich_text("<p>Nội dung</p>"))])})
    client = login_ha_bac(wards)
    response = client.post(add_url("articlepage", wards.hb_topic), article_form(lead_image=wards.ha_image.pk, **body))
    assert response.status_code == 200
    assert IMAGE_ELSEWHERE in str(response.context["form"].errors.get("lead_image"))
    assert_not_echoed(response, HA_IMAGE)
    response = client.post(add_url("articlepage", wards.hb_topic), article_form(lead_image=wards.hb_image.pk, **body))
    assert response.status_code == 302, form_errors(response)
    assert ArticlePage.objects.get(title="Tin bài Hà Bắc").lead_image == wards.hb_image


def test_image_block_in_an_article_body_of_another_ward_is_refused(wards):
    from cms.models import ArticlePage

    def body(image):
        return nested_form_data({"body": streamfield([
            ("paragraph", rich_text("<p>Nội dung</p>")),
            ("image", {"image": image.pk, "alt_text": "Ảnh minh họa", "decorative": ""}),
        ])})

    client = login_ha_bac(wards)
    response = client.post(add_url("articlepage", wards.hb_topic), article_form(**body(wards.ha_image)))
    assert response.status_code == 200
    assert IMAGE_ELSEWHERE in stream_errors(response, "body")
    assert escaped(IMAGE_ELSEWHERE) in response.content.decode()  # the editor shows it above the blocks
    assert_not_echoed(response, HA_IMAGE)
    response = client.post(add_url("articlepage", wards.hb_topic), article_form(**body(wards.hb_image)))
    assert response.status_code == 302, form_errors(response)
    assert ArticlePage.objects.get(title="Tin bài Hà Bắc").body[1].value.pk == wards.hb_image.pk


def test_rich_text_link_to_another_wards_page_is_refused(wards):
    def body(page):
        return nested_form_data({"body": streamfield([
            ("paragraph", rich_text(f'<p>Xem <a linktype="page" id="{page.pk}">bài này</a></p>')),
        ])})

    client = login_ha_bac(wards)
    response = client.post(add_url("articlepage", wards.hb_topic), article_form(**body(wards.slogan)))
    assert response.status_code == 200
    assert PAGE_ELSEWHERE in stream_errors(response, "body")
    assert_not_echoed(response, HA_LIVE, wards.slogan.slug)
    response = client.post(add_url("articlepage", wards.hb_topic), article_form(**body(wards.hb_topic)))
    assert response.status_code == 302, form_errors(response)


def test_social_post_image_of_another_ward_is_refused(wards):
    form = {**EMPTY_COMMENTS, "slug": "", "title": "Bài đăng Hà Bắc", "facebook_text": "Thông tin của xã",
            "zalo_text": "", "youtube_title": "", "youtube_text": "", "link": "", "video_url": ""}
    client = login_ha_bac(wards)
    response = client.post(add_url("socialpostpage", wards.hb_topic), {**form, "image": wards.ha_image.pk})
    assert response.status_code == 200
    assert IMAGE_ELSEWHERE in str(response.context["form"].errors.get("image"))
    assert_not_echoed(response, HA_IMAGE)
    response = client.post(add_url("socialpostpage", wards.hb_topic), {**form, "image": wards.hb_image.pk})
    assert response.status_code == 302, form_errors(response)


def test_documents_and_images_are_usable_only_from_the_users_collections(wards):
    from cms.references import refused_reference

    user = wards.ha_bac("editor")
    assert refused_reference(user, wards.ha_doc) and refused_reference(user, wards.ha_image)
    assert refused_reference(user, wards.hb_doc) is None and refused_reference(user, wards.hb_image) is None
    assert refused_reference(wards.bientap, wards.ha_doc) is None
    assert refused_reference(user, wards.slogan) and refused_reference(user, wards.hb_topic) is None


def test_pasting_another_wards_page_url_stays_an_external_link(wards):
    """Wagtail would turn the URL into a link to that page, showing its title; it stays an external link."""
    url = wards.slogan.get_full_url()
    response = login_ha_bac(wards).post("/admin/choose-external-link/", {
        "external-link-chooser-url": url, "external-link-chooser-link_text": "",
    })
    assert response.status_code == 200
    assert HA_LIVE not in text_of(response)
    assert response.json()["result"] == {"url": url, "title": url, "prefer_this_title_as_link_text": False}


# 2. Image and document choosers, listings and usage pages


@pytest.mark.parametrize("url", ["/admin/images/chooser/", "/admin/images/chooser/results/?q=Hải"])
def test_image_chooser_and_its_search_offer_only_own_collections(probe, url):
    probe(url, [HA_IMAGE], outsider="editor", insider="bientap")


@pytest.mark.parametrize("url", ["/admin/documents/chooser/", "/admin/documents/chooser/results/?q=Tài"])
def test_document_chooser_and_its_search_offer_only_own_collections(probe, url):
    probe(url, [HA_DOC], outsider="editor", insider="bientap")


def test_choosing_another_wards_image_or_document_by_id_is_refused(probe, wards):
    probe(f"/admin/images/chooser/chosen/{wards.ha_image.pk}/", [HA_IMAGE], outsider="editor", insider="bientap")
    probe(f"/admin/documents/chooser/chosen/{wards.ha_doc.pk}/", [HA_DOC], outsider="editor", insider="bientap")


@pytest.mark.parametrize("url", ["/admin/images/", "/admin/images/results/?q=Hải", "/admin/documents/",
                                 "/admin/documents/results/?q=Tài"])
def test_media_listings_show_only_own_collections(probe, url):
    probe(url, [HA_IMAGE if "images" in url else HA_DOC], outsider="editor", insider="bientap")


HA_TAG = "thẻ-riêng-hải-an"


@pytest.fixture
def tagged(wards):
    """Hải An's image and document carry a tag; Hà Bắc's image carries its own."""
    wards.ha_image.tags.add(HA_TAG)
    wards.ha_doc.tags.add(HA_TAG)
    wards.hb_image.tags.add("thẻ-hà-bắc")
    return wards


@pytest.mark.parametrize("url", ["/admin/images/", "/admin/documents/", "/admin/images/chooser/",
                                 "/admin/tag-autocomplete/?term=thẻ",
                                 "/admin/tag-autocomplete/taggit/tag/?term=thẻ"])
def test_tag_names_of_another_ward_are_never_offered(probe, tagged, url):
    probe(url, [HA_TAG], outsider="editor", insider="bientap")


def test_own_tags_are_still_offered_and_filter_the_listing(tagged):
    client = Client()
    client.force_login(tagged.ha_bac("editor"))
    assert client.get("/admin/tag-autocomplete/?term=thẻ").json() == ["thẻ-hà-bắc"]
    listing = client.get("/admin/images/", {"tag": "thẻ-hà-bắc"})
    assert HB_IMAGE in listing.content.decode()


def test_media_usage_pages_of_another_ward_are_refused(probe, wards):
    probe(f"/admin/images/usage/{wards.ha_image.pk}/", [HA_DRAFT], outsider="supervisor")
    probe(f"/admin/documents/usage/{wards.ha_doc.pk}/", [HA_DOC], outsider="supervisor")


def test_usage_of_an_own_image_does_not_name_another_wards_page(wards, django_user_model):
    """A Hải An page that uses a Hà Bắc image (put there before the seal) is not named on Hà Bắc's usage page."""
    from wagtail.models import ReferenceIndex

    from cms.models import PosterPage

    PosterPage.objects.filter(pk=wards.poster.pk).update(image=wards.hb_image)
    ReferenceIndex.create_or_update_for_object(PosterPage.objects.get(pk=wards.poster.pk))
    url = f"/admin/images/usage/{wards.hb_image.pk}/"
    response = login_ha_bac(wards, "supervisor").get(url)
    assert response.status_code == 200
    assert HA_DRAFT not in text_of(response)
    admin = Client()
    admin.force_login(django_user_model.objects.get(username="admin"))
    assert HA_DRAFT in text_of(admin.get(url))


# 3. The admin API


@pytest.mark.parametrize("kind", ["images", "documents"])
def test_admin_api_lists_only_own_media(probe, wards, kind):
    marker, obj = (HA_IMAGE, wards.ha_image) if kind == "images" else (HA_DOC, wards.ha_doc)
    probe(f"/admin/api/main/{kind}/", [marker], outsider="editor", insider="bientap")
    probe(f"/admin/api/main/{kind}/?search=Hải", [marker], outsider="editor", insider="bientap")
    probe(f"/admin/api/main/{kind}/{obj.pk}/", [marker], outsider="editor", insider="bientap")
    outside = login_ha_bac(wards)
    assert outside.get(f"/admin/api/main/{kind}/{obj.pk}/").status_code == 404


def test_admin_api_pages_are_only_own_wards(probe, wards):
    probe("/admin/api/main/pages/", [HA_DRAFT, HA_LIVE], insider_markers=[HA_LIVE])
    probe(f"/admin/api/main/pages/{wards.poster.pk}/", [HA_DRAFT])
    probe(f"/admin/api/main/pages/?child_of={wards.ha_topic.pk}&for_explorer=1", [HA_LIVE])
    assert login_ha_bac(wards).get(f"/admin/api/main/pages/{wards.poster.pk}/").status_code == 404


# 4. Pages: chooser, explorer, search, reports, bulk actions, workflow, dashboard


def test_page_chooser_lists_only_own_ward_at_the_root(probe, wards):
    probe("/admin/choose-page/", ["Hải An"])
    assert "Hà Bắc" in text_of(login_ha_bac(wards).get("/admin/choose-page/"))


def test_page_chooser_does_not_browse_into_another_ward(probe, wards):
    probe(f"/admin/choose-page/{wards.ha_topic.pk}/", [HA_LIVE, HA_DRAFT])
    probe(f"/admin/choose-page/{wards.ha_home.pk}/", ["Hải An"])


def test_page_chooser_by_type_opens_in_own_ward(probe):
    probe("/admin/choose-page/?page_type=cms.sloganpage", [HA_LIVE, "Hải An"], insider_markers=[HA_LIVE])


def test_page_chooser_search(probe):
    probe("/admin/choose-page/search/?q=riêng", [HA_LIVE, HA_DRAFT])


def test_explorer_filters_name_only_own_wards_people_and_sites(probe, wards):
    outside = login_ha_bac(wards)
    response = outside.get(f"/admin/pages/{wards.hb_home.pk}/")
    assert response.status_code == 200
    leaked = [marker for marker in (*HA_PEOPLE, HA_SITE) if marker in text_of(response)]
    assert not leaked
    probe(f"/admin/pages/{wards.ha_topic.pk}/", [*HA_PEOPLE, HA_SITE, HA_DRAFT])


def test_explorer_search_stays_in_own_ward(probe, wards):
    probe(f"/admin/pages/{wards.ha_home.pk}/?q=riêng&search_all=1", [HA_LIVE, HA_DRAFT])
    outside = login_ha_bac(wards)
    response = outside.get(f"/admin/pages/{wards.hb_home.pk}/results/?q=riêng&search_all=1")
    assert HA_LIVE not in text_of(response) and HA_DRAFT not in text_of(response)


def test_page_search(probe):
    probe("/admin/pages/search/?q=riêng", [HA_LIVE, HA_DRAFT])
    probe("/admin/pages/search/results/?q=riêng", [HA_LIVE, HA_DRAFT])


def test_page_types_usage_report(probe):
    probe("/admin/reports/page-types-usage/", [HA_LIVE, HA_DRAFT, HA_SITE], insider_markers=[HA_DRAFT])


def test_page_type_use_listing(probe):
    probe("/admin/pages/usage/cms/posterpage/", [HA_DRAFT, HA_SITE, *HA_PEOPLE],
          insider_markers=[HA_DRAFT, HA_SITE, HA_PEOPLE[0]])


def test_site_history_report(probe, wards):
    from campaigns.models import Campaign

    campaign = Campaign.objects.get(pk=wards.poster.campaign_id)
    ModelLogEntry.objects.log_action(campaign, "wagtail.edit", user=wards.lanhdao)
    ModelLogEntry.objects.log_action(wards.hb_campaign, "wagtail.edit", user=wards.ha_bac("supervisor"))
    assert PageLogEntry.objects.filter(page=wards.poster).exists()
    probe("/admin/reports/site-history/", [HA_DRAFT, HA_LIVE, str(campaign)[:40], *HA_PEOPLE])
    outside = login_ha_bac(wards)
    assert "Kế hoạch tuyên truyền của Hà Bắc" in text_of(outside.get("/admin/reports/site-history/"))


@pytest.mark.parametrize("report", ["workflow", "workflow_tasks"])
def test_workflow_reports(probe, report):
    probe(f"/admin/reports/{report}/", [HA_DRAFT, HA_WORKFLOW, HA_TASK, "bientap"],
          insider_markers=[HA_DRAFT, HA_WORKFLOW, HA_TASK])


def test_locked_pages_report(probe):
    probe("/admin/reports/locked/", [HA_DRAFT, "lanhdao"])


def test_aging_pages_report(probe):
    probe("/admin/reports/aging-pages/", [HA_LIVE, "lanhdao"])


def test_page_history_of_another_wards_page(probe, wards):
    probe(f"/admin/pages/{wards.poster.pk}/history/", [HA_DRAFT, *HA_PEOPLE], insider_markers=[HA_DRAFT])


@pytest.mark.parametrize(("model", "action", "target"), [
    ("wagtailcore/page", "publish", "poster"), ("wagtailcore/page", "unpublish", "slogan"),
    ("wagtailcore/page", "delete", "poster"), ("wagtailcore/page", "move", "poster"),
    ("wagtailimages/image", "delete", "ha_image"), ("wagtailimages/image", "add_tags", "ha_image"),
    ("wagtailimages/image", "add_to_collection", "ha_image"), ("wagtaildocs/document", "delete", "ha_doc"),
])
def test_bulk_action_confirm_pages(probe, wards, model, action, target):
    obj = getattr(wards, target)
    marker = obj.title
    probe(f"/admin/bulk/{model}/{action}/?id={obj.pk}", [marker])


def test_bulk_action_on_all_children_of_another_wards_page(probe, wards):
    probe(f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={wards.ha_topic.pk}", [HA_LIVE, HA_DRAFT])
    probe(f"/admin/bulk/wagtailcore/page/delete/?id=all&childOf={wards.ha_topic.pk}&q=riêng", [HA_LIVE, HA_DRAFT])


def test_workflow_cancel_confirmation(probe, wards):
    probe(f"/admin/pages/workflow/confirm_cancellation/{wards.poster.pk}/", [HA_WORKFLOW, HA_TASK])


def test_dashboard_panels_show_only_own_ward(wards):
    """A person moved from Hải An to Hà Bắc keeps Hải An's log entries, locks and requests; the dashboard
    of their new ward does not show them."""
    moved = wards.bientap
    moved.groups.set(wards.ha_bac("supervisor").groups.all())
    Page.objects.filter(pk=wards.poster.pk).update(locked_by=moved)
    client = Client()
    client.force_login(moved)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert HA_DRAFT not in text_of(response)

    inside = Client()
    inside.force_login(wards.lanhdao)
    assert HA_DRAFT in text_of(inside.get(reverse("wagtailadmin_home")))  # awaiting lanhdao's review


def test_forms_listing_filters_name_only_own_ward(probe):
    probe("/admin/forms/", [HA_SITE, *HA_PEOPLE], insider_markers=[HA_SITE])


# 5. Moving pages, the chooser's chosen pages, external links, workflow tasks

MOVE_ELSEWHERE = "Trang đích thuộc phường/xã khác"


def test_move_confirmation_of_another_wards_page(probe, wards):
    probe(f"/admin/pages/{wards.slogan.pk}/move/{wards.ha_topic.pk}/confirm/", [HA_LIVE])


def test_moving_an_own_page_into_another_ward_is_refused(wards):
    client = login_ha_bac(wards, "supervisor")
    own = f"/admin/pages/{wards.hb_topic.pk}/move/{wards.hb_home.pk}/confirm/"
    assert client.get(own).status_code == 200  # the screen still works inside the ward
    url = f"/admin/pages/{wards.hb_topic.pk}/move/{wards.slogan.pk}/confirm/"
    response = client.get(url)
    assert response.status_code == 404 and HA_LIVE not in text_of(response)
    assert client.post(url).status_code == 404
    assert Page.objects.get(pk=wards.hb_topic.pk).get_parent().pk == wards.hb_home.pk


def test_move_form_refuses_a_destination_in_another_ward(wards):
    client = login_ha_bac(wards, "supervisor")
    url = f"/admin/pages/{wards.hb_topic.pk}/move/"
    response = client.post(url, {"new_parent_page": wards.ha_home.pk})
    assert response.status_code == 200
    assert MOVE_ELSEWHERE in text_of(response)
    assert "Hải An" not in text_of(response)  # the refused destination is not shown back
    response = client.post(url, {"new_parent_page": wards.hb_home.pk})
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{wards.hb_topic.pk}/move/{wards.hb_home.pk}/confirm/"


def test_move_screens_of_another_wards_page_are_refused(probe, wards):
    probe(f"/admin/pages/{wards.slogan.pk}/move/", [HA_LIVE])
    probe(f"/admin/choose-page/?user_perms=move_to&page_to_move={wards.slogan.pk}", ["Hải An"])
    probe(f"/admin/choose-page/{wards.ha_topic.pk}/?user_perms=move_to&page_to_move={wards.slogan.pk}",
          [HA_LIVE, HA_DRAFT])


def test_chosen_pages_are_only_own_wards(probe, wards):
    url = "/admin/choose-page/chosen-multiple/"
    probe(f"{url}?id={wards.slogan.pk}&id={wards.poster.pk}", [HA_LIVE, HA_DRAFT])
    response = login_ha_bac(wards).get(f"{url}?id={wards.slogan.pk}&id={wards.hb_topic.pk}")
    assert [page["id"] for page in response.json()["result"]] == [wards.hb_topic.pk]
    assert login_ha_bac(wards).get(f"{url}?id=abc").status_code == 404


def test_the_tree_root_is_never_a_chosen_page(wards, django_user_model):
    admin = Client()
    admin.force_login(django_user_model.objects.get(username="admin"))
    response = admin.get(f"/admin/choose-page/chosen-multiple/?id={Page.get_first_root_node().pk}&id={wards.slogan.pk}")
    assert response.status_code == 200  # the root has no parent: Wagtail's view was a 500
    assert [page["id"] for page in response.json()["result"]] == [wards.slogan.pk]


def test_external_link_without_a_url_is_a_form_error(wards):
    response = login_ha_bac(wards).post("/admin/choose-external-link/", {"external-link-chooser-link_text": "x"})
    assert response.status_code == 200
    assert response.json()["step"] == "external_link"
    assert "Trường này là bắt buộc" in text_of(response)


@pytest.mark.parametrize("url", ["/admin/workflows/task_chooser/", "/admin/workflows/task_chooser/results/",
                                 "/admin/workflows/task_chooser/results/?q=duyệt"])
def test_task_chooser_offers_only_own_wards_tasks(probe, wards, url):
    probe(url, [HA_TASK])
    assert "Lãnh đạo Hà Bắc duyệt" in text_of(login_ha_bac(wards, "supervisor").get(url))


def test_choosing_another_wards_task_by_id_is_refused(probe, wards):
    from wagtail.models import Task

    task = Task.objects.get(name=HA_TASK)
    probe(f"/admin/workflows/task_chooser/{task.pk}/", [HA_TASK])
    assert login_ha_bac(wards).get(f"/admin/workflows/task_chooser/{task.pk}/").status_code == 404


def test_workflow_and_task_ownership(wards, django_user_model):
    from wagtail.models import Task, Workflow

    from cms.page_access import owned_tasks, owned_workflows

    outsider = wards.ha_bac("editor")
    assert [w.name for w in owned_workflows(Workflow.objects.all(), outsider)] == [
        "Duyệt nội dung tuyên truyền — Hà Bắc"]
    assert [t.name for t in owned_tasks(Task.objects.all(), outsider)] == ["Lãnh đạo Hà Bắc duyệt"]
    assert [t.name for t in owned_tasks(Task.objects.all(), wards.bientap)] == [HA_TASK]
    admin = django_user_model.objects.get(username="admin")
    assert owned_tasks(Task.objects.all(), admin).count() == Task.objects.count() >= 2


@pytest.mark.parametrize("url", ["/admin/workflows/list/", "/admin/workflows/tasks/index/"])
def test_workflow_management_is_closed_to_ward_people(wards, url):
    for role in ("supervisor", "editor"):
        response = login_ha_bac(wards, role).get(url)
        assert response.status_code in (302, 403) and HA_TASK not in text_of(response)


# The screens above stay sealed only while they are the ones Wagtail routes to


SEALED_URLS = {
    "wagtailadmin_choose_page": [],
    "wagtailadmin_choose_page_child": [1],
    "wagtail_bulk_action": ["wagtailcore", "page", "delete"],
    "wagtailforms:index": [],
    "wagtailforms:index_results": [],
    "wagtailadmin_choose_page_chosen_multiple": [],
    "wagtailadmin_choose_page_external_link": [],
    "wagtailadmin_workflows:task_chooser": [],
    "wagtailadmin_workflows:task_chooser_results": [],
    "wagtailadmin_workflows:task_chosen": [1],
    **{f"wagtailadmin_reports:{name}{suffix}": [] for name in (
        "locked_pages", "workflow", "workflow_tasks", "site_history", "aging_pages", "page_types_usage",
    ) for suffix in ("", "_results")},
}


@pytest.mark.parametrize("name", SEALED_URLS)
def test_wagtails_url_leads_to_the_sealed_view(name):
    from django.urls import resolve

    from cms.sealed import pages, reports, workflows

    match = resolve(reverse(name, args=SEALED_URLS[name]))
    view = getattr(match.func, "view_class", match.func)
    sealed = (pages.__name__, reports.__name__, workflows.__name__)
    assert view.__module__ in sealed, f"{name} is served by {view.__module__}"


def test_page_views_come_from_the_sealed_viewset(wards):
    from wagtail.admin.viewsets.pages import page_viewset_registry

    from cms.models import PosterPage
    from cms.sealed.pages import WardPageViewSet

    assert isinstance(page_viewset_registry.get_by_type(PosterPage), WardPageViewSet)
    assert isinstance(page_viewset_registry.get_by_parent_page_id(wards.ha_topic.pk), WardPageViewSet)


@pytest.mark.parametrize("url", ["/admin/choose-page/", "/admin/reports/site-history/", "/admin/forms/",
                                 "/admin/bulk/wagtailcore/page/delete/?id=1"])
def test_sealed_screens_still_need_a_login(client, wards, url):
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.mark.parametrize("url", ["/admin/choose-page/?page_type=khong.co", "/admin/bulk/khong/co/delete/?id=1",
                                 "/admin/bulk/wagtailcore/page/delete/?id=abc", "/admin/choose-page/999999/"])
def test_odd_ids_are_not_found(wards, url):
    assert login_ha_bac(wards).get(url).status_code == 404


def test_a_superuser_still_sees_every_ward(wards, django_user_model):
    admin = Client()
    admin.force_login(django_user_model.objects.get(username="admin"))
    found = text_of(admin.get("/admin/choose-page/search/?q=riêng"))
    assert HA_LIVE in found and HA_DRAFT in found
    root = text_of(admin.get("/admin/choose-page/"))
    assert "Hà Bắc" in root and "Hải An" in root
    for report in ("locked", "workflow", "workflow_tasks", "site-history", "aging-pages", "page-types-usage"):
        assert admin.get(f"/admin/reports/{report}/").status_code == 200, report
    assert HA_IMAGE in text_of(admin.get("/admin/api/main/images/"))
