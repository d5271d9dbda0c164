"""What every channel adapter promises the dispatcher."""

from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from campaigns.models import Delivery


class Outcome(Enum):
    DELIVERED = "delivered"  # the channel accepted it; external_id says where
    READY = "ready"  # no API: a person carries it out and confirms
    TRANSIENT = "transient"  # not sent; worth retrying later (rate limit, 5xx, connection refused)
    PERMANENT = "permanent"  # not sent; retrying will not help (expired token, rejected content)
    UNKNOWN = "unknown"  # may have been sent (timeout after the request left): a person must check


@dataclass(frozen=True)
class SendResult:
    outcome: Outcome
    external_id: str = ""
    message: str = ""  # Vietnamese, for the people reading the delivery list
    retry_after: int | None = None  # seconds, when the channel said how long to wait


class Adapter(Protocol):
    channel: str
    # True when re-sending with the same idempotency key can never post twice, so a delivery
    # interrupted mid-send may simply be sent again instead of going to "cần kiểm tra".
    idempotent: bool

    def send(self, delivery: Delivery) -> SendResult: ...
