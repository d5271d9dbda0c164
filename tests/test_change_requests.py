"""The supervisor's "Yêu cầu sửa" comment reaches the editor on the edit page and on the dashboard."""

import pytest
from django.urls import reverse

from tests.content_helpers import edit_url, hai_an_topic
from tests.test_content_workflow import submit_slogan

COMMENT = "Sửa lại cho ngắn gọn, bỏ chữ “đồng chí”"


@pytest.fixture
def sent_back(portal_demo, login):
    slogan = submit_slogan(login("bientap"), hai_an_topic())
    task_state = slogan.current_workflow_task_state
    login("lanhdao").post(reverse("wagtailadmin_pages:workflow_action", args=[slogan.pk, "reject", task_state.pk]),
                          {"comment": COMMENT})
    return slogan


def test_the_editor_reads_the_comment_on_the_edit_page(sent_back, login):
    page = login("bientap").get(edit_url(sent_back)).content.decode()
    assert "Phạm Minh Đạo yêu cầu sửa" in page
    assert "bỏ chữ “đồng chí”" in page or "bỏ chữ &ldquo;đồng chí&rdquo;" in page or "đồng chí" in page


def test_the_editor_reads_the_comment_on_the_dashboard(sent_back, login):
    page = login("bientap").get(reverse("wagtailadmin_home")).content.decode()
    assert 'id="loa-change-requests' in page or "loa-change-requests" in page
    assert "Sửa lại cho ngắn gọn" in page and "Phạm Minh Đạo" in page


def test_another_wards_editor_does_not_see_it(sent_back, client, ward_user):
    client.force_login(ward_user("ha-bac", "editor"))
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Sửa lại cho ngắn gọn" not in page


def test_no_message_once_resubmitted(sent_back, login):
    from cms.change_requests import change_request_for

    assert change_request_for(sent_back).comment == COMMENT
    sent_back.current_workflow_state.resume(user=None)
    assert change_request_for(sent_back) is None


def test_review_buttons_read_in_plain_vietnamese(portal_demo, login):
    slogan = submit_slogan(login("bientap"), hai_an_topic(), title="Khẩu hiệu chờ duyệt")
    supervisor_page = login("lanhdao").get(edit_url(slogan)).content.decode()
    assert "Duyệt và xuất bản" in supervisor_page and "Yêu cầu sửa" in supervisor_page
    assert "chuẩnvà" not in supervisor_page
    draft_page = login("bientap").get(reverse("wagtailadmin_pages:add", args=["cms", "sloganpage", hai_an_topic().pk]))
    text = draft_page.content.decode()
    assert "Gửi duyệt" in text and "Thực hiện Duyệt" not in text
