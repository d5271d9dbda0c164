"""The English the libraries would show: every msgid of Wagtail's and Django's English catalogues, and
the visible text of an HTML page, so that a test can say which library strings a screen left in English.

The list is built from the installed Wagtail and Django (their ``locale/en`` catalogues), so a new
release's strings are checked as soon as it is installed; ``NOT_ENGLISH`` keeps the msgids that are
the same in Vietnamese (names, codes).
"""

import functools
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import django
import wagtail

# Msgids that read the same in a Vietnamese screen: product and brand names, codes, units.
NOT_ENGLISH = {
    "Wagtail", "Django", "Facebook", "YouTube", "Zalo", "URL", "ID", "OK", "Email", "PDF", "CSV", "XLSX",
    "HTML", "JSON", "RSS", "SEO", "API", "Google", "Vimeo", "Twitter", "Unsplash", "Loa", "Embed", "iframe",
    "Alt", "px", "KB", "MB", "GB", "%s KB", "%s MB", "%s GB", "%s bytes", "%(size)s KB", "Slug",
}
# English Wagtail writes without its catalogue (so no entry of ours can change it), or text that only
# looks like a msgid; each with where it shows.
NOT_FROM_A_CATALOGUE = {
    "none",  # str(None) in the explorer's page-type column of the ward home
    "page",  # the page chooser's field label in workflow and group forms (administrator only)
    "search",  # the hidden (screen-reader) submit of the dashboard's search form
    "port", "site name", "root page",  # column labels Wagtail's Sites list builds from field names
    "admin",  # the administrator's username in the Users list
    "and", "from", "to",  # <code>from</code>/<code>to</code> in the redirects import help
}
PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")
# Words a msgid must have to be worth checking (a letter pair); "%s" alone or "—" is not English.
WORD = re.compile(r"[A-Za-z]{2,}")
SKIPPED_TAGS = {"script", "style", "svg", "noscript"}


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", lambda match: ESCAPES.get(match.group(1), match.group(1)), text)


def po_msgids(path: Path) -> list[str]:
    """The msgids and plural msgids of a .po file."""
    msgids, current, field = [], [], None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith(("msgid ", "msgid_plural ")):
            if current and field:
                msgids.append("".join(current))
            field, current = "id", [_unquote(line.split(" ", 1)[1][1:-1])]
        elif line.startswith('"') and field == "id":
            current.append(_unquote(line[1:-1]))
        elif line.startswith("msgstr") or line.startswith("msgctxt") or not line.strip():
            if current and field:
                msgids.append("".join(current))
            field, current = None, []
    if current and field:
        msgids.append("".join(current))
    return [msgid for msgid in msgids if msgid]


def _catalogue_files() -> list[Path]:
    roots = [Path(wagtail.__file__).parent, Path(django.__file__).parent]
    return [po for root in roots for po in root.rglob("locale/en/LC_MESSAGES/django.po")]


@functools.cache
def english_matchers() -> tuple[frozenset[str], list[tuple[re.Pattern, str]]]:
    """Plain msgids (casefolded, matched exactly) and msgids with placeholders (matched as patterns,
    ignoring case: Wagtail capitalises some of its strings in templates)."""
    plain, patterns = set(), {}
    for po in _catalogue_files():
        for msgid in po_msgids(po):
            text = " ".join(msgid.split())
            if text in NOT_ENGLISH or not WORD.search(PLACEHOLDER.sub("", text)):
                continue
            if PLACEHOLDER.search(text):
                parts = PLACEHOLDER.split(text.replace("%%", "%"))
                if sum(len(WORD.findall(part)) for part in parts) < 2:
                    continue  # "%(count)s items"-like fragments too short to tell apart from data
                patterns[text] = re.compile("^" + ".+?".join(re.escape(part) for part in parts) + "$", re.IGNORECASE)
            else:
                plain.add(text.casefold())
    # Longest first: "Anyone can edit this %(model_name)s" must not hide its longer sentence.
    return frozenset(plain), sorted(patterns.items(), key=lambda item: (-len(item[0]), item[0]))


class _VisibleText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.segments: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
            return
        values = dict(attrs)
        for name in ("placeholder", "title"):
            if values.get(name):
                self.segments.append(values[name])
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.segments.append(values["value"])

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.segments.append(data)


SIDEBAR_PROPS = re.compile(r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>', re.S)


def _labels(value) -> list[str]:
    """The "label" strings anywhere in the sidebar's JSON (its menu items, drawn by JavaScript)."""
    if isinstance(value, dict):
        found = [value["label"]] if isinstance(value.get("label"), str) else []
        return found + [label for item in value.values() for label in _labels(item)]
    if isinstance(value, list):
        return [label for item in value for label in _labels(item)]
    return []


def visible_segments(html: str) -> list[str]:
    """The text a reader sees, one segment per text node (whitespace collapsed), with the labels of the
    sidebar menu, which Wagtail's JavaScript draws from JSON."""
    parser = _VisibleText()
    parser.feed(html)
    segments = list(parser.segments)
    for props in SIDEBAR_PROPS.findall(html):
        segments += _labels(json.loads(props))
    return [" ".join(segment.split()) for segment in segments if segment.strip()]


def english_in(html: str) -> set[str]:
    """The library msgids (as written in the catalogue) that appear untranslated in the page."""
    plain, patterns = english_matchers()
    found = set()
    for segment in visible_segments(html):
        folded = segment.casefold()
        # "Page title*": Wagtail marks a required field's placeholder with an asterisk.
        candidates = {folded, folded.rstrip(":").strip(), folded.rstrip(".").strip(), folded.rstrip("*").strip()}
        hit = next((candidate for candidate in candidates if candidate in plain), None)
        if hit:
            found.add(hit)
            continue
        if not WORD.search(segment) or len(segment) > 300:
            continue
        for msgid, pattern in patterns:
            if pattern.match(segment):
                found.add(msgid)
                break
    return found
