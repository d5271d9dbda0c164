"""The pieces a campaign is made of: messages, slogans, posters, articles,
loudspeaker scripts and social posts. Each is a Wagtail page under the
campaign's topic page, so it gets revisions, drafts, previews, locking,
search and the approval workflow for free."""

import logging

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from slugify import slugify
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.models import Page
from wagtail.search import index

from campaigns.content.channels import CHANNEL_RULES, SocialDraft, preview_card, validate_social_post
from campaigns.models.fields import LinesField
from cms.airtime import DEFAULT_READING_SPEED, airtime_seconds, count_syllables, format_duration
from cms.forms import LoaPageForm
from cms.imaging import FORMAT_CHOICES, POSTER_FORMATS
from cms.links import RequestBuiltUrlMixin
from cms.widgets import ChannelTextarea

logger = logging.getLogger("loa.content")

SLOGAN_MIN_CHARS = 5
SLOGAN_MAX_CHARS = 120


def collapse_spaces(text: str) -> str:
    return " ".join((text or "").split())


def _paragraphs(*parts: str) -> str:
    """The non-blank parts, stripped, one paragraph each."""
    return "\n\n".join(part.strip() for part in parts if isinstance(part, str) and part.strip())


class CampaignContentPage(RequestBuiltUrlMixin, Page):
    """A piece of campaign content. Its campaign is the one of the topic page above it."""

    inherits_campaign = True
    written_per_channel = False  # True when the editor writes one text per channel (social posts)

    campaign = models.ForeignKey(
        "campaigns.Campaign", verbose_name=_("kế hoạch"), on_delete=models.PROTECT,
        related_name="+", editable=False,
    )

    parent_page_types = ["cms.CampaignTopicPage"]
    subpage_types = []
    base_form_class = LoaPageForm
    search_fields = [*Page.search_fields, index.SearchField("ascii_text"), index.FilterField("campaign")]

    class Meta:
        abstract = True

    @property
    def ascii_text(self) -> str:
        """The searchable text without diacritics, so "nha o xa hoi" finds "Nhà ở xã hội"."""
        return slugify(" ".join(self.search_texts()), separator=" ")

    def search_texts(self) -> list[str]:
        return [self.title]

    # --- the piece interface: what dispatch reads of any piece (each page type answers for itself) ---

    def piece_title(self, channel: str) -> str:
        return self.title

    def piece_text(self, channel: str) -> str:
        """The text this piece carries on ``channel`` (a copy-ready pack, a post), without its title."""
        return ""

    def piece_link(self) -> str:
        """Where a post about this piece points readers: its public page, "" outside any site."""
        try:
            return self.full_url or ""
        except Exception:
            logger.warning("Trang %s không có địa chỉ công khai", self.pk, exc_info=True)
            return ""

    def piece_video(self) -> str:
        return ""

    def piece_pictures(self) -> list:
        """The Wagtail images this piece carries, in order."""
        return []

    def piece_images(self, format: str) -> list[str]:
        """URLs of the piece's images rendered with the Wagtail filter spec ``format``; "" for an image
        whose file is missing or broken (the text still goes out)."""
        urls = []
        for image in self.piece_pictures():
            try:
                urls.append(image.get_rendition(format).url)
            except Exception:  # Wagtail's SourceImageIOError, or an unreadable file
                logger.warning("Không tạo được ảnh %s cho trang %s", image.pk, self.pk, exc_info=True)
                urls.append("")
        return urls

    def airtime_for(self, reading_speed: int) -> int:
        """Seconds on air at ``reading_speed`` syllables a minute; only loudspeaker scripts are read on air."""
        return 0


class MessagePage(CampaignContentPage):
    """Thông điệp: the key message every other piece repeats."""

    key_message = models.CharField(_("thông điệp chính"), max_length=200)
    short_text = models.TextField(_("nội dung ngắn"), max_length=1000)
    themes = LinesField(_("chủ đề"))

    content_panels = [*Page.content_panels, FieldPanel("key_message"), FieldPanel("short_text"), FieldPanel("themes")]
    search_fields = [*CampaignContentPage.search_fields, index.SearchField("key_message"),
                     index.SearchField("short_text")]
    template = "cms/message_page.html"

    class Meta:
        verbose_name = _("thông điệp")
        verbose_name_plural = _("thông điệp")

    def search_texts(self):
        return [self.title, self.key_message, self.short_text]

    def piece_text(self, channel: str) -> str:
        return _paragraphs(self.key_message, self.short_text)

    def clean(self):
        super().clean()
        self.key_message = collapse_spaces(self.key_message)
        if not self.short_text.strip():
            raise ValidationError({"short_text": _("Nội dung ngắn không được chỉ có khoảng trắng.")})


class SloganPage(CampaignContentPage):
    """Khẩu hiệu: a slogan hung on banners, written on posters and read out."""

    text = models.CharField(
        _("khẩu hiệu"), max_length=SLOGAN_MAX_CHARS,
        help_text=_("Từ %(min)d đến %(max)d ký tự.") % {"min": SLOGAN_MIN_CHARS, "max": SLOGAN_MAX_CHARS},
    )
    display_sites = LinesField(_("nơi treo, trưng bày"), help_text=_("Mỗi dòng một địa điểm."))

    content_panels = [*Page.content_panels, FieldPanel("text"), FieldPanel("display_sites")]
    search_fields = [*CampaignContentPage.search_fields, index.SearchField("text")]
    template = "cms/slogan_page.html"

    class Meta:
        verbose_name = _("khẩu hiệu")
        verbose_name_plural = _("khẩu hiệu")

    @property
    def banner_text(self) -> str:
        return self.banner_text_of(self.text)

    @staticmethod
    def banner_text_of(text: str) -> str:
        """Upper case for băng rôn; Python keeps Vietnamese diacritics ("NHÀ Ở XÃ HỘI")."""
        return text.upper()

    def search_texts(self):
        return [self.title, self.text]

    def piece_text(self, channel: str) -> str:
        return _paragraphs(self.text)

    def clean(self):
        super().clean()
        self.text = collapse_spaces(self.text)
        if len(self.text) < SLOGAN_MIN_CHARS:
            raise ValidationError({"text": _("Khẩu hiệu quá ngắn: cần ít nhất %(min)d ký tự.")
                                   % {"min": SLOGAN_MIN_CHARS}})


class PosterPage(CampaignContentPage):
    """Áp phích, panô, băng rôn: one artwork rendered at every print and social size."""

    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("ảnh"), on_delete=models.PROTECT, related_name="+"
    )
    headline = models.CharField(_("tiêu đề"), max_length=150, blank=True)
    poster_format = models.CharField(_("khổ chính"), max_length=30, choices=FORMAT_CHOICES, default="a3")
    slogan = models.ForeignKey(
        SloganPage, verbose_name=_("khẩu hiệu in trên ảnh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("In thành dải chữ dưới chân áp phích."),
    )
    display_sites = LinesField(_("nơi treo, trưng bày"), help_text=_("Mỗi dòng một địa điểm."))

    content_panels = [
        *Page.content_panels,
        FieldPanel("image"),
        FieldPanel("headline"),
        FieldPanel("poster_format"),
        FieldPanel("slogan"),
        FieldPanel("display_sites"),
    ]
    search_fields = [*CampaignContentPage.search_fields, index.SearchField("headline")]
    template = "cms/poster_page.html"

    class Meta:
        verbose_name = _("áp phích, panô")
        verbose_name_plural = _("áp phích, panô")

    @property
    def preview_modes(self):
        return [("", _("Trang")), *[(code, fmt.label) for code, fmt in POSTER_FORMATS.items()]]

    def get_preview_template(self, request, mode_name):
        return "cms/previews/poster_format.html" if mode_name else self.template

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        context["poster_format"] = POSTER_FORMATS.get(mode_name)
        return context

    @property
    def download_formats(self) -> list[tuple[str, str]]:
        return [(code, fmt.label) for code, fmt in POSTER_FORMATS.items()]

    @property
    def print_format_codes(self) -> set[str]:
        return {code for code, fmt in POSTER_FORMATS.items() if fmt.is_print}

    @property
    def band_text(self) -> str | None:
        return self.slogan.banner_text if self.slogan_id else None

    def search_texts(self):
        return [self.title, self.headline]

    def piece_text(self, channel: str) -> str:
        return _paragraphs(self.headline)

    def piece_pictures(self) -> list:
        return [self.image] if self.image_id else []


class ArticlePageTag(TaggedItemBase):
    content_object = ParentalKey("cms.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")


def _image_block() -> ImageBlock:
    """Wagtail's image block, whose image field is labelled from its name ("Image"), outside Wagtail's
    catalogue: a screen reader would read it in English. The label is not part of the block's definition
    in migrations."""
    block = ImageBlock(label=_("Ảnh"))
    block.child_blocks["image"].label = _("Tệp ảnh")
    return block


class ArticleBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Tiêu đề mục"), form_classname="title")
    paragraph = blocks.RichTextBlock(label=_("Đoạn văn"), features=["bold", "italic", "link", "ol", "ul"])
    image = _image_block()
    quote = blocks.BlockQuoteBlock(label=_("Trích dẫn"))


class ArticlePage(CampaignContentPage):
    """Tin bài: the portal channel."""

    intro = models.TextField(_("sapo"), max_length=600)
    body = StreamField(ArticleBodyBlock(), verbose_name=_("nội dung"))
    lead_image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("ảnh đại diện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    tags = ClusterTaggableManager(through=ArticlePageTag, blank=True, verbose_name=_("thẻ"))
    publish_date = models.DateField(_("ngày đăng"), default=timezone.localdate)

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("lead_image"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("publish_date"), FieldPanel("tags")]),
    ]
    search_fields = [*CampaignContentPage.search_fields, index.SearchField("intro"), index.SearchField("body"),
                     index.FilterField("publish_date")]
    template = "cms/article_page.html"

    class Meta:
        verbose_name = _("tin bài")
        verbose_name_plural = _("tin bài")

    def search_texts(self):
        return [self.title, self.intro]

    def piece_text(self, channel: str) -> str:
        return _paragraphs(self.intro)

    def piece_pictures(self) -> list:
        return [self.lead_image] if self.lead_image_id else []


class ScriptPriority(models.TextChoices):
    """The three levels of the grassroots broadcasting rules."""

    NORMAL = "normal", _("Thường")
    PRIORITY = "priority", _("Ưu tiên")
    URGENT = "urgent", _("Khẩn cấp")


class LoudspeakerScriptPage(CampaignContentPage):
    """Bài phát thanh: a text read on the loudspeakers of each cluster."""

    text = models.TextField(_("nội dung đọc"))
    priority = models.CharField(
        _("mức độ"), max_length=10, choices=ScriptPriority.choices, default=ScriptPriority.NORMAL
    )
    syllables = models.PositiveIntegerField(_("số tiếng"), default=0, editable=False)
    airtime_seconds = models.PositiveIntegerField(
        _("thời lượng ước tính (giây)"), default=0, editable=False,
        help_text=_("Ở tốc độ %(speed)d tiếng/phút.") % {"speed": DEFAULT_READING_SPEED},
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("priority"),
        FieldPanel("text", attrs={"data-loa-airtime": DEFAULT_READING_SPEED}),
        HelpPanel(
            template="cms/panels/airtime_panel.html",
            heading=_("Thời lượng ước tính"),
        ),
    ]
    search_fields = [*CampaignContentPage.search_fields, index.SearchField("text"), index.FilterField("priority")]
    template = "cms/loudspeaker_script_page.html"

    class Meta:
        verbose_name = _("bài phát thanh")
        verbose_name_plural = _("bài phát thanh")

    preview_modes = [("", _("Trang")), ("roster", _("Như trên lịch phát thanh in"))]

    def get_preview_template(self, request, mode_name):
        return "cms/previews/script_roster.html" if mode_name == "roster" else self.template

    def piece_text(self, channel: str) -> str:
        return _paragraphs(self.text)

    def airtime_for(self, reading_speed: int) -> int:
        return airtime_seconds(self.text, reading_speed=reading_speed)

    @property
    def airtime_display(self) -> str:
        return format_duration(self.airtime_seconds)

    def search_texts(self):
        return [self.title, self.text]

    def clean(self):
        super().clean()
        if not (self.text or "").strip():
            raise ValidationError({"text": _("Nội dung đọc không được để trống hoặc chỉ có khoảng trắng.")})
        self.text = self.text.strip()

    def save(self, *args, **kwargs):
        self.syllables = count_syllables(self.text)
        self.airtime_seconds = airtime_seconds(self.text)
        super().save(*args, **kwargs)


class SocialPostPage(CampaignContentPage):
    """Bài đăng mạng xã hội: one text per channel, each within that channel's limits."""

    written_per_channel = True

    facebook_text = models.TextField(_("nội dung Facebook"), blank=True)
    zalo_text = models.TextField(_("nội dung Zalo"), blank=True)
    youtube_title = models.CharField(_("tiêu đề YouTube"), max_length=200, blank=True)
    youtube_text = models.TextField(_("mô tả YouTube"), blank=True)
    link = models.URLField(_("liên kết"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("ảnh"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    video_url = models.URLField(_("video"), blank=True, help_text=_("Bắt buộc với YouTube."))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel([FieldPanel("link"), FieldPanel("image"), FieldPanel("video_url")],
                        heading=_("Liên kết và hình ảnh")),
        FieldPanel("facebook_text"),
        FieldPanel("zalo_text", widget=ChannelTextarea("zalo")),
        MultiFieldPanel([FieldPanel("youtube_title"), FieldPanel("youtube_text")], heading="YouTube"),
    ]
    search_fields = [*CampaignContentPage.search_fields, index.SearchField("facebook_text"),
                     index.SearchField("zalo_text"), index.SearchField("youtube_text")]
    template = "cms/social_post_page.html"

    class Meta:
        verbose_name = _("bài đăng mạng xã hội")
        verbose_name_plural = _("bài đăng mạng xã hội")

    @property
    def preview_modes(self):
        return [("", _("Trang")), *[(code, rules.label) for code, rules in CHANNEL_RULES.items()]]

    def get_preview_template(self, request, mode_name):
        return "cms/previews/social_card.html" if mode_name else self.template

    def get_preview_context(self, request, mode_name):
        context = super().get_preview_context(request, mode_name)
        if mode_name in CHANNEL_RULES:
            context["channel"] = CHANNEL_RULES[mode_name]
            context["card"] = preview_card(mode_name, self.draft_for(mode_name))
        return context

    def draft_for(self, channel: str) -> SocialDraft:
        text, title = {
            "facebook": (self.facebook_text, ""),
            "zalo": (self.zalo_text, ""),
            "youtube": (self.youtube_text, self.youtube_title),
        }[channel]
        return SocialDraft(text=text, title=title, link=self.link, has_image=self.image_id is not None,
                           has_video=bool(self.video_url))

    @property
    def channels(self) -> list[str]:
        """The channels this post has a text for."""
        return [code for code in CHANNEL_RULES if self.draft_for(code).text.strip()]

    def search_texts(self):
        return [self.title, self.facebook_text, self.zalo_text, self.youtube_title]

    def piece_text(self, channel: str) -> str:
        """The channel's own text; on a channel without one (a pack for a meeting, say), the first text
        the editor wrote, never several channels' texts mixed."""
        if channel in CHANNEL_RULES:
            return _paragraphs(self.draft_for(channel).text)
        return next((text for code in CHANNEL_RULES if (text := _paragraphs(self.draft_for(code).text))), "")

    def piece_title(self, channel: str) -> str:
        """YouTube videos carry their own title; every other channel the page's."""
        return (self.youtube_title.strip() if channel == "youtube" else "") or self.title

    def piece_link(self) -> str:
        return self.link

    def piece_video(self) -> str:
        return self.video_url

    def piece_pictures(self) -> list:
        return [self.image] if self.image_id else []

    def clean(self):
        super().clean()
        if not self.channels:
            raise ValidationError(_("Hãy viết nội dung cho ít nhất một kênh (Facebook, Zalo hoặc YouTube)."))
        errors = {}
        for channel in self.channels:
            messages = validate_social_post(channel, self.draft_for(channel))
            if messages:
                errors[f"{channel}_text"] = messages
        if errors:
            raise ValidationError(errors)

