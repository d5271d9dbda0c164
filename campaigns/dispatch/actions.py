"""What people do to deliveries from the admin: send now, retry, mark done, cancel, one row at a time
or many from the delivery list ("Lượt đăng/phát").

Each is a conditional update, so a double click or two people at once act once; retry, mark done and
cancel go through ``campaigns.tracking.transitions``, which writes who did it to the row's history.
"""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from campaigns.dispatch.adapters import AdapterRegistry
from campaigns.dispatch.adapters.manual import ManualAdapter
from campaigns.dispatch.runner import DispatchReport, dispatch_due
from campaigns.models import ConfirmationSource, Delivery, DeliveryStatus
from campaigns.places import access
from campaigns.tracking.transitions import MoveOutcome, deliveries_move

CHANGE_PERMISSION = "campaigns.change_delivery"
REFUSED = "Bạn không có quyền thao tác với lượt đăng/phát này."
# The moves of the admin's actions: the status each action moves a delivery to.
ACTION_MOVES = {"retry": DeliveryStatus.PLANNED, "done": DeliveryStatus.DELIVERED, "cancel": DeliveryStatus.CANCELLED}


def _check(user, delivery: Delivery) -> None:
    if not user.has_perm(CHANGE_PERMISSION) or not access.user_can_access(user, delivery, for_change=True):
        raise PermissionDenied(REFUSED)


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
    return deliveries_move([delivery.pk], DeliveryStatus.PLANNED, by=user, via=ConfirmationSource.STAFF).changed


def delivery_mark_done(*, delivery: Delivery, user) -> bool:
    """A person carried it out (read on air, hung the poster, held the meeting), or checked the
    channel and found the post there: the delivery is delivered."""
    _check(user, delivery)
    return deliveries_move([delivery.pk], DeliveryStatus.DELIVERED, by=user, via=ConfirmationSource.STAFF).changed


def delivery_cancel(*, delivery: Delivery, user) -> bool:
    _check(user, delivery)
    return deliveries_move([delivery.pk], DeliveryStatus.CANCELLED, by=user, via=ConfirmationSource.STAFF).changed


def deliveries_act(*, user, action: str, delivery_ids: Iterable[int], origin: str = "") -> MoveOutcome:
    """Retry, mark done or cancel many deliveries at once (the delivery list's bulk actions).

    A role without the right to change deliveries is refused outright; rows outside the user's wards
    are left alone and not counted (the user is not told they exist)."""
    if action not in ACTION_MOVES:
        raise ValueError(f"not a delivery action: {action}")
    if not user.has_perm(CHANGE_PERMISSION):
        raise PermissionDenied(REFUSED)
    allowed = access.scope_queryset(Delivery.objects.filter(pk__in=list(delivery_ids)), user, for_change=True)
    return deliveries_move(list(allowed.values_list("pk", flat=True)), ACTION_MOVES[action], by=user,
                           via=ConfirmationSource.STAFF, origin=origin)
