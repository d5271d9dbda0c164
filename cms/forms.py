"""The admin form every content page uses."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from cms.slugs import unique_child_slug, vietnamese_slug


class LoaPageForm(WagtailAdminPageForm):
    """Slugs come from python-slugify and are made unique among siblings.

    Content pages also take their campaign from the topic page they sit under,
    so a piece can never drift to another ward's campaign.
    """

    def clean(self):
        cleaned = super().clean()
        self._normalise_slug(cleaned)
        self._inherit_campaign()
        return cleaned

    def _normalise_slug(self, cleaned):
        typed = cleaned.get("slug") or cleaned.get("title") or ""
        base = vietnamese_slug(typed)
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        slug = unique_child_slug(base, parent=parent, exclude_pk=self.instance.pk)
        cleaned["slug"] = slug
        self.instance.slug = slug
        if "slug" in self.errors:
            del self.errors["slug"]

    def _inherit_campaign(self):
        if not getattr(self.instance, "inherits_campaign", False):
            return
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        topic = parent.specific if parent is not None else None
        campaign_id = getattr(topic, "campaign_id", None)
        if campaign_id is None:
            self.add_error(None, _("Nội dung phải nằm trong chuyên mục của một kế hoạch tuyên truyền."))
            return
        self.instance.campaign_id = campaign_id
