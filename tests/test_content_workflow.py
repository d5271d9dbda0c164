"""Approval: editor submits, the ward's supervisor approves; edits after approval go back to review;
one ward's people cannot touch another ward's pages."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from campaigns.content.approval import piece_is_approved
from campaigns.models import Role, WardGroup
from cms.models import LoudspeakerScriptPage, SloganPage, WardHomePage
from tests.content_helpers import add_url, edit_url, form_errors, hai_an_topic, page_form


@pytest.fixture
def topic(portal_demo):
    return hai_an_topic()


def submit_slogan(client, topic, title="Chung sức xây nhà ở xã hội"):
    response = client.post(add_url("sloganpage", topic), page_form(title=title, text=title, **{"action-submit": "1"}))
    assert response.status_code == 302, form_errors(response)
    return SloganPage.objects.get(title=title)


def approve(client, page):
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": "Đồng ý"})


def test_editor_cannot_publish_directly(topic, login):
    response = login("bientap").post(add_url("sloganpage", topic), page_form(
        title="Khẩu hiệu mới", text="Khẩu hiệu mới", **{"action-publish": "1"}))
    slogan = SloganPage.objects.get(title="Khẩu hiệu mới")
    assert response.status_code in (302, 200)
    assert not slogan.live


def test_editor_submits_and_supervisor_approves_then_it_is_live(topic, login, client):
    slogan = submit_slogan(login("bientap"), topic)
    assert slogan.workflow_in_progress
    assert not piece_is_approved(slogan)
    response = approve(login("lanhdao"), slogan)
    assert response.status_code in (200, 302)
    slogan.refresh_from_db()
    assert slogan.live and not slogan.workflow_in_progress
    assert piece_is_approved(slogan)
    client.logout()
    assert slogan.banner_text in client.get(topic.url).content.decode()


def test_supervisor_can_request_changes_with_a_comment(topic, login):
    slogan = submit_slogan(login("bientap"), topic)
    task_state = slogan.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[slogan.pk, "reject", task_state.pk])
    login("lanhdao").post(url, {"comment": "Sửa lại cho ngắn gọn"})
    task_state.refresh_from_db()
    assert task_state.status == "rejected"
    assert task_state.get_comment() == "Sửa lại cho ngắn gọn"
    slogan.refresh_from_db()
    assert not slogan.live


def test_editing_an_approved_piece_sends_it_back_to_review(topic, login):
    script = LoudspeakerScriptPage.objects.child_of(topic).live().filter(has_unpublished_changes=False).first()
    assert piece_is_approved(script)
    live_text = script.text
    response = login("bientap").post(edit_url(script), page_form(
        title=script.title, slug=script.slug, priority=script.priority, text=live_text + " Xin cảm ơn bà con."))
    assert response.status_code == 302, form_errors(response)
    script.refresh_from_db()
    assert script.workflow_in_progress
    assert script.has_unpublished_changes
    assert not piece_is_approved(script)
    assert script.text == live_text  # the live version is still the approved one


def make_ward_user(username: str, ward_slug: str, role: str):
    user = get_user_model().objects.create_user(username, password="x")
    user.groups.add(WardGroup.objects.get(locality__slug=ward_slug, role=role).group)
    return user


def test_another_wards_editor_cannot_edit_or_add_under_hai_an(topic, client):
    client.force_login(make_ward_user("bientap_habac", "ha-bac", Role.EDITOR))
    slogan = SloganPage.objects.child_of(topic).first()
    assert client.get(edit_url(slogan)).status_code in (302, 403)
    response = client.post(add_url("sloganpage", topic), page_form(title="Xâm nhập", text="Xâm nhập phường khác"))
    assert response.status_code in (302, 403)
    assert not SloganPage.objects.filter(title="Xâm nhập").exists()


def test_another_wards_supervisor_cannot_approve(topic, login, client):
    slogan = submit_slogan(login("bientap"), topic)
    client.force_login(make_ward_user("lanhdao_habac", "ha-bac", Role.SUPERVISOR))
    approve(client, slogan)
    slogan.refresh_from_db()
    assert not slogan.live and slogan.workflow_in_progress


def test_ward_editor_adds_under_own_ward_home_only(topic, login):
    home = WardHomePage.objects.get(locality__slug="ha-bac")
    response = login("bientap").get(add_url("campaigntopicpage", home))
    assert response.status_code in (302, 403)


def test_images_go_to_the_wards_collection(topic, login):
    response = login("bientap").get(reverse("wagtailimages:add"))
    collections = [str(c) for c in response.context["form"].fields["collection"].queryset] \
        if "collection" in response.context["form"].fields else []
    assert collections in ([], ["Hải An"])


def test_topic_page_form_offers_only_the_wards_own_campaigns(topic, login):
    from campaigns.models import Campaign, Locality

    ha_bac = Locality.objects.get(slug="ha-bac")
    Campaign.objects.create(ward=ha_bac, title="Kế hoạch của Hà Bắc", slug="ke-hoach-ha-bac")
    home = WardHomePage.objects.get(locality__slug="hai-an")
    response = login("lanhdao").get(add_url("campaigntopicpage", home))
    campaigns = response.context["form"].fields["campaign"].queryset
    assert {campaign.ward.slug for campaign in campaigns} == {"hai-an"}


def test_poster_form_offers_only_live_slogans_of_its_topic(topic, login):
    response = login("bientap").get(add_url("posterpage", topic))
    slogans = response.context["form"].fields["slogan"].queryset
    assert slogans.exists()
    assert all(slogan.live and slogan.get_parent().pk == topic.pk for slogan in slogans)


def test_previewing_a_draft_never_reaches_the_public_cache(topic, login, client):
    from django.test import Client

    public = Client()
    public.get(topic.url)
    topic.intro = "<p>BANNHAP-CHUADUYET</p>"
    topic.save_revision()
    assert "BANNHAP-CHUADUYET" in topic.get_latest_revision_as_object().make_preview_request().content.decode()
    assert "BANNHAP-CHUADUYET" not in public.get(topic.url).content.decode()
