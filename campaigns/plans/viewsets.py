"""Admin screens of the plans: resolutions, campaigns and their targets."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from campaigns.admin.scoped_views import SiblingOrderedIndexView, SiblingReorderView, WardScopedViewSet
from campaigns.models import (
    Campaign,
    Resolution,
    Target,
)


class ResolutionViewSet(WardScopedViewSet):
    model = Resolution
    icon = "doc-full"
    menu_label = _("Văn bản chỉ đạo")
    list_display = ["code", "kind", "issued_on", "issuer", "locality"]
    list_filter = ["kind", "locality"]
    search_fields = ["code", "title", "issuer"]
    list_export = ["code", "kind", "issued_on", "issuer", "title", "locality"]
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("code"), FieldPanel("issued_on")]),
        FieldPanel("issuer"),
        FieldPanel("title"),
        FieldPanel("locality"),
        FieldPanel("amends"),
        FieldPanel("implements"),
        FieldPanel("document"),
    ]


class CampaignViewSet(WardScopedViewSet):
    model = Campaign
    icon = "list-ul"
    menu_label = _("Kế hoạch tuyên truyền")
    list_display = ["title", "number", "ward", "period_start", "period_end", "status"]
    list_filter = ["status", "ward"]
    search_fields = ["title", "number", "signer"]
    list_export = ["number", "title", "ward", "period_start", "period_end", "status", "signer", "lead_unit"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("ward"),
                FieldRowPanel([FieldPanel("number"), FieldPanel("status")]),
                FieldPanel("title"),
                FieldRowPanel([FieldPanel("issuer"), FieldPanel("issued_on")]),
                FieldPanel("slug"),
                FieldPanel("resolutions"),
                FieldPanel("parent"),
                FieldRowPanel([FieldPanel("period_start"), FieldPanel("period_end")]),
            ],
            heading=_("Thông tin chung"),
        ),
        FieldPanel("purposes"),
        FieldPanel("themes"),
        InlinePanel(
            "targets", heading=_("Chỉ tiêu"), label=_("Chỉ tiêu"),
            panels=[
                FieldPanel("text"),
                FieldRowPanel([FieldPanel("quantity"), FieldPanel("unit")]),
                FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
            ],
        ),
        FieldPanel("channels"),
        MultiFieldPanel(
            [FieldPanel("budget_source"), FieldPanel("lead_unit")], heading=_("Kinh phí và chủ trì")
        ),
        InlinePanel(
            "units", heading=_("Tổ chức thực hiện"), label=_("Đơn vị"),
            panels=[FieldPanel("name"), FieldPanel("tasks")],
        ),
        FieldPanel("reporting_days"),
        FieldPanel("recipients"),
        FieldPanel("signer"),
    ]


class TargetIndexView(SiblingOrderedIndexView):
    parent_field = "campaign"


class TargetReorderView(SiblingReorderView):
    parent_field = "campaign"


class TargetViewSet(WardScopedViewSet):
    """Targets are ordered within their campaign (as in the campaign's own "Chỉ tiêu" panel)."""

    model = Target
    icon = "pick"
    index_view_class = TargetIndexView
    reorder_view_class = TargetReorderView
    menu_label = _("Chỉ tiêu")
    list_display = ["text", "quantity", "unit", "start_year", "end_year", "campaign"]
    list_filter = ["campaign__ward", "unit"]
    search_fields = ["text", "unit"]
    list_export = ["campaign", "text", "quantity", "unit", "start_year", "end_year"]
    panels = [
        FieldPanel("campaign"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("quantity"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
    ]
