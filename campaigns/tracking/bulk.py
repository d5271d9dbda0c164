"""Staff confirm deliveries carried out by people (visual, meeting, bulletin, mobile team, loudspeaker)
many at a time: the rows to confirm (a selector), and the confirmation with its evidence (a service)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet

from campaigns.content.channels import Channel
from campaigns.models import ConfirmationSource, Delivery, DeliveryStatus
from campaigns.places.access import scope_queryset
from campaigns.tracking.evidence import evidence_record
from campaigns.tracking.links import CONFIRMABLE, day_bounds
from campaigns.tracking.transitions import MoveOutcome, deliveries_move

S = DeliveryStatus
# Channels a person carries out and then confirms; the others are confirmed by their API.
CONFIRMED_BY_PEOPLE = (Channel.VISUAL, Channel.MEETING, Channel.BULLETIN, Channel.MOBILE_TEAM,
                       Channel.LOUDSPEAKER, Channel.PRESS)
PENDING = "pending"  # the status filter's default: every status a confirmation may move from


@dataclass(frozen=True)
class ConfirmFilters:
    campaign_id: int | None = None
    channel: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    group_id: int | None = None
    status: str = PENDING


def deliveries_to_confirm(*, user, filters: ConfirmFilters) -> QuerySet:
    """The deliveries of the user's wards done by people, narrowed by ``filters``."""
    rows = scope_queryset(Delivery.objects.all(), user, for_change=True).filter(channel__in=CONFIRMED_BY_PEOPLE)
    rows = rows.filter(status__in=CONFIRMABLE) if filters.status in ("", PENDING) else rows.filter(
        status=filters.status)
    if filters.campaign_id:
        rows = rows.filter(publication__campaign_id=filters.campaign_id)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.group_id:
        rows = rows.filter(group_id=filters.group_id)
    if filters.date_from:
        rows = rows.filter(due_at__gte=day_bounds(filters.date_from)[0])
    if filters.date_to:
        rows = rows.filter(due_at__lt=day_bounds(filters.date_to)[1])
    return rows.order_by("due_at", "pk")


def deliveries_confirm_by_staff(*, user, delivery_ids, origin: str = "", note: str = "", photo=None,
                                attendance: int | None = None, at: dt.datetime | None = None) -> MoveOutcome:
    """Confirm the given deliveries the user may change; rows outside the user's wards are ignored.

    One conditional update and one bulk log insert, however many rows; evidence (a photo, a head
    count, a note) is kept once per ward and tied to every row it covers."""
    allowed = scope_queryset(Delivery.objects.filter(pk__in=list(delivery_ids)), user, for_change=True)
    ward_of = dict(allowed.values_list("pk", "publication__ward_id"))
    outcome = deliveries_move(list(ward_of), S.CONFIRMED, by=user, via=ConfirmationSource.STAFF, at=at,
                              note=note, origin=origin, extra={"attendance": attendance} if attendance else None)
    by_ward = defaultdict(list)
    for pk in outcome.moved:
        by_ward[ward_of[pk]].append(pk)
    for ward_id, ids in by_ward.items():
        evidence_record(ward_id=ward_id, delivery_ids=ids, via=ConfirmationSource.STAFF, photo=photo,
                        attendance=attendance, comment=note, by=user)
    return outcome
