"""Request counters for the public confirmation page, shared by every process through the "throttle"
cache (Redis when configured, else a database table: cms/settings/services.py)."""

from django.conf import settings
from django.core.cache import caches

# (requests, seconds): per client address, and per link.
DEFAULT_LIMITS = {"ip": (60, 60), "token": (20, 60)}


def limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "LOA_CONFIRM_RATE_LIMITS", {})}


def over_limit(kind: str, key: str) -> bool:
    """Count one request for ``key``; True once the window's limit is passed."""
    allowed, window = limits()[kind]
    cache = caches["throttle"]
    name = f"confirm:{kind}:{key}"
    if cache.add(name, 1, timeout=window):
        return allowed < 1
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window)
        count = 1
    return count > allowed
