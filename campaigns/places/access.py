"""The one rule for who sees which rows: a ward's people see their ward's rows.

Every model in the domain declares ``ward_path``, the lookup from the model to
the Locality that owns the row ("ward", "cluster__ward", "campaign__ward", …).
A user works in the localities their groups are linked to (``WardGroup``) and
every locality below those; a city officer therefore reads all its wards.
Models that set ``visible_from_below`` (documents issued by a city) are also
readable, not changeable, by the wards under the issuing locality.
Superusers see everything.
"""

from django.db.models import Exists, Model, OuterRef, QuerySet

from campaigns.models import Locality, WardGroup

_CACHE_ATTR = "_loa_locality_ids"


def _descendant_ids(root_ids: set[int]) -> set[int]:
    found, frontier = set(root_ids), set(root_ids)
    while frontier:
        frontier = set(
            Locality.objects.filter(parent_id__in=frontier).exclude(pk__in=found).values_list("pk", flat=True)
        )
        found |= frontier
    return found


def _ancestor_ids(locality_ids: set[int]) -> set[int]:
    parents = dict(Locality.objects.values_list("pk", "parent_id"))
    found = set()
    for pk in locality_ids:
        parent = parents.get(pk)
        while parent is not None and parent not in found:
            found.add(parent)
            parent = parents.get(parent)
    return found


def user_locality_ids(user) -> set[int] | None:
    """Localities the user works in, or None for "all" (superusers)."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        linked = set(
            Locality.objects.filter(ward_groups__group__user=user).values_list("pk", flat=True)
        )
        cached = _descendant_ids(linked)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def user_wards(user) -> QuerySet:
    """The wards and communes the user can act for (choices for a "ward" field)."""
    from campaigns.models.places import WARD_KINDS

    wards = Locality.objects.filter(kind__in=WARD_KINDS)
    ids = user_locality_ids(user)
    return wards if ids is None else wards.filter(pk__in=ids)


def readable_locality_ids(user, model) -> set[int] | None:
    ids = user_locality_ids(user)
    if ids is None or not getattr(model, "visible_from_below", False):
        return ids
    return ids | _ancestor_ids(ids)


def scope_queryset(queryset: QuerySet, user, *, for_change: bool = False) -> QuerySet:
    """Restrict ``queryset`` to the rows ``user`` may read (or change)."""
    model = queryset.model
    ids = user_locality_ids(user) if for_change else readable_locality_ids(user, model)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{model.ward_path}__in": ids})


def user_can_access(user, obj: Model, *, for_change: bool = False) -> bool:
    manager = type(obj)._default_manager
    return scope_queryset(manager.filter(pk=obj.pk), user, for_change=for_change).exists()


def scope_people(queryset: QuerySet, user) -> QuerySet:
    """Restrict a queryset of users to the people ``user`` may see named: no one of another ward.

    That is everyone working in a locality the user works in, below it or above it (the city's
    officers), and those tied to no locality (the system's administrators)."""
    ids = user_locality_ids(user)
    if ids is None:
        return queryset
    links = WardGroup.objects.filter(group__user=OuterRef("pk"))
    reach = ids | _ancestor_ids(ids)
    return queryset.filter(Exists(links.filter(locality_id__in=reach)) | ~Exists(links))


def is_ward_scoped(model) -> bool:
    return hasattr(model, "ward_path")
