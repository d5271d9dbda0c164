"""The day's confirmation links sent to group heads as Zalo OA messages.

When a ward has an enabled Zalo OA account with a token, each residential group whose head has a
Zalo user id (``ResidentialGroup.head_zalo_user_id``) and has deliveries due that day gets one
message with the day's signed link (``campaigns.tracking.links``), sent through the Zalo adapter
(``ZaloAdapter.message``: ``POST /v3.0/oa/message/cs``).

Each send is a ``LinkMessage`` row, unique per group, day and channel, created *before* the
request leaves (the claim): a rerun, or a second worker, sends nothing twice. A failure that
Zalo says is temporary is tried again by a later run (up to ``MAX_ATTEMPTS``); an answer that
never came (timeout after sending) is left "cần kiểm tra", never re-sent blindly.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from campaigns.content.channels import Channel
from campaigns.dispatch.adapters.base import Outcome
from campaigns.dispatch.adapters.social import Outgoing
from campaigns.dispatch.adapters.zalo import ZaloAdapter
from campaigns.models import ChannelAccount, DeliveryStatus, LinkMessage, LinkMessageStatus, ResidentialGroup
from campaigns.tracking.links import link_deliveries, link_token, links_issue

logger = logging.getLogger("loa.tracking.link_messages")

MAX_ATTEMPTS = 3
SEND_FROM_HOUR = 6  # local time: the hourly schedule sends a day's links from this hour on


@dataclass
class LinkMessagesReport:
    sent: int = 0
    failed: int = 0
    needs_check: int = 0
    already: int = 0  # sent (or being sent) before: not sent again
    wards: int = 0


def link_message_text(*, group: ResidentialGroup, day: dt.date, count: int, url: str) -> str:
    head = f"Kính gửi {group.head_name}, " if group.head_name else "Kính gửi tổ trưởng, "
    return (f"{head}{group.name} ({group.ward.name}) có {count} nội dung tuyên truyền ngày {day:%d/%m/%Y}. "
            f"Sau khi tổ đã nhận được thông tin, xin bấm liên kết sau để xác nhận: {url}")


def _claim(*, ward_id: int, group: ResidentialGroup, day: dt.date, now: dt.datetime) -> LinkMessage | None:
    """The message row to send now, or None when it was sent (or is being sent, or gave up) already."""
    try:
        with transaction.atomic():
            return LinkMessage.objects.create(ward_id=ward_id, group=group, day=day, channel=Channel.ZALO,
                                              recipient=group.head_zalo_user_id, created_at=now,
                                              status=LinkMessageStatus.SENDING)
    except IntegrityError:
        pass
    row = LinkMessage.objects.get(group=group, day=day, channel=Channel.ZALO)
    claimed = LinkMessage.objects.filter(pk=row.pk, status=LinkMessageStatus.FAILED,
                                         attempts__lt=MAX_ATTEMPTS).update(status=LinkMessageStatus.SENDING)
    if not claimed:
        return None
    row.status = LinkMessageStatus.SENDING
    return row


def link_messages_send(*, day: dt.date, now: dt.datetime, ward_ids=None, base_url: str = "") -> LinkMessagesReport:
    """Send ``day``'s links by Zalo OA message in every ward (or ``ward_ids``) that has a Zalo account."""
    report = LinkMessagesReport()
    base_url = (base_url or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    accounts = ChannelAccount.objects.filter(channel=Channel.ZALO, enabled=True).select_related("ward")
    if ward_ids is not None:
        accounts = accounts.filter(ward_id__in=ward_ids)
    for account in accounts:
        if not account.token:
            continue
        report.wards += 1
        adapter = ZaloAdapter(account)
        groups = {group.pk: group for group in ResidentialGroup.objects.filter(ward_id=account.ward_id)
                  .exclude(head_zalo_user_id="").select_related("ward")}
        if not groups:
            continue
        for link in links_issue(ward_id=account.ward_id, day=day, days=1, now=now, group_ids=set(groups)):
            group = groups[link.group_id]
            row = _claim(ward_id=account.ward_id, group=group, day=day, now=now)
            if row is None:
                report.already += 1
                continue
            count = link_deliveries(link).exclude(status=DeliveryStatus.CANCELLED).count()
            url = base_url + reverse("confirm_link", args=[link_token(link)])
            outgoing = Outgoing(pk=f"tin nhắn {row.pk}", idempotency_key=f"loa-link-{group.pk}-{day:%Y%m%d}")
            result = adapter.message(user_id=group.head_zalo_user_id,
                                     text=link_message_text(group=group, day=day, count=count, url=url),
                                     outgoing=outgoing)
            fields = {"link": link, "attempts": row.attempts + 1, "recipient": group.head_zalo_user_id}
            if result.outcome is Outcome.DELIVERED:
                fields.update(status=LinkMessageStatus.SENT, external_id=result.external_id, sent_at=now, error="")
                report.sent += 1
            elif result.outcome is Outcome.UNKNOWN:
                fields.update(status=LinkMessageStatus.UNKNOWN, error=result.message)
                report.needs_check += 1
            else:
                fields.update(status=LinkMessageStatus.FAILED, error=result.message)
                if result.outcome is Outcome.PERMANENT:
                    fields["attempts"] = MAX_ATTEMPTS  # retrying cannot help: a person must act
                report.failed += 1
            LinkMessage.objects.filter(pk=row.pk).update(**fields)
            logger.info("Zalo: liên kết xác nhận ngày %s cho %s -> %s", day, group.pk, fields["status"])
    return report
