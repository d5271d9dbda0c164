"""Page screens: the explorer's filters, the page type listing, the workflow cancel
confirmation and the move screens (through Wagtail's page viewset), the page chooser's
browse, "chosen" and external link views and the bulk-action confirmation (routed ahead
of Wagtail's, see ``cms.sealed.urls``)."""

from functools import cache

from django.apps import apps
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_list_or_404, get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.choosers import ExternalLinkChooserForm, URLOrAbsolutePathField
from wagtail.admin.forms.pages import MoveForm
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.chooser import BrowseView, ChosenMultipleView, ExternalLinkView, page_models_from_string
from wagtail.admin.views.pages.listing import ExplorableIndexView
from wagtail.admin.views.pages.move import MoveChooseDestinationView, MoveConfirmView
from wagtail.admin.views.pages.usage import ContentTypeUseView
from wagtail.admin.views.pages.workflow import ConfirmWorkflowCancellationView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.contrib.forms.views import FormPagesListView
from wagtail.models import Page

from campaigns.places import access
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


MOVE_ELSEWHERE = _("Trang đích thuộc phường/xã khác; chỉ chuyển trang tới trang của đơn vị mình.")


def owned_page_or_404(user, page_id) -> Page:
    return get_object_or_404(owned_pages(Page.objects.all(), user), pk=page_id)


class WardMoveForm(MoveForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_new_parent_page(self):
        destination = self.cleaned_data["new_parent_page"]
        if destination is not None and not owns_page(self.user, destination):
            # Not shown back: the chooser widget would print the refused page's title.
            self.data = self.data.copy()
            self.data[self.add_prefix("new_parent_page")] = ""
            raise ValidationError(MOVE_ELSEWHERE)
        return destination


class WardMoveChooseDestinationView(MoveChooseDestinationView):
    form_class = WardMoveForm

    def setup(self, request, *args, **kwargs):
        owned_page_or_404(request.user, kwargs["page_to_move_id"])
        super().setup(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}


class WardMoveConfirmView(MoveConfirmView):
    """Wagtail's confirmation checks nothing before naming the page and its destination."""

    def dispatch(self, request, page_to_move_id, destination_id, *args, **kwargs):
        owned_page_or_404(request.user, page_to_move_id)
        owned_page_or_404(request.user, destination_id)
        return super().dispatch(request, page_to_move_id, destination_id, *args, **kwargs)


class WardPageViewSet(PageViewSet):
    """Registered for ``Page`` after Wagtail's own, so every page type uses these views."""

    name = "loa_pages"
    filterset_class = WardGenericPageFilterSet
    index_view_class = WardExplorableIndexView
    content_type_use_view_class = WardContentTypeUseView
    confirm_workflow_cancellation_view_class = WardConfirmWorkflowCancellationView
    move_view_class = WardMoveChooseDestinationView
    move_confirm_view_class = WardMoveConfirmView


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
    """The pages chosen in the chooser (``?id=``), of those the person's wards own; never the tree root
    (it has no parent: Wagtail's view was a 500 for it)."""

    def get(self, request):
        try:
            pages = Page.objects.filter(pk__in=request.GET.getlist("id"), depth__gt=1)
            chosen = owned_pages(pages, request.user)
            ids = [str(pk) for pk in chosen.values_list("pk", flat=True)]
        except (ValueError, ValidationError) as error:  # ?id=abc
            raise Http404 from error
        request.GET = request.GET.copy()
        request.GET.setlist("id", ids)  # Wagtail's view then describes only these
        return super().get(request)


class _URLOrAbsolutePathField(URLOrAbsolutePathField):
    def to_python(self, value):
        # Wagtail's calls value.startswith(): a form posted without the field would be a 500.
        return super().to_python(value or "")


class _ExternalLinkChooserForm(ExternalLinkChooserForm):
    url = _URLOrAbsolutePathField(required=True, label=ExternalLinkChooserForm.base_fields["url"].label)


class LoaExternalLinkView(ExternalLinkView):
    form_class = _ExternalLinkChooserForm


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
