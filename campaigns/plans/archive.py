"""Archiving a closed campaign: everything recorded about it, in one compressed JSON file.

Nothing is deleted: deliveries and logs are kept in the database, so reports read them as before;
the archive is the campaign's record to file away (or to keep when a later, separate purge runs).
The rows are those of every model that points at the campaign, and of every model that points at
those (publications, then their deliveries), in Django's serialization format (``loaddata`` reads it).
"""

import gzip
import json
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.utils import timezone

from campaigns.models import Campaign, CampaignStatus

LEVELS = 2  # campaign -> publications, targets, pages -> deliveries, logs


class ArchiveError(Exception):
    """A message for the person running the command (Vietnamese)."""


def campaign_for_archive(slug: str, ward_slug: str | None = None) -> Campaign:
    campaigns = Campaign.objects.filter(slug=slug)
    if ward_slug:
        campaigns = campaigns.filter(ward__slug=ward_slug)
    found = list(campaigns.select_related("ward")[:2])
    if not found:
        raise ArchiveError(f"Không có kế hoạch nào có mã “{slug}”.")
    if len(found) > 1:
        raise ArchiveError(f"Có nhiều kế hoạch mã “{slug}” ở các đơn vị khác nhau: hãy thêm --ward.")
    campaign = found[0]
    if campaign.status != CampaignStatus.CLOSED:
        raise ArchiveError(f"Kế hoạch “{campaign.title}” chưa kết thúc: chỉ lưu trữ kế hoạch đã kết thúc.")
    return campaign


def related_rows(campaign: Campaign) -> dict[str, list]:
    """Rows pointing at the campaign, and at those rows, by model label."""
    found: dict[str, list] = {Campaign._meta.label: [campaign]}
    frontier = {Campaign: [campaign.pk]}
    for _level in range(LEVELS):
        next_frontier = {}
        for model in apps.get_models():
            if model._meta.proxy:
                continue
            for field in model._meta.concrete_fields:
                target = getattr(field, "related_model", None)
                if not field.many_to_one or target not in frontier or model is target:
                    continue
                rows = list(model._default_manager.filter(**{f"{field.name}__in": frontier[target]}).order_by("pk"))
                known = {row.pk for row in found.get(model._meta.label, [])}
                new = [row for row in rows if row.pk not in known]
                if new:
                    found.setdefault(model._meta.label, []).extend(new)
                    next_frontier.setdefault(model, []).extend(row.pk for row in new)
        frontier = next_frontier
    return found


def campaign_archive(campaign: Campaign, output: Path) -> dict[str, int]:
    rows = related_rows(campaign)
    objects = [row for label in sorted(rows) for row in rows[label]]
    document = {
        "campaign": {"ward": campaign.ward.slug, "slug": campaign.slug, "title": campaign.title},
        "archived_at": timezone.now().isoformat(),
        "counts": {label: len(items) for label, items in sorted(rows.items())},
        "objects": json.loads(serializers.serialize("json", objects)),
    }
    output = Path(output)
    partial = output.with_name(output.name + ".tmp")
    with gzip.open(partial, "wt", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False)
    partial.replace(output)  # never a half-written archive under the final name
    return document["counts"]
