"""The "Độ phủ" menu item and its URLs under /admin/coverage/."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.base import ViewSet

from campaigns.tracking import views


class CoverageViewSet(ViewSet):
    name = "coverage"
    icon = "table"
    menu_label = _("Độ phủ")
    add_to_admin_menu = False

    def get_urlpatterns(self):
        from campaigns.tracking.api_token_views import ApiTokenListView, ApiTokenRevokeView

        return [
            path("", views.CoverageIndexView.as_view(), name="index"),
            path("<int:pk>/", views.CoverageMatrixView.as_view(), name="matrix"),
            path("<int:pk>/deliveries/", views.CoverageDeliveriesView.as_view(), name="deliveries"),
            path("<int:pk>/report/", views.CoverageReportDownloadView.as_view(), name="report"),
            path("<int:pk>/cascade/", views.CampaignCascadeView.as_view(), name="cascade"),
            path("reports/<int:pk>/", views.StoredReportDownloadView.as_view(), name="stored_report"),
            path("api-keys/", ApiTokenListView.as_view(), name="api_tokens"),
            path("api-keys/<int:pk>/revoke/", ApiTokenRevokeView.as_view(), name="api_token_revoke"),
        ]
