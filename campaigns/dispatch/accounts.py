"""The ward's channel accounts (Facebook page, Zalo OA, YouTube channel): who manages them, the
write-only token and "Kiểm tra kết nối". Views and commands call these; the rules live here."""

from __future__ import annotations

from django.utils import timezone

from campaigns.dispatch.adapters.social import ConnectionCheck
from campaigns.models import ChannelAccount
from campaigns.places import access


def channel_accounts_for(user, *, for_change: bool = False):
    return access.scope_queryset(ChannelAccount.objects.select_related("ward"), user, for_change=for_change)


def channel_account_token_update(*, account: ChannelAccount, token: str = "", forget: bool = False) -> None:
    """A token typed in the form replaces the stored one; blank keeps it; ``forget`` removes it."""
    if forget:
        account.token_set("")
    elif token.strip():
        account.token_set(token)


def channel_account_check(*, account: ChannelAccount, now=None) -> ConnectionCheck:
    """Call the channel's "who am I" read with the account's token and keep the Vietnamese result."""
    from campaigns.dispatch.adapters.registry_social import SOCIAL_ADAPTERS

    check = SOCIAL_ADAPTERS[account.channel](account).check_connection()
    account.checked_at = now or timezone.now()
    account.check_result = check.message[:500]
    ChannelAccount.objects.filter(pk=account.pk).update(checked_at=account.checked_at,
                                                        check_result=account.check_result)
    return check
