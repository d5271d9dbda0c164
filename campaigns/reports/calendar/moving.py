"""Moving one future occurrence of a publication to another day (drag and drop in the calendar).

A recurring publication keeps its rule: the occurrence is taken out of it (an exdate) and a one-off
publication of the same piece, channel and audience takes its place; a one-off publication simply
gets its new time. Either way the scheduler's own conflict checks run on the result, and its own
expansion cancels the old deliveries (kept for the record) and creates the new ones. Nothing is
kept when a conflict is an error, or when warnings or an approved item were not confirmed.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from campaigns.content.approval import piece_is_approved
from campaigns.models import Delivery, Publication
from campaigns.reports.calendar.entries import MOVABLE_STATUSES
from campaigns.reports.calendar.periods import CalendarInputError
from campaigns.scheduling.conflicts import Conflict, ConflictsBySeverity, publication_conflicts
from campaigns.scheduling.expansion import publication_schedule
from campaigns.scheduling.recurrence import LOCAL_TZ


@dataclass
class MoveResult(ConflictsBySeverity):
    conflicts: list[Conflict] = field(default_factory=list)
    moved: bool = False
    needs_confirmation: bool = False
    approved: bool = False  # the occurrence was approved to go out as it was
    publication_id: int | None = None  # where the occurrence now lives

    def as_dict(self) -> dict:
        return {"moved": self.moved, "needs_confirmation": self.needs_confirmation, "approved": self.approved,
                "publication": self.publication_id, "conflicts": [c.as_dict() for c in self.conflicts]}


def parse_occurrence_key(key: str) -> tuple[int, dt.datetime]:
    """``<publication id>@<UTC stamp>`` (``Entry.key``) → (id, aware occurrence)."""
    pk_text, _sep, stamp = (key or "").partition("@")
    try:
        moment = dt.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        pk = int(pk_text) if pk_text.isascii() and pk_text.isdigit() and len(pk_text) < 19 else None
    except ValueError:
        pk = None
    if not pk:
        raise CalendarInputError("Không nhận ra lượt cần dời. Hãy tải lại lịch rồi thử lại.")
    return pk, moment


def occurrence_move(*, publication: Publication, occurrence: dt.datetime, to_day: dt.date, user=None,
                    confirmed: bool = False, now: dt.datetime | None = None) -> MoveResult:
    """Move ``occurrence`` of ``publication`` to ``to_day`` at the same time of day."""
    now = now or timezone.now()
    local = occurrence.astimezone(LOCAL_TZ)
    target = dt.datetime.combine(to_day, local.time().replace(tzinfo=None), tzinfo=LOCAL_TZ)
    if occurrence <= now or target <= now:
        raise CalendarInputError("Chỉ dời được lượt chưa tới giờ, sang một ngày chưa qua.")
    if target == local:
        raise CalendarInputError("Lượt này đã ở ngày đó.")
    rows = Delivery.objects.filter(publication=publication, occurrence=occurrence)
    statuses = set(rows.values_list("status", flat=True))
    if not statuses or publication.cancelled_at is not None:
        raise CalendarInputError("Không tìm thấy lượt này trong lịch (có thể đã bị hủy hoặc đổi).")
    if not statuses <= set(MOVABLE_STATUSES):
        raise CalendarInputError("Lượt này đã được gửi hoặc đang xử lý nên không dời được.")
    result = MoveResult(approved=piece_is_approved(publication.page))
    with transaction.atomic():
        locked = Publication.objects.select_for_update().select_related("page", "campaign").get(pk=publication.pk)
        if locked.rrule:
            moved = _split_off(locked, occurrence, target, user)
        else:
            locked.starts_at = target
            locked.save(update_fields=["starts_at", "updated_at"])
            moved = locked
        result.publication_id = moved.pk
        result.conflicts = publication_conflicts(publication=moved, now=now)
        if result.errors or (not confirmed and (result.warnings or result.approved)):
            result.needs_confirmation = not result.errors
            transaction.set_rollback(True)
            return result
        moved.conflicts = [conflict.as_dict() for conflict in result.warnings]
        moved.save(update_fields=["conflicts"])
        if moved.pk != locked.pk:
            publication_schedule(publication=locked, now=now)
        publication_schedule(publication=moved, now=now)
        result.moved = True
    return result


def _split_off(publication: Publication, occurrence: dt.datetime, target: dt.datetime, user) -> Publication:
    stamp = occurrence.astimezone(LOCAL_TZ).replace(tzinfo=None).isoformat(timespec="minutes")
    publication.exdates = [*publication.exdates, stamp]
    publication.save(update_fields=["exdates", "updated_at"])
    one_off = Publication.objects.create(
        ward_id=publication.ward_id, campaign_id=publication.campaign_id, page_id=publication.page_id,
        channel=publication.channel, audience=publication.audience, starts_at=target, rrule="",
        slot_mode=publication.slot_mode, created_by=user,
    )
    one_off.groups.set(publication.groups.all())
    one_off.clusters.set(publication.clusters.all())
    return one_off


