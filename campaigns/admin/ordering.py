"""The order of a parent's inline rows (a campaign's targets): each parent numbers its own rows.

Wagtail's reorder view renumbers every row of the model at once, so moving one campaign's target
moved other campaigns' targets too; here a move only ever renumbers the moved row's siblings.
"""

from django.db.models import F, Model


def sibling_order(model, parent_field: str) -> tuple:
    """The order of the reorder listing: each parent's rows together, in their order."""
    return (f"{parent_field}_id", F(model.sort_order_field).asc(nulls_last=True), "pk")


def position_among_siblings(listing: list[tuple], *, parent_id, position: int) -> int:
    """``position`` counts in ``listing`` ((pk, parent id) pairs in ``sibling_order``); the same place
    counted among the parent's own rows, kept inside the parent's block."""
    block = [index for index, (_pk, parent) in enumerate(listing) if parent == parent_id]
    if not block:
        return position
    return min(max(position, block[0]), block[-1]) - block[0]


def sibling_move(row: Model, *, parent_field: str, position: int) -> None:
    """Put ``row`` at ``position`` (0-based, clamped) among the rows of its parent, numbered 0…n-1."""
    model = type(row)
    field = model.sort_order_field
    siblings = [
        sibling
        for sibling in model._default_manager.filter(**{parent_field: getattr(row, f"{parent_field}_id")})
        .order_by(F(field).asc(nulls_last=True), "pk")
        if sibling.pk != row.pk
    ]
    siblings.insert(max(0, min(position, len(siblings))), row)
    changed = []
    for order, sibling in enumerate(siblings):
        if getattr(sibling, field) != order:
            setattr(sibling, field, order)
            changed.append(sibling)
    model._default_manager.bulk_update(changed, [field])
