"""Facebook Page posts through the Graph API.

``POST {base_url}/{page-id}/feed`` with form fields ``message``, ``link`` and
``access_token`` answers ``{"id": "<page>_<post>"}``; a post with an image and
no link goes to ``POST {base_url}/{page-id}/photos`` with the image's public
``url`` and ``caption``, answering ``{"id": "<photo>", "post_id": "<page>_<post>"}``.
``base_url`` carries the API version (``https://graph.facebook.com/v21.0``).

Errors have the shape ``{"error": {"message", "type", "code", "error_subcode",
"fbtrace_id"}}`` (developers.facebook.com/docs/graph-api/guides/error-handling):

| code                     | meaning                           | outcome |
|--------------------------|-----------------------------------|---------|
| 190, 102                 | token expired, revoked, invalid   | PERMANENT: update the env variable |
| 4, 17, 32, 613, 80001    | rate limits (HTTP 400/403)        | TRANSIENT, wait from Retry-After or BUC header |
| 1, 2, ``is_transient``   | temporary Facebook trouble        | TRANSIENT |
| any, HTTP 5xx            | server error                      | TRANSIENT |
| 10, 200-299              | permission missing                | PERMANENT |
| 100, 368, 506, other 4xx | bad parameter, blocked, duplicate | PERMANENT, quoting Facebook |

(BUC header: ``X-Business-Use-Case-Usage``, whose ``estimated_time_to_regain_access`` is in minutes.)
"""

from __future__ import annotations

import json

import requests

from campaigns.content.channels import Channel
from campaigns.dispatch.adapters.base import SendResult
from campaigns.dispatch.adapters.social import (
    ConnectionCheck,
    SocialAdapter,
    content_for,
    response_json,
    retry_after_seconds,
)

TOKEN_CODES = frozenset({190, 102})
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613, 80001})
TEMPORARY_CODES = frozenset({1, 2})
PERMISSION_CODES = frozenset({10, *range(200, 300)})


def usage_wait_seconds(response: requests.Response) -> int | None:
    """Seconds until Facebook lifts a rate limit, from ``X-Business-Use-Case-Usage``
    (``estimated_time_to_regain_access`` is in minutes)."""
    raw = response.headers.get("X-Business-Use-Case-Usage")
    if not raw:
        return None
    try:
        usage = json.loads(raw)
        minutes = max(
            int(entry.get("estimated_time_to_regain_access") or 0)
            for entries in usage.values()
            for entry in entries
        )
    except (ValueError, TypeError, AttributeError):
        return None
    return minutes * 60 or None


class FacebookAdapter(SocialAdapter):
    channel = Channel.FACEBOOK

    def identity_request(self):
        # GET /{page-id}?fields=name; the token travels in the Authorization header, never in the URL.
        page_id = (self.account.account_id or "").strip() or "me"
        return "GET", page_id, {"fields": "name"}, {"Authorization": f"Bearer {self.token}"}

    def identity_read(self, response, body) -> ConnectionCheck:
        if 200 <= response.status_code < 300 and body.get("name"):
            return self.connection_ok(str(body["name"]))
        error = body.get("error") if isinstance(body.get("error"), dict) else {}
        code = error.get("code")
        return self.connection_refused(response, str(error.get("message") or ""), code,
                                       token_problem=code in TOKEN_CODES)

    def post(self, delivery) -> SendResult:
        page_id = (self.account.account_id or "").strip()
        if not page_id:
            return self.permanent(
                f"Tài khoản Facebook của {self.ward_name()} chưa có mã Trang (page id): nhập “mã trang/tài khoản” "
                f"trong tài khoản kênh rồi bấm “Gửi lại”."
            )
        content = content_for(delivery, self.channel)
        if not content.text:
            return self.no_text()
        if content.image_url and not content.link:
            path = f"{page_id}/photos"
            data = {"url": content.image_url, "caption": content.text, "access_token": self.token}
        else:
            path = f"{page_id}/feed"
            data = {"message": content.text, "access_token": self.token}
            if content.link:
                data["link"] = content.link
        return self.call("POST", path, delivery, data=data)

    def interpret(self, response: requests.Response) -> SendResult:
        body = response_json(response)
        status = response.status_code
        if 200 <= status < 300:
            post_id = body.get("post_id") or body.get("id")
            if post_id:
                return self.delivered(post_id, "Đã đăng lên Trang Facebook.")
            return self.unknown(
                f"Facebook trả lời HTTP {status} nhưng không có mã bài đăng: bài có thể đã được đăng. "
                f"Hãy kiểm tra Trang Facebook rồi đánh dấu hoặc bấm “Gửi lại”."
            )
        error = body.get("error") if isinstance(body.get("error"), dict) else {}
        code, message = error.get("code"), str(error.get("message") or "")
        if status >= 500:
            return self.server_error(status, message, retry_after_seconds(response))
        if code in TOKEN_CODES:
            return self.token_rejected(message)
        if code in RATE_LIMIT_CODES or status == 429:
            return self.rate_limited(message, retry_after_seconds(response) or usage_wait_seconds(response))
        if code in TEMPORARY_CODES or error.get("is_transient") is True:
            return self.transient(f"Facebook tạm thời lỗi (mã {code}): “{self.api_message(message)}”.",
                                  retry_after_seconds(response))
        if code in PERMISSION_CODES:
            return self.rejected(message, code, "cấp cho ứng dụng quyền đăng bài lên Trang (pages_manage_posts), "
                                 f"tạo token mới, cập nhật {self.account.token_where} "
                                 "rồi bấm “Gửi lại”.")
        if code == 368:
            return self.rejected(message, code, "xem lại nội dung (Facebook cho là vi phạm tiêu chuẩn hoặc spam) "
                                 "và tình trạng Trang, sửa rồi bấm “Gửi lại”.")
        if code == 506:
            return self.rejected(message, code, "kiểm tra Trang Facebook: bài giống hệt đã được đăng trước đó; "
                                 "nếu đã có thì đánh dấu “đã đăng”, nếu chưa thì sửa nội dung rồi bấm “Gửi lại”.")
        return self.refused(response, message, code)
