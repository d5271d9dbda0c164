"""Filter choices (people, sites) that name only the person's own wards."""

from django.contrib.auth import get_user_model
from wagtail.admin.views.pages.listing import GenericPageFilterSet
from wagtail.contrib.forms.views import FormPageFilterSet
from wagtail.models import Page, PageLogEntry, Site

from cms.page_access import owned_pages, owned_q


def page_owners(request):
    owners = owned_pages(Page.objects.all(), request.user).values("owner_id")
    return get_user_model().objects.filter(pk__in=owners)


def page_editors(request):
    pages = owned_pages(Page.objects.all(), request.user).values("pk")
    editors = PageLogEntry.objects.filter(action="wagtail.edit", page_id__in=pages).values("user_id")
    return get_user_model().objects.filter(pk__in=editors)


def lockers(request):
    lockers = owned_pages(Page.objects.filter(locked=True), request.user).values("locked_by_id")
    return get_user_model().objects.filter(pk__in=lockers).order_by(get_user_model().USERNAME_FIELD)


def ward_sites(user):
    condition = owned_q(user, prefix="root_page__")
    sites = Site.objects.select_related("root_page")
    return sites if condition is None else sites.filter(condition)


class WardPageFilters:
    """Mixed into a Wagtail page filter set: its owner, editor and site choices come from the person's wards."""

    ward_choices = {"owner": page_owners, "edited_by": page_editors, "site": lambda request: ward_sites(request.user)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in self.ward_choices.items():
            if name in self.filters:
                self.filters[name].queryset = choices


class WardGenericPageFilterSet(WardPageFilters, GenericPageFilterSet):
    pass


class WardFormPageFilterSet(WardPageFilters, FormPageFilterSet):
    pass
