"""YouTube: publish a video's metadata with the YouTube Data API v3.

The Data API has no endpoint for community posts, so a YouTube delivery sets
the title, description and tags of the ward's video (the piece's ``video_url``,
else the account's ``account_id``): ``PUT {base_url}/youtube/v3/videos?part=snippet``
with ``Authorization: Bearer <token>`` and ``{"id", "snippet": {"title",
"description", "categoryId": "25", "tags", "defaultLanguage": "vi"}}``.
``videos.update`` replaces the whole snippet, which is why every field is sent.
The answer is the video resource (``{"kind": "youtube#video", "id": ...}``);
errors are ``{"error": {"code", "message", "errors": [{"reason", "domain", "message"}]}}``:

| answer                                               | outcome |
|------------------------------------------------------|---------|
| 401, reason ``authError``                            | PERMANENT: update the env variable |
| 403/429 ``quotaExceeded``                            | TRANSIENT until the quota resets (00:00 Pacific) |
| 403/429 ``rateLimitExceeded``, ``userRateLimitExceeded`` | TRANSIENT |
| 5xx, ``backendError``                                | TRANSIENT |
| 400, 404, other 403                                  | PERMANENT, quoting YouTube |

Limits (developers.google.com/youtube/v3/docs/videos): title 100 characters,
description 5.000 UTF-8 bytes, neither may contain "<" or ">"; tags 500
characters all together.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import requests

from campaigns.content.channels import CHANNEL_RULES, Channel, shorten, shorten_bytes
from campaigns.dispatch.adapters.base import SendResult
from campaigns.dispatch.adapters.social import (
    ConnectionCheck,
    SocialAdapter,
    content_for,
    response_json,
    retry_after_seconds,
)

CATEGORY_NEWS_AND_POLITICS = "25"
RULES = CHANNEL_RULES[Channel.YOUTUBE]
TITLE_MAX, DESCRIPTION_MAX_BYTES, TAGS_MAX = RULES.max_title_chars, RULES.max_bytes, RULES.max_tags_chars
TOKEN_REASONS = frozenset({"authError", "invalidCredentials", "expiredToken"})
QUOTA_REASONS = frozenset({"quotaExceeded", "dailyLimitExceeded"})
RATE_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})
SERVER_REASONS = frozenset({"backendError", "internalError"})
_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_PACIFIC = ZoneInfo("America/Los_Angeles")


def video_id_from(url_or_id: str) -> str:
    """The 11-character id of a YouTube video from its watch, youtu.be, /shorts/, /embed/ or /live/
    address (or the bare id); "" when there is none."""
    value = (url_or_id or "").strip()
    if not value:
        return ""
    if _VIDEO_ID.match(value):
        return value
    try:
        parts = urlsplit(value if "//" in value else f"https://{value}")
    except ValueError:
        return ""
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    segments = [segment for segment in parts.path.split("/") if segment]
    candidate = ""
    if host == "youtu.be" and segments:
        candidate = segments[0]
    elif host.endswith("youtube.com") or host.endswith("youtube-nocookie.com"):
        if segments[:1] == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(segments) >= 2 and segments[0] in ("shorts", "embed", "live", "v"):
            candidate = segments[1]
    return candidate if _VIDEO_ID.match(candidate) else ""


def seconds_until_quota_reset(now: datetime | None = None) -> int:
    """YouTube's daily quota resets at midnight Pacific time."""
    now = (now or datetime.now(_PACIFIC)).astimezone(_PACIFIC)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return max(60, int((midnight - now).total_seconds()))


def youtube_safe(text: str) -> str:
    """YouTube refuses "<" and ">" in titles and descriptions (``forbidden_chars``)."""
    lookalikes = {"<": "‹", ">": "›"}
    for char in RULES.forbidden_chars:
        text = text.replace(char, lookalikes.get(char, ""))
    return text


def youtube_tags(hashtags) -> list[str]:
    tags: list[str] = []
    total = 0
    for tag in hashtags:
        cost = len(tag) + (2 if " " in tag else 0) + (1 if tags else 0)
        if total + cost > TAGS_MAX:
            break
        tags.append(tag)
        total += cost
    return tags


class YouTubeAdapter(SocialAdapter):
    channel = Channel.YOUTUBE

    def identity_request(self):
        # channels.list of the channel the token belongs to.
        return ("GET", "youtube/v3/channels", {"part": "snippet", "mine": "true"},
                {"Authorization": f"Bearer {self.token}"})

    def identity_read(self, response, body) -> ConnectionCheck:
        items = body.get("items") if isinstance(body.get("items"), list) else []
        if 200 <= response.status_code < 300:
            if items and isinstance(items[0], dict):
                title = (items[0].get("snippet") or {}).get("title") or items[0].get("id") or ""
                return self.connection_ok(str(title))
            return ConnectionCheck(False, "YouTube không thấy kênh nào của token này: hãy tạo token bằng tài "
                                          "khoản quản lý kênh YouTube của phường.")
        error = body.get("error") if isinstance(body.get("error"), dict) else {}
        reasons = {str(item.get("reason")) for item in error.get("errors") or [] if isinstance(item, dict)}
        return self.connection_refused(response, str(error.get("message") or ""), ", ".join(sorted(reasons)),
                                       token_problem=response.status_code == 401 or bool(reasons & TOKEN_REASONS))

    def video(self, delivery) -> dict | SendResult:
        content = content_for(delivery, self.channel)
        if content.is_social_post and not content.text:
            return self.no_text()
        video_id = video_id_from(content.video_url) or video_id_from(self.account.account_id)
        if not video_id:
            return self.permanent(
                "Chưa có video YouTube cho bài này: nhập địa chỉ video (https://www.youtube.com/watch?v=…, "
                "https://youtu.be/… hoặc /shorts/…) vào bài, hoặc mã video vào tài khoản kênh, rồi bấm “Gửi lại”."
            )
        description = content.text
        if content.link and content.link not in description:
            description = f"{description}\n\nXem chi tiết: {content.link}" if description else content.link
        return {
            "id": video_id,
            "snippet": {
                "title": shorten(youtube_safe(" ".join(content.title.split())), TITLE_MAX),
                "description": shorten_bytes(youtube_safe(description), DESCRIPTION_MAX_BYTES),
                "categoryId": CATEGORY_NEWS_AND_POLITICS,
                "tags": youtube_tags(content.hashtags),
                "defaultLanguage": "vi",
            },
        }

    def post(self, delivery) -> SendResult:
        video = self.video(delivery)
        if isinstance(video, SendResult):
            return video
        return self.call("PUT", "youtube/v3/videos", delivery, params={"part": "snippet"}, json=video,
                         headers={"Authorization": f"Bearer {self.token}"})

    def interpret(self, response: requests.Response) -> SendResult:
        body = response_json(response)
        status = response.status_code
        if 200 <= status < 300:
            if body.get("id"):
                return self.delivered(body["id"], "Đã cập nhật tiêu đề, mô tả và thẻ của video YouTube.")
            return self.unknown(
                f"YouTube trả lời HTTP {status} nhưng không có mã video: có thể đã cập nhật. "
                f"Hãy kiểm tra video trên YouTube rồi đánh dấu hoặc bấm “Gửi lại”."
            )
        error = body.get("error") if isinstance(body.get("error"), dict) else {}
        message = str(error.get("message") or "")
        reasons = {str(item.get("reason")) for item in error.get("errors") or [] if isinstance(item, dict)}
        if status == 401 or reasons & TOKEN_REASONS:
            return self.token_rejected(message)
        if reasons & QUOTA_REASONS:
            wait = retry_after_seconds(response) or seconds_until_quota_reset()
            return self.transient(
                f"Đã hết hạn mức (quota) YouTube API trong ngày (“{self.api_message(message)}”); hạn mức được "
                f"cấp lại lúc 0 giờ theo giờ California.", wait)
        if reasons & RATE_REASONS or status == 429:
            return self.rate_limited(message, retry_after_seconds(response))
        if status >= 500 or reasons & SERVER_REASONS:
            return self.server_error(status, message, retry_after_seconds(response))
        return self.refused(response, message, ", ".join(sorted(reasons)) or error.get("code") or status)
