"""The admin form every content page uses."""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.blocks.stream_block import StreamBlockValidationError

from campaigns.models.slugs import unique_slug
from campaigns.places import access
from cms.references import refusals_in_form

PAGE_SLUG_LENGTH = 80


class LoaPageForm(WagtailAdminPageForm):
    """Slugs come from python-slugify and are made unique among siblings.

    Content pages also take their campaign from the topic page they sit under,
    so a piece can never drift to another ward's campaign; the choices a page
    form offers (a topic's campaign, a poster's slogan, a home's locality) stay
    inside the ward whose tree the page is in. Images, documents and linked pages
    must belong to the person's own ward too (``cms.references``), checked on save.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._limit_choices()

    def _parent(self):
        return self.parent_page if self.instance.pk is None else self.instance.get_parent()

    def _limit_choices(self):
        parent = self._parent()
        if "campaign" in self.fields:
            locality_id = getattr(parent.specific if parent else None, "locality_id", None)
            campaigns = self.fields["campaign"].queryset.filter(ward_id=locality_id)
            if self.for_user is not None:
                campaigns = access.scope_queryset(campaigns, self.for_user, for_change=True)
            self.fields["campaign"].queryset = campaigns
        if "slogan" in self.fields:
            slogans = self.fields["slogan"].queryset.model.objects.live()
            self.fields["slogan"].queryset = slogans.child_of(parent) if parent else slogans.none()
        if "locality" in self.fields and not getattr(self.for_user, "is_superuser", False):
            self.fields["locality"].disabled = True  # a ward's home page is made by ward set-up, not by hand

    def clean(self):
        cleaned = super().clean()
        self._normalise_slug(cleaned)
        self._inherit_campaign()
        self._refuse_other_wards_references(cleaned)
        return cleaned

    def _refuse_other_wards_references(self, cleaned):
        """Refuse another ward's images, documents and pages, and drop them from the re-rendered form
        so their titles and previews are not shown back to whoever posted their ids."""
        if self.for_user is None:
            return
        refusals = refusals_in_form(self.for_user, self._meta.model, cleaned)
        if not refusals:
            return
        self.data = self.data.copy()
        dropped_blocks = defaultdict(list)
        for refusal in refusals:
            key = self.add_prefix(refusal.field)
            if refusal.block_index is None:
                self.data[key] = ""
                self.add_error(refusal.field, refusal.message)
            else:
                self.data[f"{key}-{refusal.block_index}-deleted"] = "1"
                dropped_blocks[refusal.field].append(
                    _("Khối thứ %(number)d đã được bỏ ra: %(reason)s")
                    % {"number": refusal.block_index + 1, "reason": refusal.message}
                )
        for field, messages in dropped_blocks.items():
            self.add_error(field, StreamBlockValidationError(non_block_errors=messages))

    def _normalise_slug(self, cleaned):
        typed = cleaned.get("slug") or cleaned.get("title") or ""
        parent = self._parent()

        def siblings(base):
            if parent is None:
                return ()
            return parent.get_children().exclude(pk=self.instance.pk).filter(slug__startswith=base) \
                .values_list("slug", flat=True)

        slug = unique_slug(typed, siblings, max_length=PAGE_SLUG_LENGTH, fallback="trang")
        cleaned["slug"] = slug
        self.instance.slug = slug
        if "slug" in self.errors:
            del self.errors["slug"]

    def _inherit_campaign(self):
        if not getattr(self.instance, "inherits_campaign", False):
            return
        parent = self._parent()
        topic = parent.specific if parent is not None else None
        campaign_id = getattr(topic, "campaign_id", None)
        if campaign_id is None:
            self.add_error(None, _("Nội dung phải nằm trong chuyên mục của một kế hoạch tuyên truyền."))
            return
        self.instance.campaign_id = campaign_id
