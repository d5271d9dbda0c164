"""Damaged and re-formatted versions of a plan that must parse the same.

Shared by the tests and bench/importer_accuracy.py (loaded by file path there).
Every transform is deterministic.
"""

from __future__ import annotations

import random
import re
import textwrap
import unicodedata
from collections.abc import Callable

_CODE = re.compile(r"\b(\d{1,4})-([A-ZĐ]+)/([A-ZĐ]+)\b")
_DATE_YEAR = re.compile(r"\b(\d{1,2}/\d{1,2}/)20(\d\d)\b")
_ROMAN = re.compile(r"^\s*([IVX]{1,5})\s*[.-]\s")
_NUMBERED = re.compile(r"^\s*\d{1,2}(?:\.\d)*\.\s")


def _map_lines(text: str, fn: Callable[[str], str]) -> str:
    return "\n".join(fn(line) for line in text.split("\n"))


def rewrap_60(text: str) -> str:
    """Hard-wrap every long line at 60 columns with trailing spaces."""
    out = []
    for line in text.split("\n"):
        if len(line) <= 60:
            out.append(line)
            continue
        out.extend(part + "  " for part in textwrap.wrap(line, 60, break_long_words=False, break_on_hyphens=False))
    return "\n".join(out)


def pdf_like(text: str) -> str:
    """What a PDF text layer gives: lines wrapped at 80 columns, no blank lines."""
    out = []
    for line in text.split("\n"):
        if line.strip():
            out.extend(textwrap.wrap(line, 80, break_long_words=False, break_on_hyphens=False) or [line])
    return "\n".join(out)


def markdownise(text: str) -> str:
    """Markdown export: ### for sections, bold numbered headings and labels."""
    lines = text.split("\n")
    following = [next((n.strip() for n in lines[i + 1 :] if n.strip()), "") for i in range(len(lines))]

    def convert(line: str, after: str) -> str:
        stripped = line.strip()
        if stripped.startswith(("#", "**")) or not stripped:
            return line
        if _ROMAN.match(stripped):
            return "### " + stripped
        # Bold only whole headings: those followed by a bullet or a sub-item.
        if _NUMBERED.match(stripped) and not stripped.endswith((".", ";")) and after[:1] in "-+0123456789":
            return f"**{stripped}**"
        if stripped.startswith("Nơi nhận"):
            return f"**{stripped}**"
        return line

    return "\n".join(convert(line, after) for line, after in zip(lines, following, strict=True))


def strip_markdown(text: str) -> str:
    """Plain-text export: no #, no ** emphasis."""
    return _map_lines(text, lambda line: re.sub(r"^#+\s*", "", line).replace("**", ""))


def blank_between(text: str) -> str:
    """A blank line after every line."""
    return "\n\n".join(text.split("\n"))


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def nbsp(text: str) -> str:
    """Non-breaking spaces after "số", "ngày" and in every tenth space."""
    text = re.sub(r"(số|ngày) ", "\\1\u00a0", text)
    return "".join("\u00a0" if c == " " and i % 10 == 0 else c for i, c in enumerate(text))


def code_typos(text: str) -> str:
    """ "02-NQ/TU" typed as "02 - NQ/TU" or "02- NQ / TU" after the heading part."""
    head, body = text[: len(text) // 5], text[len(text) // 5 :]
    counter = iter(range(10**6))

    def damage(match: re.Match[str]) -> str:
        style = next(counter) % 3
        number, kind, issuer = match.groups()
        return (f"{number} - {kind}/{issuer}", f"{number}- {kind} / {issuer}", f"{number} -{kind}/{issuer}")[style]

    return head + _CODE.sub(damage, body)


def year_typos(text: str) -> str:
    """ "10/12/2025" typed as "10/12/2-25" in the body."""
    head, body = text[: len(text) // 5], text[len(text) // 5 :]
    return head + _DATE_YEAR.sub(r"\g<1>2-\2", body)


def stray_spaces(text: str) -> str:
    """Doubled spaces and trailing tabs, deterministically."""
    rng = random.Random(7)
    text = "".join(c + " " if c == " " and rng.random() < 0.15 else c for c in text)
    return _map_lines(text, lambda line: line + ("\t " if line and rng.random() < 0.3 else ""))


def invisible_marks(text: str) -> str:
    """A BOM, zero-width spaces after commas and soft hyphens."""
    return "\ufeff" + text.replace(", ", ",\u200b ").replace("phường", "phư\u00adờng")


def lookalike_eth(text: str) -> str:
    """Legacy fonts: "Đ" typed as the Icelandic "Ð"."""
    return text.replace("Đ", "Ð")


def combined(text: str) -> str:
    return crlf(nfd(code_typos(stray_spaces(text))))


VARIANTS: dict[str, Callable[[str], str]] = {
    "rewrap_60": rewrap_60,
    "markdownise": markdownise,
    "strip_markdown": strip_markdown,
    "blank_between": blank_between,
    "crlf": crlf,
    "nfd": nfd,
    "nbsp": nbsp,
    "code_typos": code_typos,
    "year_typos": year_typos,
    "stray_spaces": stray_spaces,
    "invisible_marks": invisible_marks,
    "lookalike_eth": lookalike_eth,
    "combined": combined,
    "pdf_like": pdf_like,
    "pdf_like_plain": lambda text: pdf_like(strip_markdown(text)),
}


def canonical(value):
    """Compare text fields modulo the damage the variants do on purpose."""
    if isinstance(value, dict):
        return {k: canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        return [canonical(v) for v in value]
    if isinstance(value, str):
        text = " ".join(unicodedata.normalize("NFC", value).split())
        text = re.sub(r"\s*([-/])\s*", r"\1", text)
        return _DATE_YEAR.sub(r"\g<1>20\2", re.sub(r"(\d{1,2}/\d{1,2}/)2-(\d\d)\b", r"\g<1>20\2", text))
    return value
