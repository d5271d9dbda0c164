"""`manage.py archive_campaign`: a closed campaign's records in a compressed JSON file, nothing deleted."""

import datetime as dt
import gzip
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from campaigns.models import CampaignStatus, Delivery, Publication


@pytest.fixture
def closed_campaign(demo, published_piece):
    from cms.models import ArticlePage

    campaign = demo["campaign"]
    page = published_piece(ArticlePage, title="Tin tổng kết", intro="Sapo", body=[])
    start = timezone.now() - dt.timedelta(days=3)
    publication = Publication.objects.create(ward=campaign.ward, campaign=campaign, page=page, channel="facebook",
                                             starts_at=start, rrule="FREQ=DAILY;COUNT=3")
    from campaigns.scheduling.expansion import publication_schedule

    publication_schedule(publication=publication, now=start - dt.timedelta(minutes=1))
    campaign.status = CampaignStatus.CLOSED
    campaign.save()
    return campaign


def test_a_closed_campaign_is_archived_and_kept(closed_campaign, tmp_path):
    deliveries = Delivery.objects.filter(publication__campaign=closed_campaign).count()
    assert deliveries == 3
    output = tmp_path / "ke-hoach.json.gz"
    call_command("archive_campaign", closed_campaign.slug, output=str(output), ward="hai-an")
    with gzip.open(output, "rt", encoding="utf-8") as handle:
        archive = json.load(handle)
    assert archive["campaign"]["slug"] == closed_campaign.slug
    assert archive["counts"]["campaigns.Delivery"] == deliveries
    assert archive["counts"]["campaigns.Publication"] == 1
    models = {item["model"] for item in archive["objects"]}
    assert {"campaigns.campaign", "campaigns.publication", "campaigns.delivery"} <= models
    assert Delivery.objects.filter(publication__campaign=closed_campaign).count() == deliveries  # kept


def test_only_closed_campaigns_are_archived_and_bad_input_is_explained(demo, tmp_path):
    campaign = demo["campaign"]
    output = str(tmp_path / "a.json.gz")
    with pytest.raises(CommandError, match="chưa kết thúc"):
        call_command("archive_campaign", campaign.slug, output=output)
    with pytest.raises(CommandError, match="Không có kế hoạch"):
        call_command("archive_campaign", "khong-ton-tai", output=output)
    with pytest.raises(CommandError, match=r"\.json\.gz"):
        call_command("archive_campaign", campaign.slug, output=str(tmp_path / "a.txt"))
    campaign.status = CampaignStatus.CLOSED
    campaign.save()
    with pytest.raises(CommandError, match="Không ghi được"):
        call_command("archive_campaign", campaign.slug, output=str(tmp_path / "khong" / "co" / "a.json.gz"))
    assert not (tmp_path / "a.json.gz").exists()
