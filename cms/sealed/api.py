"""The admin API (``/admin/api/main/…``) answers with the person's wards' pages, images and documents.
Registered through Wagtail's ``construct_admin_api`` hook after Wagtail's own endpoints."""

from wagtail.admin.api.views import PagesAdminAPIViewSet
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet

from cms.media_access import usable_media
from cms.page_access import visible_pages


class WardPagesAPIViewSet(PagesAdminAPIViewSet):
    def get_base_queryset(self):
        return visible_pages(super().get_base_queryset(), self.request.user)


class WardImagesAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return usable_media(super().get_queryset(), self.request.user)


class WardDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return usable_media(super().get_queryset(), self.request.user)


def register_endpoints(router):
    router.register_endpoint("pages", WardPagesAPIViewSet)
    router.register_endpoint("images", WardImagesAPIViewSet)
    router.register_endpoint("documents", WardDocumentsAPIViewSet)
