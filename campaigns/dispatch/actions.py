"""What people do to single deliveries from the admin: send now, retry, cancel.

Each is a conditional update, so a double click or two people at once act once.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from campaigns.dispatch.adapters import AdapterRegistry
from campaigns.dispatch.adapters.manual import ManualAdapter
from campaigns.dispatch.runner import DispatchReport, dispatch_due
from campaigns.models import ConfirmationSource, Delivery, DeliveryStatus
from campaigns.places import access
from campaigns.tracking.transitions import deliveries_move


def _check(user, delivery: Delivery) -> None:
    if not user.has_perm("campaigns.change_delivery") or not access.user_can_access(user, delivery, for_change=True):
        raise PermissionDenied("Bạn không có quyền thao tác với lượt đăng/phát này.")


def delivery_dispatch_now(*, delivery: Delivery, user) -> DispatchReport:
    """Send a planned delivery in this request. A channel carried out by a person (loudspeaker, poster,
    a social channel without an account) only gets its pack ready: it keeps its due time, the moment
    the person is to read or hang it; a channel with an API is made due now and sent."""
    _check(user, delivery)
    if isinstance(AdapterRegistry().for_delivery(delivery), ManualAdapter):
        Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PLANNED).update(next_attempt_at=None)
        return dispatch_due(now=max(delivery.due_at, timezone.now()), delivery_ids=[delivery.pk])
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.PLANNED).update(
        due_at=timezone.now(), next_attempt_at=None)
    return dispatch_due(delivery_ids=[delivery.pk])


def delivery_retry(*, delivery: Delivery, user) -> bool:
    """Put a failed or checked delivery back in the queue (a person decided it should go again)."""
    _check(user, delivery)
    return bool(Delivery.objects.filter(
        pk=delivery.pk, status__in=(DeliveryStatus.FAILED, DeliveryStatus.NEEDS_CHECK)
    ).update(status=DeliveryStatus.PLANNED, next_attempt_at=None, due_at=timezone.now(), claimed_by="", error="",
             attempts=0))


def delivery_mark_done(*, delivery: Delivery, user) -> bool:
    """A person carried it out (read on air, hung the poster, held the meeting), or checked the
    channel and found the post there: the delivery is delivered."""
    _check(user, delivery)
    outcome = deliveries_move([delivery.pk], DeliveryStatus.DELIVERED, by=user, via=ConfirmationSource.STAFF)
    return outcome.changed


def delivery_cancel(*, delivery: Delivery, user) -> bool:
    _check(user, delivery)
    return bool(Delivery.objects.filter(
        pk=delivery.pk, status__in=(DeliveryStatus.PLANNED, DeliveryStatus.HELD)
    ).update(status=DeliveryStatus.CANCELLED))
