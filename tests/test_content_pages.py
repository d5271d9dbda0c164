"""Content page types: creation rules, slugs, campaign binding, airtime, previews and renditions."""

import io

import pytest
from pypdf import PdfReader
from wagtail.models import Page

from cms.airtime import airtime_seconds, count_syllables, format_duration
from cms.models import (
    ArticlePage,
    CampaignTopicPage,
    LoudspeakerScriptPage,
    MessagePage,
    PosterPage,
    SloganPage,
    SocialPostPage,
    WardHomePage,
)
from tests.content_helpers import add_url, form_errors, hai_an_topic, page_form

CONTENT_TYPES = [MessagePage, SloganPage, PosterPage, ArticlePage, LoudspeakerScriptPage, SocialPostPage]


@pytest.mark.parametrize("model", CONTENT_TYPES)
def test_content_lives_only_under_a_campaign_topic(model):
    assert model.allowed_parent_page_models() == [CampaignTopicPage]
    assert model.allowed_subpage_models() == []


def test_topic_lives_under_ward_home_and_home_under_root():
    assert CampaignTopicPage.allowed_parent_page_models() == [WardHomePage]
    assert WardHomePage.allowed_parent_page_models() == [Page]


def test_each_ward_has_a_live_home_site_collection_and_workflow(demo):
    from wagtail.models import Collection, Site

    for slug in ("hai-an", "ha-bac"):
        home = WardHomePage.objects.get(locality__slug=slug)
        assert home.live
        assert Site.objects.get(root_page=home).hostname == f"{slug}.localhost"
        assert Collection.objects.filter(name=home.locality.name).exists()
        assert home.get_workflow().name == f"Duyệt nội dung tuyên truyền — {home.locality.name}"


def test_demo_has_every_piece_type_in_every_state(portal_demo):
    topic = hai_an_topic()
    assert topic.live
    for model in CONTENT_TYPES:
        pieces = model.objects.child_of(topic)
        assert pieces.filter(live=True).exists(), model
    states = {(page.live, page.workflow_in_progress) for page in Page.objects.child_of(topic).specific()}
    assert {(True, False), (False, True), (False, False)} <= states
    assert SloganPage.objects.child_of(topic).count() >= 5
    assert PosterPage.objects.child_of(topic).count() >= 2
    assert LoudspeakerScriptPage.objects.child_of(topic).count() >= 3


def test_editor_creates_a_slogan_with_a_vietnamese_slug_and_the_topics_campaign(demo, login, portal_topic):
    response = login("bientap").post(add_url("sloganpage", portal_topic), page_form(
        title="Nhà ở xã hội", text="  Nhà ở   xã hội cho  người lao động  ", display_sites="Trụ sở phường",
    ))
    assert response.status_code == 302, form_errors(response)
    slogan = SloganPage.objects.get(title="Nhà ở xã hội")
    assert slogan.slug == "nha-o-xa-hoi"
    assert slogan.campaign == portal_topic.campaign
    assert slogan.text == "Nhà ở xã hội cho người lao động"
    assert slogan.banner_text == "NHÀ Ở XÃ HỘI CHO NGƯỜI LAO ĐỘNG"
    assert not slogan.live


def test_same_title_twice_gets_a_unique_slug_under_the_same_parent(demo, login, portal_topic):
    client = login("bientap")
    for _ in range(2):
        response = client.post(add_url("sloganpage", portal_topic), page_form(title="Nhà ở xã hội",
                                                                              text="Nhà ở xã hội"))
        assert response.status_code == 302, form_errors(response)
    assert sorted(SloganPage.objects.values_list("slug", flat=True)) == ["nha-o-xa-hoi", "nha-o-xa-hoi-2"]


@pytest.fixture
def portal_topic(demo):
    from cms.demo import topic_page_ensure

    home = WardHomePage.objects.get(locality__slug="hai-an")
    return topic_page_ensure(home, demo["campaign"])


def test_script_airtime_is_computed_from_syllables_on_save(portal_topic):
    text = "Kính thưa bà con nhân dân. Thành phố hoàn thành 32.900 căn nhà ở xã hội."
    script = LoudspeakerScriptPage(title="Bài phát thanh", slug="bai", text=text, campaign=portal_topic.campaign)
    portal_topic.add_child(instance=script)
    assert script.syllables == count_syllables(text) == 21  # "32.900" is read as six syllables
    assert script.airtime_seconds == airtime_seconds(text) == 7
    assert script.airtime_for(120) == 11


@pytest.mark.parametrize(
    ("text", "syllables"),
    [("Nhà ở xã hội", 4), ("32.900 căn", 7), ("UBND phường", 5), ("năm 2026", 8), ("50% số hộ", 6), ("", 0)],
)
def test_syllable_count_reads_numbers_and_abbreviations_aloud(text, syllables):
    assert count_syllables(text) == syllables


def test_duration_is_written_in_vietnamese():
    assert format_duration(125) == "2 phút 05 giây"
    assert format_duration(45) == "45 giây"
    assert format_duration(120) == "2 phút"


def test_airtime_endpoint_answers_the_editor_live(demo, login):
    response = login("bientap").post("/admin/loa/airtime/", {"text": "Kính thưa bà con " * 45})
    data = response.json()
    assert data["syllables"] == 180
    assert data["seconds"] == 60
    assert "1 phút" in data["summary"]


@pytest.mark.parametrize("mode", ["a4", "pano_2x4", "facebook", "zalo", "youtube_thumbnail"])
def test_poster_preview_shows_each_format(portal_demo, mode):
    poster = PosterPage.objects.live().first()
    response = poster.make_preview_request(preview_mode=mode)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data:image/png;base64," in html
    assert poster.preview_modes[0] == ("", "Trang")


def test_script_preview_as_roster(portal_demo):
    script = LoudspeakerScriptPage.objects.live().first()
    response = script.make_preview_request(preview_mode="roster")
    html = response.content.decode()
    assert "Lịch phát thanh" in html and script.title in html and script.airtime_display in html


@pytest.mark.parametrize("channel", ["facebook", "zalo"])
def test_social_preview_card_per_channel(portal_demo, channel):
    post = SocialPostPage.objects.live().first()
    html = post.make_preview_request(preview_mode=channel).content.decode()
    assert f"social-{channel}" in html
    assert post.draft_for(channel).text[:40] in html


def test_poster_downloads_png_at_150_dpi_and_pdf_at_physical_size(portal_demo, client):
    poster = PosterPage.objects.live().get(poster_format="a3")
    png = client.get(f"/ap-phich/{poster.pk}/a4.png")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    from PIL import Image

    image = Image.open(io.BytesIO(b"".join(png.streaming_content)))
    assert image.size == (1240, 1754)
    pdf = client.get(f"/ap-phich/{poster.pk}/a4.pdf")
    page = PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages[0]
    assert abs(float(page.mediabox.width) - 595.3) < 1.5 and abs(float(page.mediabox.height) - 841.9) < 1.5


def test_social_format_download_is_cropped_to_exact_size_and_has_no_pdf(portal_demo, client):
    poster = PosterPage.objects.live().first()
    png = client.get(f"/ap-phich/{poster.pk}/facebook.png")
    from PIL import Image

    assert Image.open(io.BytesIO(b"".join(png.streaming_content))).size == (1200, 630)
    assert client.get(f"/ap-phich/{poster.pk}/facebook.pdf").status_code == 404
    assert client.get(f"/ap-phich/{poster.pk}/khong-co.png").status_code == 404


def test_draft_poster_is_not_downloadable(portal_demo, client):
    poster = PosterPage.objects.live().first()
    poster.unpublish()
    assert client.get(f"/ap-phich/{poster.pk}/a4.png").status_code == 404
