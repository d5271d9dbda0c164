"""Bad content input gets a clear Vietnamese error, nothing half-saved, and nothing unescaped."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from PIL import Image
from wagtail.images import get_image_model

from cms.models import LoudspeakerScriptPage, SloganPage, SocialPostPage
from tests.content_helpers import add_url, form_errors, hai_an_topic, page_form


@pytest.fixture
def topic(portal_demo):
    return hai_an_topic()


def png_bytes(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload_image(client, data: bytes, name: str):
    return client.post(reverse("wagtailimages:add"), {
        "title": name, "file": SimpleUploadedFile(name, data, content_type="image/png"),
    })


def test_editor_uploads_an_image_into_the_wards_collection(topic, login):
    response = upload_image(login("bientap"), png_bytes(800, 600), "anh-hop.png")
    assert response.status_code == 302
    assert get_image_model().objects.get(title="anh-hop.png").collection.name == "Hải An"


def test_image_over_the_pixel_limit_is_refused(topic, login, settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    response = upload_image(login("bientap"), png_bytes(8000, 6000), "qua-lon.png")  # 48 MP
    assert response.status_code == 200
    assert "Ảnh có quá nhiều điểm ảnh (48000000). Tối đa 40000000 điểm ảnh." in str(response.context["form"].errors)
    assert not get_image_model().objects.filter(title="qua-lon.png").exists()


@override_settings(WAGTAILIMAGES_MAX_IMAGE_PIXELS=40_000_000)
def test_decompression_bomb_is_refused_without_decoding(topic, login):
    bomb = png_bytes(30000, 30000)  # 900 MP of zeros, a few hundred kB compressed
    assert len(bomb) < 2_000_000
    response = upload_image(login("bientap"), bomb, "bom.png")
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not get_image_model().objects.filter(title="bom.png").exists()


def test_non_image_renamed_jpg_is_refused(topic, login):
    response = login("bientap").post(reverse("wagtailimages:add"), {
        "title": "gia.jpg", "file": SimpleUploadedFile("gia.jpg", b"%PDF-1.4 not an image", content_type="image/jpeg"),
    })
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not get_image_model().objects.filter(title="gia.jpg").exists()


def test_script_with_only_spaces_is_refused_in_vietnamese(topic, login):
    response = login("bientap").post(add_url("loudspeakerscriptpage", topic), page_form(
        title="Bài trống", text="   \n\t  ", priority="normal"))
    assert response.status_code == 200
    assert "không được để trống" in form_errors(response) or "bắt buộc" in form_errors(response)
    assert not LoudspeakerScriptPage.objects.filter(title="Bài trống").exists()


def test_over_long_zalo_post_is_refused_with_the_limit(topic, login):
    response = login("bientap").post(add_url("socialpostpage", topic), page_form(
        title="Bài Zalo dài", zalo_text="Nhà ở xã hội. " * 200))
    assert response.status_code == 200
    errors = form_errors(response)
    assert "Bài Zalo" in errors and "2.000" in errors
    assert not SocialPostPage.objects.filter(title="Bài Zalo dài").exists()


def test_slogan_too_short_is_refused(topic, login):
    response = login("bientap").post(add_url("sloganpage", topic), page_form(title="Ngắn", text="  Ô  "))
    assert "quá ngắn" in form_errors(response)


def test_html_in_text_fields_is_escaped_on_the_portal_and_in_previews(topic, login, client):
    evil = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
    response = login("lanhdao").post(add_url("sloganpage", topic), page_form(
        title=f"Khẩu hiệu {evil}", text=f"Cảnh giác {evil}", **{"action-publish": "1"}))
    assert response.status_code == 302, form_errors(response)
    slogan = SloganPage.objects.get(title__startswith="Khẩu hiệu <script>")
    assert slogan.live
    client.logout()
    for html in (client.get(slogan.url).content.decode(), client.get(topic.url).content.decode(),
                 slogan.make_preview_request().content.decode()):
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;SCRIPT&gt;" in html or "&lt;script&gt;" in html
