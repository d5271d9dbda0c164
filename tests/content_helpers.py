"""Helpers to drive Wagtail's page editor in tests."""

from django.urls import reverse

from cms.models import CampaignTopicPage

EMPTY_COMMENTS = {
    "comments-TOTAL_FORMS": 0, "comments-INITIAL_FORMS": 0, "comments-MIN_NUM_FORMS": 0, "comments-MAX_NUM_FORMS": 1000,
}


def hai_an_topic() -> CampaignTopicPage:
    return CampaignTopicPage.objects.get(campaign__ward__slug="hai-an")


def add_url(model: str, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=["cms", model, parent.pk])


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def page_form(**fields) -> dict:
    return {**EMPTY_COMMENTS, "slug": "", **fields}


def form_errors(response) -> str:
    form = response.context["form"]
    return str(form.errors) + str(form.non_field_errors())
