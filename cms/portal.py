"""Read-side queries of the public portal (selectors).

A list on the portal is read as values, not as page objects: building a
Wagtail page costs far more than reading its row, and a card shows four
fields of it. One query returns the newest pieces of every kind a page lists
(the database ranks each kind), one more the renditions of their images, so a
page costs the same few queries whether a campaign has 5 pieces or 500
(tests/test_portal_queries.py holds us to it; bench/portal.py times it).
"""

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, Window
from django.db.models.functions import RowNumber
from django.utils.formats import date_format
from slugify import slugify
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.models import Page

from cms.airtime import format_duration
from cms.prepared import PreparedValues

ARTICLES_PER_PAGE = 12
HOME_ARTICLES = 6
HOME_POSTERS = 8
TOPIC_SECTION_SIZE = 12

# What a card shows of each kind of piece, read through the page's one-to-one link to its own row.
PIECE_FIELDS = {
    "messagepage": ("key_message", "short_text"),
    "articlepage": ("intro", "publish_date", "lead_image_id"),
    "posterpage": ("headline", "image_id"),
    "sloganpage": ("text",),
    "loudspeakerscriptpage": ("airtime_seconds",),
}
CARD_RENDITIONS = {"articlepage": "fill-480x270", "posterpage": "fill-300x420"}
# Newest first; an article by its own date ("ngày đăng"), every other piece by its first publication.
NEWEST = (F("articlepage__publish_date").desc(nulls_last=True), F("first_published_at").desc(), F("pk").desc())


@dataclass
class Card:
    """One page as a portal list shows it."""

    title: str
    url: str
    kind: str = ""  # the piece's model name, e.g. "articlepage"
    intro: str = ""
    publish_date: date | None = None
    headline: str = ""
    key_message: str = ""
    short_text: str = ""
    text: str = ""
    airtime_seconds: int = 0
    period_end: date | None = None
    image_id: int | None = None
    image: object = None  # its rendition, once ``with_images`` has run

    @property
    def publish_date_display(self) -> str:
        return date_format(self.publish_date, "SHORT_DATE_FORMAT") if self.publish_date else ""

    @property
    def banner_text(self) -> str:
        return apps.get_model("cms", "sloganpage").banner_text_of(self.text)

    @property
    def airtime_display(self) -> str:
        return format_duration(self.airtime_seconds)


class Below:
    """The live, public pages below ``root``, the page being served.

    A card's URL is ``root``'s URL followed by the rest of the card's ``url_path``: Wagtail routes
    a page by those slugs below the root, so no page object is needed to link to it.
    """

    def __init__(self, root, request=None):
        self.root = root
        self.url = root.get_url(request) if request is not None else root.url
        self.private = private_q()  # None: no view restriction anywhere, no condition

    def pages(self, model=Page):
        return live_pages_below(self.root.path, self.private, model)

    @property
    def preparable(self) -> bool:
        """No view restriction anywhere: the lists' SQL is the same for every root (see ``prepared``)."""
        return self.private is None

    def url_of(self, url_path: str) -> str:
        return self.url + url_path[len(self.root.url_path):]

    def cards(self, rows, kinds: dict[int, str]) -> list[Card]:
        """Cards from value rows of ``pieces_of``; ``kinds`` maps content type ids to kinds."""
        cards = []
        for row in rows:
            kind = kinds[row["content_type_id"]]
            fields = {"image_id" if name.endswith("image_id") else name: row[f"{kind}__{name}"]
                      for name in PIECE_FIELDS[kind]}
            cards.append(Card(title=row["title"], url=self.url_of(row["url_path"]), kind=kind, **fields))
        return cards

    def pieces_of(self, kinds) -> tuple:
        """Value rows of the pieces of ``kinds`` (a queryset to narrow and order), and the kind of
        each content type id."""
        return pieces_below(tuple(kinds), self.root.path, self.private), kinds_by_type(tuple(kinds))


def live_pages_below(root_path: str, private=None, model=Page):
    # Below the root in treebeard's materialised path (Wagtail's descendant_of() adds two conditions
    # that only exclude the root itself, which is never of a kind a list shows).
    pages = model.objects.filter(live=True, path__startswith=root_path)
    return pages if private is None else pages.exclude(private)


def kinds_by_type(kinds: tuple) -> dict[int, str]:
    types = ContentType.objects.get_for_models(*(apps.get_model("cms", kind) for kind in kinds))
    return {content_type.pk: model._meta.model_name for model, content_type in types.items()}


def pieces_below(kinds: tuple, root_path: str, private=None):
    fields = [f"{kind}__{name}" for kind in kinds for name in PIECE_FIELDS[kind]]
    return (live_pages_below(root_path, private).filter(content_type_id__in=kinds_by_type(kinds))
            .values("title", "url_path", "content_type_id", *fields))


_prepared: dict[tuple, PreparedValues] = {}
_restricted_sections = PreparedValues(
    lambda: apps.get_model("wagtailcore", "PageViewRestriction").objects.values("page__path", "page__depth"))


def private_q() -> Q | None:
    """Wagtail's ``private_q()`` (the pages at or below a view restriction: what ``public()`` leaves
    out), read as values in a prepared query; None when no page is restricted."""
    q = Q()
    for section in _restricted_sections.rows():
        q |= Q(path__startswith=section["page__path"]) & Q(depth__gte=section["page__depth"])
    return q or None


def prepared(key: tuple, build) -> PreparedValues:
    """The list query ``key``, compiled once per process (cms/prepared.py): the portal's lists differ
    from one page to another only in the root's path and depth. Anything else compiled into the
    statement (sizes, content type ids) is part of ``key``."""
    return _prepared.get(key) or _prepared.setdefault(key, PreparedValues(build))


def newest_rows(kinds: tuple, limit: int, root_path: str, depth: int, private=None):
    rank = Window(RowNumber(), partition_by=F("content_type_id"), order_by=NEWEST)
    return (pieces_below(kinds, root_path, private).filter(depth=depth).annotate(rank=rank)
            .filter(rank__lte=limit).order_by("content_type_id", "rank"))


def newest_by_kind(below: Below, sizes: dict[str, int], *, depth: int) -> dict[str, list[Card]]:
    """The ``sizes[kind]`` newest pieces of each kind ``depth`` levels below the root, in one query
    (the database ranks each kind's pieces)."""
    kinds, limit = tuple(sizes), max(sizes.values())
    values = {"root_path": below.root.path, "depth": below.root.depth + depth}
    if below.preparable:
        key = ("newest", kinds, limit, *kinds_by_type(kinds))  # content type ids are compiled in
        rows = prepared(key, lambda **stand_ins: newest_rows(kinds, limit, **stand_ins)).rows(**values)
    else:
        rows = newest_rows(kinds, limit, private=below.private, **values)
    cards = {kind: [] for kind in sizes}
    for card in below.cards(rows, kinds_by_type(kinds)):
        if len(cards[card.kind]) < sizes[card.kind]:
            cards[card.kind].append(card)
    return cards


class CardList:
    """The cards of one kind below the root, newest first, sliced lazily: ``Paginator`` counts it,
    then takes one page."""

    def __init__(self, below: Below, kind: str):
        self.below = below
        self.rows, self.kinds = below.pieces_of([kind])
        self.rows = self.rows.order_by(*(NEWEST if kind == "articlepage" else NEWEST[1:]))

    def count(self) -> int:
        return self.rows.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index) -> list[Card]:
        return self.below.cards(self.rows[index], self.kinds)


def newest_cards(below: Below, kind: str, count: int) -> list[Card]:
    """The ``count`` newest cards of one kind below the root (``CardList(below, kind)[:count]``)."""
    if not below.preparable:
        return CardList(below, kind)[:count]

    def build(root_path):
        return pieces_below((kind,), root_path).order_by(*(NEWEST if kind == "articlepage" else NEWEST[1:]))[:count]

    rows = prepared(("newest", kind, count, *kinds_by_type((kind,))), build).rows(root_path=below.root.path)
    return below.cards(rows, kinds_by_type((kind,)))


def with_images(*lists: list[Card]) -> None:
    """Give each card its rendition, in one query: the renditions of the cards' sizes with their
    images. A card whose rendition is missing (e.g. an image uploaded since) has Wagtail find or
    create it, from the renditions already read (the image's ``prefetched_renditions``)."""
    cards = [card for cards in lists for card in cards if card.image_id]
    filters = {spec: Filter(spec=spec) for spec in {CARD_RENDITIONS[card.kind] for card in cards}}
    wanted = {card.image_id for card in cards}
    images, found = {}, {}
    for rendition in (get_image_model().get_rendition_model().objects.select_related("image")
                      .filter(image_id__in=wanted, filter_spec__in=filters)):
        image = images.setdefault(rendition.image_id, rendition.image)
        image.prefetched_renditions = [*getattr(image, "prefetched_renditions", ()), rendition]
        if rendition.focal_point_key == filters[rendition.filter_spec].get_cache_key(image):  # not a stale crop
            found[rendition.image_id, rendition.filter_spec] = rendition
    missing = {card.image_id for card in cards if (card.image_id, CARD_RENDITIONS[card.kind]) not in found}
    if missing - images.keys():  # images with none of these renditions yet
        for image in get_image_model().objects.filter(pk__in=missing - images.keys()):
            image.prefetched_renditions = []
            images[image.pk] = image
    for card in cards:
        spec = CARD_RENDITIONS[card.kind]
        card.image = found.get((card.image_id, spec))
        if card.image is None and card.image_id in images:
            card.image = get_renditions_or_not_found(images[card.image_id], [filters[spec]])[spec]


def live_articles(home, request=None) -> CardList:
    return CardList(Below(home, request), "articlepage")


def home_sections(home, request=None) -> dict:
    from cms.models import CampaignTopicPage

    below = Below(home, request)
    articles = newest_cards(below, "articlepage", HOME_ARTICLES)
    posters = newest_cards(below, "posterpage", HOME_POSTERS)
    with_images(articles, posters)

    def active_topics(root_path, depth, private=None):
        return (live_pages_below(root_path, private, CampaignTopicPage).filter(depth=depth, campaign__status="active")
                .order_by("-campaign__period_start").values("title", "url_path", "campaign__period_end"))

    values = {"root_path": home.path, "depth": home.depth + 1}
    if below.preparable:
        topics = prepared(("active_topics",), active_topics).rows(**values)
    else:
        topics = active_topics(private=below.private, **values)
    return {
        "latest_articles": articles,
        "active_topics": [Card(title=topic["title"], url=below.url_of(topic["url_path"]),
                               period_end=topic["campaign__period_end"]) for topic in topics],
        "posters": posters,
    }


def campaign_rows(model, field: str, campaign_id: int) -> list:
    """``model.objects.filter(<field>=campaign_id)`` as model objects, read through a prepared statement."""
    names = [f.attname for f in model._meta.concrete_fields]

    def build(campaign_id):
        return model.objects.filter(**{field: campaign_id}).values(*names)

    statement = prepared(("campaign_rows", model._meta.label, field), build)
    return [model(**row) for row in statement.rows(campaign_id=campaign_id)]


def topic_sections(topic, request=None) -> dict:
    from campaigns.models import Resolution, Target

    pieces = newest_by_kind(Below(topic, request), dict.fromkeys(PIECE_FIELDS, TOPIC_SECTION_SIZE), depth=1)
    with_images(pieces["articlepage"], pieces["posterpage"])
    return {
        "resolutions": campaign_rows(Resolution, "campaigns", topic.campaign_id),
        "targets": campaign_rows(Target, "campaign_id", topic.campaign_id),
        "messages": pieces["messagepage"],
        "articles": pieces["articlepage"],
        "slogans": pieces["sloganpage"],
        "posters": pieces["posterpage"],
        "scripts": pieces["loudspeakerscriptpage"],
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
