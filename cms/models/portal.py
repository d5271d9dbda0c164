"""The public portal of a ward: its home page and one topic page per campaign."""

from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page

from cms.forms import LoaPageForm
from cms.links import RequestBuiltUrlMixin
from cms.portal import (
    ARTICLES_PER_PAGE,
    home_sections,
    live_articles,
    search_pieces,
    topic_sections,
    with_images,
)
from cms.portal_cache import portal_version


class TopicRouting:
    """Finds a child campaign topic page in one query, where Wagtail's own ``route`` takes two
    (the child, then its specific page). Placed after ``RoutablePageMixin`` so the home page's own
    routes still come first."""

    def route(self, request, path_components):
        if path_components:
            try:
                topic = CampaignTopicPage.objects.get(path__startswith=self.path, depth=self.depth + 1,
                                                      slug=path_components[0])
            except CampaignTopicPage.DoesNotExist:
                return super().route(request, path_components)
            topic._cached_parent_obj = self  # treebeard's get_parent() reads it
            return topic.route(request, path_components[1:])
        return super().route(request, path_components)


class WardHomePage(RequestBuiltUrlMixin, RoutablePageMixin, TopicRouting, Page):
    """The root of one ward's site (a Wagtail Site per ward)."""

    locality = models.OneToOneField(
        "campaigns.Locality", verbose_name=_("phường/xã"), on_delete=models.PROTECT, related_name="home_page"
    )
    intro = RichTextField(_("giới thiệu"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.CampaignTopicPage"]
    base_form_class = LoaPageForm
    content_panels = [*Page.content_panels, FieldPanel("locality"), FieldPanel("intro")]
    template = "cms/ward_home_page.html"

    class Meta:
        verbose_name = _("trang chủ phường/xã")
        verbose_name_plural = _("trang chủ phường/xã")

    @path("")
    def home(self, request):
        # Lazy: a cached fragment (see the template) never runs the queries.
        sections = SimpleLazyObject(lambda: home_sections(self, request))
        return self.render(request, context_overrides={"sections": sections, "portal_version": portal_version(request)})

    @path("tin-bai/")
    def articles(self, request):
        page_number = request.GET.get("trang") or 1
        articles = Paginator(live_articles(self, request), ARTICLES_PER_PAGE).get_page(page_number)
        with_images(articles.object_list)
        return self.render(request, template="cms/article_index.html", context_overrides={"articles": articles})

    @path("tim-kiem/")
    def search(self, request):
        query = (request.GET.get("q") or "").strip()[:200]
        return self.render(
            request,
            template="cms/search_results.html",
            context_overrides={"query": query, "results": search_pieces(self, query) if query else []},
        )


class CampaignTopicPage(RequestBuiltUrlMixin, Page):
    """Chuyên mục: everything published for one campaign, and where its content is written."""

    campaign = models.OneToOneField(
        "campaigns.Campaign", verbose_name=_("kế hoạch tuyên truyền"), on_delete=models.PROTECT,
        related_name="topic_page",
    )
    intro = RichTextField(_("giới thiệu"), blank=True, features=["bold", "italic", "link"])

    parent_page_types = ["cms.WardHomePage"]
    subpage_types = [
        "cms.MessagePage", "cms.SloganPage", "cms.PosterPage", "cms.ArticlePage",
        "cms.LoudspeakerScriptPage", "cms.SocialPostPage",
    ]
    base_form_class = LoaPageForm
    content_panels = [*Page.content_panels, FieldPanel("campaign"), FieldPanel("intro")]
    template = "cms/campaign_topic_page.html"

    class Meta:
        verbose_name = _("chuyên mục kế hoạch")
        verbose_name_plural = _("chuyên mục kế hoạch")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = SimpleLazyObject(lambda: topic_sections(self, request))
        context["portal_version"] = portal_version(request)
        return context
