"""Read-side queries of the public portal (selectors).

Each returns a bounded list with everything its template needs already
joined or prefetched, so a page costs the same number of queries whether a
campaign has 5 pieces or 500 (tests/test_portal_queries.py holds us to it).
"""

from django.db.models import Prefetch
from slugify import slugify
from wagtail.models import Page

ARTICLES_PER_PAGE = 12
HOME_ARTICLES = 6
HOME_POSTERS = 8
TOPIC_SECTION_SIZE = 12


def _with_image(queryset, field: str):
    renditions = Prefetch(f"{field}__renditions")
    return queryset.select_related(field).prefetch_related(renditions)


def live_articles(home):
    from cms.models import ArticlePage

    articles = ArticlePage.objects.live().public().descendant_of(home).order_by("-publish_date", "-pk")
    return _with_image(articles, "lead_image").prefetch_related("tagged_items__tag")


def home_sections(home) -> dict:
    from cms.models import CampaignTopicPage, PosterPage

    topics = (
        CampaignTopicPage.objects.live().public().child_of(home)
        .filter(campaign__status="active").select_related("campaign").order_by("-campaign__period_start")
    )
    posters = _with_image(
        PosterPage.objects.live().public().descendant_of(home).order_by("-first_published_at"), "image"
    )
    return {
        "latest_articles": list(live_articles(home)[:HOME_ARTICLES]),
        "active_topics": list(topics),
        "posters": list(posters[:HOME_POSTERS]),
    }


def topic_sections(topic) -> dict:
    from cms.models import ArticlePage, LoudspeakerScriptPage, PosterPage, SloganPage

    def newest(model):
        return model.objects.live().public().child_of(topic).order_by("-first_published_at", "-pk")

    campaign = topic.campaign
    return {
        "campaign": campaign,
        "resolutions": list(campaign.resolutions.all()),
        "targets": list(campaign.targets.all()),
        "articles": list(_with_image(newest(ArticlePage), "lead_image")[:TOPIC_SECTION_SIZE]),
        "slogans": list(newest(SloganPage)[:TOPIC_SECTION_SIZE]),
        "posters": list(_with_image(newest(PosterPage), "image")[:TOPIC_SECTION_SIZE]),
        "scripts": list(newest(LoudspeakerScriptPage)[:TOPIC_SECTION_SIZE]),
    }


def search_pieces(home, query: str, *, limit: int = 30) -> list[Page]:
    """Live pages of the ward matching ``query``, with or without diacritics."""
    pages = Page.objects.live().public().descendant_of(home)
    results = list(pages.search(query)[:limit])
    plain = slugify(query, separator=" ")
    if plain and plain != query.lower():
        seen = {page.pk for page in results}
        results += [page for page in pages.search(plain)[:limit] if page.pk not in seen]
    return [page.specific for page in results[:limit]]
