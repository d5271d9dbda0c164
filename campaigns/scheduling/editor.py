"""Scheduling a content piece from the admin: which pieces and channels, the expansion
preview, and the check-then-save of a publication (conflicts before anything is kept).

The admin's publication editor calls these; the rules themselves live in
``campaigns.scheduling.expansion`` (expansion) and ``campaigns.scheduling.conflicts``.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from wagtail.models import Page, get_page_models

from campaigns.content.approval import piece_go_live_at
from campaigns.content.channels import PER_GROUP_CHANNELS, Channel
from campaigns.models import Delivery, DeliveryStatus, LoudspeakerCluster, Publication, ResidentialGroup
from campaigns.places import access
from campaigns.scheduling.conflicts import Conflict, ConflictsBySeverity, publication_conflicts
from campaigns.scheduling.expansion import ScheduleResult, desired_rows, publication_schedule
from campaigns.scheduling.recurrence import LOCAL_TZ

PREVIEW_DATES = 10
PREVIEW_GROUP_LINES = 50
# Above this many deliveries the expansion runs as a django-q2 task after the save.
BACKGROUND_THRESHOLD = 5000


# --- pieces and channels ------------------------------------------------------------------


def piece_models() -> list[type[Page]]:
    """Page types that are campaign content (they set ``inherits_campaign = True``)."""
    return [model for model in get_page_models()
            if getattr(model, "inherits_campaign", False) and not model._meta.abstract]


def is_piece(page: Page) -> bool:
    return bool(getattr(page.specific_class, "inherits_campaign", False))


def is_script(page: Page) -> bool:
    """Loudspeaker scripts carry an airtime; only they can be read on air."""
    return hasattr(page.specific, "airtime_seconds")


def pieces_for_user(user, *, live_only: bool = True) -> list[Page]:
    """The content pieces of the wards the user may schedule for, newest first."""
    ward_ids = set(access.user_wards(user).values_list("pk", flat=True))
    pieces = []
    for model in piece_models():
        queryset = model.objects.filter(campaign__ward_id__in=ward_ids).select_related("campaign")
        if live_only:  # and those approved to go live later (scheduled to the portal)
            queryset = queryset.filter(Q(live=True) | Q(latest_revision__approved_go_live_at__isnull=False))
        pieces.extend(queryset)
    return sorted(pieces, key=lambda page: page.latest_revision_created_at or timezone.now(), reverse=True)


def piece_channels(page: Page) -> list[str]:
    """Channels a piece may go out on: its campaign's channels (all when the plan names none);
    the loudspeaker only for scripts, and first for them."""
    campaign = page.specific.campaign
    allowed = set(campaign.channels or Channel.values)
    if not page.live and piece_go_live_at(page) is not None:
        # Approved to go live later: only the portal, whose delivery publishes it at its time.
        return [Channel.PORTAL] if Channel.PORTAL in allowed else []
    script = is_script(page)
    if not script:
        allowed.discard(Channel.LOUDSPEAKER)
    ordered = [code for code in Channel.values if code in allowed]
    if script and Channel.LOUDSPEAKER in ordered:
        ordered.remove(Channel.LOUDSPEAKER)
        ordered.insert(0, Channel.LOUDSPEAKER)
    return ordered


# --- preview ------------------------------------------------------------------------------------


@dataclass
class PreviewLine:
    label: str
    cluster: str
    count: int


@dataclass
class Preview:
    total: int = 0  # future deliveries the rule gives
    new: int = 0  # of which not created yet (all of them for a new publication)
    occurrences: int = 0
    targets: int = 0
    first_dates: list[dt.datetime] = field(default_factory=list)
    lines: list[PreviewLine] = field(default_factory=list)
    more_lines: int = 0
    unplaced: list[str] = field(default_factory=list)
    explanation: str = ""

    @property
    def background(self) -> bool:
        return self.new > BACKGROUND_THRESHOLD


def publication_preview(publication: Publication, *, now: dt.datetime | None = None) -> Preview:
    """What expanding a saved publication would give, without writing anything."""
    now = now or timezone.now()
    rows, unplaced = desired_rows(publication, now)
    existing = set(Delivery.objects.filter(publication=publication, occurrence__gte=now)
                   .exclude(status=DeliveryStatus.CANCELLED).values_list("occurrence", "group_id"))
    occurrence_set = {occurrence for occurrence, _group in rows}
    per_group = Counter(group_id for _occurrence, group_id in rows)
    clusters = {group_id: cluster_id for (_o, group_id), (_due, cluster_id) in rows.items()}
    group_names = dict(ResidentialGroup.objects.filter(pk__in=per_group).values_list("pk", "name"))
    cluster_names = dict(LoudspeakerCluster.objects.filter(pk__in=set(clusters.values()) - {None})
                         .values_list("pk", "name"))
    lines = [PreviewLine(label=group_names.get(group_id, "") if group_id else "Toàn phường/xã",
                         cluster=cluster_names.get(clusters.get(group_id), ""), count=count)
             for group_id, count in sorted(per_group.items(), key=lambda item: item[0] or 0)]
    channel = publication.get_channel_display()
    if publication.channel in PER_GROUP_CHANNELS:
        explanation = (f"{channel}: mỗi lần gửi tới từng tổ/thôn — {len(per_group)} tổ/thôn × "
                       f"{len(occurrence_set)} lần = {len(rows)} lượt.")
    else:
        explanation = f"{channel}: mỗi lần là một lượt chung cho toàn phường/xã — {len(rows)} lượt."
    due_times = sorted({due for due, _cluster in rows.values()})
    return Preview(
        total=len(rows), new=len(set(rows) - existing), occurrences=len(occurrence_set), targets=len(per_group),
        first_dates=[due.astimezone(LOCAL_TZ) for due in due_times[:PREVIEW_DATES]],
        lines=lines[:PREVIEW_GROUP_LINES], more_lines=max(len(lines) - PREVIEW_GROUP_LINES, 0),
        unplaced=sorted(set(unplaced)), explanation=explanation,
    )


# --- check, then save ---------------------------------------------------------------------------


@dataclass
class PublicationCheck(ConflictsBySeverity):
    conflicts: list[Conflict]
    preview: Preview
    saved: bool = False


def publication_check(*, publication: Publication, groups, clusters, save: bool, acknowledged: bool,
                      now: dt.datetime | None = None) -> PublicationCheck:
    """Save the publication and its audience, then find its conflicts and preview its expansion.

    Everything is rolled back unless ``save`` is asked for, no conflict is an
    error, and the warnings (if any) were ``acknowledged``; kept warnings are
    stored on the publication. Deliveries are not created here (see
    ``publication_expand``).
    """
    created = publication.pk is None
    with transaction.atomic():
        publication.save()
        publication.groups.set(groups)
        publication.clusters.set(clusters)
        check = PublicationCheck(conflicts=publication_conflicts(publication=publication, now=now),
                                 preview=publication_preview(publication, now=now))
        if save and not check.errors and (acknowledged or not check.warnings):
            publication.conflicts = [conflict.as_dict() for conflict in check.warnings]
            publication.save(update_fields=["conflicts"])
            check.saved = True
        else:
            transaction.set_rollback(True)
    if not check.saved and created:
        publication.pk = None
    return check


def publication_expand(*, publication: Publication, preview: Preview | None = None) -> ScheduleResult | None:
    """Expand now, or, for a big expansion, in a django-q2 task once the save is committed (returns None)."""
    if preview is not None and preview.background:
        from django_q.tasks import async_task

        transaction.on_commit(lambda: async_task("campaigns.dispatch.tasks.publication_schedule_task", publication.pk,
                                                 task_name=f"publication-schedule-{publication.pk}"))
        return None
    return publication_schedule(publication=publication)
