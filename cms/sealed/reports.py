"""Wagtail's reports limited to the person's wards: their rows, and the people, sites,
workflows and tasks their filters offer. Routed ahead of Wagtail's (``cms.sealed.urls``)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet
from wagtail.admin.views.reports.locked_pages import LockedPagesReportFilterSet, LockedPagesView
from wagtail.admin.views.reports.page_types_usage import (
    PageTypesUsageReportFilterSet,
    PageTypesUsageReportView,
)
from wagtail.admin.views.reports.workflows import (
    WorkflowReportFilterSet,
    WorkflowTasksReportFilterSet,
    WorkflowTasksView,
    WorkflowView,
)
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import BaseLogEntry, Page, PageLogEntry, Task, Workflow, WorkflowState

from campaigns.places import access
from cms.page_access import owned_object_ids, owned_page_ids, owned_pages, owned_q, owned_workflows
from cms.sealed.filters import lockers, ward_sites

# Locked and aging pages


class WardLockedPagesFilterSet(LockedPagesReportFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["locked_by"].queryset = lockers


class WardLockedPagesView(LockedPagesView):
    filterset_class = WardLockedPagesFilterSet

    def get_queryset(self):
        return owned_pages(super().get_queryset(), self.request.user)


class WardAgingPagesView(AgingPagesView):
    def get_queryset(self):
        return owned_pages(super().get_queryset(), self.request.user)


# Site history


def ward_log_entries(queryset, user):
    """Log entries (any log model) about the rows of the user's wards; None from ``user_locality_ids``
    (a superuser) keeps them all. Entries about models with no ward are nobody's business here."""
    if access.user_locality_ids(user) is None:
        return queryset
    if issubclass(queryset.model, PageLogEntry):
        return queryset.filter(page_id__in=owned_page_ids(user))
    condition = Q(pk__in=[])
    for model in apps.get_models():
        if access.is_ward_scoped(model):
            rows = access.scope_queryset(model._default_manager.all(), user)
            condition |= Q(content_type=ContentType.objects.get_for_model(model),
                           object_id__in=rows.values_list(Cast("pk", output_field=CharField()), flat=True))
    return queryset.filter(condition)


def _viewable_log_entries(user):
    for log_model in log_action_registry.get_log_entry_models():
        yield ward_log_entries(log_model.objects.viewable_by_user(user), user)


class WardSiteHistoryFilterSet(SiteHistoryReportFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["object_type"].queryset = self._content_types

    def _content_types(self, request):
        ids = {pk for entries in _viewable_log_entries(request.user) for pk in entries.get_content_type_ids()}
        return ContentType.objects.filter(pk__in=ids).order_by("model")

    def get_users_queryset(self):
        ids = {pk for entries in _viewable_log_entries(self.request.user) for pk in entries.get_user_ids()}
        User = get_user_model()
        return User.objects.filter(pk__in=ids).order_by(User.USERNAME_FIELD)

    def get_action_choices(self):
        actions = {action for entries in _viewable_log_entries(self.request.user) for action in entries.get_actions()}
        return [choice for choice in log_action_registry.get_choices() if choice[0] in actions]


class WardSiteHistoryView(LogEntriesView):
    filterset_class = WardSiteHistoryFilterSet

    def filter_queryset(self, queryset):
        # Called once per log model with that model's entries viewable by the user.
        if issubclass(queryset.model, BaseLogEntry):
            queryset = ward_log_entries(queryset, self.request.user)
        return super().filter_queryset(queryset)


# Page types usage


class WardPageTypesUsageFilterSet(PageTypesUsageReportFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.sites = {site.pk: site for site in ward_sites(self.request.user)}
        self.sites_filter_enabled = len(self.sites) > 1
        if not self.sites_filter_enabled:
            self.filters.pop("site", None)
        else:
            self.filters["site"].extra["choices"] = [(site.root_page.path, str(site)) for site in self.sites.values()]


class WardPageTypesUsageView(PageTypesUsageReportView):
    """Counts and "last edited" of the person's wards' pages only (Wagtail's counts every page)."""

    filterset_class = WardPageTypesUsageFilterSet

    def get_queryset(self):
        queryset = ContentType.objects.filter(model__in=self.page_models)
        base_type = ContentType.objects.get_for_model(Page)
        if not Page.objects.filter(depth__gt=1, content_type=base_type).exists():
            queryset = queryset.exclude(pk=base_type.pk)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)
        site_root_path = self.filters.form.cleaned_data.get("site")

        pages = Q(pages__path__startswith=site_root_path) if site_root_path else Q()
        latest = Page.objects.filter(content_type=OuterRef("pk"))
        if site_root_path:
            latest = latest.filter(path__startswith=site_root_path)
        owned = owned_q(self.request.user, prefix="pages__")
        if owned is not None:
            pages &= owned
            latest = latest.filter(owned_q(self.request.user))
        latest = latest.order_by(F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk")
        return queryset.annotate(
            count=Count("pages", filter=pages), last_edited_page_id=Subquery(latest.values("pk")[:1])
        ).order_by("-count", "app_label", "model")


# Workflows


def workflow_states_of_owned_pages(user, queryset, prefix=""):
    object_ids = owned_object_ids(user)
    if object_ids is None:
        return queryset
    return queryset.filter(**{f"{prefix}base_content_type": ContentType.objects.get_for_model(Page),
                              f"{prefix}object_id__in": object_ids})


def ward_workflows(request):
    """The wards' own workflows, and any other that ran on their pages (the report's rows name it)."""
    owned = owned_workflows(Workflow.objects.all(), request.user)
    states = workflow_states_of_owned_pages(request.user, WorkflowState.objects.all())
    return Workflow.objects.filter(Q(pk__in=owned.values("pk")) | Q(pk__in=states.values("workflow_id")))


def ward_tasks(request):
    return Task.objects.filter(pk__in=Task.objects.filter(workflow_tasks__workflow__in=ward_workflows(request))
                               .values("pk"))


def ward_requesters(request):
    states = workflow_states_of_owned_pages(request.user, WorkflowState.objects.all())
    User = get_user_model()
    return User.objects.filter(pk__in=states.values("requested_by_id")).order_by(User.USERNAME_FIELD)


class WardWorkflowFilterSet(WorkflowReportFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["workflow"].queryset = ward_workflows
        self.filters["requested_by"].queryset = ward_requesters


class WardWorkflowTasksFilterSet(WorkflowTasksReportFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["workflow"].queryset = ward_workflows
        self.filters["task"].queryset = ward_tasks


class WardWorkflowView(WorkflowView):
    filterset_class = WardWorkflowFilterSet

    def get_queryset(self):
        return workflow_states_of_owned_pages(self.request.user, super().get_queryset())


class WardWorkflowTasksView(WorkflowTasksView):
    filterset_class = WardWorkflowTasksFilterSet

    def get_queryset(self):
        return workflow_states_of_owned_pages(self.request.user, super().get_queryset(), prefix="workflow_state__")
