"""The Facebook, Zalo and YouTube adapters against a local stub that speaks the real APIs.

Each adapter is checked for the exact request it sends (path, fields, token,
Idempotency-Key) and for every class of failure: rate limit, expired token,
5xx, a timeout after the request was sent, a dropped connection, a refused
connection and rejected content; and a repeated send with the same key posts once.
"""

import logging
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from campaigns.dispatch.adapters.base import Outcome
from campaigns.dispatch.adapters.facebook import FacebookAdapter
from campaigns.dispatch.adapters.registry_social import SOCIAL_ADAPTERS
from campaigns.dispatch.adapters.social import (
    clear_content_cache,
    content_for,
    normalize_text,
    retry_after_seconds,
    timeouts,
)
from campaigns.dispatch.adapters.youtube import YouTubeAdapter, seconds_until_quota_reset, video_id_from
from campaigns.dispatch.adapters.zalo import ZaloAdapter
from campaigns.models import ChannelAccount, Delivery, Publication
from tests.stub_social import StubClient, StubServer

SOCIAL_SLUG = "chung-tay-phat-trien-nha-o-xa-hoi"
ARTICLE_SLUG = "phuong-hai-an-trien-khai-nghi-quyet-02-nq-tu-ve-phat-trien-nha-o-xa-hoi"
PAGE_ID = "104857600123456"
VIDEO_ID = "dQw4w9WgXcQ"
TOKENS = {
    "facebook": ("LOA_FACEBOOK_TOKEN_HAI_AN", "EAAGfbSECRETtoken0123456789"),
    "zalo": ("LOA_ZALO_TOKEN_HAI_AN", "zaloSECRETtoken0123456789"),
    "youtube": ("LOA_YOUTUBE_TOKEN_HAI_AN", "ya29.ytSECRETtoken0123456789"),
}
CHANNELS = ("facebook", "zalo", "youtube")


@pytest.fixture
def stub():
    with StubServer(slow_seconds=1.5) as server:
        yield server


@pytest.fixture(autouse=True)
def fast_timeouts(settings):
    settings.LOA_SOCIAL_TIMEOUT = (0.5, 0.5)


@pytest.fixture
def tokens(monkeypatch):
    for env, token in TOKENS.values():
        monkeypatch.setenv(env, token)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def piece(slug: str):
    return Page.objects.get(slug=slug).specific


@pytest.fixture(scope="module")
def hai_an(django_db_setup, django_db_blocker):
    """The Hải An portal demo, as conftest's ``portal_demo`` builds it, but once for this module:
    it is built inside a transaction rolled back after the module's last test, and each test runs
    in a savepoint of it (``db``), so every test still starts from the same demo."""
    from cms.demo import demo_load

    with django_db_blocker.unblock(), transaction.atomic():
        yield demo_load()
        transaction.set_rollback(True)


@pytest.fixture
def make(hai_an, db, stub, tokens):
    """``make(channel, slug=…, base=…)`` -> (adapter, delivery): a ward-wide delivery due now and
    the ward's account for ``channel`` pointing at the stub (or at ``base``)."""
    clear_content_cache()  # some tests change a piece in place, without publishing it
    campaign = hai_an["campaign"]
    ward = campaign.ward

    def _make(channel: str, slug: str = SOCIAL_SLUG, *, base: str | None = None, account_id: str | None = None,
              idempotent: bool = True):
        base = base or stub.url
        ChannelAccount.objects.filter(ward=ward, channel=channel).delete()
        account = ChannelAccount.objects.create(
            ward=ward, channel=channel, base_url=base + ("/v21.0" if channel == "facebook" else ""),
            account_id=account_id if account_id is not None else {"facebook": PAGE_ID, "youtube": ""}.get(channel, ""),
            token_env=TOKENS[channel][0], honours_idempotency_key=idempotent,
        )
        now = timezone.now().replace(microsecond=0)
        publication = Publication.objects.create(ward=ward, campaign=campaign, page=piece(slug), channel=channel,
                                                 starts_at=now)
        delivery = Delivery.objects.create(publication=publication, channel=channel, occurrence=now, due_at=now)
        return SOCIAL_ADAPTERS[channel](account), delivery

    return _make


def set_fields(slug: str, **fields):
    """Change a demo piece's fields in place (no revision, no validation: the adapters read the row)."""
    page = piece(slug)
    type(page).objects.filter(pk=page.pk).update(**fields)
    return piece(slug)


def with_video(**fields):
    return set_fields(SOCIAL_SLUG, **{
        "video_url": f"https://youtu.be/{VIDEO_ID}", "youtube_title": "Nhà ở xã hội Hải An",
        "youtube_text": "Phường Hải An tuyên truyền Nghị quyết 02-NQ/TU. #NhàỞXãHội #HảiAn", **fields})


def assert_secret_free(result, channel):
    assert TOKENS[channel][1] not in result.message


# --- the adapters' contract ---------------------------------------------------------------------


def test_registry_and_protocol(make):
    assert SOCIAL_ADAPTERS == {"facebook": FacebookAdapter, "zalo": ZaloAdapter, "youtube": YouTubeAdapter}
    for channel in CHANNELS:
        adapter, _ = make(channel, idempotent=False)
        assert adapter.channel == channel
        assert adapter.idempotent is False
        adapter, _ = make(channel, idempotent=True)
        assert adapter.idempotent is True


def test_default_timeouts(settings):
    del settings.LOA_SOCIAL_TIMEOUT
    assert timeouts() == (5.0, 20.0)
    settings.LOA_SOCIAL_TIMEOUT = 3
    assert timeouts() == (3.0, 3.0)
    settings.LOA_SOCIAL_TIMEOUT = {"read": 9}
    assert timeouts() == (5.0, 9.0)


# --- success: the exact request each API receives ------------------------------------------------


def test_facebook_post_with_image_goes_to_photos(make, stub):
    adapter, delivery = make("facebook")
    page = piece(SOCIAL_SLUG)
    result = adapter.send(delivery)
    assert result.outcome is Outcome.DELIVERED, result.message
    [request] = stub.requests()
    assert request["method"] == "POST"
    assert request["path"] == f"/v21.0/{PAGE_ID}/photos"
    assert request["content_type"] == "application/x-www-form-urlencoded"
    assert set(request["form"]) == {"url", "caption", "access_token"}
    assert request["form"]["caption"] == normalize_text(page.facebook_text)
    assert request["form"]["access_token"] == TOKENS["facebook"][1]
    assert request["form"]["url"].startswith("http") and ".jpg" in request["form"]["url"]
    assert request["idempotency_key"] == delivery.idempotency_key
    assert request["headers"]["Idempotency-Key"] == delivery.idempotency_key
    assert "access_token" not in request["query"]
    assert result.external_id == request["answer"]["post_id"]
    assert result.external_id.startswith(f"{PAGE_ID}_")


def test_facebook_post_with_link_goes_to_feed(make, stub):
    page = set_fields(SOCIAL_SLUG, link="https://haian.haiphong.gov.vn/nha-o-xa-hoi")
    adapter, delivery = make("facebook")
    result = adapter.send(delivery)
    assert result.outcome is Outcome.DELIVERED, result.message
    [request] = stub.requests()
    assert request["path"] == f"/v21.0/{PAGE_ID}/feed"
    assert request["form"] == {"message": normalize_text(page.facebook_text), "link": page.link,
                               "access_token": TOKENS["facebook"][1]}
    assert result.external_id == request["answer"]["id"]


def test_facebook_article_is_title_intro_and_public_link(make, stub):
    adapter, delivery = make("facebook", ARTICLE_SLUG)
    article = piece(ARTICLE_SLUG)
    result = adapter.send(delivery)
    assert result.outcome is Outcome.DELIVERED, result.message
    [request] = stub.requests()
    assert request["path"] == f"/v21.0/{PAGE_ID}/feed"
    assert request["form"]["message"] == f"{article.title}\n\n{article.intro}"
    assert request["form"]["link"] == article.full_url
    assert article.full_url.startswith("http")


def test_zalo_article_shape(make, stub):
    adapter, delivery = make("zalo")
    page = piece(SOCIAL_SLUG)
    result = adapter.send(delivery)
    assert result.outcome is Outcome.DELIVERED, result.message
    [request] = stub.requests()
    assert (request["method"], request["path"]) == ("POST", "/v2.0/article/create")
    assert request["headers"]["access_token"] == TOKENS["zalo"][1]
    assert request["idempotency_key"] == delivery.idempotency_key
    article = request["json"]
    assert set(article) == {"type", "title", "author", "cover", "description", "body", "status", "comment"}
    assert article["type"] == "normal"
    assert article["title"] == page.title
    assert article["author"] == "UBND phường Hải An"
    assert article["cover"]["cover_type"] == "photo"
    assert article["cover"]["status"] == "show"
    assert article["cover"]["photo_url"].startswith("http")
    assert article["description"] == normalize_text(page.zalo_text)
    assert article["body"][0] == {"type": "text", "content": normalize_text(page.zalo_text)}
    assert article["body"][-1] == {"type": "image", "url": article["cover"]["photo_url"]}
    assert (article["status"], article["comment"]) == ("show", "show")
    assert result.external_id == request["answer"]["data"]["token"]


def test_zalo_article_piece_links_to_portal(make, stub):
    adapter, delivery = make("zalo", ARTICLE_SLUG)
    article = piece(ARTICLE_SLUG)
    assert adapter.send(delivery).outcome is Outcome.DELIVERED
    body = stub.requests()[0]["json"]["body"]
    texts = [item["content"] for item in body if item["type"] == "text"]
    assert texts == [article.title, article.intro, f"Xem chi tiết: {article.full_url}"]


def test_youtube_video_metadata(make, stub):
    page = with_video()
    adapter, delivery = make("youtube")
    result = adapter.send(delivery)
    assert result.outcome is Outcome.DELIVERED, result.message
    [request] = stub.requests()
    assert (request["method"], request["path"]) == ("PUT", "/youtube/v3/videos")
    assert request["query"] == {"part": "snippet"}
    assert request["headers"]["Authorization"] == f"Bearer {TOKENS['youtube'][1]}"
    assert request["idempotency_key"] == delivery.idempotency_key
    assert request["json"] == {
        "id": VIDEO_ID,
        "snippet": {
            "title": page.youtube_title,
            "description": page.youtube_text,
            "categoryId": "25",
            "tags": ["NhàỞXãHội", "HảiAn"],
            "defaultLanguage": "vi",
        },
    }
    assert result.external_id == VIDEO_ID


def test_youtube_uses_account_video_when_piece_has_none(make, stub):
    adapter, delivery = make("youtube", ARTICLE_SLUG, account_id=f"https://www.youtube.com/shorts/{VIDEO_ID}")
    article = piece(ARTICLE_SLUG)
    assert adapter.send(delivery).outcome is Outcome.DELIVERED
    video = stub.requests()[0]["json"]
    assert video["id"] == VIDEO_ID
    assert video["snippet"]["title"] == article.title
    assert article.full_url in video["snippet"]["description"]


def test_youtube_without_video_fails_before_calling(make, stub):
    adapter, delivery = make("youtube", ARTICLE_SLUG, account_id="")
    result = adapter.send(delivery)
    assert result.outcome is Outcome.PERMANENT
    assert "video" in result.message
    assert stub.requests() == []


@pytest.mark.parametrize("url", [
    f"https://www.youtube.com/watch?v={VIDEO_ID}",
    f"https://www.youtube.com/watch?feature=share&v={VIDEO_ID}&t=12s",
    f"https://m.youtube.com/watch?v={VIDEO_ID}",
    f"https://youtu.be/{VIDEO_ID}?si=abc",
    f"https://www.youtube.com/shorts/{VIDEO_ID}",
    f"https://youtube.com/embed/{VIDEO_ID}",
    f"youtube.com/live/{VIDEO_ID}",
    VIDEO_ID,
])
def test_video_id_from_every_address_form(url):
    assert video_id_from(url) == VIDEO_ID


@pytest.mark.parametrize("url", ["", "https://vimeo.com/123", "https://www.youtube.com/watch?v=short",
                                 "https://www.youtube.com/channel/UCabc"])
def test_video_id_from_rejects_others(url):
    assert video_id_from(url) == ""


def test_content_for_social_post_and_other_pieces(make):
    _, delivery = make("facebook")
    content = content_for(delivery, "facebook")
    assert content.is_social_post and content.hashtags == ("NhàỞXãHội", "HảiAn")
    _, delivery = make("facebook", ARTICLE_SLUG)
    content = content_for(delivery, "facebook")
    assert not content.is_social_post
    assert content.link == piece(ARTICLE_SLUG).full_url and content.image_url


# --- exactly once at the stub ------------------------------------------------------------------------


@pytest.mark.parametrize("channel", CHANNELS)
def test_repeated_send_with_same_key_posts_once(make, stub, channel):
    if channel == "youtube":
        with_video()
    adapter, delivery = make(channel)
    first, second = adapter.send(delivery), adapter.send(delivery)
    assert first.outcome is second.outcome is Outcome.DELIVERED
    assert first.external_id == second.external_id
    stats = stub.stats()
    assert stub.posts_for(delivery.idempotency_key) == 1
    assert stats["replays_by_key"] == {delivery.idempotency_key: 1}
    assert stats["duplicates"] == {}


def test_stub_without_idempotency_counts_duplicates(make, stub):
    stub.configure(honour_idempotency=False)
    adapter, delivery = make("facebook")
    adapter.send(delivery)
    adapter.send(delivery)
    assert stub.stats()["duplicates"] == {delivery.idempotency_key: 2}


# --- every class of failure, on every channel --------------------------------------------------------


@pytest.mark.parametrize("channel", CHANNELS)
def test_rate_limit_is_transient_with_retry_after(make, stub, channel):
    if channel == "youtube":
        with_video()
    adapter, delivery = make(channel)
    stub.fault("rate_limit", retry_after=7)
    result = adapter.send(delivery)
    assert result.outcome is Outcome.TRANSIENT
    assert result.retry_after == 7
    assert "giới hạn" in result.message
    assert stub.posts_for(delivery.idempotency_key) == 0
    assert_secret_free(result, channel)


def test_facebook_rate_limit_wait_from_business_usage_header(make, stub):
    adapter, delivery = make("facebook")
    stub.fault("rate_limit", regain_minutes=2)
    result = adapter.send(delivery)
    assert (result.outcome, result.retry_after) == (Outcome.TRANSIENT, 120)


def test_youtube_quota_waits_until_reset(make, stub):
    with_video()
    adapter, delivery = make("youtube")
    stub.fault("quota")
    result = adapter.send(delivery)
    assert result.outcome is Outcome.TRANSIENT
    assert 60 <= result.retry_after <= 25 * 3600
    assert "hạn mức" in result.message


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("fault", ["expired_token", "invalid_token"])
def test_expired_token_is_permanent_and_says_what_to_do(make, stub, channel, fault):
    if channel == "youtube":
        with_video()
    adapter, delivery = make(channel)
    stub.fault(fault)
    result = adapter.send(delivery)
    assert result.outcome is Outcome.PERMANENT
    label = {"facebook": "Facebook", "zalo": "Zalo", "youtube": "YouTube"}[channel]
    assert result.message.startswith(f"Token {label} của phường Hải An đã hết hạn")
    assert f"cập nhật biến môi trường {TOKENS[channel][0]} rồi bấm “Gửi lại”" in result.message
    assert_secret_free(result, channel)


@pytest.mark.parametrize("channel", CHANNELS)
def test_server_error_is_transient(make, stub, channel):
    if channel == "youtube":
        with_video()
    adapter, delivery = make(channel)
    stub.fault("server_error")
    result = adapter.send(delivery)
    assert result.outcome is Outcome.TRANSIENT
    assert "HTTP 5" in result.message
    assert stub.posts_for(delivery.idempotency_key) == 0


@pytest.mark.parametrize("channel", CHANNELS)
def test_timeout_after_the_post_is_unknown(make, stub, channel):
    """The stub records the post, then answers after the client gave up: the post exists, so
    the only honest answer is UNKNOWN (a person checks), never a blind retry."""
    if channel == "youtube":
        with_video()
    adapter, delivery = make(channel)
    stub.fault("slow")
    result = adapter.send(delivery)
    assert result.outcome is Outcome.UNKNOWN
    assert "có thể đã" in result.message
    assert stub.posts_for(delivery.idempotency_key) == 1
    assert_secret_free(result, channel)


@pytest.mark.parametrize("channel", CHANNELS)
def test_connection_dropped_after_sending_is_unknown(make, stub, channel):
    if channel == "youtube":
        with_video()
    adapter, delivery = make(channel)
    stub.fault("drop")
    result = adapter.send(delivery)
    assert result.outcome is Outcome.UNKNOWN
    assert stub.posts_for(delivery.idempotency_key) == 1


@pytest.mark.parametrize("channel", CHANNELS)
def test_connection_refused_is_transient(make, channel):
    if channel == "youtube":
        with_video()
    adapter, delivery = make(channel, base=f"http://127.0.0.1:{free_port()}")
    result = adapter.send(delivery)
    assert result.outcome is Outcome.TRANSIENT
    assert "Không kết nối được" in result.message
    assert_secret_free(result, channel)


def test_stopped_stub_is_transient(make):
    with StubServer() as other:
        adapter, delivery = make("facebook", base=other.url)
        assert adapter.send(delivery).outcome is Outcome.DELIVERED
    # The same adapter (and its pooled keep-alive connection) after the server went away.
    _, second = make("facebook", ARTICLE_SLUG, base=other.url)
    result = adapter.send(second)
    assert result.outcome is Outcome.TRANSIENT


@pytest.mark.parametrize(("channel", "api_message"), [
    ("facebook", "(#100) Invalid parameter"),
    ("zalo", "Parameter invalid: cover.photo_url is not a valid url"),
    ("youtube", "The request metadata specifies an invalid video description."),
])
def test_invalid_parameter_is_permanent_quoting_the_api(make, stub, channel, api_message):
    if channel == "youtube":
        with_video()
    adapter, delivery = make(channel)
    stub.fault("invalid_param")
    result = adapter.send(delivery)
    assert result.outcome is Outcome.PERMANENT
    assert f"“{api_message}”" in result.message
    assert result.message.startswith({"facebook": "Facebook", "zalo": "Zalo", "youtube": "YouTube"}[channel])


@pytest.mark.parametrize(("code", "words"), [
    (506, "giống hệt"), (368, "spam"), (200, "pages_manage_posts"), (10, "pages_manage_posts"),
])
def test_facebook_refusals_are_permanent_and_say_what_to_do(make, stub, code, words):
    adapter, delivery = make("facebook")
    stub.fault("api_error", code=code, message=f"(#{code}) Refused by the stub")
    result = adapter.send(delivery)
    assert result.outcome is Outcome.PERMANENT
    assert words in result.message and f"(mã lỗi {code})" in result.message
    assert f"“(#{code}) Refused by the stub”" in result.message


@pytest.mark.parametrize(("code", "outcome"), [(1, Outcome.TRANSIENT), (2, Outcome.TRANSIENT),
                                               (4, Outcome.TRANSIENT), (17, Outcome.TRANSIENT),
                                               (613, Outcome.TRANSIENT), (190, Outcome.PERMANENT),
                                               (100, Outcome.PERMANENT), (12345, Outcome.PERMANENT)])
def test_facebook_error_codes(make, stub, code, outcome):
    adapter, delivery = make("facebook")
    stub.fault("api_error", code=code)
    assert adapter.send(delivery).outcome is outcome


@pytest.mark.parametrize(("status", "reason", "outcome"), [
    (401, "authError", Outcome.PERMANENT), (403, "userRateLimitExceeded", Outcome.TRANSIENT),
    (500, "backendError", Outcome.TRANSIENT), (403, "forbidden", Outcome.PERMANENT),
    (404, "videoNotFound", Outcome.PERMANENT), (400, "invalidTitle", Outcome.PERMANENT),
])
def test_youtube_error_reasons(make, stub, status, reason, outcome):
    with_video()
    adapter, delivery = make("youtube")
    stub.fault("api_error", code=reason, status=status)
    assert adapter.send(delivery).outcome is outcome


@pytest.mark.parametrize(("error", "outcome"), [(-216, Outcome.PERMANENT), (-124, Outcome.PERMANENT),
                                                (-32, Outcome.TRANSIENT), (-210, Outcome.PERMANENT)])
def test_zalo_error_codes(make, stub, error, outcome):
    adapter, delivery = make("zalo")
    stub.fault("api_error", code=error, message="Zalo nói vậy")
    result = adapter.send(delivery)
    assert result.outcome is outcome
    if error == -210:
        assert "“Zalo nói vậy”" in result.message


@pytest.mark.parametrize("channel", CHANNELS)
def test_social_post_without_the_channels_text_is_not_sent(make, stub, channel):
    with_video(**{f"{channel}_text": ""})
    adapter, delivery = make(channel)
    result = adapter.send(delivery)
    assert result.outcome is Outcome.PERMANENT
    assert result.message.startswith("Bài chưa có nội dung")
    assert stub.requests() == []


@pytest.mark.parametrize("channel", CHANNELS)
def test_missing_token_fails_without_calling(make, stub, monkeypatch, channel):
    adapter, delivery = make(channel)
    monkeypatch.delenv(TOKENS[channel][0])
    result = adapter.send(delivery)
    assert result.outcome is Outcome.PERMANENT
    assert TOKENS[channel][0] in result.message
    assert stub.requests() == []


def test_token_never_logged(make, stub, caplog):
    with_video()
    caplog.set_level(logging.DEBUG)
    for channel in CHANNELS:
        adapter, delivery = make(channel)
        adapter.send(delivery)
        stub.fault("expired_token")
        adapter.send(delivery)
    logged = caplog.text
    assert "HTTP" in logged  # something was logged
    for _, token in TOKENS.values():
        assert token not in logged


def test_unexpected_error_before_sending_is_transient_after_is_unknown(make, stub, monkeypatch):
    adapter, delivery = make("facebook")
    monkeypatch.setattr(FacebookAdapter, "interpret", lambda self, response: 1 / 0)
    assert adapter.send(delivery).outcome is Outcome.UNKNOWN  # the post left, the answer broke us
    monkeypatch.setattr("campaigns.dispatch.adapters.facebook.content_for", lambda *args: 1 / 0)
    result = adapter.send(delivery)
    assert result.outcome is Outcome.TRANSIENT and "chưa được gửi" in result.message
    assert stub.stats()["requests"] == 1


def test_retry_after_accepts_http_dates():
    import requests

    response = requests.Response()
    response.headers["Retry-After"] = (timezone.now() + timedelta(seconds=90)).strftime("%a, %d %b %Y %H:%M:%S GMT")
    assert 85 <= retry_after_seconds(response) <= 91
    response.headers["Retry-After"] = "soon"
    assert retry_after_seconds(response) is None


def test_quota_reset_is_next_pacific_midnight():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    late = datetime(2026, 3, 10, 23, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert seconds_until_quota_reset(late) == 3600


# --- the stub as its own process ----------------------------------------------------------------------


def test_stub_runs_as_a_process_with_a_control_api(make):
    script = Path(__file__).with_name("stub_social.py")
    process = subprocess.Popen([sys.executable, str(script), "--port", "0", "--latency-ms", "20"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = int(process.stdout.readline())
        client = StubClient(f"http://127.0.0.1:{port}")
        client.wait_ready()
        assert client.stats()["latency_ms"] == 20
        adapter, delivery = make("facebook", base=client.url)
        client.fault("server_error", channel="facebook")
        assert adapter.send(delivery).outcome is Outcome.TRANSIENT
        assert adapter.send(delivery).outcome is Outcome.DELIVERED
        assert adapter.send(delivery).outcome is Outcome.DELIVERED
        stats = client.stats()
        assert stats["requests"] == 3 and stats["posts"] == 1 and stats["replays"] == 1
        assert client.posts_for(delivery.idempotency_key) == 1
        [*_, last] = client.requests(channel="facebook")
        assert last["idempotency_key"] == delivery.idempotency_key
        client.reset()
        assert client.stats()["requests"] == 0
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_publishing_the_piece_again_changes_what_is_sent(make, stub):
    adapter, first = make("facebook")
    assert adapter.send(first).outcome is Outcome.DELIVERED
    page = piece(SOCIAL_SLUG)
    page.facebook_text = "Nội dung mới đã được duyệt lại. #NhàỞXãHội"
    page.save_revision().publish()
    # A new delivery of the same publication, without ``make`` (which would clear the cache).
    second = Delivery.objects.create(publication=first.publication, channel="facebook",
                                     occurrence=first.occurrence + timedelta(days=1), due_at=first.due_at)
    assert adapter.send(Delivery.objects.get(pk=second.pk)).outcome is Outcome.DELIVERED
    assert [r["form"]["caption"] for r in stub.requests()][-1] == "Nội dung mới đã được duyệt lại. #NhàỞXãHội"


# --- through the dispatch pass ---------------------------------------------------------------------


def test_dispatch_pass_posts_through_the_stub(make, stub):
    from campaigns.dispatch.runner import dispatch_due
    from campaigns.models import DeliveryStatus

    _, delivery = make("facebook")
    stub.fault("slow", channel="zalo")
    _, unsure = make("zalo")
    dispatch_due(delivery_ids=[delivery.pk, unsure.pk])
    delivery.refresh_from_db()
    unsure.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED
    assert delivery.external_id == stub.requests(channel="facebook")[0]["answer"]["post_id"]
    assert unsure.status == DeliveryStatus.NEEDS_CHECK
    assert stub.posts_for(unsure.idempotency_key) == 1
