"""Uploaded files are not public by URL: images (originals and renditions), documents and poster files are
served only through views that check the rule of cms/files.py (docs/files-and-logins.md):
public when a live, public page uses them; otherwise only to signed-in people of the file's ward."""

import importlib
import io

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.urls import resolve
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from cms.models import ArticlePage, PosterPage

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def hai_an_collection(demo):
    return Collection.objects.get(name="Hải An")


@pytest.fixture
def image(hai_an_collection):
    from django.core.cache import cache

    cache.clear()  # Wagtail caches renditions by image id, and ids come back after a rollback
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 90), (200, 40, 40)).save(buffer, "PNG")
    picture = get_image_model()(title="Ảnh nháp", collection=hai_an_collection)
    picture.file = ImageFile(buffer, name="anh-nhap.png")
    picture.save()
    return picture


@pytest.fixture
def document(hai_an_collection):
    doc = get_document_model()(title="Kế hoạch nội bộ", collection=hai_an_collection)
    doc.file.save("ke-hoach-noi-bo.pdf", ContentFile(PDF), save=False)
    doc.save()
    return doc


@pytest.fixture
def draft_article(demo):
    """A never-published article of Hải An using the given files."""
    from cms.demo import topic_page_ensure
    from cms.models import WardHomePage

    topic = topic_page_ensure(WardHomePage.objects.get(locality__slug="hai-an"), demo["campaign"])

    def _draft(**fields) -> ArticlePage:
        page = ArticlePage(campaign=topic.campaign, title="Tin nháp", slug="tin-nhap", intro="Sapo.", live=False,
                           body=[("paragraph", "<p>Nội dung.</p>")], **fields)
        topic.add_child(instance=page)
        page.save_revision()
        return page

    return _draft


@pytest.fixture
def users(ward_user):
    return {"hai_an": ward_user("hai-an", "editor"), "ha_bac": ward_user("ha-bac", "editor")}


# --- where files are and which URL serves them -----------------------------------------------------


def test_media_url_is_the_checking_view_not_a_public_folder():
    assert settings.MEDIA_URL != "/media/"
    assert resolve(settings.MEDIA_URL + "original_images/x.png").url_name == "media_file"
    assert settings.WAGTAILDOCS_SERVE_METHOD == "serve_view"


def test_debug_urls_do_not_serve_the_upload_folder(settings):
    """In DEBUG, cms/urls.py adds static files; MEDIA_ROOT (every upload) must never be served as is."""
    import cms.urls

    settings.DEBUG = True
    try:
        debug_urls = importlib.reload(cms.urls)
        for pattern in debug_urls.urlpatterns:
            document_root = getattr(pattern, "default_args", {}).get("document_root")
            assert document_root is None or str(document_root) != str(settings.MEDIA_ROOT), pattern
        assert resolve(settings.MEDIA_URL + "original_images/x.png").url_name == "media_file"
    finally:
        settings.DEBUG = False
        importlib.reload(cms.urls)


# --- images -------------------------------------------------------------------------------------------------


def test_draft_only_image_is_not_served_to_the_public(image, draft_article, client):
    draft_article(lead_image=image)
    rendition = image.get_rendition("fill-60x40")
    for url in (image.file.url, rendition.url, "/media/" + image.file.name, "/media/" + rendition.file.name):
        assert client.get(url).status_code == 404, url


def test_draft_only_image_is_served_to_its_ward_not_to_another(image, draft_article, users, client):
    draft_article(lead_image=image)
    rendition = image.get_rendition("fill-60x40")
    client.force_login(users["ha_bac"])
    assert client.get(rendition.url).status_code == 404
    assert client.get(image.file.url).status_code == 404
    client.force_login(users["hai_an"])
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert PILImage.open(io.BytesIO(body(response))).size == (60, 40)
    assert "private" in response["Cache-Control"]
    assert client.get(image.file.url).status_code == 200


def test_image_of_a_live_page_is_public_until_the_page_is_unpublished(image, published_piece, client):
    poster = published_piece(PosterPage, title="Áp phích", image=image)
    rendition = image.get_rendition("max-100x100")
    response = client.get(rendition.url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    poster.unpublish()
    assert client.get(rendition.url).status_code == 404


def test_unknown_file_names_are_404(client, db):
    for name in ("images/khong-co.png", "../cms/settings/base.py", "original_images/../../manage.py"):
        assert client.get(settings.MEDIA_URL + name).status_code == 404, name


# --- documents ---------------------------------------------------------------------------------------------


def test_document_url_is_wagtails_serve_view(document):
    assert document.url == f"/documents/{document.pk}/{document.filename}"


def test_unused_document_is_private_to_its_ward(document, users, client):
    assert client.get(document.url).status_code == 404
    assert client.get(document.file.url).status_code == 404
    assert client.get("/media/" + document.file.name).status_code == 404
    client.force_login(users["ha_bac"])
    assert client.get(document.url).status_code == 404
    client.force_login(users["hai_an"])
    response = client.get(document.url)
    assert response.status_code == 200
    assert body(response) == PDF
    assert client.get(document.file.url).status_code == 404  # only through the serve view


def test_document_linked_from_a_live_page_is_public_until_unpublished(document, published_piece, client):
    link = f'<p><a linktype="document" id="{document.pk}">Tải kế hoạch</a></p>'
    article = published_piece(ArticlePage, title="Tin có tệp", intro="Sapo.", body=[("paragraph", link)])
    assert client.get(document.url).status_code == 200
    article.unpublish()
    assert client.get(document.url).status_code == 404


# --- posters ---------------------------------------------------------------------------------------------------


def test_poster_files_are_not_under_a_public_url_and_go_when_unpublished(image, published_piece, client):
    poster = published_piece(PosterPage, title="Áp phích", image=image)
    assert client.get(f"/ap-phich/{poster.pk}/facebook.png").status_code == 200
    names = default_storage.listdir(f"posters/{poster.pk}/{poster.live_revision_id}")[1]
    assert names
    stored = f"posters/{poster.pk}/{poster.live_revision_id}/{names[0]}"
    assert client.get(settings.MEDIA_URL + stored).status_code == 404
    assert client.get("/media/" + stored).status_code == 404
    poster.unpublish()
    assert client.get(f"/ap-phich/{poster.pk}/facebook.png").status_code == 404
    assert not default_storage.exists(stored)


def test_republishing_a_poster_drops_the_files_of_the_old_revision(image, published_piece, client):
    poster = published_piece(PosterPage, title="Áp phích", image=image)
    client.get(f"/ap-phich/{poster.pk}/facebook.png")
    old = f"posters/{poster.pk}/{poster.live_revision_id}"
    assert default_storage.listdir(old)[1]
    poster.headline = "Tiêu đề mới"
    poster.save_revision().publish()
    poster.refresh_from_db()
    assert not default_storage.exists(old) or not default_storage.listdir(old)[1]
    response = client.get(f"/ap-phich/{poster.pk}/facebook.png")
    assert response.status_code == 200
    assert default_storage.listdir(f"posters/{poster.pk}/{poster.live_revision_id}")[1]
