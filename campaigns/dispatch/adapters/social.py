"""What the Facebook, Zalo and YouTube adapters share.

* **Content**: the text a channel gets is what the piece answers through its
  piece interface (``piece_title``, ``piece_text``, ``piece_images``,
  ``piece_link``, ``piece_video`` on ``cms.models.content.CampaignContentPage``).
  A ``SocialPostPage`` is written per channel; any other piece goes out as its
  title, its text and a link to its public page.
* **HTTP**: one ``requests`` session per process and thread (keep-alive, no
  automatic retries), timeouts from ``settings.LOA_SOCIAL_TIMEOUT`` (connect
  5 s, read 20 s by default), every request carrying ``Idempotency-Key``.
* **What went wrong**: the failures every API shares are mapped here:

  | what happened                                   | outcome   |
  |-------------------------------------------------|-----------|
  | connect error, refused, DNS, connect timeout    | TRANSIENT (nothing was sent) |
  | read timeout, connection dropped after sending  | UNKNOWN (may be posted: a person checks, never a blind retry) |
  | HTTP 429, 408                                   | TRANSIENT, ``retry_after`` from ``Retry-After`` |
  | HTTP 5xx                                        | TRANSIENT |
  | expired/invalid token (per channel)             | PERMANENT, says which environment variable to update |
  | content rejected (per channel)                  | PERMANENT, quoting the API's own message |
  | 2xx without the id we expect                    | UNKNOWN |

The token never appears in a log line or an error message: it travels in a
form field or a header (never in the URL) and any text we keep is scrubbed of it.
"""

from __future__ import annotations

import email.utils
import logging
import os
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import NewConnectionError
from urllib3.util.retry import Retry

from campaigns.content.channels import Channel, extract_hashtags, normalize_text, shorten
from campaigns.dispatch.adapters.base import Outcome, SendResult

logger = logging.getLogger("loa.dispatch.social")

DEFAULT_TIMEOUT = (5.0, 20.0)  # (connect, read) seconds
USER_AGENT = "Loa/0.1 (+cong-tac-tuyen-truyen-phuong)"
IMAGE_RENDITION = "max-1200x1200|format-jpeg"
API_MESSAGE_MAX = 300  # characters of an API's own message we keep



@dataclass(frozen=True)
class ConnectionCheck:
    """What "Kiểm tra kết nối" found: the API answered with the account's name, or why not (Vietnamese)."""

    ok: bool
    message: str
    name: str = ""


@dataclass(frozen=True)
class Outgoing:
    """A request that is not a delivery (a message to a group head): its key and what logs call it."""

    pk: str
    idempotency_key: str


# --- content ----------------------------------------------------------------------------------
# normalize_text, extract_hashtags and shorten come from campaigns.content.channels: what is counted is what is sent.


@dataclass(frozen=True)
class PostContent:
    """One piece as one channel will carry it."""

    title: str
    text: str  # the body as the channel shows it (no separate link unless ``link``)
    link: str = ""  # the piece's link (SocialPostPage.link, or the public page of any other piece)
    image_url: str = ""  # absolute URL of a rendition of the piece's image
    video_url: str = ""
    hashtags: tuple[str, ...] = ()
    is_social_post: bool = False


def absolute_url(page, url: str) -> str:
    """``url`` (a rendition's) made absolute, served next to the piece's portal."""
    if not url or url.startswith(("http://", "https://")):
        return url
    root = ""
    try:
        site = page.get_site()
        root = site.root_url if site else ""
    except Exception:  # noqa: S110 - fall back to the admin base URL below
        pass
    root = root or getattr(settings, "WAGTAILADMIN_BASE_URL", "")
    return root.rstrip("/") + url


# Built content by (page, channel, published version), kept briefly: a recurring publication sends the
# same piece many times, and building it costs several queries and a rendition lookup. Publishing the
# piece again changes the key; the TTL bounds any other change made to the live row.
CONTENT_TTL_SECONDS = 60.0
_content_cache: dict[tuple, tuple[float, PostContent]] = {}
_content_lock = threading.Lock()


def clear_content_cache() -> None:
    with _content_lock:
        _content_cache.clear()


def content_for(delivery, channel: str) -> PostContent:
    """The title, text, link and media ``channel`` carries for ``delivery``'s piece (the live,
    i.e. approved and published, version of the page)."""
    base = delivery.publication.page
    key = (base.pk, channel, base.live_revision_id, base.last_published_at)
    now = time.monotonic()
    with _content_lock:
        cached = _content_cache.get(key)
    if cached is not None and now - cached[0] < CONTENT_TTL_SECONDS:
        return cached[1]
    content = build_content(base.specific, channel)
    with _content_lock:
        if len(_content_cache) > 512:
            _content_cache.clear()
        _content_cache[key] = (now, content)
    return content


def build_content(page, channel: str) -> PostContent:
    """``page`` (a content page) as ``channel`` carries it, through the piece interface."""
    title = normalize_text(page.piece_title(channel))
    text = normalize_text(page.piece_text(channel))
    if not page.written_per_channel:  # any other piece goes out as its title, its short text and a link
        text = "\n\n".join(part for part in (title, text if text != title else "") if part)
    images = page.piece_images(IMAGE_RENDITION)
    return PostContent(
        title=title,
        text=text,
        link=normalize_text(page.piece_link()),
        image_url=absolute_url(page, images[0] if images else ""),
        video_url=normalize_text(page.piece_video()),
        hashtags=tuple(extract_hashtags(text)),
        is_social_post=page.written_per_channel,
    )


# --- HTTP ---------------------------------------------------------------------------------------

_local = threading.local()  # this thread's session, and whether the current send's request has left


class EnvironmentCachedSession(requests.Session):
    """Reads proxy and CA-bundle settings from the environment once per host, not on every request.

    requests re-reads the whole environment for each request (about 1 ms here, a twentieth of a
    post); the environment of a worker process does not change while it runs.
    """

    def __init__(self):
        super().__init__()
        self._environment_by_host = {}

    def merge_environment_settings(self, url, proxies, stream, verify, cert):
        if proxies:
            return super().merge_environment_settings(url, proxies, stream, verify, cert)
        key = (urlsplit(url).scheme, urlsplit(url).netloc, stream, verify, cert)
        if key not in self._environment_by_host:
            self._environment_by_host[key] = super().merge_environment_settings(url, proxies, stream, verify, cert)
        return self._environment_by_host[key]


def session() -> requests.Session:
    """A keep-alive session for this process and thread, with urllib3's retries switched off:
    a POST is never re-sent behind our back (that is the dispatcher's decision)."""
    pid = os.getpid()
    current = getattr(_local, "session", None)
    if current is None or getattr(_local, "pid", None) != pid:
        current = EnvironmentCachedSession()
        no_retries = HTTPAdapter(max_retries=Retry(total=0, connect=0, read=0, redirect=0, status=0,
                                                   raise_on_status=False, raise_on_redirect=False))
        current.mount("http://", no_retries)
        current.mount("https://", no_retries)
        current.headers["User-Agent"] = USER_AGENT
        _local.session, _local.pid = current, pid
    return current


def timeouts() -> tuple[float, float]:
    """(connect, read) seconds from ``settings.LOA_SOCIAL_TIMEOUT``: a number (both), a pair,
    or ``{"connect": …, "read": …}``; default (5, 20)."""
    value = getattr(settings, "LOA_SOCIAL_TIMEOUT", None)
    if value is None:
        return DEFAULT_TIMEOUT
    if isinstance(value, int | float):
        return float(value), float(value)
    if isinstance(value, dict):
        return float(value.get("connect", DEFAULT_TIMEOUT[0])), float(value.get("read", DEFAULT_TIMEOUT[1]))
    connect, read = value
    return float(connect), float(read)


def redact(text: str, *secrets: str) -> str:
    """``text`` with every secret replaced by "***" (tokens never reach a message or a log)."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


def retry_after_seconds(response: requests.Response) -> int | None:
    """``Retry-After`` as whole seconds (delta-seconds or an HTTP date), or None."""
    value = (response.headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0, int((when - datetime.now(UTC)).total_seconds() + 0.999))


def response_json(response: requests.Response) -> dict:
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def response_snippet(response: requests.Response) -> str:
    """A short, single-line excerpt of a body we could not parse (an HTML error page, say)."""
    text = " ".join((response.text or "").split())
    return shorten(text, 160) if text else ""


class SocialAdapter(ABC):
    """Base of the three social adapters: ``send`` builds, calls and maps; subclasses say how."""

    channel = ""

    def __init__(self, account):
        self.account = account
        self.idempotent = bool(account.honours_idempotency_key)

    # -- helpers for subclasses ----------------------------------------------------------------

    @property
    def label(self) -> str:
        return str(Channel(self.channel).label) if self.channel in Channel.values else self.channel

    @property
    def token(self) -> str:
        return self.account.token

    def url(self, path: str) -> str:
        return self.account.base_url.rstrip("/") + "/" + path.lstrip("/")

    def ward_name(self) -> str:
        """"phường Hải An" (the unit in lower case, as in running Vietnamese text)."""
        try:
            ward = self.account.ward
            kind = str(ward.get_kind_display())
            return f"{kind[:1].lower()}{kind[1:]} {ward.name}".strip()
        except Exception:  # a message must never fail to be built
            return "phường/xã"

    def clean(self, text: str) -> str:
        return redact(text, self.token)

    def api_message(self, message: str) -> str:
        return shorten(" ".join(self.clean(str(message or "")).split()), API_MESSAGE_MAX)

    # -- results --------------------------------------------------------------------------------

    def delivered(self, external_id: str, message: str = "") -> SendResult:
        return SendResult(Outcome.DELIVERED, external_id=str(external_id), message=message)

    def transient(self, message: str, retry_after: int | None = None) -> SendResult:
        return SendResult(Outcome.TRANSIENT, message=self.clean(message), retry_after=retry_after)

    def permanent(self, message: str) -> SendResult:
        return SendResult(Outcome.PERMANENT, message=self.clean(message))

    def unknown(self, message: str) -> SendResult:
        return SendResult(Outcome.UNKNOWN, message=self.clean(message))

    def no_text(self) -> SendResult:
        return self.permanent(f"Bài chưa có nội dung {self.label}: hãy viết nội dung {self.label} cho bài, "
                              f"duyệt lại rồi bấm “Gửi lại”.")

    def missing_token(self) -> SendResult:
        where = (f"đặt biến môi trường {self.account.token_env} trên máy chủ" if self.account.token_env
                 else "nhập token trong “Tài khoản kênh” của phường/xã")
        return self.permanent(f"Chưa có token {self.label} của {self.ward_name()}: {where} rồi bấm “Gửi lại”.")

    def token_rejected(self, api_message: str = "") -> SendResult:
        said = f" ({self.label} báo: “{self.api_message(api_message)}”)" if api_message else ""
        return self.permanent(
            f"Token {self.label} của {self.ward_name()} đã hết hạn hoặc không còn hợp lệ{said}: "
            f"cập nhật {self.account.token_where} rồi bấm “Gửi lại”."
        )

    def rate_limited(self, api_message: str = "", retry_after: int | None = None) -> SendResult:
        said = f" ({self.label} báo: “{self.api_message(api_message)}”)" if api_message else ""
        wait = f", yêu cầu chờ {retry_after} giây" if retry_after else ""
        return self.transient(f"{self.label} đang giới hạn số lần đăng{said}{wait}.", retry_after)

    def server_error(self, status: int, api_message: str = "", retry_after: int | None = None) -> SendResult:
        said = f": “{self.api_message(api_message)}”" if api_message else ""
        return self.transient(f"Máy chủ {self.label} tạm thời lỗi (HTTP {status}){said}.", retry_after)

    def rejected(self, api_message: str, code: Any = None, hint: str = "") -> SendResult:
        with_code = f" (mã lỗi {code})" if code not in (None, "") else ""
        hint = hint or "sửa nội dung hoặc cấu hình tài khoản rồi bấm “Gửi lại”."
        return self.permanent(f"{self.label} từ chối bài đăng{with_code}: “{self.api_message(api_message)}”. "
                              f"Hãy {hint}")

    # -- the call -------------------------------------------------------------------------------

    def call(self, method: str, path: str, delivery, **request) -> SendResult:
        """Send the channel's request and read its answer (``interpret``)."""
        response = self.request(method, path, delivery, **request)
        if isinstance(response, SendResult):
            return response
        return self.interpret(response)

    def refused(self, response: requests.Response, api_message: str, code: Any) -> SendResult:
        """The last word on an answer the channel's own codes did not explain: an answer every API means
        the same way (429, 408, 5xx, redirects), else the channel rejected the post."""
        generic = self.generic_http_error(response, api_message)
        if generic is not None:
            return generic
        return self.rejected(api_message or f"HTTP {response.status_code}", code)

    def request(self, method: str, path: str, delivery, *, params=None, data=None, json=None,
                headers=None) -> requests.Response | SendResult:
        """Send one request; a ``SendResult`` when no HTTP answer came back."""
        all_headers = {"Idempotency-Key": delivery.idempotency_key, "Accept": "application/json"}
        all_headers.update(headers or {})
        url = self.url(path)
        _local.request_started = True
        try:
            response = session().request(method, url, params=params, data=data, json=json, headers=all_headers,
                                         timeout=timeouts(), allow_redirects=False)
        except requests.RequestException as exc:
            result = self.connection_failure(exc)
            logger.warning("%s: lượt %s không có trả lời (%s): %s", self.label, delivery.pk,
                           result.outcome.value, type(exc).__name__)
            return result
        logger.info("%s: lượt %s -> HTTP %s", self.label, delivery.pk, response.status_code)
        return response

    def connection_failure(self, exc: requests.RequestException) -> SendResult:
        """Map a failure without an HTTP answer: nothing sent -> TRANSIENT, maybe sent -> UNKNOWN."""
        if sent_nothing(exc):
            return self.transient(
                f"Không kết nối được máy chủ {self.label} ({urlsplit(self.account.base_url).netloc}): "
                f"bài chưa được gửi."
            )
        if isinstance(exc, requests.Timeout):
            what = f"{self.label} không trả lời trong {timeouts()[1]:g} giây sau khi đã nhận yêu cầu"
        else:
            what = f"Kết nối tới {self.label} bị ngắt sau khi đã gửi yêu cầu ({type(exc).__name__})"
        return self.unknown(
            f"{what}: bài có thể đã được đăng. Hãy mở trang {self.label} của {self.ward_name()} kiểm tra, "
            f"rồi đánh dấu “đã đăng” hoặc bấm “Gửi lại”."
        )

    def generic_http_error(self, response: requests.Response, api_message: str = "",
                           code: Any = None) -> SendResult | None:
        """The answers every API means the same way (429, 408, 5xx, redirects); None otherwise."""
        status = response.status_code
        if status in (429, 408):
            return self.rate_limited(api_message or response_snippet(response), retry_after_seconds(response))
        if status >= 500:
            return self.server_error(status, api_message or response_snippet(response), retry_after_seconds(response))
        if 300 <= status < 400:
            return self.permanent(
                f"Địa chỉ API {self.label} chuyển hướng (HTTP {status}) sang "
                f"“{response.headers.get('Location', '')}”: kiểm tra “địa chỉ API” của tài khoản kênh."
            )
        return None

    # -- "Kiểm tra kết nối" -----------------------------------------------------------------------

    def check_connection(self) -> ConnectionCheck:
        """Ask the channel who the account is (a read, nothing is posted) and say so in Vietnamese."""
        if not self.token:
            return ConnectionCheck(False, f"Chưa có token {self.label}: hãy nhập token rồi kiểm tra lại.")
        method, path, params, headers = self.identity_request()
        try:
            response = session().request(method, self.url(path), params=params,
                                         headers={"Accept": "application/json", **headers},
                                         timeout=timeouts(), allow_redirects=False)
        except requests.RequestException as exc:
            logger.warning("%s: kiểm tra kết nối không có trả lời: %s", self.label, type(exc).__name__)
            return ConnectionCheck(False, f"Không kết nối được máy chủ {self.label} "
                                          f"({urlsplit(self.account.base_url).netloc}): kiểm tra “địa chỉ API” "
                                          f"và mạng của máy chủ.")
        logger.info("%s: kiểm tra kết nối -> HTTP %s", self.label, response.status_code)
        body = response_json(response)
        check = self.identity_read(response, body)
        return ConnectionCheck(check.ok, self.clean(check.message), self.clean(check.name))

    def connection_ok(self, name: str) -> ConnectionCheck:
        return ConnectionCheck(True, f"Kết nối {self.label} thành công: “{self.api_message(name)}”.", name)

    def connection_refused(self, response: requests.Response, api_message: str, code: Any = None,
                           token_problem: bool = False) -> ConnectionCheck:
        said = self.api_message(api_message or response_snippet(response) or f"HTTP {response.status_code}")
        with_code = f", mã lỗi {code}" if code not in (None, "") else ""
        if token_problem:
            return ConnectionCheck(False, f"{self.label} từ chối token ({said}{with_code}): token đã hết hạn "
                                          f"hoặc không đúng, hãy nhập token mới.")
        return ConnectionCheck(False, f"{self.label} trả lời lỗi (HTTP {response.status_code}{with_code}): "
                                      f"“{said}”. Kiểm tra mã trang/tài khoản và quyền của token.")

    @abstractmethod
    def identity_request(self) -> tuple[str, str, dict, dict]:
        """(method, path, query, headers) of the channel's "who am I" read."""

    @abstractmethod
    def identity_read(self, response: requests.Response, body: dict) -> ConnectionCheck:
        """What the channel's answer to the "who am I" read says about the account and its token."""

    def send(self, delivery) -> SendResult:
        if not self.token:
            return self.missing_token()
        _local.request_started = False
        try:
            return self.post(delivery)
        except Exception as exc:
            logger.exception("%s: lỗi không lường trước với lượt %s", self.label, delivery.pk)
            if not getattr(_local, "request_started", False):  # failed while preparing: nothing left
                return self.transient(f"Lỗi khi chuẩn bị bài {self.label} ({type(exc).__name__}): bài chưa được gửi.")
            # Failed after the request left (reading an odd answer, say): it may be posted.
            return self.unknown(f"Lỗi không lường trước sau khi gửi lên {self.label} ({type(exc).__name__}): "
                                f"bài có thể đã được đăng. Hãy kiểm tra trang {self.label} rồi đánh dấu "
                                f"hoặc bấm “Gửi lại”.")
        finally:
            _local.request_started = False

    @abstractmethod
    def post(self, delivery) -> SendResult:
        """Make the channel's request for ``delivery`` (through ``call``) and interpret the answer."""

    @abstractmethod
    def interpret(self, response: requests.Response) -> SendResult:
        """What the channel's answer means."""


def sent_nothing(exc: BaseException) -> bool:
    """True when the request surely never reached the server (so a retry cannot double-post)."""
    if isinstance(exc, requests.ConnectTimeout | requests.exceptions.InvalidURL | requests.exceptions.MissingSchema
                  | requests.exceptions.InvalidSchema | requests.exceptions.ProxyError | requests.exceptions.SSLError):
        return True
    if isinstance(exc, requests.ConnectionError):
        # requests wraps urllib3's MaxRetryError(reason=NewConnectionError) for refused / DNS / unreachable.
        seen: set[int] = set()
        stack: list[BaseException | None] = [exc]
        while stack:
            current = stack.pop()
            if current is None or id(current) in seen:
                continue
            seen.add(id(current))
            if isinstance(current, NewConnectionError | ConnectionRefusedError):
                return True
            stack.extend([getattr(current, "reason", None), current.__cause__, current.__context__,
                          *[arg for arg in getattr(current, "args", ()) if isinstance(arg, BaseException)]])
    return False

