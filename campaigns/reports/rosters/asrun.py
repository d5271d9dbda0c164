"""The as-run log (nhật ký phát): what a cluster actually aired, marked from the roster, and the
monthly export per cluster.

Marking goes through ``campaigns.tracking.transitions.deliveries_move`` (conditional, logged): aired
moves the deliveries of every group the cluster covers to delivered, not aired to missed with the
reason as the note. Rows may be planned or ready (the roster is read whether or not the dispatcher
has passed, see ``ALLOWED_FROM_VIA``); held and cancelled rows are not on air. "Aired" on rows still
planned is refused well before the item's time.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone

from campaigns.models import ConfirmationSource, Delivery, DeliveryStatus, LoudspeakerCluster
from campaigns.reports.rosters.arrange import RosterError, item_rows
from campaigns.reports.rosters.roster import SlotState, build_items, clock, roster_deliveries, slot_of
from campaigns.scheduling.recurrence import LOCAL_TZ
from campaigns.tracking.transitions import MoveOutcome, deliveries_move

# Staff may tick an item a little before its planned time (the slot runs early, or they mark the
# whole slot at its start); not hours before.
EARLY_MARK = dt.timedelta(minutes=30)


def roster_item_mark(*, delivery: Delivery, aired: bool, by, reason: str = "", reader: str = "",
                     at: dt.datetime | None = None) -> MoveOutcome:
    """Record that the item of ``delivery`` was aired (or not, and why) in its cluster."""
    reason = " ".join((reason or "").split())
    if not aired and not reason:
        raise RosterError("Ghi lý do không phát (ví dụ: mất điện, loa hỏng).")
    at = at or timezone.now()
    rows = item_rows(delivery)
    if aired:  # rows still planned: the dispatcher has not handed them over, is it their time?
        due = rows.filter(status=DeliveryStatus.PLANNED).aggregate(first=Min("due_at"))["first"]
        if due is not None and due > at + EARLY_MARK:
            raise RosterError(f"Chưa đến giờ phát ({due.astimezone(LOCAL_TZ):%H:%M} ngày "
                              f"{due.astimezone(LOCAL_TZ):%d/%m/%Y}): chỉ ghi “đã phát” sau khi đã đọc trên loa.")
    ids = list(rows.values_list("pk", flat=True))
    extra = {"reader": reader} if reader else {}
    to = DeliveryStatus.DELIVERED if aired else DeliveryStatus.MISSED
    return deliveries_move(ids, to, by=by, via=ConfirmationSource.ROSTER, at=at,
                           note=reason, origin="roster", extra=extra)


def mark_message(outcome: MoveOutcome, *, aired: bool) -> str:
    done = "đã phát" if aired else "không phát"
    parts = []
    if outcome.moved:
        parts.append(f"Đã ghi “{done}” cho {len(outcome.moved)} tổ/thôn.")
    if outcome.already:
        parts.append(f"{len(outcome.already)} tổ/thôn đã được ghi như vậy trước đó.")
    if outcome.refused:
        parts.append(f"{len(outcome.refused)} lượt đang tạm dừng, đã huỷ, đang gửi hoặc đã được xác nhận "
                     "nên không đổi.")
    return " ".join(parts) or "Không có gì thay đổi."


@dataclass
class AsRunRow:
    day: dt.date
    slot: str
    planned: dt.datetime
    title: str
    campaign: str
    airtime: int
    state: str
    groups: int
    note: str

    @property
    def state_label(self) -> str:
        return SlotState.LABELS[self.state]

    @property
    def airtime_clock(self) -> str:
        return clock(self.airtime)


def month_bounds(month: str) -> tuple[dt.date, int]:
    """"2026-11" → (first day, number of days); ValueError with a Vietnamese message otherwise."""
    try:
        first = dt.datetime.strptime(month, "%Y-%m").date()
    except (TypeError, ValueError):
        raise ValueError("Tháng không hợp lệ: viết theo dạng YYYY-MM, ví dụ 2026-11.") from None
    following = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, (following - first).days


def cluster_asrun(cluster: LoudspeakerCluster, *, month: str) -> list[AsRunRow]:
    """Every roster item of the cluster in the month with what became of it (four queries)."""
    from campaigns.models import BroadcastSlot

    first, days = month_bounds(month)
    start = dt.datetime.combine(first, dt.time(0), tzinfo=LOCAL_TZ)
    slots = list(BroadcastSlot.objects.filter(cluster=cluster).order_by("start"))
    items = build_items(roster_deliveries([cluster.pk], start, start + dt.timedelta(days=days)),
                        {cluster.pk: cluster.reading_speed})
    rows = []
    for item in sorted(items.values(), key=lambda item: (item.due_at, item.publication_id)):
        slot = slot_of(slots, item.due_at)
        rows.append(AsRunRow(
            day=item.due_at.astimezone(LOCAL_TZ).date(),
            slot=f"{slot.start:%H:%M}–{slot.end:%H:%M}" if slot else "Ngoài khung giờ",
            planned=item.due_at.astimezone(LOCAL_TZ), title=item.title, campaign=item.campaign,
            airtime=item.airtime, state=item.state, groups=item.groups, note="; ".join(item.notes),
        ))
    return rows


ASRUN_HEADERS = ("Ngày", "Khung giờ", "Giờ dự kiến", "Bài", "Kế hoạch", "Thời lượng", "Kết quả",
                 "Số tổ/thôn", "Ghi chú")


def asrun_xlsx(cluster: LoudspeakerCluster, *, month: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    rows = cluster_asrun(cluster, month=month)
    book = Workbook()
    sheet = book.active
    sheet.title = "Nhật ký phát"
    sheet.append([f"Nhật ký phát thanh {cluster.name} — {cluster.ward.name} — tháng {month[5:]}/{month[:4]}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(ASRUN_HEADERS)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row.day.strftime("%d/%m/%Y"), row.slot, row.planned.strftime("%H:%M"),
                      _safe(row.title), _safe(row.campaign), row.airtime_clock, row.state_label, row.groups,
                      _safe(row.note)])
    for column, width in zip("ABCDEFGHI", (12, 14, 11, 48, 40, 10, 14, 10, 40), strict=True):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _safe(text: str) -> str:
    """A cell a spreadsheet will not run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
