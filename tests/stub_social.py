"""A local stand-in for the Facebook Graph, Zalo OA and YouTube Data APIs.

It answers the three endpoints Loa calls with the real APIs' success and error
shapes, records every request, and honours ``Idempotency-Key`` (a repeated
key gets the first answer again, with the same post id, and counts as a
replay, not a new post). Standard library only, so it runs anywhere.

Endpoints (``{v}`` is any ``vNN.N`` version)::

    POST /{v}/{page-id}/feed          Facebook: form message, link, access_token -> {"id": "<page>_<n>"}
    POST /{v}/{page-id}/photos        Facebook: form url, caption, access_token  -> {"id", "post_id"}
    POST /v2.0/article/create         Zalo OA: header access_token, JSON article -> {"error": 0, "data": {"token"}}
    PUT  /youtube/v3/videos?part=snippet  YouTube: Bearer token, JSON video   -> {"kind": "youtube#video", "id"}
    POST /v3.0/oa/message/cs          Zalo OA: header access_token, {"recipient": {"user_id"}, "message": {"text"}}
                                      -> {"error": 0, "data": {"message_id", "user_id"}} (counts as a post)

and the reads of "Kiểm tra kết nối" (recorded, never posts; faults apply to them too)::

    GET  /{v}/{page-id}?fields=name   Facebook: Bearer token -> {"name", "id"}
    GET  /v2.0/oa/getoa               Zalo OA: header access_token -> {"error": 0, "data": {"oa_id", "name"}}
    GET  /youtube/v3/channels?part=snippet&mine=true  YouTube: Bearer -> {"items": [{"id", "snippet": {"title"}}]}

Control API (JSON in and out), so a stub in another process can be driven::

    GET  /__stub/health                          {"ok": true, "port": N}
    GET  /__stub/stats                           counts: requests, posts, replays, posts_by_key, duplicates, ...
    GET  /__stub/requests?since=N&channel=zalo   the recorded requests (seq > N)
    POST /__stub/fault   {"kind": "rate_limit", "count": 2, "channel": "facebook", "retry_after": 7,
                          "slow_seconds": 2}     answer the next ``count`` matching requests with a fault
    POST /__stub/config  {"latency_ms": 20, "honour_idempotency": true, "slow_seconds": 2}
    POST /__stub/reset                           forget requests, posts and pending faults

Faults (``FAULTS``): ``rate_limit``, ``quota``, ``expired_token``, ``invalid_token``,
``server_error``, ``invalid_param``, ``api_error`` (any error in the channel's own
shape: ``code`` = Facebook code / Zalo error / YouTube reason, ``status``,
``message``) (nothing is posted), ``slow`` (the post is
recorded, then the answer waits ``slow_seconds``: the client times out after
the post exists) and ``drop`` (the post is recorded, then the connection is
closed without an answer).

In tests::

    with StubServer(latency_ms=0) as stub:       # a thread in this process
        stub.fault("expired_token")
        ... ChannelAccount(base_url=stub.url + "/v21.0", ...)
        assert stub.posts_for(key) == 1

As a process (prints its port as the first line of stdout)::

    python tests/stub_social.py --port 0 --latency-ms 20
    StubClient("http://127.0.0.1:<port>").stats()
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import re
import signal
import socket
import sys
import threading
import time
import urllib.request
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

FAULTS = ("rate_limit", "quota", "expired_token", "invalid_token", "server_error", "invalid_param", "api_error",
          "slow", "drop")
POSTING_FAULTS = ("slow", "drop")  # the post is made before things go wrong

_FACEBOOK = re.compile(r"^/(v\d+(?:\.\d+)?)/([^/]+)/(feed|photos)/?$")
_ZALO = "/v2.0/article/create"
_ZALO_MESSAGE = "/v3.0/oa/message/cs"
_ZALO_OA = "/v2.0/oa/getoa"
_YOUTUBE_CHANNELS = "/youtube/v3/channels"
_FACEBOOK_NODE = re.compile(r"^/(v\d+(?:\.\d+)?)/([^/]+)/?$")
# What the identity reads answer (names as a ward's real accounts are named).
IDENTITY_NAMES = {"facebook": "UBND phường Hải An", "zalo": "Phường Hải An - Hải Phòng",
                  "youtube": "Truyền thanh phường Hải An"}
_YOUTUBE = "/youtube/v3/videos"
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")


def _fbtrace() -> str:
    return "A" + format(time.monotonic_ns() % 10**12, "x")


class StubState:
    """Everything the stub remembers; every method is thread-safe."""

    def __init__(self, *, latency_ms: float = 0, honour_idempotency: bool = True, slow_seconds: float = 2.0):
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.latency_ms = float(latency_ms)
        self.honour_idempotency = honour_idempotency
        self.slow_seconds = float(slow_seconds)
        self._ids = itertools.count(1)
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.requests: list[dict] = []
            self.faults: list[dict] = []
            self.answers: dict[str, tuple[int, dict, dict]] = {}  # idempotency key -> first answer
            self.posts_by_key: Counter[str] = Counter()
            self.replays_by_key: Counter[str] = Counter()
            self.posts_by_channel: Counter[str] = Counter()
            self.requests_by_channel: Counter[str] = Counter()
            self.posts_without_key = 0
            self.unfollowed: set[str] = set()  # Zalo user ids that do not follow the OA

    def configure(self, **options) -> None:
        with self.lock:
            if "latency_ms" in options:
                self.latency_ms = float(options["latency_ms"])
            if "honour_idempotency" in options:
                self.honour_idempotency = bool(options["honour_idempotency"])
            if "slow_seconds" in options:
                self.slow_seconds = float(options["slow_seconds"])

    def add_fault(self, kind: str, count: int = 1, channel: str | None = None, **options) -> None:
        if kind not in FAULTS:
            raise ValueError(f"unknown fault {kind!r}; known: {', '.join(FAULTS)}")
        with self.lock:
            self.faults.append({"kind": kind, "count": int(count), "channel": channel, **options})

    def take_fault(self, channel: str) -> dict | None:
        with self.lock:
            for fault in self.faults:
                if fault["channel"] in (None, channel):
                    fault["count"] -= 1
                    if fault["count"] <= 0:
                        self.faults.remove(fault)
                    return dict(fault)
        return None

    def record(self, entry: dict) -> dict:
        with self.lock:
            entry["seq"] = len(self.requests) + 1
            self.requests.append(entry)
            self.requests_by_channel[entry["channel"]] += 1
        return entry

    def post_once(self, key: str, channel: str, make_answer) -> tuple[tuple[int, dict, dict], bool]:
        """The answer for a post with ``key``: the stored one (a replay) or a new post's."""
        with self.lock:
            if key and self.honour_idempotency and key in self.answers:
                self.replays_by_key[key] += 1
                return self.answers[key], True
            answer = make_answer(next(self._ids))
            if key:
                self.posts_by_key[key] += 1
                self.answers.setdefault(key, answer)
            else:
                self.posts_without_key += 1
            self.posts_by_channel[channel] += 1
            return answer, False

    def stats(self) -> dict:
        with self.lock:
            return {
                "requests": len(self.requests),
                "posts": sum(self.posts_by_key.values()) + self.posts_without_key,
                "replays": sum(self.replays_by_key.values()),
                "distinct_keys": len(self.posts_by_key),
                "duplicates": {key: n for key, n in self.posts_by_key.items() if n > 1},
                "posts_by_key": dict(self.posts_by_key),
                "replays_by_key": dict(self.replays_by_key),
                "posts_without_key": self.posts_without_key,
                "posts_by_channel": dict(self.posts_by_channel),
                "requests_by_channel": dict(self.requests_by_channel),
                "faults_pending": [dict(fault) for fault in self.faults],
                "latency_ms": self.latency_ms,
                "honour_idempotency": self.honour_idempotency,
                "slow_seconds": self.slow_seconds,
            }

    def recorded(self, since: int = 0, channel: str | None = None) -> list[dict]:
        with self.lock:
            return [dict(entry) for entry in self.requests[since:] if channel in (None, entry["channel"])]

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.stopping.wait(seconds)


# --- the real APIs' answers -----------------------------------------------------------------------

def facebook_error(status: int, code: int, message: str, *, subcode: int | None = None,
                   kind: str = "OAuthException", transient: bool = False) -> tuple[int, dict, dict]:
    error = {"message": message, "type": kind, "code": code, "fbtrace_id": _fbtrace()}
    if subcode is not None:
        error["error_subcode"] = subcode
    if transient:
        error["is_transient"] = True
    return status, {"www-authenticate": f'OAuth "Facebook Platform" "{kind}" "{message}"'}, {"error": error}


def youtube_error(status: int, reason: str, message: str, *, domain: str = "global",
                  extra: dict | None = None) -> tuple[int, dict, dict]:
    item = {"message": message, "domain": domain, "reason": reason, **(extra or {})}
    body = {"error": {"code": status, "message": message, "errors": [item]}}
    return status, {}, body


def zalo_error(error: int, message: str) -> tuple[int, dict, dict]:
    return 200, {}, {"error": error, "message": message}


def fault_answer(channel: str, fault: dict) -> tuple[int, dict, dict | str]:
    """What ``channel`` answers for ``fault`` (shapes as the real APIs send them)."""
    kind = fault["kind"]
    headers: dict = {}
    if fault.get("retry_after") is not None:
        headers["Retry-After"] = str(fault["retry_after"])
    if kind == "api_error":
        message = fault.get("message") or "Stub error"
        if channel == "facebook":
            status, extra, body = facebook_error(int(fault.get("status", 400)), int(fault["code"]), message)
        elif channel == "zalo":
            status, extra, body = zalo_error(int(fault["code"]), message)
        else:
            status, extra, body = youtube_error(int(fault.get("status", 400)), str(fault["code"]), message)
        return status, {**extra, **headers}, body
    if channel == "facebook":
        if kind in ("rate_limit", "quota"):
            status, extra, body = facebook_error(400, 32, "(#32) Page request limit reached")
            usage = {"0": [{"type": "pages", "call_count": 100, "total_cputime": 30, "total_time": 40,
                            "estimated_time_to_regain_access": int(fault.get("regain_minutes", 0))}]}
            extra["X-Business-Use-Case-Usage"] = json.dumps(usage)
        elif kind == "expired_token":
            status, extra, body = facebook_error(
                400, 190, "Error validating access token: Session has expired on Wednesday, 10-Dec-25 "
                "01:00:00 PST. The current time is Thursday, 11-Dec-25 02:00:00 PST.", subcode=463)
        elif kind == "invalid_token":
            status, extra, body = facebook_error(400, 190, "Invalid OAuth access token - Cannot parse access token")
        elif kind == "server_error":
            status, extra, body = facebook_error(500, 2, "An unexpected error has occurred. Please retry your "
                                                 "request later.", transient=True)
        else:  # invalid_param
            status, extra, body = facebook_error(400, 100, "(#100) Invalid parameter", kind="FacebookApiException")
    elif channel == "zalo":
        extra = {}
        if kind in ("rate_limit", "quota"):
            status, _, body = zalo_error(-32, "Exceed limit request per minute")
        elif kind == "expired_token":
            status, _, body = zalo_error(-124, "Access token has expired")
        elif kind == "invalid_token":
            status, _, body = zalo_error(-216, "Access token is invalid")
        elif kind == "server_error":
            status, body = 502, "<html><head><title>502 Bad Gateway</title></head><body>502 Bad Gateway</body></html>"
        else:
            status, _, body = zalo_error(-210, "Parameter invalid: cover.photo_url is not a valid url")
    else:  # youtube
        extra = {}
        if kind == "rate_limit":
            status, _, body = youtube_error(403, "rateLimitExceeded", "The request cannot be completed because you "
                                            "have exceeded your quota.", domain="youtube.quota")
        elif kind == "quota":
            status, _, body = youtube_error(403, "quotaExceeded", "The request cannot be completed because you have "
                                            "exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.",
                                            domain="youtube.quota")
        elif kind in ("expired_token", "invalid_token"):
            status, _, body = youtube_error(
                401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 access token, "
                "login cookie or other valid authentication credential.",
                extra={"location": "Authorization", "locationType": "header"})
            extra["WWW-Authenticate"] = 'Bearer realm="https://accounts.google.com/", error="invalid_token"'
        elif kind == "server_error":
            status, _, body = youtube_error(503, "backendError", "The service is currently unavailable.")
        else:
            status, _, body = youtube_error(400, "invalidDescription", "The request metadata specifies an invalid "
                                            "video description.", domain="youtube.video")
    return status, {**extra, **headers}, body


# --- the handler ------------------------------------------------------------------------------------

class StubHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real APIs
    server_version = "LoaSocialStub/1.0"
    server: StubHTTPServer

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        if self.server.verbose:
            super().log_message(format, *args)

    def do_GET(self):
        self.dispatch("GET")

    def do_POST(self):
        self.dispatch("POST")

    def do_PUT(self):
        self.dispatch("PUT")

    # -- plumbing -------------------------------------------------------------------------------------

    @property
    def state(self) -> StubState:
        return self.server.state

    def setup(self):
        super().setup()
        # Headers and body leave in two writes: without NODELAY, Nagle and the client's delayed ACK
        # add ~40 ms to every answer, which would swamp ``--latency-ms``.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.server.track(self.connection, add=True)

    def finish(self):
        try:
            super().finish()
        finally:
            self.server.track(self.connection, add=False)

    def read_body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def answer(self, status: int, body: dict | str, headers: dict | None = None) -> None:
        if isinstance(body, str):
            payload, content_type = body.encode(), "text/html; charset=utf-8"
        else:
            payload, content_type = json.dumps(body, ensure_ascii=False).encode(), "application/json; charset=utf-8"
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout): nothing to do
            self.close_connection = True

    def dispatch(self, method: str) -> None:
        started = time.monotonic()
        parts = urlsplit(self.path)
        raw = self.read_body()
        if parts.path.startswith("/__stub/"):
            self.control(method, parts.path, parse_qs(parts.query), raw)
            return
        if method == "GET":
            self.identity(parts, started)
            return
        channel, route = self.route(method, parts.path)
        if channel is None:
            self.answer(404, {"error": {"message": f"Unknown path components: {parts.path}", "code": 2500}})
            return
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        form, body = {}, None
        if content_type == "application/x-www-form-urlencoded":
            form = {key: values[-1] for key, values in parse_qs(raw.decode(), keep_blank_values=True).items()}
        elif raw:
            with contextlib.suppress(ValueError):
                body = json.loads(raw)
        query = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        key = self.headers.get("Idempotency-Key", "")
        entry = self.state.record({
            "time": time.time(), "channel": channel, "method": method, "path": parts.path, "query": query,
            "headers": dict(self.headers.items()), "idempotency_key": key, "form": form, "json": body,
            "content_type": content_type,
        })
        fault = self.state.take_fault(channel)
        # ``--latency-ms`` is the time from the request's arrival to the answer, our own work included.
        latency = max(0.0, self.state.latency_ms / 1000 - (time.monotonic() - started))
        if fault and fault["kind"] not in POSTING_FAULTS:
            entry["outcome"] = fault["kind"]
            self.state.sleep(latency)
            status, headers, payload = fault_answer(channel, fault)
            self.answer(status, payload, headers)
            return
        problem = route(form=form, body=body, query=query, check_only=True)
        if problem is not None:
            entry["outcome"] = "rejected"
            self.state.sleep(latency)
            status, headers, payload = problem
            self.answer(status, payload, headers)
            return
        (status, headers, payload), replay = self.state.post_once(
            key, channel, lambda number: route(form=form, body=body, query=query, number=number))
        entry["outcome"] = "replay" if replay else "post"
        entry["answer"] = payload
        if fault and fault["kind"] == "drop":
            entry["outcome"] += "+drop"
            self.close_connection = True
            return
        if fault and fault["kind"] == "slow":
            entry["outcome"] += "+slow"
            self.state.sleep(float(fault.get("slow_seconds") or self.state.slow_seconds))
        self.state.sleep(latency)
        self.answer(status, payload, headers)

    def route(self, method: str, path: str):
        if method == "POST" and path.rstrip("/") == _ZALO:
            return "zalo", self.zalo
        if method == "POST" and path.rstrip("/") == _ZALO_MESSAGE:
            return "zalo", self.zalo_message
        if method == "PUT" and path.rstrip("/") == _YOUTUBE:
            return "youtube", self.youtube
        if method == "POST" and (match := _FACEBOOK.match(path)):
            self._facebook_target = match.group(2), match.group(3)
            return "facebook", self.facebook
        return None, None

    # -- the three APIs -------------------------------------------------------------------------------

    def facebook(self, *, form, body, query, number=0, check_only=False):
        page_id, edge = self._facebook_target
        token = form.get("access_token") or query.get("access_token")
        if check_only:
            if not token:
                return facebook_error(400, 2500, "An active access token must be used to query information about "
                                      "the current user.")
            if edge == "feed" and not (form.get("message") or form.get("link")):
                return facebook_error(400, 100, "(#100) Missing message or attachment", kind="FacebookApiException")
            if edge == "photos" and not form.get("url"):
                return facebook_error(400, 324, "(#324) Requires upload file", kind="FacebookApiException")
            return None
        if edge == "photos":
            return 200, {}, {"id": str(900000000 + number), "post_id": f"{page_id}_{100000000 + number}"}
        return 200, {}, {"id": f"{page_id}_{100000000 + number}"}

    def zalo(self, *, form, body, query, number=0, check_only=False):
        if check_only:
            if not self.headers.get("access_token"):
                return zalo_error(-216, "Access token is invalid")
            if not isinstance(body, dict):
                return zalo_error(-210, "Parameter invalid: body must be JSON")
            for name in ("title", "author", "description", "body", "cover"):
                if not body.get(name):
                    return zalo_error(-210, f"Parameter invalid: {name} is required")
            return None
        return 200, {}, {"error": 0, "message": "Success", "data": {"token": f"zalo-article-token-{number:06d}"}}

    def zalo_message(self, *, form, body, query, number=0, check_only=False):
        if check_only:
            if not self.headers.get("access_token"):
                return zalo_error(-216, "Access token is invalid")
            recipient = body.get("recipient") if isinstance(body, dict) else None
            message = body.get("message") if isinstance(body, dict) else None
            if not isinstance(recipient, dict) or not str(recipient.get("user_id") or "").isdigit():
                return zalo_error(-201, "Parameter invalid: recipient.user_id")
            if not isinstance(message, dict) or not message.get("text"):
                return zalo_error(-201, "Parameter invalid: message.text")
            if str(recipient["user_id"]) in self.state.unfollowed:
                return zalo_error(-213, "User has not followed OA")
            return None
        return 200, {}, {"error": 0, "message": "Success",
                         "data": {"message_id": f"zalo-msg-{number:06d}", "user_id": body["recipient"]["user_id"]}}

    def identity(self, parts, started: float) -> None:
        """The "who am I" reads of the three APIs (never a post)."""
        path = parts.path.rstrip("/")
        query = {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}
        auth = self.headers.get("Authorization") or ""
        bearer = auth[7:].strip() if auth.startswith("Bearer ") else query.get("access_token", "")
        if path == _ZALO_OA:
            channel = "zalo"
        elif path == _YOUTUBE_CHANNELS:
            channel = "youtube"
        elif _FACEBOOK_NODE.match(path):
            channel = "facebook"
        else:
            self.answer(404, {"error": {"message": f"Unknown path components: {parts.path}", "code": 2500}})
            return
        entry = self.state.record({"time": time.time(), "channel": channel, "method": "GET", "path": parts.path,
                                   "query": query, "headers": dict(self.headers.items()), "idempotency_key": "",
                                   "form": {}, "json": None, "content_type": ""})
        fault = self.state.take_fault(channel)
        self.state.sleep(max(0.0, self.state.latency_ms / 1000 - (time.monotonic() - started)))
        if fault and fault["kind"] not in POSTING_FAULTS:
            entry["outcome"] = fault["kind"]
            status, headers, payload = fault_answer(channel, fault)
            self.answer(status, payload, headers)
            return
        entry["outcome"] = "read"
        name = IDENTITY_NAMES[channel]
        if channel == "zalo":
            if not self.headers.get("access_token"):
                status, headers, payload = zalo_error(-216, "Access token is invalid")
            else:
                status, headers, payload = 200, {}, {"error": 0, "message": "Success", "data": {
                    "oa_id": "1234567890123456789", "name": name, "description": "", "is_verified": True}}
        elif channel == "youtube":
            if not bearer:
                status, headers, payload = youtube_error(401, "required", "Login Required.")
            elif query.get("part") != "snippet":
                status, headers, payload = youtube_error(400, "required", "Required parameter: part")
            else:
                status, headers, payload = 200, {}, {"kind": "youtube#channelListResponse", "items": [
                    {"kind": "youtube#channel", "id": "UCstubchannel0000000000", "snippet": {"title": name}}]}
        else:
            page_id = _FACEBOOK_NODE.match(path).group(2)
            if not bearer:
                status, headers, payload = facebook_error(400, 2500, "An active access token must be used to "
                                                          "query information about the current user.")
            elif not page_id.isdigit() and page_id != "me":
                status, headers, payload = facebook_error(
                    404, 803, "(#803) Some of the aliases you requested do not exist: " + page_id,
                    kind="OAuthException")
            else:
                status, headers, payload = 200, {}, {"name": name, "id": page_id}
        entry["answer"] = payload
        self.answer(status, payload, headers)

    def youtube(self, *, form, body, query, number=0, check_only=False):
        if check_only:
            auth = self.headers.get("Authorization") or ""
            if not auth.startswith("Bearer ") or not auth[7:].strip():
                return youtube_error(401, "required", "Login Required.", extra={"location": "Authorization",
                                                                                "locationType": "header"})
            if query.get("part") != "snippet":
                return youtube_error(400, "required", "Required parameter: part", extra={"location": "part"})
            video_id = (body or {}).get("id") if isinstance(body, dict) else None
            snippet = (body or {}).get("snippet") if isinstance(body, dict) else None
            if not video_id:
                return youtube_error(400, "required", "No filter selected. Expected one of: id")
            if not _VIDEO_ID.match(str(video_id)):
                return youtube_error(404, "videoNotFound", "The video that you are trying to update cannot be "
                                     "found.", domain="youtube.video")
            if not isinstance(snippet, dict) or not snippet.get("title"):
                return youtube_error(400, "invalidTitle", "The request metadata specifies an invalid or empty "
                                     "video title.", domain="youtube.video")
            if not snippet.get("categoryId"):
                return youtube_error(400, "invalidCategoryId", "The request metadata specifies an invalid video "
                                     "category.", domain="youtube.video")
            return None
        resource = {"kind": "youtube#video", "etag": f"stub-etag-{number}", "id": body["id"],
                    "snippet": {**body["snippet"], "channelId": "UCstubchannel0000000000"}}
        return 200, {}, resource

    # -- control --------------------------------------------------------------------------------------

    def control(self, method: str, path: str, query: dict, raw: bytes) -> None:
        try:
            options = json.loads(raw) if raw else {}
        except ValueError:
            self.answer(400, {"error": "body must be JSON"})
            return
        name = path.removeprefix("/__stub/").rstrip("/")
        try:
            if method == "GET" and name == "health":
                self.answer(200, {"ok": True, "port": self.server.server_address[1]})
            elif method == "GET" and name == "stats":
                self.answer(200, self.state.stats())
            elif method == "GET" and name == "requests":
                since = int((query.get("since") or ["0"])[-1])
                channel = (query.get("channel") or [None])[-1]
                self.answer(200, {"requests": self.state.recorded(since, channel)})
            elif method == "POST" and name == "fault":
                self.state.add_fault(**options)
                self.answer(200, {"faults_pending": self.state.stats()["faults_pending"]})
            elif method == "POST" and name == "config":
                self.state.configure(**options)
                self.answer(200, self.state.stats())
            elif method == "POST" and name == "reset":
                self.state.reset()
                self.answer(200, {"ok": True})
            else:
                self.answer(404, {"error": f"no control endpoint {method} {path}"})
        except (TypeError, ValueError) as exc:
            self.answer(400, {"error": str(exc)})


class StubHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    allow_reuse_address = True

    def __init__(self, address, state: StubState, *, verbose: bool = False):
        self.state = state
        self.verbose = verbose
        self._connections: set = set()
        self._connections_lock = threading.Lock()
        super().__init__(address, StubHandler)

    def track(self, connection, *, add: bool) -> None:
        with self._connections_lock:
            (self._connections.add if add else self._connections.discard)(connection)

    def close_connections(self) -> None:
        """Cut open keep-alive connections too, so a stopped stub really is gone."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], BrokenPipeError | ConnectionResetError | TimeoutError):
            super().handle_error(request, client_address)


# --- in-process server and remote client -----------------------------------------------------------

class StubServer:
    """The stub in a thread of this process (for pytest)."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, latency_ms: float = 0,
                 honour_idempotency: bool = True, slow_seconds: float = 2.0, verbose: bool = False):
        self.state = StubState(latency_ms=latency_ms, honour_idempotency=honour_idempotency,
                               slow_seconds=slow_seconds)
        self.httpd = StubHTTPServer((host, port), self.state, verbose=verbose)
        self.thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{self.httpd.server_address[0]}:{self.port}"

    def start(self) -> StubServer:
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05},
                                       name=f"stub-social-{self.port}", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.state.stopping.set()  # wake slow answers
        self.httpd.shutdown()
        self.httpd.server_close()
        self.httpd.close_connections()
        if self.thread is not None:
            self.thread.join(timeout=5)

    def __enter__(self) -> StubServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # The same calls as ``StubClient``.
    def fault(self, kind: str, count: int = 1, channel: str | None = None, **options) -> None:
        self.state.add_fault(kind, count, channel, **options)

    def configure(self, **options) -> None:
        self.state.configure(**options)

    def stats(self) -> dict:
        return self.state.stats()

    def requests(self, since: int = 0, channel: str | None = None) -> list[dict]:
        return self.state.recorded(since, channel)

    def reset(self) -> None:
        self.state.reset()

    def posts_for(self, key: str) -> int:
        return self.state.stats()["posts_by_key"].get(key, 0)


class StubClient:
    """Drive a stub running in another process through its control API."""

    def __init__(self, url: str, timeout: float = 10):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def _call(self, method: str, name: str, payload: dict | None = None) -> dict:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(f"{self.url}/__stub/{name}", data=data, method=method,  # noqa: S310
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 - local stub
            return json.loads(response.read())

    def health(self) -> dict:
        return self._call("GET", "health")

    def fault(self, kind: str, count: int = 1, channel: str | None = None, **options) -> dict:
        return self._call("POST", "fault", {"kind": kind, "count": count, "channel": channel, **options})

    def configure(self, **options) -> dict:
        return self._call("POST", "config", options)

    def stats(self) -> dict:
        return self._call("GET", "stats")

    def requests(self, since: int = 0, channel: str | None = None) -> list[dict]:
        query = f"?since={since}" + (f"&channel={channel}" if channel else "")
        return self._call("GET", f"requests{query}")["requests"]

    def reset(self) -> dict:
        return self._call("POST", "reset", {})

    def posts_for(self, key: str) -> int:
        return self.stats()["posts_by_key"].get(key, 0)

    def wait_ready(self, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.health()
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)


try:
    import pytest
except ImportError:  # pragma: no cover - the stub also runs without pytest
    pytest = None

if pytest is not None:

    @pytest.fixture
    def stub_server():
        """A fresh stub in a thread, stopped after the test."""
        with StubServer() as server:
            yield server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Local stub of the Facebook, Zalo OA and YouTube APIs.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port (printed on the first line)")
    parser.add_argument("--latency-ms", type=float, default=0, help="delay before every API answer")
    parser.add_argument("--slow-seconds", type=float, default=2.0, help="delay of a 'slow' fault")
    parser.add_argument("--no-idempotency", action="store_true", help="treat every request as a new post")
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    state = StubState(latency_ms=args.latency_ms, honour_idempotency=not args.no_idempotency,
                      slow_seconds=args.slow_seconds)
    httpd = StubHTTPServer((args.host, args.port), state, verbose=args.verbose)
    port = httpd.server_address[1]

    def stop(signum, frame):
        state.stopping.set()
        threading.Thread(target=httpd.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(port, flush=True)
    print(f"stub_social: http://{args.host}:{port} (latency {args.latency_ms:g} ms; control API /__stub/…)",
          file=sys.stderr, flush=True)
    httpd.serve_forever(poll_interval=0.1)
    httpd.server_close()
    httpd.close_connections()
    return 0


if __name__ == "__main__":
    sys.exit(main())
