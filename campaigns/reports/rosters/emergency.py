"""Emergency broadcasts (phát khẩn cấp, e.g. a storm or flood warning): a supervisor puts an
approved script on air now in chosen clusters, outside the broadcast slots.

It is an ordinary publication (once, now, priority "khẩn cấp") so its deliveries are tracked like
any other; it heads the day's roster ("Phát ngay") and is logged with who decided it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail.models import ModelLogEntry

from campaigns.content.approval import piece_is_approved
from campaigns.content.channels import Channel
from campaigns.models import AudienceKind, LoudspeakerCluster, Priority, Publication, Role, WardGroup
from campaigns.places.access import _descendant_ids
from campaigns.reports.rosters.arrange import RosterError
from campaigns.scheduling.expansion import publication_schedule

LOG_ACTION = "loa.roster.emergency"
LOG_LABEL = "Phát khẩn cấp"


def supervised_ward_ids(user) -> set[int] | None:
    """Wards where ``user`` is a supervisor (None: all, for superusers)."""
    if user.is_superuser:
        return None
    linked = set(WardGroup.objects.filter(group__user=user, role=Role.SUPERVISOR).values_list(
        "locality_id", flat=True))
    return _descendant_ids(linked) if linked else set()


def may_decide_emergency(user, ward_id: int | None = None) -> bool:
    wards = supervised_ward_ids(user)
    if wards is None:
        return True
    return bool(wards) if ward_id is None else ward_id in wards


def emergency_scripts(ward_ids):
    """Approved loudspeaker scripts of the wards' campaigns, emergency ones first."""
    from cms.models import LoudspeakerScriptPage

    scripts = LoudspeakerScriptPage.objects.live().select_related("campaign")
    if ward_ids is not None:
        scripts = scripts.filter(campaign__ward_id__in=ward_ids)
    return [page for page in scripts.order_by("-priority", "title") if piece_is_approved(page)]


@transaction.atomic
def emergency_put_on_air(*, page, clusters: list[LoudspeakerCluster], by, note: str = "",
                         now: dt.datetime | None = None) -> Publication:
    """Schedule ``page`` now in ``clusters``; RosterError says why not."""
    now = now or timezone.now()
    if not clusters:
        raise RosterError("Chọn ít nhất một cụm loa.")
    if getattr(page.specific, "airtime_seconds", None) is None:
        raise RosterError("Chỉ bài phát thanh mới phát được trên loa.")
    if not piece_is_approved(page):
        raise RosterError("Bài này chưa được duyệt (hoặc đã sửa sau khi duyệt); không phát khẩn cấp được.")
    ward_id = page.specific.campaign.ward_id
    if any(cluster.ward_id != ward_id for cluster in clusters):
        raise RosterError("Cụm loa được chọn không thuộc phường/xã của bài phát thanh.")
    if not may_decide_emergency(by, ward_id):
        raise RosterError("Chỉ lãnh đạo phụ trách của phường/xã mới quyết định phát khẩn cấp.")
    publication = Publication.objects.create(
        ward_id=ward_id, campaign_id=page.specific.campaign_id, page=page, channel=Channel.LOUDSPEAKER,
        audience=AudienceKind.CLUSTERS, starts_at=now, priority=Priority.URGENT, created_by=by,
    )
    publication.clusters.set(clusters)
    publication_schedule(publication=publication, now=now - dt.timedelta(seconds=1))
    ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(Publication), object_id=str(publication.pk),
        label=str(publication)[:255], action=LOG_ACTION, timestamp=timezone.now(), user=by,
        data={"clusters": [cluster.pk for cluster in clusters], "note": note, "at": now.isoformat()},
    )
    return publication
