"""Every role can open every "Tuyên truyền" screen, in Vietnamese."""

import pytest
from django.urls import reverse

LISTS = [
    "campaign", "target", "resolution", "residentialgroup", "loudspeakercluster", "broadcastslot", "locality",
]


def list_url(model: str) -> str:
    return reverse(f"{model}:index")


@pytest.mark.parametrize("username", ["admin", "bientap", "truyenthanh", "lanhdao"])
def test_every_role_opens_dashboard_and_every_list_in_vietnamese(demo, login, username):
    client = login(username)
    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    assert 'lang="vi"' in html
    assert "Tuyên truyền" in html
    for model in LISTS:
        response = client.get(list_url(model))
        assert response.status_code == 200, (model, response.status_code)
