"""Demo data for a first ``make run``: two wards of Hải Phòng and the Hải An plan.

Every row is looked up by its natural key before it is created, so running the
loader twice leaves the same rows (it repairs what a person changed, too).
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from campaigns.content.channels import Channel
from campaigns.demo import coverage as coverage_demo
from campaigns.demo import hai_an_plan
from campaigns.models import (
    BroadcastSlot,
    Campaign,
    CampaignStatus,
    GroupKind,
    Locality,
    LocalityKind,
    LoudspeakerCluster,
    ResidentialGroup,
    Resolution,
    ResolutionKind,
    ResponsibleUnit,
    Role,
    Target,
)
from campaigns.models.fields import ALL_WEEKDAYS
from campaigns.places.roles import roles_ensure, ward_groups_ensure, ward_setup

DEMO_PASSWORD = "tuyentruyen2026"  # noqa: S105 - demo accounts on a local machine
GROUPS_PER_WARD = 12
GROUPS_PER_CLUSTER = 4
SLOTS = ((datetime.time(6, 0), datetime.time(6, 30)), (datetime.time(17, 0), datetime.time(17, 30)))
CAMPAIGN_SLUG = "nha-o-xa-hoi-02-nq-tu"
CAMPAIGN_TITLE = (
    "Kế hoạch tuyên truyền Nghị quyết số 02-NQ/TU ngày 10/12/2025 của Ban Chấp hành Đảng bộ "
    "thành phố về sửa đổi, bổ sung một số điều của Nghị quyết số 09-NQ/TU, ngày 13/11/2023 về "
    "phát triển nhà ở xã hội trên địa bàn thành phố Hải Phòng đến năm 2030"
)
CITY_PARTY_COMMITTEE = "Ban Chấp hành Đảng bộ thành phố Hải Phòng"


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: str | None  # None: superuser


DEMO_USERS = (
    DemoUser("admin", "Quản trị hệ thống", None),
    DemoUser("bientap", "Nguyễn Thị Biên", Role.EDITOR),
    DemoUser("truyenthanh", "Trần Văn Thanh", Role.BROADCAST),
    DemoUser("lanhdao", "Phạm Minh Đạo", Role.SUPERVISOR),
)


def _locality(name, kind, slug, parent=None) -> Locality:
    locality, _ = Locality.objects.update_or_create(
        slug=slug, defaults={"name": name, "kind": kind, "parent": parent}
    )
    return locality


def _groups(ward: Locality, kind: str, label: str) -> list[ResidentialGroup]:
    groups = []
    for number in range(1, GROUPS_PER_WARD + 1):
        group, _ = ResidentialGroup.objects.update_or_create(
            ward=ward, name=f"{label} số {number}",
            defaults={
                "kind": kind,
                "households": 180 + 37 * number % 140,
                "head_name": f"Tổ trưởng {label.lower()} {number}",
                "head_phone": f"09{ward.pk % 10}{number:07d}",
            },
        )
        groups.append(group)
    return groups


def _clusters(ward: Locality, groups: list[ResidentialGroup]) -> list[LoudspeakerCluster]:
    clusters = []
    for index in range(len(groups) // GROUPS_PER_CLUSTER):
        covered = groups[index * GROUPS_PER_CLUSTER:(index + 1) * GROUPS_PER_CLUSTER]
        cluster, _ = LoudspeakerCluster.objects.update_or_create(
            ward=ward, slug=f"cum-{index + 1}",
            defaults={"name": f"Cụm loa số {index + 1}", "reading_speed": 180},
        )
        cluster.groups.set(covered)
        for start, end in SLOTS:
            BroadcastSlot.objects.update_or_create(
                cluster=cluster, start=start, defaults={"end": end, "weekdays": ALL_WEEKDAYS}
            )
        clusters.append(cluster)
    return clusters


def _resolution(*, kind, code, issued_on, issuer, title, locality) -> Resolution:
    resolution, _ = Resolution.objects.update_or_create(
        code=code, issuer=issuer, issued_on=issued_on,
        defaults={"kind": kind, "title": title, "locality": locality},
    )
    return resolution


def _resolutions(city: Locality, ward: Locality) -> tuple[Resolution, Resolution, Resolution]:
    nq09 = _resolution(
        kind=ResolutionKind.NGHI_QUYET, code="09-NQ/TU", issued_on=datetime.date(2023, 11, 13),
        issuer=CITY_PARTY_COMMITTEE, locality=city,
        title="Về phát triển nhà ở xã hội trên địa bàn thành phố Hải Phòng đến năm 2030",
    )
    nq02 = _resolution(
        kind=ResolutionKind.NGHI_QUYET, code="02-NQ/TU", issued_on=datetime.date(2025, 12, 10),
        issuer=CITY_PARTY_COMMITTEE, locality=city,
        title=(
            "Về sửa đổi, bổ sung một số điều của Nghị quyết số 09-NQ/TU, ngày 13/11/2023 về phát triển "
            "nhà ở xã hội trên địa bàn thành phố Hải Phòng đến năm 2030"
        ),
    )
    nq02.amends.set([nq09])
    kh94 = _resolution(
        kind=ResolutionKind.KE_HOACH, code="94-KH/ĐU", issued_on=datetime.date(2026, 4, 7),
        issuer=f"Ban Thường vụ Đảng ủy {ward.get_kind_display().lower()} {ward.name}", locality=ward,
        title="Về tuyên truyền Nghị quyết số 02-NQ/TU ngày 10/12/2025 của Ban Chấp hành Đảng bộ thành phố",
    )
    kh94.implements.set([nq02])
    return nq09, nq02, kh94


def _campaign(ward: Locality, resolutions) -> Campaign:
    campaign, _ = Campaign.objects.update_or_create(
        ward=ward, slug=CAMPAIGN_SLUG,
        defaults={
            "number": "",
            "title": CAMPAIGN_TITLE,
            "period_start": datetime.date(2026, 4, 15),
            "period_end": datetime.date(2030, 12, 31),
            "purposes": hai_an_plan.PURPOSES,
            "themes": hai_an_plan.THEMES,
            "budget_source": "Từ nguồn ngân sách phường hằng năm",
            "lead_unit": "Phòng Văn hóa - Xã hội phường",
            "recipients": hai_an_plan.RECIPIENTS,
            "signer": "Bùi Quang Ngân",
            "reporting_days": [],
            "channels": sorted([
                Channel.MEETING, Channel.PORTAL, Channel.PRESS, Channel.FACEBOOK, Channel.ZALO,
                Channel.YOUTUBE, Channel.VISUAL, Channel.LOUDSPEAKER,
            ]),
            "status": CampaignStatus.ACTIVE,
        },
    )
    campaign.resolutions.set(resolutions)
    for order, (text, quantity, start, end) in enumerate((
        ("Giai đoạn 2021 - 2025: hoàn thành 16.555 căn nhà ở xã hội", 16555, 2021, 2025),
        ("Giai đoạn 2026 - 2030: hoàn thành 32.900 căn nhà ở xã hội", 32900, 2026, 2030),
    )):
        Target.objects.update_or_create(
            campaign=campaign, start_year=start, end_year=end,
            defaults={"text": text, "quantity": quantity, "unit": "căn", "sort_order": order},
        )
    for order, (name, tasks) in enumerate(hai_an_plan.UNITS):
        ResponsibleUnit.objects.update_or_create(
            campaign=campaign, name=name, defaults={"tasks": tasks, "sort_order": order}
        )
    return campaign


def _users(ward: Locality) -> list[DemoUser]:
    User = get_user_model()
    ward_groups = ward_groups_ensure(locality=ward)
    for demo in DEMO_USERS:
        first, _, last = demo.full_name.rpartition(" ")
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={"first_name": last, "last_name": first, "email": f"{demo.username}@loa.local"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
        user.is_staff = demo.role is None
        user.is_superuser = demo.role is None
        user.save()
        if demo.role is not None:
            user.groups.set([ward_groups[demo.role]])
    return list(DEMO_USERS)


@transaction.atomic
def demo_load() -> dict:
    roles_ensure()
    city = _locality("Hải Phòng", LocalityKind.CITY, "hai-phong")
    hai_an = _locality("Hải An", LocalityKind.WARD, "hai-an", city)
    ha_bac = _locality("Hà Bắc", LocalityKind.COMMUNE, "ha-bac", city)
    for locality in (city, hai_an, ha_bac):
        ward_setup(locality=locality)
    _clusters(hai_an, _groups(hai_an, GroupKind.TO_DAN_PHO, "Tổ dân phố"))
    _clusters(ha_bac, _groups(ha_bac, GroupKind.THON, "Thôn"))
    nq09, nq02, kh94 = _resolutions(city, hai_an)
    campaign = _campaign(hai_an, [nq02, kh94])
    users = _users(hai_an)
    city_campaign = coverage_demo.city_campaign_ensure(city=city, ward_campaigns=[campaign], resolutions=[nq02])
    coverage_demo.city_officer_ensure(city=city, password=DEMO_PASSWORD)
    users.append(DemoUser(coverage_demo.CITY_OFFICER[0], coverage_demo.CITY_OFFICER[1], Role.CITY_OFFICER))
    return {"campaign": campaign, "city_campaign": city_campaign, "users": users, "password": DEMO_PASSWORD}
