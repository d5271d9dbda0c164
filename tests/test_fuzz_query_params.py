"""Odd values in the query string and in the ids of the path never make a 500.

The URLs come from the URL resolver: every named admin pattern that answers GET, its ids filled
from the demo (a registered viewset's ``pk`` from that viewset's own model, as the user may see
it), plus the portal's pages. A first request to each URL records which query-string keys its view
reads (``ReadKeys``); the fuzz then sends odd values in those keys, rotating them so that every key
gets every value, then each key twice (well-formed and odd, in both orders). A view class reading
the same keys (the history view of each viewset, a list and its ``results/``) is fuzzed in full
once; every other URL gets one request with odd values in the keys it reads and the keys lists
usually read. Each path argument gets a huge number or odd text, once per view. A new view is
walked as soon as its URL is registered; the floors below catch a walk that silently shrinks.
A failure names the key that breaks the view on its own when one does.
"""

import sys

import pytest
from django.contrib.auth import get_user_model
from django.core.handlers.wsgi import WSGIRequest, get_bytes_from_wsgi
from django.core.signals import got_request_exception
from django.http import QueryDict
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils.functional import cached_property
from wagtail.admin.viewsets import viewsets
from wagtail.coreutils import resolve_model_string
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Task, Workflow

from campaigns.models import Delivery, LoudspeakerCluster, RosterAudio
from campaigns.places import access
from cms.models import ArticlePage, CampaignTopicPage, PosterPage, WardHomePage

ODD_VALUES = [
    '"', "'", "%00", "\x00", "1\x00", "-1", "0", "abc", "1e99", "99999999999999999999", "../",
    "<script>alert(1)</script>", "x" * 3000, "2026-13-45", "", 'nhà ở"',
]
SMOKE_VALUES = ['a"\x00', "99999999999999999999"]
ODD_PATH_VALUES = ["abc", 'nhà"']
HUGE_ID = 99999999999999999999
# Sent in the smoke requests to every URL, whether or not the probe saw the view read them.
COMMON_PARAMS = [
    "q", "p", "page", "ordering", "export", "id", "pk", "status", "channel", "ward", "campaign", "kind",
    "parent", "collection_id", "tag", "content_type", "page_type", "multiple", "parent_page_id", "date_from",
    "date_to", "timestamp_from", "timestamp_to", "action", "user", "next", "trang", "format", "locale",
]
# Not walked: logging out, Wagtail's page that raises on purpose, file and portal serving (the portal
# pages are walked on their own below).
SKIPPED_NAMES = {
    "wagtailadmin_logout", "wagtailadmin_error_test", "wagtaildocs_serve", "wagtail_serve",
    "wagtailadmin_javascript_catalog", "wagtailadmin_sprite",
}
# Keys every form or confirmation page reads the same way: views reading only these are fuzzed once.
FURNITURE_KEYS = {"next", "_w_hydrate_create_view", "mode", "multiple", "format"}
MIN_URLS = {"root": 230, "lanhdao": 230}
MIN_FUZZED = {"root": 65, "lanhdao": 22}


class ReadKeys(QueryDict):
    """A QueryDict that notes every key a view asks for (while ``seen`` is a set)."""

    seen: set[str] | None = None

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def getlist(self, key, default=None):
        self._note(key)
        return super().getlist(key, default)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    @staticmethod
    def _note(key):
        if ReadKeys.seen is not None and isinstance(key, str):
            ReadKeys.seen.add(key)


def named_patterns(patterns=None, namespace=""):
    """Full name of every named URL pattern, namespaces included."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from named_patterns(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def argument_lists(name: str) -> list[dict[str, str]]:
    """For each way the pattern reverses: its arguments and their converters."""
    *namespaces, bare = name.split(":")
    resolver = get_resolver()
    for namespace in namespaces:
        resolver = resolver.namespace_dict[namespace][1]
    found = []
    for possibility, _, _, converters in resolver.reverse_dict.getlist(bare):
        for _, params in possibility:
            found.append({param: type(converters.get(param)).__name__ for param in params})
    return found


class Ids:
    """Real values for the path arguments, taken from what the user may open."""

    def __init__(self, user):
        self.user = user
        self.models = {viewset.name: resolve_model_string(viewset.model) for viewset in viewsets.viewsets
                       if getattr(viewset, "model", None) is not None and getattr(viewset, "name", None)}
        piece = ArticlePage.objects.filter(campaign__ward__slug="hai-an").order_by("pk").first()
        topic = CampaignTopicPage.objects.get(campaign=piece.campaign)
        image = get_image_model().objects.order_by("pk").first()
        document = get_document_model().objects.order_by("pk").first()
        task, workflow = Task.objects.order_by("pk").first(), Workflow.objects.order_by("pk").first()
        cluster = LoudspeakerCluster.objects.filter(ward__slug="hai-an").order_by("pk").first()
        delivery = Delivery.objects.filter(cluster=cluster).order_by("pk").first()
        self.by_argument = {
            "page_id": piece.pk, "page_pk": piece.pk, "page_to_move_id": piece.pk, "parent_page_id": topic.pk,
            "destination_id": topic.pk, "image_id": image and image.pk, "document_id": document and document.pk,
            "doc_id": document and document.pk, "collection_id": Collection.get_first_root_node().pk,
            "task_id": task and task.pk, "workflow_pk": workflow and workflow.pk,
            "app_label": "cms", "app_name": "cms", "content_type_app_name": "cms",
            "model_name": "articlepage", "content_type_model_name": "articlepage", "token": "khong-co",
            # the roster screens (campaigns.reports.rosters)
            "cluster_id": cluster and cluster.pk, "ward_id": cluster and cluster.ward_id,
            "delivery_id": delivery and delivery.pk,
            "render_id": RosterAudio.objects.filter(cluster=cluster).values_list("pk", flat=True).first(),
        }
        self.by_namespace = {"wagtailadmin_collections": Collection, "wagtailimages_chooser": get_image_model(),
                             "wagtaildocs_chooser": get_document_model()}

    def pk_for(self, name: str):
        namespace = name.split(":")[0]
        model = self.models.get(namespace) or self.by_namespace.get(namespace)
        if namespace == "wagtailadmin_workflows":
            model = Task if "task" in name else Workflow
        if model is None:
            return None
        queryset = model._default_manager.order_by("pk")
        if access.is_ward_scoped(model):
            queryset = access.scope_queryset(queryset, self.user)
        obj = queryset.first()
        return obj.pk if obj is not None else None

    def kwargs_for(self, name: str, arguments: dict[str, str]) -> dict | None:
        kwargs = {}
        for argument in arguments:
            value = self.pk_for(name) if argument == "pk" else self.by_argument.get(argument)
            if value is None:
                return None
            kwargs[argument] = value
        return kwargs


def admin_targets(user) -> tuple[list[str], list[tuple[str, dict]]]:
    """Every admin URL with real ids, and the (name, kwargs) of those with arguments to fuzz in the path."""
    ids = Ids(user)
    urls, with_arguments = set(), []
    for name in named_patterns():
        if name in SKIPPED_NAMES:
            continue
        for arguments in argument_lists(name):
            kwargs = ids.kwargs_for(name, arguments)
            if kwargs is None:
                continue
            try:
                url = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
            if url.startswith(("/admin/", "/ap-phich/")):
                urls.add(url)
                if arguments:
                    with_arguments.append((name, arguments, kwargs))
    return sorted(urls), with_arguments


def portal_targets() -> list[str]:
    home = WardHomePage.objects.get(locality__slug="hai-an")
    root = home.url_path[:-1]
    topic = CampaignTopicPage.objects.live().child_of(home).first()
    pieces = Page.objects.live().public().descendant_of(home).type(ArticlePage, PosterPage).order_by("pk")[:2]
    poster = PosterPage.objects.live().public().order_by("pk").first()
    return ["/", "/tin-bai/", "/tim-kiem/", topic.url_path.removeprefix(root),
            *[piece.url_path.removeprefix(root) for piece in pieces], f"/ap-phich/{poster.pk}/a4.png"]


class Fuzzer:
    """Sends the requests and keeps every 500 and every exception a view let out."""

    def __init__(self, client, *, fuzz_in_full=lambda view_path: True):
        self.client = client
        self.fuzz_in_full = fuzz_in_full
        self.client.raise_request_exception = False
        self.failures: dict[tuple, str] = {}
        self.requests = 0
        self.exceptions: list[BaseException] = []
        self.fuzzed: set[tuple] = set()

    def on_exception(self, sender, request=None, **kwargs):
        self.exceptions.append(sys.exc_info()[1])

    def get(self, url: str, data=()) -> tuple[int, str]:
        self.exceptions.clear()
        self.requests += 1
        response = self.client.get(url, data)
        error = repr(self.exceptions[0])[:200] if self.exceptions else ""
        if response.status_code >= 500 and not error:
            error = f"HTTP {response.status_code}"
        return response.status_code, error

    def check(self, url: str, data) -> None:
        status, error = self.get(url, data)
        if not error:
            return
        pairs = list(data.items()) if isinstance(data, dict) else list(data)
        # Name the key that breaks the view on its own, if one does.
        culprits = [pair for pair in pairs if len(pairs) > 1 and self.get(url, [pair])[1]] or pairs
        shown = "&".join(f"{key}={value[:30]!r}" for key, value in culprits[:4])
        where = resolve(url)._func_path
        self.failures.setdefault((where, tuple(sorted({key for key, _ in culprits})), error.split("(")[0]),
                                 f"{status} GET {url}?{shown} -> {error}")

    def probe(self, url: str) -> set[str] | None:
        """The keys the view reads, or None when it does not answer GET."""
        ReadKeys.seen = set()
        try:
            status, error = self.get(url, {"_probe": "1"})
        finally:
            seen, ReadKeys.seen = ReadKeys.seen, None
        if error:
            self.failures.setdefault((url, error[:60]), f"{status} GET {url} -> {error}")
        return None if status == 405 else seen - {"_probe"}

    def fuzz(self, url: str, keys: list[str]) -> None:
        """Every key gets every odd value; then repeated keys, well-formed value first and last."""
        rounds = len(ODD_VALUES)
        for round_ in range(rounds):
            self.check(url, {key: ODD_VALUES[(round_ + index) % rounds] for index, key in enumerate(keys)})
        self.check(url, [(key, value) for key in keys for value in ("1", "abc")])
        self.check(url, [(key, value) for key in keys for value in ("abc", "1")])

    def smoke(self, url: str, keys: list[str]) -> None:
        """One request: the keys read and the common ones, with a quote and NUL or a huge number."""
        self.check(url, {key: SMOKE_VALUES[index % len(SMOKE_VALUES)] for index, key in enumerate(keys)})

    def walk(self, url: str) -> bool:
        read = self.probe(url)
        if read is None:
            return False
        view_path = resolve(url.split("?")[0])._func_path
        signature = (view_path if read - FURNITURE_KEYS else "", frozenset(read))
        if read and signature not in self.fuzzed and self.fuzz_in_full(view_path):
            self.fuzzed.add(signature)
            self.fuzz(url, sorted(read))
        else:
            self.smoke(url, sorted(read | set(COMMON_PARAMS)))
        return True


@pytest.fixture
def fuzzer(client, monkeypatch):
    def recording_get(request):
        return ReadKeys(get_bytes_from_wsgi(request.environ, "QUERY_STRING", ""), encoding=request._encoding)

    prop = cached_property(recording_get)
    prop.__set_name__(WSGIRequest, "GET")
    monkeypatch.setattr(WSGIRequest, "GET", prop)
    fuzzer = Fuzzer(client)
    got_request_exception.connect(fuzzer.on_exception)
    yield fuzzer
    got_request_exception.disconnect(fuzzer.on_exception)


def fuzz_path_arguments(fuzzer: Fuzzer, with_arguments) -> None:
    """Each argument of each view in turn (once per view class): a huge number for ids, odd text for
    text arguments."""
    done = set()
    for name, arguments, kwargs in with_arguments:
        view_path = resolve(reverse(name, kwargs=kwargs))._func_path
        for argument, converter in arguments.items():
            if (view_path, argument) in done:
                continue
            done.add((view_path, argument))
            values = [HUGE_ID] if converter == "IntConverter" else ODD_PATH_VALUES
            for value in values:
                try:
                    url = reverse(name, kwargs={**kwargs, argument: value})
                except NoReverseMatch:
                    continue  # the converter refuses the value: no such URL
                fuzzer.check(url, {})


@pytest.fixture
def users(portal_demo, django_user_model):
    django_user_model.objects.create_superuser("root", "root@example.vn", "x")
    return django_user_model


def ours(view_path: str) -> bool:
    return view_path.startswith(("campaigns.", "cms."))


@pytest.mark.parametrize("username", ["root", "lanhdao"])
def test_odd_query_values_never_make_a_500(users, fuzzer, client, username):
    """As a superuser every view is fuzzed in full; as the Hải An supervisor, the project's own views
    (the ward-scoped lists and the sealed Wagtail screens), Wagtail's in one request each."""
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    if username == "lanhdao":
        fuzzer.fuzz_in_full = ours
    urls, with_arguments = admin_targets(user)
    walked = sum(fuzzer.walk(url) for url in urls + portal_targets())
    fuzz_path_arguments(fuzzer, with_arguments)
    failures = sorted(fuzzer.failures.values())
    assert not failures, f"{len(failures)} failures in {fuzzer.requests} requests:\n" + "\n".join(failures)
    assert walked >= MIN_URLS[username]
    assert len(fuzzer.fuzzed) >= MIN_FUZZED[username]
