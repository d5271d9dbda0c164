"""A fixture month for the calendar tests: December 2026 in Hải An (loudspeaker scripts, an
overbooked slot, a portal article) and in Hà Bắc (its own campaign and script), seen on 23/11/2026."""

import datetime as dt

import pytest

from campaigns.models import AudienceKind, Campaign, CampaignStatus, Locality, LoudspeakerCluster, Publication
from campaigns.scheduling.expansion import publication_schedule
from campaigns.scheduling.recurrence import LOCAL_TZ
from cms.models import ArticlePage, CampaignTopicPage, LoudspeakerScriptPage, WardHomePage

NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=LOCAL_TZ)
SHORT_SCRIPT = "Bài phát thanh nhà ở xã hội"
LONG_SCRIPT = "Bài phát thanh dài về an sinh"
LONG_SCRIPT_TWO = "Bài phát thanh dài thứ hai"
ARTICLE = "Tin bài khởi công nhà ở xã hội"
HA_BAC_SCRIPT = "Bài phát thanh chuyển đổi số Hà Bắc"
HA_BAC_CAMPAIGN = "Kế hoạch chuyển đổi số xã Hà Bắc"


def local(*args):
    return dt.datetime(*args, tzinfo=LOCAL_TZ)


def publish_under(topic, model, **fields):
    page = model(campaign=topic.campaign, **fields)
    topic.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def schedule(campaign, page, channel, *, starts_at, rrule="", clusters=None):
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel=channel,
                                             starts_at=starts_at, rrule=rrule)
    if clusters is not None:
        publication.audience = AudienceKind.CLUSTERS
        publication.save()
        publication.clusters.set(clusters)
    publication_schedule(publication=publication, now=NOW)
    return publication


@pytest.fixture
def world(demo, published_piece, time_machine):
    time_machine.move_to(NOW)
    campaign = demo["campaign"]
    campaign.status = CampaignStatus.ACTIVE
    campaign.reporting_days = [12, 27]
    campaign.save()
    hai_an = campaign.ward
    clusters = list(LoudspeakerCluster.objects.filter(ward=hai_an).order_by("slug"))
    short = published_piece(LoudspeakerScriptPage, title=SHORT_SCRIPT, text="Kính thưa bà con nhân dân. " * 10)
    long_one = published_piece(LoudspeakerScriptPage, title=LONG_SCRIPT, text="Kính thưa bà con " * 1000)
    long_two = published_piece(LoudspeakerScriptPage, title=LONG_SCRIPT_TWO, text="Kính thưa bà con " * 1000)
    article = published_piece(ArticlePage, title=ARTICLE, intro="Sapo", body=[])
    daily = schedule(campaign, short, "loudspeaker", starts_at=local(2026, 12, 1, 6), rrule="FREQ=DAILY;COUNT=10",
                     clusters=clusters)
    long_daily = schedule(campaign, long_one, "loudspeaker", starts_at=local(2026, 12, 1, 6),
                          rrule="FREQ=DAILY;COUNT=10", clusters=clusters[:1])
    overbooking = schedule(campaign, long_two, "loudspeaker", starts_at=local(2026, 12, 5, 6), clusters=clusters[:1])
    portal = schedule(campaign, article, "portal", starts_at=local(2026, 12, 5, 9))

    ha_bac = Locality.objects.get(slug="ha-bac")
    other_campaign = Campaign.objects.create(ward=ha_bac, title=HA_BAC_CAMPAIGN, status=CampaignStatus.ACTIVE,
                                             period_start=dt.date(2026, 11, 1), period_end=dt.date(2027, 6, 30))
    home = WardHomePage.objects.get(locality=ha_bac)
    topic = home.add_child(instance=CampaignTopicPage(title="Chuyển đổi số", slug="chuyen-doi-so",
                                                      campaign=other_campaign))
    topic.save_revision().publish()
    ha_bac_script = publish_under(topic, LoudspeakerScriptPage, title=HA_BAC_SCRIPT, slug="cds",
                                  text="Kính thưa bà con. " * 10)
    ha_bac_pub = schedule(other_campaign, ha_bac_script, "loudspeaker", starts_at=local(2026, 12, 2, 17),
                          rrule="FREQ=WEEKLY;COUNT=4",
                          clusters=list(LoudspeakerCluster.objects.filter(ward=ha_bac)))
    return {"campaign": campaign, "hai_an": hai_an, "ha_bac": ha_bac, "clusters": clusters, "daily": daily,
            "long_daily": long_daily, "overbooking": overbooking, "portal": portal, "ha_bac_pub": ha_bac_pub,
            "ha_bac_campaign": other_campaign}
