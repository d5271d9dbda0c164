"""Cached portal fragments, invalidated by publishing.

The public portal is read far more than written, so its page bodies are cached
as template fragments keyed by a version number; publishing or unpublishing any
page, or changing a campaign's data, bumps the version. A safety timeout bounds
staleness for changes that bypass these signals.
"""

import uuid

from django.core.cache import cache

VERSION_KEY = "loa:portal-version"


def portal_version(request=None) -> int | str:
    """The cache key part for portal fragments; a preview gets a key of its own, used once,
    so an unapproved draft never reaches the public cache."""
    if request is not None and getattr(request, "is_preview", False):
        return f"preview-{uuid.uuid4().hex}"
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def portal_version_bump(**_signal_kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, timeout=None)
