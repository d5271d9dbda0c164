"""Content-Security-Policy (django-csp, cms/csp.py): on the portal and in the admin, in production too.
The portal allows no inline script; the admin allows Wagtail's few inline scripts. Nothing comes from
another origin."""

import importlib
import re
import sys

import pytest
from django.conf import settings
from django.test import override_settings

PORTAL = {"HTTP_HOST": "hai-an.localhost:8000"}
SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
LOADED = re.compile(r"""<(?:script|img|iframe|source|link)\b[^>]*?\b(?:src|href)=["']([^"']+)["']""", re.IGNORECASE)


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split() for part in header.split(";") if part.strip())
    return {part[0]: part[1:] for part in parts}


def inline_scripts(html: str) -> list[str]:
    """Opening tags of scripts that run inline code (no src, not a JSON data block)."""
    return [attrs for attrs in SCRIPT.findall(html) if "src=" not in attrs and "json" not in attrs]


def foreign_sources(html: str) -> list[str]:
    """What the page loads (scripts, images, frames, stylesheets) from another origin; links are not loads."""
    return [url for url in LOADED.findall(html) if url.startswith(("http:", "https:", "//"))
            and not re.match(r"https?://[a-z0-9-]+\.localhost(:\d+)?/|https?://testserver/", url)]


@pytest.fixture(scope="module")
def production():
    """cms.settings.production as a deployment would load it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SECRET_KEY", "p9" * 30 + "-Zx!qLm")
        patch.setenv("ALLOWED_HOSTS", "loa.haiphong.gov.vn")
        patch.setenv("WAGTAILADMIN_BASE_URL", "https://loa.haiphong.gov.vn")
        module = importlib.import_module("cms.settings.production")
        yield module
        sys.modules.pop("cms.settings.production", None)


def test_production_has_the_policy_and_its_middleware(production):
    assert "cms.csp.LoaCSPMiddleware" in production.MIDDLEWARE
    policy = production.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert policy["default-src"] == ["'self'"] and policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]


@pytest.fixture
def production_csp(production):
    with override_settings(MIDDLEWARE=production.MIDDLEWARE,
                           CONTENT_SECURITY_POLICY=production.CONTENT_SECURITY_POLICY):
        yield


def test_portal_pages_have_a_policy_without_inline_scripts(portal_demo, client, production_csp):
    from cms.models import ArticlePage, PosterPage

    pages = ["/", "/tin-bai/", "/tim-kiem/?q=nhà", ArticlePage.objects.live().first().url,
             PosterPage.objects.live().first().url]
    for url in pages:
        response = client.get(url, **PORTAL)
        assert response.status_code == 200, url
        policy = directives(response)
        assert policy["script-src"] == ["'self'"], url
        assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
        html = response.content.decode()
        assert inline_scripts(html) == [], url
        assert foreign_sources(html) == [], url


def test_the_admin_login_renders_under_the_admin_policy(db, client, production_csp):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    policy = directives(response)
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert "'unsafe-inline'" in policy["style-src"]
    html = response.content.decode()
    scripts = re.findall(r"<script[^>]*\bsrc=\"([^\"]+)\"", html)
    assert scripts and all(src.startswith((settings.STATIC_URL, "/admin/jsi18n/")) for src in scripts)
    assert foreign_sources(html) == []


def test_admin_pages_of_a_signed_in_editor_render_under_the_policy(portal_demo, login, production_csp):
    from cms.models import ArticlePage

    client = login("bientap")
    article = ArticlePage.objects.live().first()
    for url in ("/admin/", f"/admin/pages/{article.pk}/edit/", "/admin/images/", "/admin/documents/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" in directives(response)["script-src"], url
        assert foreign_sources(response.content.decode()) == [], url


def test_the_portal_seen_by_a_signed_in_editor_keeps_the_strict_policy(portal_demo, login, production_csp):
    client = login("bientap")
    response = client.get("/", **PORTAL)
    assert directives(response)["script-src"] == ["'self'"]
    assert inline_scripts(response.content.decode()) == []  # Wagtail's userbar loads its scripts by src


def test_served_documents_keep_wagtails_stricter_header(demo, login, production_csp):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    doc = get_document_model()(title="Kế hoạch", collection=Collection.objects.get(name="Hải An"))
    doc.file.save("ke-hoach.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    doc.save()
    response = login("bientap").get(doc.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"
