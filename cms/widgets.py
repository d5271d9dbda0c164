"""Editor widgets of the content pages."""

from django import forms
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html

from campaigns.content.channels import CHANNEL_RULES, count_chars


def counter_text(count: int, *, limit: int, fold: int) -> str:
    """ "120 / 2.000 ký tự" and what the reader sees folded; said plainly when over the limit."""
    if count > limit:
        return f"{intcomma(count)} / {intcomma(limit)} ký tự: vượt {intcomma(count - limit)} ký tự, hãy rút gọn."
    text = f"{intcomma(count)} / {intcomma(limit)} ký tự"
    if fold and count > fold:
        text += f" (người đọc thấy {intcomma(fold)} ký tự đầu trước “Xem thêm”)"
    return text


class ChannelTextarea(forms.Textarea):
    """A social channel's text with a live character counter under it, counted as the server counts
    (``campaigns.content.channels.count_chars``: NFC, one character per line break, no outer blanks);
    the limit itself is checked on save (``validate_social_post``)."""

    def __init__(self, channel: str, attrs=None):
        self.rules = CHANNEL_RULES[channel]
        super().__init__(attrs)

    @property
    def media(self):
        return forms.Media(js=["cms/js/char_counter.js"])

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**(attrs or {}), "data-loa-char-count": ""}
        textarea = super().render(name, value, attrs, renderer)
        rules = self.rules
        count = count_chars(value or "")
        return format_html(
            '{}<p class="help loa-char-counter{}" data-loa-char-counter data-for="{}" data-limit="{}" data-fold="{}" '
            'aria-live="polite">{}</p>',
            textarea, " loa-char-counter--over" if count > rules.max_chars else "", attrs.get("id", ""),
            rules.max_chars, rules.fold_chars, counter_text(count, limit=rules.max_chars, fold=rules.fold_chars),
        )
