"""Portal and admin "live" links follow the port the server is reached on, not the 8000 stored on
each ward's Site: ``make run`` on 8001 links to 8001."""

from django.urls import reverse
from wagtail.models import Site

from cms.links import root_url_for
from cms.models import ArticlePage, CampaignTopicPage

ON_8001 = {"HTTP_HOST": "127.0.0.1:8001"}


def test_the_admins_live_links_use_the_port_being_served(demo, published_piece, login):
    article = published_piece(ArticlePage, title="Tin khởi công", intro="Sapo", body=[])
    assert Site.objects.count() > 1 and Site.objects.get(hostname="hai-an.localhost").port == 8000
    path = article.url_path[len(CampaignTopicPage.objects.get(campaign=demo["campaign"]).get_parent().url_path) - 1:]
    client = login("bientap")
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk]), **ON_8001).content.decode()
    listing = client.get(reverse("wagtailadmin_explore", args=[article.get_parent().pk]), **ON_8001).content.decode()
    for html in (edit, listing):
        assert f"http://hai-an.localhost:8001{path}" in html
        assert "localhost:8000" not in html


def test_the_portal_links_to_its_own_pages_on_the_port_being_served(demo, published_piece, client):
    published_piece(ArticlePage, title="Tin khởi công", intro="Sapo", body=[])
    topic = CampaignTopicPage.objects.get(campaign=demo["campaign"])
    html = client.get(topic.get_url_parts()[2], HTTP_HOST="hai-an.localhost:8001").content.decode()
    assert "Tin khởi công" in html
    assert ":8000" not in html
    assert 'href="/"' in html  # "Trang chủ" of the ward being served: a link on the same site


def test_outside_a_request_the_sites_own_port_stands(demo, published_piece):
    article = published_piece(ArticlePage, title="Tin khởi công", intro="Sapo", body=[])
    assert article.full_url.startswith("http://hai-an.localhost:8000/")


def test_a_proxy_on_the_default_port_drops_the_port(rf):
    request = rf.get("/", HTTP_HOST="hai-an.example.vn", secure=True)
    assert root_url_for("http://hai-an.example.vn:8000", request) == "https://hai-an.example.vn"
    assert root_url_for("http://hai-an.localhost:8000", rf.get("/", HTTP_HOST="127.0.0.1:8001")) == \
        "http://hai-an.localhost:8001"
