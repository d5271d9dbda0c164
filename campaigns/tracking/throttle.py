"""Request counters for the public confirmation page, shared by every process through the "throttle"
cache (Redis when configured, else a database table: cms/settings/services.py).

A request counts against several limits at once (its address, its link): with Redis they are all
counted in one round trip (a pipeline of ``SET NX EX`` + ``INCR`` per counter), the way the page
stays cheap under load; other caches count them one by one with ``add``/``incr``."""

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

# (requests, seconds): per client address, and per link.
DEFAULT_LIMITS = {"ip": (60, 60), "token": (20, 60)}


def limits() -> dict:
    return {**DEFAULT_LIMITS, **getattr(settings, "LOA_CONFIRM_RATE_LIMITS", {})}


def over_limits(*counters: tuple[str, str]) -> bool:
    """Count one request for each ``(kind, key)``; True once any window's limit is passed."""
    cache = caches["throttle"]
    windows = [(f"confirm:{kind}:{key}", *limits()[kind]) for kind, key in counters]
    if isinstance(cache, RedisCache):
        counts = _redis_counts(cache, windows)
    else:
        counts = [_count(cache, name, window) for name, _allowed, window in windows]
    return any(count > allowed for count, (_name, allowed, _window) in zip(counts, windows, strict=True))


def over_limit(kind: str, key: str) -> bool:
    return over_limits((kind, key))


def _redis_counts(cache: RedisCache, windows) -> list[int]:
    # Django's RedisCache stores integers as plain Redis integers, so INCR and cache.get/incr agree.
    keys = [cache.make_and_validate_key(name) for name, _allowed, _window in windows]
    client = cache._cache.get_client(keys[0], write=True)  # noqa: SLF001 (one round trip needs the client)
    pipe = client.pipeline(transaction=False)
    for key, (_name, _allowed, window) in zip(keys, windows, strict=True):
        pipe.set(key, 0, ex=window, nx=True)
        pipe.incr(key)
    return pipe.execute()[1::2]


def _count(cache, name: str, window: int) -> int:
    if cache.add(name, 1, timeout=window):
        return 1
    try:
        return cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.add(name, 1, timeout=window)
        return 1
