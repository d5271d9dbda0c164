"""load_demo builds the two Hải Phòng wards and the Hải An plan, and is safe to run twice."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command

from campaigns.models import (
    BroadcastSlot,
    Campaign,
    Locality,
    LoudspeakerCluster,
    ResidentialGroup,
    Resolution,
)


def row_counts() -> dict[str, int]:
    counted = [*apps.get_app_config("campaigns").get_models(), Group, apps.get_model("auth", "User")]
    return {model._meta.label: model.objects.count() for model in counted}


@pytest.mark.django_db
def test_load_demo_twice_gives_the_same_counts():
    out = StringIO()
    call_command("load_demo", stdout=out)
    first = row_counts()
    call_command("load_demo", stdout=StringIO())
    assert row_counts() == first
    printed = out.getvalue()
    for username in ("bientap", "truyenthanh", "lanhdao"):
        assert username in printed
    assert "mật khẩu" in printed


@pytest.mark.parametrize("slug", ["hai-an", "ha-bac"])
def test_each_demo_ward_has_groups_clusters_and_twice_daily_slots(demo, slug):
    ward = Locality.objects.get(slug=slug)
    assert ward.parent.name == "Hải Phòng"
    assert ResidentialGroup.objects.filter(ward=ward).count() >= 12
    clusters = LoudspeakerCluster.objects.filter(ward=ward)
    assert clusters.count() == 3
    for cluster in clusters:
        slots = [(f"{s.start:%H:%M}", f"{s.end:%H:%M}", s.weekdays_display) for s in cluster.slots.all()]
        assert slots == [("06:00", "06:30", "hằng ngày"), ("17:00", "17:30", "hằng ngày")]
        assert cluster.groups.count() >= 1
    assert BroadcastSlot.objects.filter(cluster__ward=ward).count() == 6


def test_demo_resolutions_and_their_links(demo):
    nq09 = Resolution.objects.get(code="09-NQ/TU")
    nq02 = Resolution.objects.get(code="02-NQ/TU")
    kh94 = Resolution.objects.get(code="94-KH/ĐU")
    assert f"{nq09.issued_on:%d/%m/%Y}" == "13/11/2023"
    assert f"{nq02.issued_on:%d/%m/%Y}" == "10/12/2025"
    assert list(nq02.amends.all()) == [nq09]
    assert list(kh94.implements.all()) == [nq02]


def test_demo_campaign_carries_the_hai_an_plan(demo):
    campaign = Campaign.objects.get(ward__slug="hai-an")
    targets = [(t.quantity, t.unit, t.start_year, t.end_year) for t in campaign.targets.all()]
    assert targets == [(16555, "căn", 2021, 2025), (32900, "căn", 2026, 2030)]
    assert len(campaign.purposes) == 3
    assert any("16.555" in theme or "nhà ở xã hội" in theme for theme in campaign.themes)
    assert {"portal", "facebook", "zalo", "youtube", "visual", "meeting"} <= set(campaign.channels)
    units = [unit.name for unit in campaign.units.all()]
    assert units[1] == "Phòng Văn hóa - Xã hội phường"
    assert "Ban Xây dựng Đảng Đảng ủy phường" in units
    assert campaign.recipients[0] == "Sở Văn hóa, Thể thao và Du lịch"
    assert campaign.recipients[-1] == "Lưu: VT, VHXH"
    assert set(campaign.resolutions.values_list("code", flat=True)) == {"02-NQ/TU", "94-KH/ĐU"}


def test_demo_users_have_one_role_each_in_hai_an(demo, django_user_model):
    for username, role in (("bientap", "Biên tập viên"), ("truyenthanh", "Cán bộ truyền thanh"),
                           ("lanhdao", "Lãnh đạo")):
        user = django_user_model.objects.get(username=username)
        assert [group.name for group in user.groups.all()] == [f"Hải An · {role}"]
        assert user.has_perm("wagtailadmin.access_admin")
        assert not user.is_superuser
