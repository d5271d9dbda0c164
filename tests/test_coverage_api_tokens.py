"""/api/coverage/<id>/ with an API key (``Authorization: Bearer``) for the city roll-up: the key is
created and revoked by its owner on "Khoá API", shown once, stored as a digest, and reads only what
its owner reads (the owner's wards); a wrong, revoked or missing key is a 401."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import APIToken

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}
SCREEN = "coverage:api_tokens"


def create_key(client, name="Tổng hợp của thành phố") -> str:
    response = client.post(reverse(SCREEN), {"name": name})
    assert response.status_code == 200
    return response.context["new_key"]


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def city_key(counted, login):
    return create_key(login("canbothanhpho"))


def test_a_key_is_shown_once_and_stored_only_as_a_digest(counted, login):
    client = login("canbothanhpho")
    assert client.get(reverse(SCREEN)).status_code == 200
    response = client.post(reverse(SCREEN), {"name": "Tổng hợp của thành phố"})
    key = response.context["new_key"]
    assert key in response.content.decode() and "chỉ hiện một lần" in response.content.decode()
    token = APIToken.objects.get()
    assert token.user.username == "canbothanhpho" and key not in (token.key_hash, token.prefix)
    listing = client.get(reverse(SCREEN)).content.decode()
    assert "Tổng hợp của thành phố" in listing and key not in listing and token.prefix in listing
    assert client.post(reverse(SCREEN), {"name": "  "}).status_code == 400
    assert "Khoá API" in client.get(reverse("coverage:index")).content.decode()  # reached from "Độ phủ"


def test_a_valid_key_reads_the_city_roll_up_without_a_session(counted, city_key):
    url = reverse("coverage_api", args=[counted["city"].pk])
    response = Client().get(url, MARCH, headers=bearer(city_key))
    assert response.status_code == 200
    data = response.json()
    assert data["total"] == {"reached": 7, "planned": 9}
    assert {ward["name"]: ward["reached"] for ward in data["by_ward"]} == {"Hà Bắc": 1, "Hải An": 6}
    assert APIToken.objects.get().last_used_at is not None


def test_a_key_reads_only_its_owners_wards(counted, client, ward_user):
    client.force_login(ward_user("ha-bac", "supervisor"))
    key = create_key(client, "Hà Bắc")
    anonymous = Client()
    city = anonymous.get(reverse("coverage_api", args=[counted["city"].pk]), MARCH, headers=bearer(key)).json()
    assert [ward["name"] for ward in city["by_ward"]] == ["Hà Bắc"] and city["total"] == {"reached": 1, "planned": 1}
    other = anonymous.get(reverse("coverage_api", args=[counted["campaign"].pk]), headers=bearer(key))
    assert other.status_code == 404 and "địa bàn" in other.json()["error"]


def test_a_revoked_key_is_a_401(counted, login, city_key):
    client = login("canbothanhpho")
    token = APIToken.objects.get()
    assert client.post(reverse("coverage:api_token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None  # kept, not deleted
    response = Client().get(reverse("coverage_api", args=[counted["city"].pk]), headers=bearer(city_key))
    assert response.status_code == 401 and "thu hồi" in response.json()["error"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_someone_elses_key_cannot_be_revoked(counted, client, ward_user, city_key):
    client.force_login(ward_user("ha-bac", "supervisor"))
    token = APIToken.objects.get()
    assert client.post(reverse("coverage:api_token_revoke", args=[token.pk])).status_code == 404
    assert client.get(reverse("coverage:api_token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None
    assert token.prefix not in client.get(reverse(SCREEN)).content.decode()


@pytest.mark.parametrize("header", [
    None, "Bearer", "Bearer wagtail_khongphaikhoa", "Basic Y2FuYm90aGFuaHBobzpwYXNz", "Token abc",
])
def test_no_or_a_wrong_key_is_a_401(counted, header):
    headers = {"Authorization": header} if header else {}
    response = Client().get(reverse("coverage_api", args=[counted["city"].pk]), headers=headers)
    assert response.status_code == 401 and response.json()["error"]


def test_a_wrong_key_is_refused_even_beside_a_session(counted, login):
    client = login("canbothanhpho")
    url = reverse("coverage_api", args=[counted["city"].pk])
    assert client.get(url, MARCH).status_code == 200
    assert client.get(url, MARCH, headers=bearer("wagtail_" + "x" * 40)).status_code == 401


def test_the_key_of_a_deactivated_person_is_a_401(counted, city_key, django_user_model):
    django_user_model.objects.filter(username="canbothanhpho").update(is_active=False)
    response = Client().get(reverse("coverage_api", args=[counted["city"].pk]), headers=bearer(city_key))
    assert response.status_code == 401
