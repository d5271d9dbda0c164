"""Keys for the read-only coverage API: a person creates one for a program that fetches the city's
roll-up, sends it as ``Authorization: Bearer <key>``, and revokes it when done.

The keys are Wagtail's own (``wagtail.models.APIToken``): random, shown once, stored only as an
HMAC-SHA-256 digest under the site's secret key (rotation through ``SECRET_KEY_FALLBACKS`` keeps
them valid), revoked rather than deleted. A key reads what its owner reads: the owner's wards."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.models import APIToken

LAST_USED_EVERY = dt.timedelta(minutes=1)  # "dùng lần cuối" may lag this much: no write on every request


def api_token_create(*, user, name: str) -> tuple[APIToken, str]:
    """The new token and its key, which is never shown again."""
    return APIToken.create_token(user=user, name=name.strip()[:255])


def api_token_revoke(*, user, token_id: int) -> bool:
    """Revoke one of the user's own keys; False when it is not theirs (or does not exist)."""
    token = APIToken.objects.filter(user=user, pk=token_id).first()
    if token is None:
        return False
    if token.revoked_at is None:
        token.revoke()
    return True


def bearer_key(header: str) -> str | None:
    """The key of an ``Authorization: Bearer <key>`` header, None for another scheme or an empty key."""
    scheme, _, key = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        return None
    return key.strip() or None


def api_token_user(key: str, *, now: dt.datetime | None = None):
    """The active owner of a live key, else None (malformed, unknown, revoked, or owner deactivated)."""
    if not APIToken.validate_token_format(key):
        return None
    token = (APIToken.objects.select_related("user")
             .filter(key_hash__in=APIToken.candidate_key_hashes(key), revoked_at=None).first())
    if token is None or not token.user.is_active:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        APIToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
