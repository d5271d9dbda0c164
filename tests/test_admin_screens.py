"""The project's own admin screens name themselves in the header, not only "Trang chủ"."""

import re

import pytest
from django.test import Client


@pytest.mark.parametrize(("url", "title"), [("/admin/lich/", "Lịch tuyên truyền"),
                                            ("/admin/coverage/", "Độ phủ tuyên truyền")])
def test_the_header_names_the_screen(demo, url, title):
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="lanhdao"))
    response = client.get(url, follow=True)
    assert response.status_code == 200
    header = re.search(r"<header.*?</header>", response.content.decode(), re.S).group(0)
    assert header.count(title) >= 2  # the hidden h1 for screen readers, and the breadcrumb one sees
