from django.contrib import messages
from django.templatetags.static import static
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext as _
from wagtail import hooks

from cms import views
from cms.media_access import usable_media
from cms.page_access import owned_pages, visible_pages
from cms.sealed.api import register_endpoints
from cms.sealed.dashboard import seal_panels
from cms.sealed.pages import WardPageViewSet
from cms.wards import ward_portal_ensure


@hooks.register("loa_ward_setup")
def set_up_ward_portal(*, locality, groups):
    ward_portal_ensure(locality=locality, groups=groups)


@hooks.register("before_serve_document")
def serve_documents_by_ward_rule(document, request):
    from cms.files import document_serve_check

    return document_serve_check(document, request)


@hooks.register("after_edit_page")
def send_edited_approved_piece_back_to_review(request, page):
    """A live (approved) piece edited into a new draft goes back to its ward's approval."""
    from cms.review import review_restart_if_edited

    if review_restart_if_edited(page=page, user=request.user):
        messages.warning(request, _("Nội dung đã được duyệt vừa bị sửa nên đã được gửi duyệt lại."))


@hooks.register("register_admin_urls")
def register_airtime_url():
    return [path("loa/airtime/", views.airtime_estimate, name="loa_airtime")]


@hooks.register("insert_editor_js")
def airtime_editor_js():
    return format_html('<script src="{}" defer></script>', static("cms/js/airtime.js"))


@hooks.register("register_page_header_buttons")
def schedule_piece_button(page, user, view_name, next_url=None):
    """ "Lên lịch" in a content piece's header: opens the publication editor with the piece chosen."""
    from campaigns.scheduling.editor_views import schedule_button

    button = schedule_button(page, user)
    if button is not None:
        yield button


# Wards sealed in Wagtail's own screens (see cms.sealed). Registered with order=1 where
# Wagtail registers the same thing, so these come after (and replace) Wagtail's own.


@hooks.register("construct_page_chooser_queryset")
def page_chooser_only_own_wards(pages, request):
    return owned_pages(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def explorer_only_own_wards(parent_page, pages, request):
    return visible_pages(pages, request.user)


@hooks.register("construct_image_chooser_queryset")
def image_chooser_only_own_collections(images, request):
    return usable_media(images, request.user)


@hooks.register("construct_document_chooser_queryset")
def document_chooser_only_own_collections(documents, request):
    return usable_media(documents, request.user)


@hooks.register("register_admin_viewset", order=1)
def register_ward_page_viewset():
    return WardPageViewSet()


@hooks.register("construct_admin_api", order=1)
def admin_api_only_own_wards(router):
    register_endpoints(router)


@hooks.register("construct_homepage_panels")
def dashboard_only_own_wards(request, panels):
    seal_panels(panels)


@hooks.register("construct_homepage_panels")
def add_change_requests_panel(request, panels):
    from cms.change_request_views import change_requests_panel_for

    panel = change_requests_panel_for(request)
    if panel is not None:
        panels.insert(0, panel)


@hooks.register("before_edit_page")
def show_change_request(request, page):
    from cms.change_request_views import change_request_message

    change_request_message(request, page)
