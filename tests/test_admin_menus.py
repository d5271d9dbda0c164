"""Every role can open every "Tuyên truyền" screen, in Vietnamese."""

import json
import re

import pytest
from django.urls import reverse

LISTS = [
    "campaign", "target", "resolution", "residentialgroup", "loudspeakercluster", "broadcastslot", "locality",
]


def sidebar_labels(html: str) -> set[str]:
    """Menu labels from the sidebar's JSON props (Wagtail renders the menu client-side)."""
    return {json.loads(f'"{label}"') for label in re.findall(r'"label": "((?:[^"\\]|\\.)*)"', html)}


@pytest.mark.parametrize("username", ["admin", "bientap", "truyenthanh", "lanhdao"])
def test_every_role_opens_dashboard_and_every_list_in_vietnamese(demo, login, username):
    client = login(username)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert 'lang="vi"' in html
    labels = sidebar_labels(html)
    assert {"Tuyên truyền", "Kế hoạch tuyên truyền", "Tổ dân phố/thôn", "Cụm loa"} <= labels
    for model in LISTS:
        response = client.get(reverse(f"{model}:index"))
        assert response.status_code == 200, (model, response.status_code)
