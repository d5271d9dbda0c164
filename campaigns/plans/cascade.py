"""Cascading a city campaign: each ward below the city gets its own campaign, a child of the city's."""

from __future__ import annotations

from django.db import transaction

from campaigns.models import Campaign, CampaignStatus, Locality
from campaigns.models.places import WARD_KINDS


def wards_below(locality: Locality) -> list[Locality]:
    """The wards and communes under ``locality`` (through a district if there is one). Few queries:
    one per level."""
    found, frontier = [], [locality.pk]
    while frontier:
        children = list(Locality.objects.filter(parent_id__in=frontier).order_by("name"))
        found += [child for child in children if child.kind in WARD_KINDS]
        frontier = [child.pk for child in children if child.kind not in WARD_KINDS]
    return found


@transaction.atomic
def campaign_cascade(*, campaign: Campaign, wards: list[Locality] | None = None) -> list[Campaign]:
    """Create, for each ward below the campaign's locality that has none yet, a draft campaign that
    is a child of ``campaign`` and copies its resolutions, themes, purposes, channels, period and
    reporting days. Returns the campaigns created; running it again creates nothing."""
    wards = wards_below(campaign.ward) if wards is None else wards
    have = set(campaign.children.values_list("ward_id", flat=True))
    resolutions = list(campaign.resolutions.all())
    created = []
    for ward in wards:
        if ward.pk in have or ward.kind not in WARD_KINDS:
            continue
        # The ward's slug in the child's keeps ``coverage_report --campaign`` unambiguous.
        slug = f"{campaign.slug}-{ward.slug}"[:120]
        child = Campaign.objects.create(
            ward=ward, parent=campaign, title=f"{campaign.title} ({ward.get_kind_display().lower()} {ward.name})",
            slug=slug, themes=list(campaign.themes or []), purposes=list(campaign.purposes or []),
            reporting_days=list(campaign.reporting_days or []), channels=list(campaign.channels or []),
            period_start=campaign.period_start, period_end=campaign.period_end, status=CampaignStatus.DRAFT,
        )
        child.resolutions.set(resolutions)
        created.append(child)
    return created
