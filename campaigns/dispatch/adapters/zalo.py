"""Zalo Official Account articles (bài viết OA).

``POST {base_url}/v2.0/article/create`` with header ``access_token`` and a JSON
body (the shape of Zalo's own SDK, zaloplatform/zalo-java-sdk
``CreateNormalArticle``)::

    {"type": "normal", "title": ..., "author": ..., "description": ...,
     "cover": {"cover_type": "photo", "photo_url": ..., "status": "show"},
     "body": [{"type": "text", "content": ...}, {"type": "image", "url": ...}],
     "status": "show", "comment": "show"}

Zalo answers HTTP 200 both ways: ``{"error": 0, "message": "Success", "data":
{"token": ...}}`` (the article is processed in the background; the token
finds it with ``/v2.0/article/verify``), or ``{"error": <negative>, "message":
...}``. Limits of the article API: title 150, author 50, description 300 characters.

| error                  | meaning                          | outcome |
|------------------------|----------------------------------|---------|
| -216, -124, -201       | access token invalid / expired   | PERMANENT: update the env variable |
| -32, HTTP 429          | request rate exceeded            | TRANSIENT |
| HTTP 5xx               | server error                     | TRANSIENT |
| anything else          | rejected                         | PERMANENT, quoting Zalo |

Without an image the cover is sent hidden (``"status": "hide"``); Zalo shows
the article without a cover picture.
"""

from __future__ import annotations

import requests

from campaigns.content.channels import (
    ZALO_ARTICLE_AUTHOR_MAX,
    ZALO_ARTICLE_DESCRIPTION_MAX,
    ZALO_ARTICLE_TITLE_MAX,
    Channel,
    normalize_text,
    shorten,
)
from campaigns.dispatch.adapters.base import SendResult
from campaigns.dispatch.adapters.social import (
    ConnectionCheck,
    Outgoing,
    PostContent,
    SocialAdapter,
    content_for,
    response_json,
    response_snippet,
    retry_after_seconds,
)

TOKEN_ERRORS = frozenset({-216, -124, -201})
# The user does not follow the OA, has blocked it, or the free customer-service window has closed.
NOT_FOLLOWING_ERRORS = frozenset({-213, -230, -211})
ZALO_MESSAGE_MAX = 2000  # characters of a text message
RATE_LIMIT_ERRORS = frozenset({-32})


class ZaloAdapter(SocialAdapter):
    channel = Channel.ZALO

    def identity_request(self):
        return "GET", "v2.0/oa/getoa", {}, {"access_token": self.token}

    def identity_read(self, response, body) -> ConnectionCheck:
        data = body.get("data") if isinstance(body.get("data"), dict) else {}
        if 200 <= response.status_code < 300 and body.get("error") == 0 and data.get("name"):
            return self.connection_ok(str(data["name"]))
        code = body.get("error")
        return self.connection_refused(response, str(body.get("message") or ""), code,
                                       token_problem=code in TOKEN_ERRORS)

    # -- messages to a person (the customer-service message of the OA API v3) --------------------

    def message(self, *, user_id: str, text: str, outgoing: Outgoing) -> SendResult:
        """Send ``text`` to the follower ``user_id``: ``POST {base_url}/v3.0/oa/message/cs`` with
        ``{"recipient": {"user_id"}, "message": {"text"}}``; Zalo answers ``{"error": 0, "data":
        {"message_id", "user_id"}}`` or ``{"error": <negative>, "message"}``."""
        if not self.token:
            return self.missing_token()
        body = {"recipient": {"user_id": user_id}, "message": {"text": shorten(text, ZALO_MESSAGE_MAX)}}
        response = self.request("POST", "v3.0/oa/message/cs", outgoing, json=body,
                                headers={"access_token": self.token})
        if isinstance(response, SendResult):
            return response
        return self.interpret_message(response)

    def interpret_message(self, response: requests.Response) -> SendResult:
        body = response_json(response)
        message = str(body.get("message") or "")
        generic = self.generic_http_error(response, message)
        if generic is not None:
            return generic
        if "error" not in body:
            return self.unknown(f"Zalo trả lời HTTP {response.status_code} không rõ kết quả: tin nhắn có thể đã "
                                f"được gửi.")
        error = body.get("error")
        if error == 0:
            data = body.get("data") if isinstance(body.get("data"), dict) else {}
            return self.delivered(str(data.get("message_id") or ""), "Zalo OA đã gửi tin nhắn.")
        if error in TOKEN_ERRORS:
            return self.token_rejected(message)
        if error in RATE_LIMIT_ERRORS:
            return self.rate_limited(message, retry_after_seconds(response))
        if error in NOT_FOLLOWING_ERRORS:
            return self.permanent(f"Zalo không gửi được tin cho người này (mã lỗi {error}: "
                                  f"“{self.api_message(message)}”): tổ trưởng cần quan tâm (follow) Zalo OA của "
                                  f"phường và đã tương tác trong 7 ngày qua; kiểm tra lại mã người dùng Zalo.")
        return self.rejected(message or f"lỗi {error}", error)

    def article(self, content: PostContent) -> dict:
        text = content.text
        if content.link and content.link not in text:
            text = f"{text}\n\nXem chi tiết: {content.link}" if text else content.link
        paragraphs = [normalize_text(part) for part in text.split("\n\n")]
        body = [{"type": "text", "content": part} for part in paragraphs if part]
        if content.image_url:
            body.append({"type": "image", "url": content.image_url})
        ward = self.ward_name()
        return {
            "type": "normal",
            "title": shorten(content.title, ZALO_ARTICLE_TITLE_MAX),
            "author": shorten(f"UBND {ward}", ZALO_ARTICLE_AUTHOR_MAX),
            "cover": {
                "cover_type": "photo",
                "photo_url": content.image_url,
                "status": "show" if content.image_url else "hide",
            },
            "description": shorten(" ".join((content.text or content.title).split()), ZALO_ARTICLE_DESCRIPTION_MAX),
            "body": body,
            "status": "show",
            "comment": "show",
        }

    def post(self, delivery) -> SendResult:
        content = content_for(delivery, self.channel)
        if not content.text:
            return self.no_text()
        article = self.article(content)
        return self.call("POST", "v2.0/article/create", delivery, json=article, headers={"access_token": self.token})

    def interpret(self, response: requests.Response) -> SendResult:
        body = response_json(response)
        message = str(body.get("message") or "")
        generic = self.generic_http_error(response, message)
        if generic is not None:
            return generic
        if "error" not in body:
            if 200 <= response.status_code < 300:
                return self.unknown(
                    f"Zalo trả lời HTTP {response.status_code} không rõ kết quả "
                    f"(“{self.api_message(response_snippet(response))}”): bài có thể đã được đăng. "
                    f"Hãy kiểm tra trang Zalo OA rồi đánh dấu hoặc bấm “Gửi lại”."
                )
            return self.rejected(response_snippet(response) or f"HTTP {response.status_code}", response.status_code)
        try:
            error = int(body["error"])
        except (TypeError, ValueError):
            error = body["error"]
        if error == 0:
            data = body.get("data") if isinstance(body.get("data"), dict) else {}
            external_id = str(data.get("id") or data.get("token") or "")
            return self.delivered(external_id, "Zalo OA đã nhận bài viết (đang xử lý để hiển thị).")
        if error in TOKEN_ERRORS:
            return self.token_rejected(message)
        if error in RATE_LIMIT_ERRORS:
            return self.rate_limited(message, retry_after_seconds(response))
        return self.rejected(message or f"lỗi {error}", error)
