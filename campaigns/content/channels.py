"""Every fact about a channel, in one place: its code and label (``Channel``,
DESIGN.md), which channels go to each residential group, which are social,
and each social channel's limits and truncation, checked before a post is
approved or dispatched.

An editor writes one ``SocialPostPage`` with a text per channel; the page's
``clean()``, the preview panel and the dispatch adapters all call these plain
functions, so the rules live in one place and the message an editor reads is
the same everywhere. Nothing here touches the database or renders HTML:
``preview_card`` returns raw text and the template escapes it.

Counting follows what a resident sees: text is NFC-normalised (a Vietnamese
letter typed as base + combining marks is one character), ``\\r\\n`` from a
browser textarea is one line break, and leading/trailing blanks are dropped.
YouTube's description limit is in UTF-8 bytes, so there a letter with
diacritics costs 2 or 3 and the message says so.

Limits and where they come from (platforms change them, so the numbers live
only in ``CHANNEL_RULES``):

| channel  | rule                        | value          | source |
|----------|-----------------------------|----------------|--------|
| facebook | post text (``message``)     | 63.206 ký tự   | [1] |
| facebook | shown before "See more"     | 477 ký tự      | [1] |
| facebook | hashtags                    | 10             | [2] |
| facebook | media                       | ảnh tuỳ chọn   | [3] |
| zalo     | OA message text             | 2.000 ký tự    | [4] |
| zalo     | shown before "Xem thêm"     | 250 ký tự      | [5] |
| zalo     | hashtags                    | 5              | [5] |
| zalo     | media                       | ảnh tuỳ chọn   | [4] |
| youtube  | video title (required)      | 100 ký tự      | [6] |
| youtube  | description (our text)      | 5.000 byte     | [6] |
| youtube  | "<" and ">"                 | cấm            | [6] |
| youtube  | keyword tags, all together  | 500 ký tự      | [6] |
| youtube  | hashtags                    | 15             | [7] |
| youtube  | shown before "...thêm"      | 120 ký tự      | [5] |
| youtube  | media                       | video bắt buộc | [6] |
| youtube  | separate link field         | không          | [6] |

[1] Graph API ``POST /{page-id}/feed`` (developers.facebook.com/docs/
    graph-api/reference/page/feed) takes ``message`` and ``link`` but
    publishes no maximum. 63.206 is the composer limit, and ~477 the desktop
    fold (mobile ~125), cited by socialk.it/tools/facebook-character-counter
    and typecount.com/blog/facebook-post-character-limit.
[2] No published limit: house rule (Meta caps Instagram at 30; the usual
    advice for Pages is 1-3).
[3] A feed post carries one photo or a link card; video belongs on YouTube.
[4] Zalo OA send-text message (openapi.zalo.me/v3.0/oa/message/...):
    "giới hạn tối đa là 2.000 ký tự" (developers.esms.vn, "Tin Zalo tư vấn
    dạng văn bản"); one image via ``template_type: media``.
[5] Not published: our estimate of what the feed or chat bubble shows, or
    (Zalo hashtags, not clickable there) a house rule to keep messages short.
[6] YouTube Data API v3, video resource (developers.google.com/youtube/v3/
    docs/videos): ``snippet.title`` "maximum length of 100 characters",
    ``snippet.description`` "maximum length of 5000 bytes", both "may contain
    all valid UTF-8 characters except < and >"; ``snippet.tags`` 500
    characters, counting the commas between tags and quotation marks around a
    tag with a space. A post is a ``videos.insert`` upload, which has no link
    attachment: links go in the description.
[7] YouTube Help "Hashtag policies": past the cap every hashtag of the video
    is ignored (60 today, 15 in the original policy); we keep the stricter 15.

Decisions: every channel needs non-blank text (YouTube allows an empty
description, but a ward video residents cannot understand is not worth
posting). Hashtags are read from the text only (for YouTube, the
description) and counted once each, case-insensitively. Characters are
Unicode code points after NFC: exact for Vietnamese, while an emoji built of
several code points counts as several (stricter, never looser). A ward may
pass its own ``rules`` mapping (e.g. "Zalo posts must link to the portal")
without changing this table.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import KW_ONLY, dataclass
from typing import Literal
from urllib.parse import urlsplit

from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Channel(models.TextChoices):
    PORTAL = "portal", gettext_lazy("Cổng thông tin điện tử")
    LOUDSPEAKER = "loudspeaker", gettext_lazy("Loa truyền thanh cơ sở")
    FACEBOOK = "facebook", gettext_lazy("Facebook")
    ZALO = "zalo", gettext_lazy("Zalo")
    YOUTUBE = "youtube", gettext_lazy("YouTube")
    VISUAL = "visual", gettext_lazy("Cổ động trực quan (khẩu hiệu, panô, áp phích)")
    MEETING = "meeting", gettext_lazy("Hội nghị, sinh hoạt")
    BULLETIN = "bulletin", gettext_lazy("Bản tin nội bộ")
    MOBILE_TEAM = "mobile_team", gettext_lazy("Đội thông tin lưu động")
    PRESS = "press", gettext_lazy("Báo chí")


# Channels delivered to each residential group; the others go out once ward-wide.
PER_GROUP_CHANNELS = frozenset(
    {Channel.LOUDSPEAKER, Channel.VISUAL, Channel.MEETING, Channel.MOBILE_TEAM}
)


def channel_label(code: str) -> str:
    """A channel's Vietnamese label; an unknown code is shown as it is."""
    return str(Channel(code).label) if code in Channel.values else code


# Channels with an API adapter (when the ward has an account) and per-channel post rules below.
SOCIAL_CHANNELS = frozenset({Channel.FACEBOOK, Channel.ZALO, Channel.YOUTUBE})

# Zalo's article API (v2.0/article/create) has its own field limits, besides the message limits below.
ZALO_ARTICLE_TITLE_MAX, ZALO_ARTICLE_AUTHOR_MAX, ZALO_ARTICLE_DESCRIPTION_MAX = 150, 50, 300

Media = Literal["none", "image_optional", "image_required", "video_required"]

MORE_LABEL = "Xem thêm"
ELLIPSIS = "…"


@dataclass(frozen=True, kw_only=True)
class ChannelRules:
    """What one social channel accepts and how it folds a long post."""

    code: str
    label: str
    text_name: str  # how messages name the text: "Bài Zalo", "Mô tả video YouTube"
    max_chars: int
    max_bytes: int | None = None  # UTF-8 bytes, checked instead of characters when set
    max_hashtags: int
    link_allowed: bool = True
    link_required: bool = False
    media: Media = "image_optional"
    max_title_chars: int | None = None  # None: the channel has no title
    title_required: bool = False
    forbidden_chars: str = ""  # in title and text
    max_tags_chars: int | None = None  # None: the channel has no keyword tags
    text_required: bool = True
    fold_chars: int = 0  # characters shown before "Xem thêm"; 0: never folded


CHANNEL_RULES: dict[str, ChannelRules] = {
    Channel.FACEBOOK.value: ChannelRules(
        code=Channel.FACEBOOK.value,
        label="Facebook",
        text_name="Bài Facebook",
        max_chars=63_206,
        max_hashtags=10,
        media="image_optional",
        fold_chars=477,
    ),
    Channel.ZALO.value: ChannelRules(
        code=Channel.ZALO.value,
        label="Zalo",
        text_name="Bài Zalo",
        max_chars=2_000,
        max_hashtags=5,
        media="image_optional",
        fold_chars=250,
    ),
    Channel.YOUTUBE.value: ChannelRules(
        code=Channel.YOUTUBE.value,
        label="YouTube",
        text_name="Mô tả video YouTube",
        max_chars=5_000,
        max_bytes=5_000,
        max_hashtags=15,
        link_allowed=False,
        media="video_required",
        max_title_chars=100,
        title_required=True,
        forbidden_chars="<>",
        max_tags_chars=500,
        fold_chars=120,
    ),
}


@dataclass(frozen=True)
class SocialDraft:
    """One channel's version of a social post, as the editor wrote it."""

    text: str
    _: KW_ONLY
    title: str = ""
    link: str = ""
    has_image: bool = False
    has_video: bool = False
    tags: tuple[str, ...] = ()  # YouTube keyword tags (not hashtags)

    @property
    def hashtags(self) -> list[str]:
        return extract_hashtags(self.text)


# --- text helpers -----------------------------------------------------------------------------

_URL = re.compile(r"https?://\S+", re.IGNORECASE)
# "#" at a word start (not "abc#x", "&#39;", "/#anchor"), then letters/digits/_ with at least one letter.
_HASHTAG = re.compile(r"(?<![\w#&/])#(\w*[^\W\d_]\w*)")


def normalize_text(text: str) -> str:
    """The text as it will be sent: NFC, ``\\n`` line breaks, no outer blanks."""
    text = unicodedata.normalize("NFC", text or "")
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def count_chars(text: str) -> int:
    """Characters as a reader counts them (``"ệ"`` is one, however it was typed)."""
    return len(normalize_text(text))


def count_bytes(text: str) -> int:
    """UTF-8 bytes of the normalised text (YouTube's description unit)."""
    return len(normalize_text(text).encode("utf-8"))


def extract_hashtags(text: str) -> list[str]:
    """Hashtags in order of first use, without "#", each once (case-insensitive).

    Vietnamese letters count as letters: ``#NhàỞXãHội`` is one hashtag. A "#"
    inside a web address (``https://…/trang#muc``) or a word is not a hashtag,
    nor is one of digits only (``#1``).
    """
    found: list[str] = []
    seen: set[str] = set()
    for match in _HASHTAG.finditer(_URL.sub(" ", normalize_text(text))):
        tag = match.group(1)
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            found.append(tag)
    return found


def tags_length(tags: tuple[str, ...] | list[str]) -> int:
    """Length of YouTube keyword tags the way ``snippet.tags`` counts it.

    Commas between tags count, and a tag containing a space counts as if it
    were wrapped in quotation marks (two more characters).
    """
    cleaned = [normalize_text(tag) for tag in tags]
    cleaned = [tag for tag in cleaned if tag]
    total = sum(len(tag) + (2 if " " in tag else 0) for tag in cleaned)
    return total + max(len(cleaned) - 1, 0)


def link_domain(link: str) -> str:
    """The host a card shows under a link ("phuongabc.haiphong.gov.vn"), or ""."""
    try:
        host = urlsplit(normalize_text(link)).hostname or ""
    except ValueError:
        return ""
    if host.startswith("xn--") or ".xn--" in host:
        try:
            host = host.encode("ascii").decode("idna")
        except UnicodeError:
            pass
    return host.removeprefix("www.")


_url_validator = URLValidator(schemes=["http", "https"])


def _link_is_valid(link: str) -> bool:
    try:
        _url_validator(link)
    except ValidationError:
        return False
    return True


def _shorten(value: str, limit: int = 60) -> str:
    return value if len(value) <= limit else value[: limit - 1] + ELLIPSIS


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word boundary, ending in "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" \n\t,.;:-–—") + "…"


def shorten_bytes(text: str, limit: int) -> str:
    """``text`` cut so its UTF-8 form fits in ``limit`` bytes (YouTube counts bytes)."""
    if len(text.encode("utf-8")) <= limit:
        return text
    cut = text.encode("utf-8")[: limit - len("…".encode())].decode("utf-8", "ignore")
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= len(cut) * 0.6:
        cut = cut[:space]
    return cut.rstrip(" \n\t,.;:-–—") + "…"


def _fold(text: str, limit: int) -> tuple[str, bool]:
    """Cut ``text`` to about ``limit`` characters at a word boundary, adding "…"."""
    if not limit or len(text) <= limit:
        return text, False
    cut = text[:limit]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" \n\t,.;:-–—") + ELLIPSIS, True


# --- rules ------------------------------------------------------------------------------------


def channel_rules(channel: str, *, rules: Mapping[str, ChannelRules] | None = None) -> ChannelRules:
    table = CHANNEL_RULES if rules is None else rules
    try:
        return table[channel]
    except KeyError:
        raise ValueError(f"No social-post rules for channel {channel!r}; known: {sorted(table)}") from None


def validate_social_post(
    channel: str, draft: SocialDraft, *, rules: Mapping[str, ChannelRules] | None = None
) -> list[str]:
    """Every problem that would stop ``draft`` going out on ``channel``, in Vietnamese.

    Each message says what is wrong and what to do; an empty list means the
    post can be sent. ``rules`` replaces ``CHANNEL_RULES`` (a ward's house rules).
    """
    rule = channel_rules(channel, rules=rules)
    text = normalize_text(draft.text)
    title = normalize_text(draft.title)
    link = normalize_text(draft.link)
    errors: list[str] = []

    errors += _check_title(rule, title)
    errors += _check_text(rule, text)
    errors += _check_hashtags(rule, extract_hashtags(text))
    errors += _check_link(rule, link)
    errors += _check_media(rule, draft)
    errors += _check_tags(rule, draft.tags)
    return errors


def _forbidden_found(rule: ChannelRules, value: str) -> str:
    return " ".join(f"“{char}”" for char in rule.forbidden_chars if char in value)


def _check_title(rule: ChannelRules, title: str) -> list[str]:
    if rule.max_title_chars is None:
        return []
    limit = intcomma(rule.max_title_chars)
    if not title:
        if rule.title_required:
            return [
                _("Video %(label)s chưa có tiêu đề: hãy nhập tiêu đề (tối đa %(limit)s ký tự).")
                % {"label": rule.label, "limit": limit}
            ]
        return []
    errors = []
    if len(title) > rule.max_title_chars:
        errors.append(
            _("Tiêu đề %(label)s dài %(count)s ký tự, vượt giới hạn %(limit)s ký tự: hãy rút gọn %(over)s ký tự.")
            % {
                "label": rule.label,
                "count": intcomma(len(title)),
                "limit": limit,
                "over": intcomma(len(title) - rule.max_title_chars),
            }
        )
    if found := _forbidden_found(rule, title):
        errors.append(
            _("Tiêu đề %(label)s có ký tự %(chars)s mà %(label)s không cho phép: hãy xoá hoặc thay bằng chữ khác.")
            % {"label": rule.label, "chars": found}
        )
    return errors


def _check_text(rule: ChannelRules, text: str) -> list[str]:
    if not text:
        if rule.text_required:
            return [_("%(name)s chưa có nội dung: hãy nhập nội dung.") % {"name": rule.text_name}]
        return []
    errors = []
    if rule.max_bytes is not None:
        size = len(text.encode("utf-8"))
        if size > rule.max_bytes:
            errors.append(
                _(
                    "%(name)s dài %(count)s byte, vượt giới hạn %(limit)s byte (%(label)s tính theo byte UTF-8: "
                    "mỗi chữ có dấu chiếm 2–3 byte, chữ không dấu 1 byte): hãy rút gọn ít nhất %(over)s byte."
                )
                % {
                    "name": rule.text_name,
                    "label": rule.label,
                    "count": intcomma(size),
                    "limit": intcomma(rule.max_bytes),
                    "over": intcomma(size - rule.max_bytes),
                }
            )
    elif len(text) > rule.max_chars:
        errors.append(
            _("%(name)s dài %(count)s ký tự, vượt giới hạn %(limit)s ký tự: hãy rút gọn %(over)s ký tự.")
            % {
                "name": rule.text_name,
                "count": intcomma(len(text)),
                "limit": intcomma(rule.max_chars),
                "over": intcomma(len(text) - rule.max_chars),
            }
        )
    if found := _forbidden_found(rule, text):
        errors.append(
            _("%(name)s có ký tự %(chars)s mà %(label)s không cho phép: hãy xoá hoặc thay bằng chữ khác.")
            % {"name": rule.text_name, "label": rule.label, "chars": found}
        )
    return errors


def _check_hashtags(rule: ChannelRules, hashtags: list[str]) -> list[str]:
    if len(hashtags) <= rule.max_hashtags:
        return []
    return [
        _("%(name)s có %(count)s hashtag, vượt giới hạn %(limit)s hashtag: hãy bỏ bớt %(over)s hashtag.")
        % {
            "name": rule.text_name,
            "count": intcomma(len(hashtags)),
            "limit": intcomma(rule.max_hashtags),
            "over": intcomma(len(hashtags) - rule.max_hashtags),
        }
    ]


def _check_link(rule: ChannelRules, link: str) -> list[str]:
    if not link:
        if rule.link_required:
            return [
                _("Bài %(label)s cần kèm liên kết: hãy nhập địa chỉ bắt đầu bằng https:// hoặc http://.")
                % {"label": rule.label}
            ]
        return []
    if not rule.link_allowed:
        return [
            _("%(label)s không đăng kèm liên kết riêng: hãy xoá ô liên kết và đưa địa chỉ vào phần nội dung.")
            % {"label": rule.label}
        ]
    if not _link_is_valid(link):
        return [
            _(
                "Liên kết “%(link)s” không hợp lệ: hãy dùng địa chỉ đầy đủ bắt đầu bằng https:// hoặc http://, "
                "ví dụ https://phuong.haiphong.gov.vn/tin-tuc."
            )
            % {"link": _shorten(link)}
        ]
    return []


def _check_media(rule: ChannelRules, draft: SocialDraft) -> list[str]:
    label = {"label": rule.label}
    if rule.media == "video_required":
        if not draft.has_video:
            return [_("Bài %(label)s cần có video: hãy tải video lên trước khi gửi duyệt.") % label]
        return []
    errors = []
    if draft.has_video:
        errors.append(
            _("Bài %(label)s không đăng kèm video: hãy bỏ video, hoặc đăng video lên YouTube rồi đưa liên kết vào bài.")
            % label
        )
    if rule.media == "none" and draft.has_image:
        errors.append(_("Bài %(label)s không đăng kèm ảnh: hãy bỏ ảnh.") % label)
    if rule.media == "image_required" and not draft.has_image:
        errors.append(_("Bài %(label)s cần có ảnh: hãy chọn một ảnh.") % label)
    return errors


def _check_tags(rule: ChannelRules, tags: tuple[str, ...]) -> list[str]:
    if rule.max_tags_chars is None or not tags:
        return []
    total = tags_length(tags)
    if total <= rule.max_tags_chars:
        return []
    return [
        _(
            "Thẻ từ khoá %(label)s dài %(count)s ký tự, vượt giới hạn %(limit)s ký tự (tính cả dấu phẩy giữa "
            "các thẻ và 2 dấu ngoặc kép cho thẻ có dấu cách): hãy bỏ bớt thẻ hoặc rút gọn %(over)s ký tự."
        )
        % {
            "label": rule.label,
            "count": intcomma(total),
            "limit": intcomma(rule.max_tags_chars),
            "over": intcomma(total - rule.max_tags_chars),
        }
    ]


# --- preview ----------------------------------------------------------------------------------


def preview_card(channel: str, draft: SocialDraft, *, rules: Mapping[str, ChannelRules] | None = None) -> dict:
    """What a template needs to draw ``draft`` as ``channel`` shows it in a feed.

    Values are raw text (an editor's ``<b>`` comes back as ``<b>``): the
    template escapes. ``excerpt`` is the text up to the channel's fold, ending
    in "…" when cut, and ``more_label`` is then "Xem thêm".
    """
    rule = channel_rules(channel, rules=rules)
    text = normalize_text(draft.text)
    link = normalize_text(draft.link)
    excerpt, truncated = _fold(text, rule.fold_chars)
    char_count = len(text)
    return {
        "channel": rule.code,
        "label": rule.label,
        "title": normalize_text(draft.title) if rule.max_title_chars is not None else "",
        "text": text,
        "excerpt": excerpt,
        "truncated": truncated,
        "more_label": MORE_LABEL if truncated else "",
        "link": link if rule.link_allowed else "",
        "link_domain": link_domain(link) if rule.link_allowed and link else "",
        "hashtags": extract_hashtags(text),
        "media": rule.media,
        "has_image": draft.has_image,
        "has_video": draft.has_video,
        "char_count": char_count,
        "max_chars": rule.max_chars,
        "byte_count": len(text.encode("utf-8")),
        "max_bytes": rule.max_bytes,
        "errors": validate_social_post(channel, draft, rules=rules),
    }
