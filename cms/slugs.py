"""Page slugs from Vietnamese titles: "Nhà ở xã hội" -> "nha-o-xa-hoi", unique per parent."""

from slugify import slugify

MAX_SLUG_LENGTH = 80


def vietnamese_slug(text: str) -> str:
    return slugify(text or "", max_length=MAX_SLUG_LENGTH, word_boundary=True) or "trang"


def unique_child_slug(base: str, *, parent, exclude_pk=None) -> str:
    """``base`` or ``base-2``, ``base-3``… whichever no sibling under ``parent`` uses."""
    taken = set(parent.get_children().exclude(pk=exclude_pk).values_list("slug", flat=True)) if parent else set()
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug
