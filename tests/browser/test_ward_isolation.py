"""A Hà Bắc editor, logged in through the form, types Hải An's admin URLs into the address bar: every one
answers "not found" or "no permission" and no Hải An title appears."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD

pytestmark = pytest.mark.browser


def ha_bac_editor():
    from django.contrib.auth import get_user_model

    from campaigns.models import Locality
    from campaigns.places.roles import ward_groups_ensure

    groups = ward_groups_ensure(locality=Locality.objects.get(slug="ha-bac"))
    user = get_user_model().objects.create_user("habac-bientap", password=PASSWORD, first_name="Biên tập Hà Bắc")
    user.groups.set([groups["editor"]])
    return user


def hai_an_urls() -> dict[str, str]:
    """Hải An's admin URLs of every kind, with the title each would show."""
    from wagtail.images import get_image_model

    from campaigns.models import Campaign, Locality, ResidentialGroup
    from cms.models import CampaignTopicPage

    ward = Locality.objects.get(slug="hai-an")
    topic = CampaignTopicPage.objects.get(campaign__ward=ward)
    piece = topic.get_children().live().first().specific
    campaign = Campaign.objects.filter(ward=ward).first()
    group = ResidentialGroup.objects.filter(ward=ward).first()
    image = get_image_model().objects.filter(collection__name__icontains="Hải An").first()
    urls = {
        f"/admin/pages/{topic.pk}/": topic.title,
        f"/admin/pages/{piece.pk}/edit/": piece.title,
        f"/admin/pages/{piece.pk}/history/": piece.title,
        f"/admin/pages/{topic.pk}/add_subpage/": topic.title,
    }
    urls.update({url: campaign.title[:40] for url in _model_urls("campaign", campaign.pk)})
    urls.update({url: group.name for url in _model_urls("residentialgroup", group.pk)})
    if image is not None:
        urls[f"/admin/images/{image.pk}/"] = image.title
    return urls


def _model_urls(model_name: str, pk: int) -> list[str]:
    from django.urls import NoReverseMatch, reverse

    found = []
    for action in ("edit", "history"):
        for namespace in (f"{model_name}", f"campaigns_{model_name}", f"loa_{model_name}"):
            try:
                found.append(reverse(f"{namespace}:{action}", args=[pk]))
                break
            except NoReverseMatch:
                continue
    return found


def test_a_ha_bac_editor_reaches_no_hai_an_screen_by_url(live_demo, page, log_in, server_errors):
    ha_bac_editor()
    urls = hai_an_urls()
    assert len(urls) >= 6, urls
    log_in("habac-bientap")
    reached = {}
    for url, title in urls.items():
        response = page.goto(url)
        body = page.locator("body").inner_text()
        turned_away = response.status in (403, 404) or not page.url.endswith(url)  # Wagtail redirects home
        if not turned_away or title in body:
            reached[url] = (response.status, page.url, title in body)
    assert reached == {}
    assert server_errors == []
    # The same URLs are open to Hải An's own editor: the probe proves something.
    log_in("bientap")
    page.goto(next(iter(urls)))
    expect(page.locator("body")).to_contain_text(re.compile(re.escape(next(iter(urls.values())))))
