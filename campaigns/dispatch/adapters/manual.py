"""Channels without an API (loudspeaker, posters, meetings, bulletin, mobile team, press, or a
social channel with no account): the delivery becomes "ready" with a copy-ready pack and waits
for a person to confirm it."""

from campaigns.dispatch.adapters.base import Outcome, SendResult
from campaigns.models import Delivery


class ManualAdapter:
    idempotent = True  # nothing leaves the building

    def __init__(self, channel: str):
        self.channel = channel

    def send(self, delivery: Delivery) -> SendResult:
        return SendResult(Outcome.READY, message="Chờ người thực hiện xác nhận.")
