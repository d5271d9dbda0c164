"""Which adapter carries a delivery: portal, a social API account, or a person (manual)."""

from django.db.models import Q

from campaigns.content.channels import SOCIAL_CHANNELS, Channel
from campaigns.dispatch.adapters.base import Adapter, Outcome, SendResult
from campaigns.dispatch.adapters.manual import ManualAdapter
from campaigns.dispatch.adapters.portal import PortalAdapter
from campaigns.models import ChannelAccount, Delivery

__all__ = ["Adapter", "AdapterRegistry", "Outcome", "SendResult"]


def _social_adapter_classes() -> dict:
    from campaigns.dispatch.adapters.registry_social import SOCIAL_ADAPTERS

    return SOCIAL_ADAPTERS


class AdapterRegistry:
    """Builds adapters once per dispatch pass (accounts are read once, not per delivery)."""

    def __init__(self):
        self.accounts = {
            (account.ward_id, account.channel): account
            for account in ChannelAccount.objects.filter(enabled=True)
            if account.token  # a social channel with no token is carried out by hand (manual pack)
        }
        self._cache = {}

    def for_delivery(self, delivery: Delivery) -> Adapter:
        key = (delivery.publication.ward_id, delivery.channel)
        if key not in self._cache:
            self._cache[key] = self._build(*key)
        return self._cache[key]

    def _build(self, ward_id: int, channel: str) -> Adapter:
        if channel == Channel.PORTAL:
            return PortalAdapter()
        account = self.accounts.get((ward_id, channel))
        if channel in SOCIAL_CHANNELS and account is not None:
            return _social_adapter_classes()[channel](account)
        return ManualAdapter(channel)

    def max_attempts(self, delivery: Delivery, default: int) -> int:
        account = self.accounts.get((delivery.publication.ward_id, delivery.channel))
        return account.max_attempts if account else default

    def safe_to_resend(self) -> Q:
        """Deliveries whose adapter may send again after an interruption without posting twice."""
        condition = ~Q(channel__in=SOCIAL_CHANNELS)
        for (ward_id, channel), account in self.accounts.items():
            if account.honours_idempotency_key:
                condition |= Q(publication__ward_id=ward_id, channel=channel)
        return condition
