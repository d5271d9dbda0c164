"""A ward's users see and change only their ward's rows: lists, URLs by id, exports."""

import pytest
from django.urls import reverse

from campaigns.models import Locality, LoudspeakerCluster, ResidentialGroup, Resolution, WardGroup


@pytest.fixture
def ha_bac_group(demo):
    return ResidentialGroup.objects.get(ward__slug="ha-bac", name="Thôn số 1")


@pytest.fixture
def hai_an_group(demo):
    return ResidentialGroup.objects.get(ward__slug="hai-an", name="Tổ dân phố số 1")


def test_list_shows_only_own_ward_rows(login, ha_bac_group):
    response = login("lanhdao").get(reverse("residentialgroup:index"))
    html = response.content.decode()
    assert "Tổ dân phố số 1" in html
    assert "Thôn số 1" not in html


def test_search_does_not_reach_other_wards(login, ha_bac_group):
    response = login("lanhdao").get(reverse("residentialgroup:index"), {"q": "Thôn"})
    assert "Thôn số 1" not in response.content.decode()


@pytest.mark.parametrize("view", ["edit", "delete", "inspect", "history", "usage", "copy"])
def test_other_wards_row_by_id_is_not_found(login, ha_bac_group, view):
    response = login("lanhdao").get(reverse(f"residentialgroup:{view}", args=[ha_bac_group.pk]))
    assert response.status_code == 404


def test_editing_other_wards_row_by_post_changes_nothing(login, ha_bac_group):
    url = reverse("residentialgroup:edit", args=[ha_bac_group.pk])
    response = login("lanhdao").post(url, {"ward": ha_bac_group.ward_id, "name": "Bị sửa", "kind": "thon",
                                           "households": 1})
    assert response.status_code == 404
    ha_bac_group.refresh_from_db()
    assert ha_bac_group.name == "Thôn số 1"


def test_own_ward_row_opens(login, hai_an_group):
    response = login("lanhdao").get(reverse("residentialgroup:edit", args=[hai_an_group.pk]))
    assert response.status_code == 200


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_export_contains_only_own_ward_rows(login, ha_bac_group, export_format):
    response = login("lanhdao").get(reverse("residentialgroup:index"), {"export": export_format})
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if export_format == "xlsx":
        import io

        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(body)).active
        cells = [str(cell.value) for row in sheet.iter_rows() for cell in row]
    else:
        cells = body.decode("utf-8-sig").split(",")
    text = " ".join(cells)
    assert "Tổ dân phố số 12" in text
    assert "Thôn" not in text


def test_city_resolution_is_readable_but_not_changeable_by_a_ward(login, demo):
    nq02 = Resolution.objects.get(code="02-NQ/TU")
    client = login("lanhdao")
    assert "02-NQ/TU" in client.get(reverse("resolution:index")).content.decode()
    assert client.get(reverse("resolution:inspect", args=[nq02.pk])).status_code == 200
    assert client.get(reverse("resolution:edit", args=[nq02.pk])).status_code == 404
    assert client.get(reverse("resolution:delete", args=[nq02.pk])).status_code == 404


def test_form_offers_only_own_ward_and_its_groups(login, demo):
    cluster = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1")
    response = login("truyenthanh").get(reverse("loudspeakercluster:edit", args=[cluster.pk]))
    form = response.context["form"]
    assert {ward.slug for ward in form.fields["ward"].queryset} == {"hai-an"}
    assert {group.ward.slug for group in form.fields["groups"].queryset} == {"hai-an"}


def test_posting_another_wards_group_into_a_cluster_is_refused(login, demo, ha_bac_group):
    cluster = LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1")
    response = login("lanhdao").post(
        reverse("loudspeakercluster:edit", args=[cluster.pk]),
        {
            "ward": cluster.ward_id, "name": cluster.name, "slug": cluster.slug, "reading_speed": 180,
            "groups": [ha_bac_group.pk],
            "slots-TOTAL_FORMS": 0, "slots-INITIAL_FORMS": 0, "slots-MIN_NUM_FORMS": 0, "slots-MAX_NUM_FORMS": 1000,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["groups"]
    assert ha_bac_group not in cluster.groups.all()


def test_city_officer_reads_every_ward_below_the_city(client, django_user_model, demo):
    city = Locality.objects.get(slug="hai-phong")
    officer = django_user_model.objects.create_user("capTren", password="x")
    officer.groups.add(WardGroup.objects.get(locality=city, role="supervisor").group)
    client.force_login(officer)
    html = client.get(reverse("residentialgroup:index"), {"p": 1}).content.decode()
    assert "Tổ dân phố số 1" in html and "Thôn số 1" in html


def test_user_without_ward_sees_no_rows(client, django_user_model, demo):
    from django.contrib.auth.models import Group

    loner = django_user_model.objects.create_user("loner", password="x")
    loner.groups.add(Group.objects.get(name="Lãnh đạo"))
    client.force_login(loner)
    response = client.get(reverse("residentialgroup:index"))
    assert response.status_code == 200
    assert "Tổ dân phố số 1" not in response.content.decode()


def test_adding_a_ward_creates_its_role_groups(login, demo):
    city = Locality.objects.get(slug="hai-phong")
    response = login("admin").post(
        reverse("locality:add"), {"name": "Đông Hải", "kind": "ward", "parent": city.pk, "slug": ""}
    )
    assert response.status_code == 302, response.context["form"].errors
    ward = Locality.objects.get(slug="dong-hai")
    names = set(WardGroup.objects.filter(locality=ward).values_list("group__name", flat=True))
    assert names == {"Đông Hải · Biên tập viên", "Đông Hải · Cán bộ truyền thanh", "Đông Hải · Lãnh đạo"}


@pytest.mark.parametrize("model", ["residentialgroup", "broadcastslot", "resolution", "campaign", "target"])
def test_list_filters_offer_no_other_wards_names(login, demo, model):
    html = login("lanhdao").get(reverse(f"{model}:index")).content.decode()
    assert "Hà Bắc" not in html
