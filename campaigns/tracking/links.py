"""Signed links through which a group head confirms without an account.

A link covers one delivery, or the deliveries of one residential group due on ``days`` days from
``day`` (1: a day's link sent by message; 7: the printed weekly QR card). Its token is
``TimestampSigner.sign_object({"l": link id, "g": group id})``: the signature proves the link is
ours and unchanged (a changed group id breaks it) and at most ``MAX_LINK_AGE`` old; the row's
``expires_at`` (a week after the last day it covers) is the link's own expiry, and the
``ConfirmationLink`` row makes it single-use (a conditional update claims it once, even under two
taps at once). Confirming goes through ``campaigns.tracking.transitions``, so repeats and
cancelled rows are handled there.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.core import signing
from django.db import transaction
from django.utils import timezone

from campaigns.models import ConfirmationLink, ConfirmationSource, Delivery, DeliveryStatus
from campaigns.tracking.evidence import evidence_record
from campaigns.tracking.transitions import ALLOWED_FROM, deliveries_move

S = DeliveryStatus
SALT = "loa.tracking.confirmation-link"
LINK_LIFETIME = dt.timedelta(days=7)  # after the last day it covers
MAX_LINK_AGE = dt.timedelta(days=21)  # no signature is older than this, whatever its row says
CONFIRMABLE = ALLOWED_FROM[S.CONFIRMED]
# A day's link lists what a person carries out in the group (what was never released stays off it).
LISTED = (*CONFIRMABLE, S.CONFIRMED, S.CANCELLED)

logger = logging.getLogger("loa.tracking.links")

EXPIRED = "Liên kết xác nhận đã hết hạn. Xin liên hệ cán bộ văn hóa phường để nhận liên kết mới."
INVALID = ("Liên kết xác nhận không hợp lệ (bị sửa hoặc chép thiếu). Hãy quét lại mã QR hoặc mở lại đúng "
           "liên kết đã nhận.")


class LinkRefused(Exception):
    """The token cannot be used; ``message`` says why in Vietnamese, ``status`` is the HTTP status."""

    def __init__(self, message: str, status: int):
        super().__init__(message)
        self.message, self.status = message, status


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def link_token(link: ConfirmationLink) -> str:
    return _signer().sign_object({"l": link.pk, "g": link.group_id})


def link_issue_for_delivery(delivery: Delivery, *, now: dt.datetime) -> ConfirmationLink:
    return ConfirmationLink.objects.create(ward_id=delivery.publication.ward_id, group_id=delivery.group_id,
                                           delivery=delivery, created_at=now, expires_at=now + LINK_LIFETIME)


def links_issue(*, ward_id: int, day: dt.date, days: int = 1, now: dt.datetime, group_ids=None,
                with_deliveries_only: bool = True) -> list[ConfirmationLink]:
    """One link per group of the ward (with something due in the ``days`` from ``day``, unless
    ``with_deliveries_only`` is False); an unused, unexpired link already issued for the same group
    and days is given again rather than a new one."""
    from campaigns.models import ResidentialGroup

    start, end = day_bounds(day, days)
    expires_at = max(now, end) + LINK_LIFETIME
    if with_deliveries_only:
        groups = Delivery.objects.filter(publication__ward_id=ward_id, group__isnull=False, due_at__gte=start,
                                         due_at__lt=end, status__in=LISTED).exclude(status=S.CANCELLED)
        group_ids_found = set(groups.values_list("group_id", flat=True))
    else:
        group_ids_found = set(ResidentialGroup.objects.filter(ward_id=ward_id).values_list("pk", flat=True))
    if group_ids is not None:
        group_ids_found &= set(group_ids)
    links = []
    for group_id in sorted(group_ids_found):
        link = ConfirmationLink.objects.filter(ward_id=ward_id, group_id=group_id, day=day, days=days, delivery=None,
                                               used_at=None, expires_at__gt=now).order_by("-created_at").first()
        links.append(link or ConfirmationLink.objects.create(
            ward_id=ward_id, group_id=group_id, day=day, days=days, created_at=now, expires_at=expires_at))
    return links


def day_bounds(day: dt.date, days: int = 1) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return start, dt.datetime.combine(day + dt.timedelta(days=days), dt.time.min, tzinfo=tz)


def link_payload(token: str, *, origin: str = ""):
    """What ``token`` was signed for, checked without the database (the page counts requests per link
    before reading it), or LinkRefused (400 tampered, 410 older than any link lives); logged."""
    try:
        return _signer().unsign_object(token, max_age=MAX_LINK_AGE)
    except signing.SignatureExpired:
        logger.warning("confirmation link expired (from %s)", origin)
        raise LinkRefused(EXPIRED, 410) from None
    except signing.BadSignature:
        logger.warning("confirmation link with a bad signature (from %s): %.80s", origin, token)
        raise LinkRefused(INVALID, 400) from None


def payload_link_id(payload) -> int | None:
    link_id = payload.get("l") if isinstance(payload, dict) else None
    return link_id if isinstance(link_id, int) else None


def link_open(token: str, *, origin: str = "", payload=None) -> ConfirmationLink:
    """The link behind ``token`` (whose ``payload`` the caller may have checked already), or
    LinkRefused (400 tampered, 410 expired); refusals are logged."""
    if payload is None:
        payload = link_payload(token, origin=origin)
    link = None
    link_id = payload_link_id(payload)
    if link_id is not None:
        link = ConfirmationLink.objects.select_related("group", "ward").filter(pk=link_id).first()
    if link is None or link.group_id != payload.get("g"):
        logger.warning("confirmation link names no link of its group (from %s): %r", origin, payload)
        raise LinkRefused(INVALID, 400)
    if link.expires_at <= timezone.now():
        logger.warning("confirmation link %s expired (from %s)", link.pk, origin)
        raise LinkRefused(EXPIRED, 410)
    return link


def link_deliveries(link: ConfirmationLink):
    """The deliveries a link covers, whatever their status."""
    if link.delivery_id:
        rows = Delivery.objects.filter(pk=link.delivery_id)
    else:
        start, end = day_bounds(link.day, link.days)
        rows = Delivery.objects.filter(group_id=link.group_id, due_at__gte=start, due_at__lt=end,
                                       status__in=LISTED)
    return (rows.filter(publication__ward_id=link.ward_id).select_related("publication__page", "group")
            .order_by("due_at", "pk"))


@dataclass
class LinkConfirmation:
    """What a POST through a link did."""

    confirmed: list[int] = field(default_factory=list)
    already: list[int] = field(default_factory=list)
    refused: list[int] = field(default_factory=list)
    link_used_before: bool = False


def link_confirm(link: ConfirmationLink, *, delivery_ids=None, origin: str = "", comment: str = "", photo=None,
                 attendance: int | None = None, now: dt.datetime | None = None,
                 covered: list[Delivery] | None = None) -> LinkConfirmation:
    """Confirm, through ``link``, the chosen deliveries it covers (all of them when ``delivery_ids`` is None).

    The link is claimed first; when nothing moved (all already confirmed, or cancelled) the claim
    is rolled back, so a link is spent only by a confirmation that changed something. ``covered``:
    the link's deliveries when the caller has just read them (``link_deliveries``), saving a query;
    their statuses are read again, locked, by the move."""
    now = now or timezone.now()
    result = LinkConfirmation()
    with transaction.atomic():
        claimed = ConfirmationLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=now,
                                                                                          used_from=origin[:64])
        if not claimed:
            result.link_used_before = True
            return result
        if covered is None:
            covered = list(link_deliveries(link))
        labels = {row.pk: str(row) for row in covered}
        chosen = list(labels) if delivery_ids is None else [pk for pk in labels if pk in set(delivery_ids)]
        outcome = deliveries_move(chosen, S.CONFIRMED, via=ConfirmationSource.GROUP_HEAD, at=now, origin=origin,
                                  note=comment, extra={"link": link.pk, "attendance": attendance}, labels=labels)
        result.confirmed, result.already, result.refused = outcome.moved, outcome.already, outcome.refused
        if not outcome.moved:
            transaction.set_rollback(True)
            return result
        evidence_record(ward_id=link.ward_id, delivery_ids=outcome.moved, via=ConfirmationSource.GROUP_HEAD,
                        photo=photo, attendance=attendance, comment=comment, link=link)
    return result
