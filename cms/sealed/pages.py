"""Page screens: the explorer's filters, the page type listing, the workflow cancel
confirmation (through Wagtail's page viewset), the page chooser's browse view and chosen
pages, and the bulk-action confirmation (routed ahead of Wagtail's, see ``cms.sealed.urls``)."""

from functools import cache

from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_list_or_404
from django.urls import reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.chooser import BrowseView, ChosenMultipleView, page_models_from_string
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.usage import ContentTypeUseView
from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellationView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.contrib.forms.views import FormPagesListView
from wagtail.models import Page

from campaigns import access
from cms.media_access import is_media_model, usable_media
from cms.page_access import owned_pages, owns_page, visible_pages, ward_root_paths
from cms.sealed.filters import WardFormPageFilterSet, WardGenericPageFilterSet


class WardPagesListingMixin:
    def get_base_queryset(self):
        return visible_pages(super().get_base_queryset(), self.request.user)


class WardExplorableIndexView(WardPagesListingMixin, ExplorableIndexView):
    pass


class WardContentTypeUseView(WardPagesListingMixin, ContentTypeUseView):
    pass


class WardConfirmWorkflowCancellationView(ConfirmWorkflowCancellationView):
    def dispatch(self, request, *args, **kwargs):
        if not owns_page(request.user, self.object):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class WardPageViewSet(PageViewSet):
    """Registered for ``Page`` after Wagtail's own, so every page type uses these views."""

    name = "loa_pages"
    filterset_class = WardGenericPageFilterSet
    index_view_class = WardExplorableIndexView
    content_type_use_view_class = WardContentTypeUseView
    confirm_workflow_cancellation_view_class = WardConfirmWorkflowCancellationView


class WardFormPagesListView(FormPagesListView):
    filterset_class = WardFormPageFilterSet

    def get_base_queryset(self):
        return owned_pages(super().get_base_queryset(), self.request.user)


class WardBrowseView(BrowseView):
    """The page chooser opens in (and only walks) the person's own wards."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            if not visible_pages(Page.objects.filter(pk=parent_page_id), request.user).exists():
                raise Http404
        elif request.GET.get("page_type"):
            parent_page_id = self._starting_page_id(request)
        return super().get(request, parent_page_id)

    @staticmethod
    def _starting_page_id(request) -> int | None:
        """Where Wagtail would start (the pages of the wanted types' common ancestor), among owned pages."""
        if ward_root_paths(request.user) is None:
            return None
        try:
            models = page_models_from_string(request.GET["page_type"])
        except (ValueError, LookupError):
            return None  # Wagtail answers 404
        pages = owned_pages(Page.objects.type(*models), request.user)
        if pages.exists():
            return pages.first_common_ancestor().pk
        home = owned_pages(Page.objects.filter(depth=2), request.user).first()
        return home.pk if home else Page.get_first_root_node().pk


class WardChosenMultipleView(ChosenMultipleView):
    """The page chooser's answer for the pages ticked in it (``?id=…``): only pages the person may
    choose, and never the tree root (it has no parent: Wagtail's view was a 500)."""

    def get(self, request):
        chosen = Page.objects.filter(pk__in=request.GET.getlist("id"), depth__gt=1)
        pages = owned_pages(chosen, request.user).specific()
        return self.render_chosen_response([
            {
                "id": page.pk,
                "parentId": page.get_parent().pk,
                "adminTitle": page.get_admin_display_title(),
                "editUrl": reverse("wagtailadmin_pages:edit", args=(page.pk,)),
                "url": page.url,
            }
            for page in pages
        ])


def ward_scope(queryset, user):
    """The rows of ``queryset`` that ``user``'s wards own, for any model a bulk action works on."""
    model = queryset.model
    if issubclass(model, Page):
        return owned_pages(queryset, user)
    if is_media_model(model):
        return usable_media(queryset, user)
    if access.is_ward_scoped(model):
        return access.scope_queryset(queryset, user, for_change=True)
    return queryset


class WardBulkActionMixin:
    def get_queryset(self, model, object_ids):
        try:
            chosen = model._default_manager.filter(pk__in=list(object_ids))
            return get_list_or_404(ward_scope(chosen, self.request.user))
        except (ValueError, ValidationError) as error:  # ?id=abc
            raise Http404 from error


@cache
def _ward_bulk_action(action_class):
    return type(action_class.__name__, (WardBulkActionMixin, action_class), {})


def bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk-action dispatcher, with the chosen ids limited to the person's wards: the
    confirmation page then neither lists nor acts on another ward's pages, images or documents."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(app_label, model_name, action)
    if action_class is None:
        raise Http404
    return _ward_bulk_action(action_class)(request, model).dispatch(request)
