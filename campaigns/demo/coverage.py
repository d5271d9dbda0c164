"""Demo coverage: the Hải Phòng city campaign over the Hải An and Hà Bắc campaigns, six weeks of
loudspeaker and meeting deliveries already carried out (dates relative to the load time), with gaps
so the matrix shows what is missing, and a city officer."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns.content.channels import Channel
from campaigns.models import (
    AudienceKind,
    Campaign,
    CampaignStatus,
    ConfirmationSource,
    Delivery,
    DeliveryStatus,
    Locality,
    LoudspeakerCluster,
    Publication,
    ResidentialGroup,
    Role,
)
from campaigns.places.roles import ward_groups_ensure
from campaigns.plans.cascade import campaign_cascade

CITY_CAMPAIGN_SLUG = "tuyen-truyen-nq-02-thanh-pho"
CITY_CAMPAIGN_TITLE = "Kế hoạch tuyên truyền Nghị quyết 02-NQ/TU trên địa bàn thành phố Hải Phòng"
CITY_OFFICER = ("canbothanhpho", "Lê Thị Thành")
DEMO_DAYS = 42
# Groups (by number) the demo leaves without deliveries lately (a gap) or at all.
GAP_GROUPS, NEVER_GROUPS, GAP_DAYS = {5, 3}, {11, 8}, 14


def city_campaign_ensure(*, city: Locality, ward_campaigns: list[Campaign], resolutions) -> Campaign:
    campaign, _ = Campaign.objects.update_or_create(
        ward=city, slug=CITY_CAMPAIGN_SLUG,
        defaults={
            "title": CITY_CAMPAIGN_TITLE, "number": "45/KH-UBND", "status": CampaignStatus.ACTIVE,
            "period_start": dt.date(2026, 1, 1), "period_end": dt.date(2030, 12, 31),
            "themes": ["Chủ trương của thành phố về phát triển nhà ở xã hội đến năm 2030",
                       "Điều kiện, thủ tục mua, thuê mua nhà ở xã hội"],
            "reporting_days": [12, 27],
            "channels": sorted([Channel.LOUDSPEAKER, Channel.MEETING, Channel.PORTAL, Channel.VISUAL]),
            "recipients": ["Ban Tuyên giáo và Dân vận Thành ủy", "Sở Văn hóa, Thể thao và Du lịch"],
            "signer": "Nguyễn Văn Phố",
        },
    )
    campaign.resolutions.set(resolutions)
    for child in ward_campaigns:
        if child.parent_id != campaign.pk:
            child.parent = campaign
            child.save(update_fields=["parent"])
    campaign_cascade(campaign=campaign)
    return campaign


def city_officer_ensure(*, city: Locality, password: str):
    username, full_name = CITY_OFFICER
    first, _, last = full_name.rpartition(" ")
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": last, "last_name": first, "email": f"{username}@loa.local"})
    if created:
        user.set_password(password)
        user.save()
    user.groups.set([ward_groups_ensure(locality=city)[Role.CITY_OFFICER]])
    return user


def _status(channel: str, number: int, days_ago: int, index: int) -> str:
    if number in NEVER_GROUPS or (number in GAP_GROUPS and days_ago <= GAP_DAYS):
        return DeliveryStatus.MISSED
    if channel == Channel.LOUDSPEAKER and (index + number) % 9 == 0:
        return DeliveryStatus.MISSED
    return DeliveryStatus.CONFIRMED if (index + number) % 4 else DeliveryStatus.DELIVERED


def coverage_demo_load(*, campaign: Campaign, page, now: dt.datetime | None = None) -> int:
    """Past loudspeaker (daily, 06:00) and meeting (weekly) deliveries of ``page`` (a piece kept for
    this demo) for every group of the campaign's ward; nothing when the page has publications
    already (safe to run twice)."""
    if Publication.objects.filter(campaign=campaign, page=page).exists():
        return 0
    now = now or timezone.now()
    local = timezone.localtime(now)
    first_day = local.date() - dt.timedelta(days=DEMO_DAYS)
    starts = timezone.make_aware(dt.datetime.combine(first_day, dt.time(6, 0)))
    groups = list(ResidentialGroup.objects.filter(ward=campaign.ward).order_by("pk"))
    cluster_of = dict(LoudspeakerCluster.groups.through.objects.filter(residentialgroup__in=groups)
                      .values_list("residentialgroup_id", "loudspeakercluster_id"))
    rows = []
    for channel, every, hour in ((Channel.LOUDSPEAKER, 1, 6), (Channel.MEETING, 7, 19)):
        count = DEMO_DAYS // every
        publication = Publication.objects.create(
            ward=campaign.ward, campaign=campaign, page=page, channel=channel,
            audience=AudienceKind.GROUPS, starts_at=starts.replace(hour=hour),
            rrule=f"FREQ=DAILY;INTERVAL={every};COUNT={count}",
        )
        publication.groups.set(groups)
        for index in range(count):
            due = publication.starts_at + dt.timedelta(days=index * every)
            days_ago = (local.date() - timezone.localtime(due).date()).days
            for number, group in enumerate(groups, start=1):
                status = _status(channel, number, days_ago, index)
                done = status in (DeliveryStatus.CONFIRMED, DeliveryStatus.DELIVERED)
                rows.append(Delivery(
                    publication=publication, channel=channel, occurrence=due, due_at=due, group=group,
                    cluster_id=cluster_of.get(group.pk) if channel == Channel.LOUDSPEAKER else None,
                    status=status, delivered_at=due + dt.timedelta(minutes=20) if done else None,
                    confirmed_at=due + dt.timedelta(hours=2) if status == DeliveryStatus.CONFIRMED else None,
                    confirmed_via=ConfirmationSource.GROUP_HEAD if status == DeliveryStatus.CONFIRMED else
                    (ConfirmationSource.CLOCK if status == DeliveryStatus.MISSED else ""),
                ))
    Delivery.objects.bulk_create(rows, batch_size=500)
    return len(rows)
