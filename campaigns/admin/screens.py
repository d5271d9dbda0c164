"""The project's own admin screens in Wagtail's furniture, with their title in the header."""

from wagtail.admin.views.generic import WagtailAdminTemplateMixin


class TitledAdminScreen(WagtailAdminTemplateMixin):
    """Wagtail's mixin shows only "Trang chủ" in the header of a plain screen; this one ends the
    breadcrumbs with the screen's own title, as Wagtail's listing and edit views do."""

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title(),
                                          "sublabel": self.get_page_subtitle()}]
