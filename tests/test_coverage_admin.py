"""The "Độ phủ" screens and /api/coverage/: the numbers of the hand-counted fixture, drill-down, bad
input (400, Vietnamese), the ward rule (404 on another ward's campaign, one's own ward only in the
city's roll-up), the city officer (reads every ward, changes nothing) and the cascade."""

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse

from campaigns.models import Campaign, Locality, Role
from tests.coverage_fixture import HCM

MARCH = {"from": "2026-03-01", "to": "2026-03-31"}


@pytest.fixture
def frozen():
    with time_machine.travel(dt.datetime(2026, 3, 12, 12, tzinfo=HCM), tick=False):
        yield


def test_supervisor_sees_the_matrix_totals_chart_and_unreached_groups(counted, login, frozen):
    client = login("lanhdao")
    index = client.get(reverse("coverage:index"))
    assert index.status_code == 200
    assert reverse("coverage:matrix", args=[counted["campaign"].pk]) in index.content.decode()
    response = client.get(reverse("coverage:matrix", args=[counted["campaign"].pk]), {**MARCH, "days": 3})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tổ dân phố số 1" in html and "Loa truyền thanh cơ sở" in html
    assert "2/3" in html and "4/6" in html and "6/8" in html  # g1 loudspeaker, loudspeaker total, total
    assert html.count("data-loa-unreached") == 11
    assert "<svg" in html and "Cột: đã thực hiện" in html
    assert "loa-cell--full" in html and "loa-cell--low" in html
    by_week = client.get(reverse("coverage:matrix", args=[counted["campaign"].pk]),
                         {**MARCH, "channel": "loudspeaker"})
    assert "2026-W10" in by_week.content.decode() and "2026-W11" in by_week.content.decode()


def test_a_cell_drills_down_to_its_deliveries(counted, login):
    client = login("lanhdao")
    url = reverse("coverage:deliveries", args=[counted["campaign"].pk])
    response = client.get(url, {**MARCH, "group": counted["g1"].pk, "channel": "loudspeaker"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 3
    week = client.get(url, {**MARCH, "group": counted["g3"].pk, "channel": "loudspeaker", "week": "2026-W11"})
    assert len(week.context["page"].object_list) == 1
    ward_wide = client.get(url, {**MARCH, "group": "ward"})
    assert [d.channel for d in ward_wide.context["page"].object_list] == ["portal"]


@pytest.mark.parametrize("query, words", [
    ({"from": "2026-13-45", "to": "2026-03-31"}, "không phải là ngày hợp lệ"),
    ({"from": "2026-03-31", "to": "2026-03-01"}, "đứng trước ngày bắt đầu"),
    ({"days": "abc"}, "Số ngày phải là số nguyên"),
    ({"channel": "fax"}, "Kênh “fax” không có"),
    ({"from": "9999-12-31", "to": "9999-12-31"}, "nằm ngoài khoảng"),
])
def test_bad_input_on_the_matrix_is_a_400_that_says_why(counted, login, query, words):
    response = login("lanhdao").get(reverse("coverage:matrix", args=[counted["campaign"].pk]), query)
    assert response.status_code == 400
    assert words in response.content.decode()


@pytest.mark.parametrize("query", [
    {"week": "2026-W99"}, {"week": "9999-W52"}, {"group": "abc"}, {"channel": "<script>"},
])
def test_bad_input_on_the_drill_down_is_a_400(counted, login, query):
    response = login("lanhdao").get(reverse("coverage:deliveries", args=[counted["campaign"].pk]), query)
    assert response.status_code == 400


def test_another_wards_campaign_is_a_404_everywhere(counted, ward_user, client):
    client.force_login(ward_user("ha-bac", "supervisor"))
    pk = counted["campaign"].pk
    for name in ("matrix", "deliveries", "report", "cascade"):
        assert client.get(reverse(f"coverage:{name}", args=[pk])).status_code == 404, name
    assert client.post(reverse("coverage:cascade", args=[pk])).status_code == 404
    assert client.get(reverse("coverage_api", args=[pk])).status_code == 404
    assert client.get(reverse("coverage:matrix", args=[99999999999999])).status_code == 404


def test_a_ward_sees_only_itself_in_the_city_roll_up(counted, ward_user, client):
    client.force_login(ward_user("ha-bac", "supervisor"))
    response = client.get(reverse("coverage:matrix", args=[counted["city"].pk]), MARCH)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Thôn số 1" in html and "Tổ dân phố số" not in html and "Hải An" not in html
    data = client.get(reverse("coverage_api", args=[counted["city"].pk]), MARCH).json()
    assert data["total"] == {"reached": 1, "planned": 1}
    assert [ward["name"] for ward in data["by_ward"]] == ["Hà Bắc"]


def test_api_gives_the_city_roll_up_as_json(counted, client, login):
    url = reverse("coverage_api", args=[counted["city"].pk])
    assert client.get(url).status_code == 401
    client = login("canbothanhpho")
    data = json.loads(client.get(url, {**MARCH, "weeks": "1"}).content)
    assert data["total"] == {"reached": 7, "planned": 9}
    assert {ward["name"]: ward["reached"] for ward in data["by_ward"]} == {"Hà Bắc": 1, "Hải An": 6}
    assert data["by_channel"]["loudspeaker"] == {"reached": 5, "planned": 7}
    assert client.get(url, {"from": "hôm qua", "to": "2026-03-01"}).status_code == 400
    assert "không phải là ngày hợp lệ" in client.get(url, {"from": "x", "to": "y"}).json()["error"]
    assert client.post(url).status_code in (403, 405)


def test_city_officer_reads_every_ward_and_changes_nothing(counted, login):
    client = login("canbothanhpho")
    response = client.get(reverse("coverage:matrix", args=[counted["campaign"].pk]), MARCH)
    assert response.status_code == 200 and "6/8" in response.content.decode()
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="canbothanhpho")
    assert not any(user.has_perm(f"campaigns.{p}") for p in ("change_campaign", "add_campaign", "change_delivery"))
    assert user.groups.get().ward_link.role == Role.CITY_OFFICER
    title = counted["campaign"].title
    client.post(reverse("campaign:edit", args=[counted["campaign"].pk]), {"title": "Sửa bởi thành phố"})
    assert Campaign.objects.get(pk=counted["campaign"].pk).title == title
    assert client.get(reverse("coverage:cascade", args=[counted["city"].pk])).status_code in (403, 404)


def test_cascade_creates_each_wards_campaign_once(demo, ward_user, client):
    city = Locality.objects.get(slug="hai-phong")
    client.force_login(ward_user("hai-phong", "supervisor"))
    parent = Campaign.objects.create(ward=city, title="Kế hoạch mới của thành phố", slug="moi", themes=["Chủ đề A"],
                                     reporting_days=[12, 27], channels=["loudspeaker"])
    parent.resolutions.set(demo["campaign"].resolutions.filter(locality=city))
    url = reverse("coverage:cascade", args=[parent.pk])
    assert "Hải An" in client.get(url).content.decode()
    client.post(url)
    children = list(parent.children.order_by("ward__name"))
    assert [c.ward.slug for c in children] == ["ha-bac", "hai-an"]
    for child in children:
        assert child.themes == ["Chủ đề A"] and child.reporting_days == [12, 27]
        assert set(child.resolutions.all()) == set(parent.resolutions.all()) and child.resolutions.exists()
        assert child.slug == f"moi-{child.ward.slug}"
    client.post(url)
    assert parent.children.count() == 2
    ward_campaign = reverse("coverage:cascade", args=[demo["campaign"].pk])
    client.force_login(ward_user("hai-an", "supervisor"))
    assert client.post(ward_campaign).status_code == 400


def test_the_period_boxes_show_and_take_dd_mm_yyyy(counted, login, frozen):
    client = login("lanhdao")
    url = reverse("coverage:matrix", args=[counted["campaign"].pk])
    typed = client.get(url, {"from": "01/03/2026", "to": "31/03/2026", "days": 3})
    html = typed.content.decode()
    assert typed.status_code == 200 and "2/3" in html and "4/6" in html  # the same month as MARCH's ISO link
    assert 'type="date"' not in html
    assert 'name="from" value="01/03/2026"' in html and 'name="to" value="31/03/2026"' in html
    assert 'placeholder="dd/mm/yyyy"' in html and 'inputmode="numeric"' in html
    assert client.get(url, {**MARCH, "days": 3}).content.decode().count("4/6") == html.count("4/6")
    bad = client.get(url, {"from": "03/31/2026", "to": "31/03/2026"})
    assert bad.status_code == 400 and "Ngày bắt đầu “03/31/2026” không phải là ngày hợp lệ" in bad.content.decode()
