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


# --- reordering targets: per campaign, only rows the user may change ----------------------------


def _targets(campaign, count):
    from campaigns.models import Target

    return [
        Target.objects.create(campaign=campaign, sort_order=order, text=f"Chỉ tiêu {order}", quantity=order + 1,
                              unit="căn", start_year=2026, end_year=2027)
        for order in range(count)
    ]


@pytest.fixture
def ha_bac_campaign(demo):
    from campaigns.models import Campaign

    return Campaign.objects.create(ward=Locality.objects.get(slug="ha-bac"), title="Kế hoạch của Hà Bắc")


def _orders(campaign):
    return list(campaign.targets.order_by("sort_order", "pk").values_list("text", "sort_order"))


def test_reordering_another_wards_target_is_not_found_and_moves_nothing(client, ward_user, demo):
    campaign = demo["campaign"]
    before = _orders(campaign)
    client.force_login(ward_user("ha-bac", "supervisor"))
    first = campaign.targets.order_by("sort_order").first()
    response = client.post(reverse("target:reorder", args=[first.pk]) + "?position=1")
    assert response.status_code == 404
    assert _orders(campaign) == before


def test_reordering_a_target_renumbers_only_its_own_campaigns_targets(client, ward_user, demo, ha_bac_campaign):
    hai_an_before = _orders(demo["campaign"])
    targets = _targets(ha_bac_campaign, 3)
    client.force_login(ward_user("ha-bac", "supervisor"))
    response = client.post(reverse("target:reorder", args=[targets[2].pk]) + "?position=0")
    assert response.status_code == 200
    assert _orders(ha_bac_campaign) == [("Chỉ tiêu 2", 0), ("Chỉ tiêu 0", 1), ("Chỉ tiêu 1", 2)]
    assert _orders(demo["campaign"]) == hai_an_before


def test_a_city_officer_moving_a_target_within_the_listing_leaves_other_campaigns_alone(
    client, django_user_model, demo, ha_bac_campaign
):
    """The reorder listing shows every campaign's targets, one campaign after the other; a position
    counts in that listing and a target never leaves its campaign's block."""
    city = Locality.objects.get(slug="hai-phong")
    officer = django_user_model.objects.create_user("capTren", password="x")
    officer.groups.add(WardGroup.objects.get(locality=city, role="supervisor").group)
    targets = _targets(ha_bac_campaign, 3)
    hai_an_before = _orders(demo["campaign"])
    client.force_login(officer)
    listing = client.get(reverse("target:index"), {"ordering": "sort_order"})
    rows = [target.pk for target in listing.context["object_list"]]
    assert rows.index(targets[1].pk) == rows.index(targets[0].pk) + 1  # one campaign's targets together
    response = client.post(reverse("target:reorder", args=[targets[0].pk]) + f"?position={len(rows) - 1}")
    assert response.status_code == 200
    assert _orders(ha_bac_campaign) == [("Chỉ tiêu 1", 0), ("Chỉ tiêu 2", 1), ("Chỉ tiêu 0", 2)]
    assert _orders(demo["campaign"]) == hai_an_before


def test_reordering_is_refused_to_a_role_that_may_not_change_targets(client, ward_user, demo, ha_bac_campaign):
    targets = _targets(ha_bac_campaign, 2)
    client.force_login(ward_user("ha-bac", "broadcast"))
    response = client.post(reverse("target:reorder", args=[targets[1].pk]) + "?position=0")
    assert response.status_code in (302, 403)
    assert _orders(ha_bac_campaign) == [("Chỉ tiêu 0", 0), ("Chỉ tiêu 1", 1)]


# --- every screen of a ward's own rows opens (history and usage were a 500) ------------------


OWN_ROW_VIEWS = ["edit", "delete", "inspect", "history", "history_results", "usage", "copy"]


def _own_rows():
    from campaigns.models import BroadcastSlot, Campaign, Target

    return {
        "campaign": lambda: Campaign.objects.get(ward__slug="hai-an"),
        "target": lambda: Target.objects.filter(campaign__ward__slug="hai-an").first(),
        "resolution": lambda: Resolution.objects.get(code="94-KH/ĐU"),
        "residentialgroup": lambda: ResidentialGroup.objects.get(ward__slug="hai-an", name="Tổ dân phố số 1"),
        "loudspeakercluster": lambda: LoudspeakerCluster.objects.get(ward__slug="hai-an", slug="cum-1"),
        "broadcastslot": lambda: BroadcastSlot.objects.filter(cluster__ward__slug="hai-an").first(),
    }


@pytest.mark.parametrize("view", OWN_ROW_VIEWS)
@pytest.mark.parametrize("model", list(_own_rows()))
def test_every_screen_of_an_own_row_opens_for_the_wards_supervisor(login, demo, model, view):
    row = _own_rows()[model]()
    response = login("lanhdao").get(reverse(f"{model}:{view}", args=[row.pk]))
    assert response.status_code == 200


def test_history_of_an_own_row_lists_its_changes_and_only_people_the_user_may_see(client, demo, ward_user,
                                                                                django_user_model):
    """A row's log names whoever changed it; the history's "user" filter offers none of another ward's
    people (here: a Hải An editor who once worked on the row before moving to Hải An)."""
    from wagtail.log_actions import log

    group = ResidentialGroup.objects.get(ward__slug="ha-bac", name="Thôn số 1")
    stranger = django_user_model.objects.get(username="bientap")  # a Hải An editor
    log(group, "wagtail.edit", user=stranger)
    supervisor = ward_user("ha-bac", "supervisor")
    log(group, "wagtail.edit", user=supervisor)
    client.force_login(supervisor)
    response = client.get(reverse("residentialgroup:history", args=[group.pk]))
    assert response.status_code == 200
    user_filter = response.context["filters"].form["user"]
    assert set(user_filter.field.queryset) == {supervisor}
    assert "Biên" not in str(user_filter) and "ha-bac" in str(user_filter)


def test_history_of_another_wards_row_is_not_found(client, demo, ward_user):
    group = ResidentialGroup.objects.get(ward__slug="hai-an", name="Tổ dân phố số 1")
    client.force_login(ward_user("ha-bac", "supervisor"))
    for view in ("history", "history_results"):
        assert client.get(reverse(f"residentialgroup:{view}", args=[group.pk])).status_code == 404


# --- the live airtime estimate reads only the user's clusters -------------------------------------


def test_airtime_estimate_uses_only_the_users_wards_reading_speeds(client, demo, ward_user):
    LoudspeakerCluster.objects.filter(ward__slug="hai-an", slug="cum-1").update(reading_speed=150)
    LoudspeakerCluster.objects.filter(ward__slug="ha-bac", slug="cum-2").update(reading_speed=200)
    client.force_login(ward_user("ha-bac", "editor"))
    response = client.post(reverse("loa_airtime"), {"text": "Kính thưa bà con " * 45})
    assert response.status_code == 200
    assert set(response.json()["by_speed"]) == {"200"}


# --- a resolution's document: only from collections the user may use -----------------------------


def test_resolution_form_refuses_another_wards_document_without_naming_it(client, demo, ward_user):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from cms.wards import collection_ensure

    Document = get_document_model()
    document = Document(title="Tờ trình nội bộ phường Hải An", collection=collection_ensure(demo["campaign"].ward))
    document.file.save("to-trinh.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    ha_bac = Locality.objects.get(slug="ha-bac")
    client.force_login(ward_user("ha-bac", "editor"))
    response = client.post(reverse("resolution:add"), {
        "kind": "ke_hoach", "code": "15-KH/UBND", "issued_on": "05/01/2026", "issuer": "UBND xã Hà Bắc",
        "title": "", "locality": ha_bac.pk, "document": document.pk,
    })
    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    assert "Tờ trình nội bộ phường Hải An" not in response.content.decode()
    assert not Resolution.objects.filter(code="15-KH/UBND").exists()


def test_an_inline_row_of_another_wards_campaign_posted_into_an_own_campaign_is_not_taken_over(
    client, ward_user, demo, ha_bac_campaign
):
    """The campaign form's "Chỉ tiêu" and "Tổ chức thực hiện" panels (and a cluster's "Khung giờ phát")
    order and save only their own rows: a foreign row id becomes a new row, the foreign row stays."""
    from campaigns.models import BroadcastSlot, ResponsibleUnit, Target
    from tests.test_admin_bad_input import campaign_data, inline

    ha_bac = ha_bac_campaign.ward
    target = Target.objects.filter(campaign=demo["campaign"]).order_by("sort_order").first()
    unit = ResponsibleUnit.objects.filter(campaign=demo["campaign"]).order_by("sort_order").last()
    before = (target.campaign_id, target.text, target.sort_order, unit.campaign_id, unit.name, unit.sort_order)
    client.force_login(ward_user("ha-bac", "supervisor"))
    data = campaign_data(ha_bac, title=ha_bac_campaign.title, slug="kh-ha-bac", **inline("targets", [
        {"id": target.pk, "text": "Bị lấy", "quantity": 1, "unit": "căn", "start_year": 2026, "end_year": 2027},
    ], initial=1), **inline("units", [{"id": unit.pk, "name": "Bị lấy", "tasks": "Việc"}], initial=1))
    response = client.post(reverse("campaign:edit", args=[ha_bac_campaign.pk]), data)
    assert response.status_code == 302
    target.refresh_from_db()
    unit.refresh_from_db()
    assert (target.campaign_id, target.text, target.sort_order, unit.campaign_id, unit.name, unit.sort_order) == before

    slot = BroadcastSlot.objects.filter(cluster__ward__slug="hai-an").order_by("pk").first()
    cluster = LoudspeakerCluster.objects.get(ward=ha_bac, slug="cum-1")
    response = client.post(reverse("loudspeakercluster:edit", args=[cluster.pk]), {
        "ward": ha_bac.pk, "name": cluster.name, "slug": cluster.slug, "reading_speed": 180, "groups": [],
        **inline("slots", [{"id": slot.pk, "weekdays": ["0"], "start": "20:00", "end": "20:30"}], initial=1),
    })
    assert response.status_code == 302
    slot.refresh_from_db()
    assert (slot.cluster.ward.slug, slot.start.hour) == ("hai-an", 6)
