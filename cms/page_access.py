"""Which Wagtail pages a person's wards own.

A page belongs to the ward whose ``WardHomePage`` it sits under; a person works in
the localities ``campaigns.places.access.user_locality_ids`` gives (None for a superuser:
every page). Every admin screen that lists or accepts pages asks this module, so
the rule is written once. Pages above the ward homes (the tree root) are nobody's,
but a person may see them to navigate down to their own ward. Workflows and their
tasks belong to the wards of the pages they are assigned to.
"""

from functools import reduce
from operator import or_

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from wagtail.models import Page, Task, Workflow

from campaigns.places import access

_CACHE_ATTR = "_loa_ward_page_paths"


def ward_root_paths(user) -> list[str] | None:
    """Tree paths of the home pages of the user's wards, or None for "every page"."""
    locality_ids = access.user_locality_ids(user)
    if locality_ids is None:
        return None
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        from cms.models import WardHomePage

        cached = sorted(WardHomePage.objects.filter(locality_id__in=locality_ids).values_list("path", flat=True))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def owned_q(user, prefix: str = "") -> Q | None:
    """A filter for pages (reached through ``prefix``, e.g. "pages__") the user's wards own; None: no limit."""
    paths = ward_root_paths(user)
    if paths is None:
        return None
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (Q(**{f"{prefix}path__startswith": path}) for path in paths))


def owned_pages(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` (of pages) limited to the pages the user's wards own."""
    condition = owned_q(user)
    return queryset if condition is None else queryset.filter(condition)


def visible_pages(queryset: QuerySet, user) -> QuerySet:
    """Owned pages plus the pages above the user's ward homes, which the user walks through."""
    paths = ward_root_paths(user)
    if paths is None:
        return queryset
    steplen = Page.steplen
    above = {path[:end] for path in paths for end in range(steplen, len(path), steplen)}
    return queryset.filter(owned_q(user) | Q(path__in=above))


def owns_page(user, page) -> bool:
    paths = ward_root_paths(user)
    return paths is None or page.path.startswith(tuple(paths))


def owned_page_ids(user) -> QuerySet | None:
    """A subquery of the ids of owned pages, or None for "every page"."""
    condition = owned_q(user)
    return None if condition is None else Page.objects.filter(condition).values("pk")


def owned_object_ids(user) -> QuerySet | None:
    """Owned page ids as text, to match the generic ``object_id`` of workflow states; None: no limit."""
    condition = owned_q(user)
    if condition is None:
        return None
    return Page.objects.filter(condition).values_list(Cast("pk", output_field=CharField()), flat=True)


def owned_workflows(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` (of workflows) limited to those assigned to a page the user's wards own: each ward's
    approval workflow is set on its home page (``cms.wards.workflow_ensure``)."""
    condition = owned_q(user, prefix="workflow_pages__page__")
    if condition is None:
        return queryset
    return queryset.filter(pk__in=Workflow.objects.filter(condition).values("pk"))


def owned_tasks(queryset: QuerySet, user) -> QuerySet:
    """``queryset`` (of tasks, any task type) limited to the tasks of the user's wards' workflows."""
    if owned_q(user) is None:
        return queryset
    workflows = owned_workflows(Workflow.objects.all(), user)
    return queryset.filter(pk__in=Task.objects.filter(workflow_tasks__workflow__in=workflows).values("pk"))
