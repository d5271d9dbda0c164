"""The hand-counted coverage fixture (see tests/test_coverage.py's docstring for the counts)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from campaigns.models import Campaign, Delivery, DeliveryStatus, Locality, Publication, ResidentialGroup
from cms.models import WardHomePage

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
S = DeliveryStatus


def at(day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, minute, tzinfo=HCM)


@pytest.fixture
def counted(demo):
    hai_an, ha_bac = Locality.objects.get(slug="hai-an"), Locality.objects.get(slug="ha-bac")
    city = Locality.objects.get(slug="hai-phong")
    city_campaign = Campaign.objects.create(ward=city, title="Kế hoạch thành phố (thử)", slug="tp-thu",
                                            channels=["loudspeaker", "meeting", "portal"])
    campaign = demo["campaign"]
    campaign.parent = city_campaign
    campaign.save()
    ha_bac_campaign = Campaign.objects.create(ward=ha_bac, title="Kế hoạch Hà Bắc (thử)", slug="hb-thu",
                                              parent=city_campaign)
    other = Campaign.objects.create(ward=hai_an, title="Kế hoạch khác", slug="khac")
    groups = {g.name: g for g in ResidentialGroup.objects.filter(ward=hai_an)}
    g1, g2, g3 = groups["Tổ dân phố số 1"], groups["Tổ dân phố số 2"], groups["Tổ dân phố số 3"]
    hb1 = ResidentialGroup.objects.get(ward=ha_bac, name="Thôn số 1")
    pages = {ward.pk: WardHomePage.objects.get(locality=ward) for ward in (hai_an, ha_bac)}

    def publication(camp, channel):
        return Publication.objects.create(ward=camp.ward, campaign=camp, page=pages[camp.ward_id], channel=channel,
                                          starts_at=at(1))

    loud, meet, portal = (publication(campaign, c) for c in ("loudspeaker", "meeting", "portal"))
    rows = [
        (loud, g1, at(3), S.CONFIRMED), (loud, g1, at(3, 17), S.DELIVERED), (loud, g1, at(10), S.MISSED),
        (loud, g2, at(3), S.CANCELLED), (loud, g2, at(4), S.PLANNED),
        (loud, g3, at(8, 23, 30), S.DELIVERED), (loud, g3, at(9, 0, 30), S.CONFIRMED),
        (meet, g1, at(10), S.CONFIRMED), (portal, None, at(5), S.DELIVERED),
        (publication(other, "loudspeaker"), g1, at(3), S.CONFIRMED),
        (publication(ha_bac_campaign, "loudspeaker"), hb1, at(3), S.CONFIRMED),
    ]
    Delivery.objects.bulk_create(
        Delivery(publication=pub, channel=pub.channel, occurrence=due, due_at=due, group=group, status=status)
        for pub, group, due, status in rows
    )
    return {"campaign": campaign, "city": city_campaign, "g1": g1, "g2": g2, "g3": g3, "hb1": hb1,
            "hai_an": hai_an, "ha_bac": ha_bac}
