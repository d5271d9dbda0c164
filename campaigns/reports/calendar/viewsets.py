"""The calendar's place in the admin: "Lịch tuyên truyền" and "Ngày kỷ niệm" in the "Tuyên truyền" menu."""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.viewsets.base import ViewSet

from campaigns.admin.scoped_views import WardScopedViewSet
from campaigns.models import Anniversary
from campaigns.reports.calendar import views


class CalendarViewSet(ViewSet):
    name = "calendar"
    url_prefix = "lich"
    icon = "calendar-alt"
    menu_label = _("Lịch tuyên truyền")

    def get_urlpatterns(self):
        return [
            path("", views.MonthView.as_view(), name="month"),
            path("tuan/", views.WeekView.as_view(), name="week"),
            path("danh-sach/", views.AgendaView.as_view(), name="agenda"),
            path("in/", views.PrintMonthView.as_view(), name="print"),
            path("xuat/", views.ExportView.as_view(), name="export"),
            path("doi-lich/", views.MoveView.as_view(), name="move"),
            path("ical/", views.FeedListView.as_view(), name="feeds"),
            path("ical/<int:pk>/thu-hoi/", views.FeedRevokeView.as_view(), name="feed_revoke"),
        ]


class AnniversaryViewSet(WardScopedViewSet):
    """A ward's own anniversaries, shown in the calendar beside the national list."""

    model = Anniversary
    icon = "date"
    menu_label = _("Ngày kỷ niệm")
    list_display = ["name", "day", "month", "since_year", "ward"]
    list_filter = ["ward", "month"]
    search_fields = ["name"]
    list_export = ["ward", "day", "month", "name", "since_year"]
    panels = [
        FieldPanel("ward"),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("day"), FieldPanel("month"), FieldPanel("since_year")]),
    ]
