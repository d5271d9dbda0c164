"""The moves people make on deliveries after the dispatcher: done, confirmed, not carried out, missed,
and the two a person makes on the dispatcher's queue: cancelled, and sent again (back to planned).

The dispatcher moves rows planned → sending → ready/delivered/failed/needs-check by itself. What
happens next is a person's word (broadcast staff from the roster, an editor from the list, a group
head from a signed link) or the clock (missed after a channel's grace period). Every move here is
conditional on the row's current status, so a double click or two people at once change a row
once, and is written to Wagtail's log entries (who, when, from where, what changed): the
delivery's history page shows it, and nothing is ever deleted.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from campaigns.content.channels import Channel
from campaigns.models import ConfirmationSource, Delivery, DeliveryStatus

S = DeliveryStatus

# Where a person may move a delivery from. Cancelled, failed-by-the-API and confirmed rows are
# final for people; "sending" belongs to the dispatcher.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    S.DELIVERED: frozenset({S.READY, S.NEEDS_CHECK, S.MISSED}),
    S.CONFIRMED: frozenset({S.READY, S.DELIVERED, S.NEEDS_CHECK, S.MISSED}),
    S.MISSED: frozenset({S.PLANNED, S.HELD, S.READY}),
    S.CANCELLED: frozenset({S.PLANNED, S.HELD}),
    S.PLANNED: frozenset({S.FAILED, S.NEEDS_CHECK}),  # "Gửi lại": back in the dispatcher's queue
}

# Moves allowed only from one place. Broadcast staff read from paper: when they mark a slot aired
# from the roster, its loudspeaker rows may still be planned (the slot began minutes ago and the
# dispatcher has not yet made them ready, or its worker is late). Held rows stay refused: a held
# publication waits for a decision and was not on the printed roster.
ALLOWED_FROM_VIA: dict[tuple[str, str], frozenset[str]] = {
    (ConfirmationSource.ROSTER, S.DELIVERED): frozenset({S.PLANNED}),
}


def allowed_from(to: str, via: str) -> frozenset[str]:
    """The statuses a person may move a delivery from to ``to`` when acting ``via`` a source."""
    return ALLOWED_FROM[to] | ALLOWED_FROM_VIA.get((via, to), frozenset())


LOG_ACTIONS = {
    S.DELIVERED: ("loa.delivery.delivered", _("Đánh dấu đã thực hiện")),
    S.CONFIRMED: ("loa.delivery.confirmed", _("Xác nhận đã nhận")),
    S.MISSED: ("loa.delivery.missed", _("Ghi nhận bỏ lỡ")),
    S.CANCELLED: ("loa.delivery.cancelled", _("Hủy lượt đăng/phát")),
    S.PLANNED: ("loa.delivery.retried", _("Gửi lại")),
}

# How long after its due time a delivery may wait for a person before it counts as missed.
GRACE_PERIODS: dict[str, dt.timedelta] = {
    Channel.LOUDSPEAKER: dt.timedelta(hours=12),
    Channel.MEETING: dt.timedelta(days=3),
    Channel.VISUAL: dt.timedelta(days=3),
    Channel.MOBILE_TEAM: dt.timedelta(days=3),
    Channel.BULLETIN: dt.timedelta(days=3),
    Channel.PRESS: dt.timedelta(days=7),
}
DEFAULT_GRACE = dt.timedelta(days=1)


@dataclass
class MoveOutcome:
    """What a move did: rows moved, rows already there (a repeat changes nothing), rows that
    cannot move there (e.g. cancelled)."""

    moved: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.moved)


def deliveries_move(
    delivery_ids: Iterable[int],
    to: str,
    *,
    by=None,
    via: str,
    at: dt.datetime | None = None,
    note: str = "",
    origin: str = "",
    extra: dict | None = None,
    labels: dict[int, str] | None = None,
) -> MoveOutcome:
    """Move the given deliveries to ``to`` (delivered, confirmed, missed, cancelled, or planned again
    for a retry) where allowed.

    ``by`` is the user (None for a group head's link or the clock), ``via`` a ConfirmationSource,
    ``at`` when it happened (the as-run time; default now), ``origin`` where from (an IP address,
    "roster", "periodic"), ``extra`` more facts for the log (reader, attendance, evidence file),
    ``labels`` the rows' names for the log when the caller has them (else they are read).
    The caller has already checked that ``by`` may act on these rows.
    """
    if to not in ALLOWED_FROM:
        raise ValueError(f"not a status people set: {to}")
    now = timezone.now()
    at = at or now
    ids = sorted(set(delivery_ids))
    allowed = allowed_from(to, via)
    outcome = MoveOutcome()
    # No savepoint inside a caller's transaction: a failure here fails the caller's whole change anyway.
    with transaction.atomic(savepoint=False):
        rows = Delivery.objects.filter(pk__in=ids)
        if connection.features.has_select_for_update:
            rows = rows.select_for_update()
        current = dict(rows.values_list("pk", "status"))
        for pk in ids:
            status = current.get(pk)
            if status == to:
                outcome.already.append(pk)
            elif status in allowed:
                outcome.moved.append(pk)
            else:
                outcome.refused.append(pk)
        if not outcome.moved:
            return outcome
        Delivery.objects.filter(pk__in=outcome.moved).update(**_fields_for(to, by=by, via=via, at=at, note=note))
        _log_moves(outcome.moved, current, to, by=by, via=via, at=at, now=now, note=note, origin=origin,
                   extra=extra or {}, labels=labels)
    return outcome


def delivery_move(delivery: Delivery, to: str, **kwargs) -> MoveOutcome:
    return deliveries_move([delivery.pk], to, **kwargs)


def deliveries_mark_missed(*, now: dt.datetime) -> int:
    """Mark as missed what waited for a person past its channel's grace period; returns the count."""
    overdue = Q()
    for channel, grace in GRACE_PERIODS.items():
        overdue |= Q(channel=channel, due_at__lt=now - grace)
    overdue |= Q(due_at__lt=now - DEFAULT_GRACE) & ~Q(channel__in=list(GRACE_PERIODS))
    waiting = Delivery.objects.filter(overdue, status__in=(S.READY, S.HELD))
    ids = list(waiting.values_list("pk", flat=True))
    if not ids:
        return 0
    outcome = deliveries_move(ids, S.MISSED, via=ConfirmationSource.CLOCK, at=now, origin="periodic",
                              note=str(_("Quá hạn, không có xác nhận")))
    return len(outcome.moved)


def _fields_for(to: str, *, by, via: str, at: dt.datetime, note: str) -> dict:
    if to == S.CANCELLED:
        return {"status": to, "status_note": note, "status_changed_by": by, "claimed_by": ""}
    if to == S.PLANNED:
        # Sent again from now, as a fresh delivery: the dispatcher's counters and error start over.
        return {"status": to, "status_note": note, "status_changed_by": by, "claimed_by": "", "due_at": at,
                "next_attempt_at": None, "error": "", "attempts": 0}
    fields = {"status": to, "confirmed_via": via, "status_note": note, "status_changed_by": by}
    if to == S.DELIVERED:
        fields["delivered_at"] = at
    elif to == S.CONFIRMED:
        fields["confirmed_at"] = at
    fields["claimed_by"] = ""
    return fields


def _log_moves(ids, previous: dict, to: str, *, by, via, at, now, note, origin, extra, labels=None) -> None:
    action, _label = LOG_ACTIONS[to]
    content_type = ContentType.objects.get_for_model(Delivery)
    if labels is None or not set(ids) <= set(labels):
        labels = {d.pk: str(d) for d in Delivery.objects.filter(pk__in=ids).select_related(
            "publication__page", "group")}
    ModelLogEntry.objects.bulk_create([
        ModelLogEntry(
            content_type=content_type, object_id=str(pk), label=labels.get(pk, str(pk))[:255],
            action=action, timestamp=now, user=by if by is not None and by.pk else None,
            data={"from": previous[pk], "to": str(to), "via": str(via), "at": at.isoformat(),
                  "note": note, "origin": origin, **extra},
        )
        for pk in ids
    ], batch_size=500)
