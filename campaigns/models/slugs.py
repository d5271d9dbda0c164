"""Slugs from Vietnamese names and titles ("Nhà ở xã hội" -> "nha-o-xa-hoi", python-slugify), and the one
rule for making one unique: ``base``, then ``base-2``, ``base-3``… whichever is free."""

from collections.abc import Callable, Iterable

from slugify import slugify


def slug_for(text: str, *, max_length: int = 0, fallback: str = "") -> str:
    """The slug of ``text``, cut at a word boundary to ``max_length`` (0: no limit); ``fallback`` when empty."""
    return slugify(text or "", max_length=max_length, word_boundary=bool(max_length)) or fallback


def unique_slug(text: str, taken: Callable[[str], Iterable[str]], *, max_length: int = 0,
                fallback: str = "") -> str:
    """The slug of ``text`` that ``taken(base)`` (the slugs already used that start with ``base``) does not hold."""
    base = slug_for(text, max_length=max_length, fallback=fallback)
    used = set(taken(base))
    slug, number = base, 2
    while slug in used:
        slug, number = f"{base}-{number}", number + 1
    return slug
