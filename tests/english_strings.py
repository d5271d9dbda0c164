"""The English the libraries would show: every msgid of Wagtail's and Django's English catalogues, and
the text of an HTML page a reader meets, so that a test can say which library strings a screen left in English.

"Meets" is wider than the text nodes: a screen reader reads ``aria-label``, ``alt`` and ``title``, a
hover shows ``title`` and Wagtail's tooltips, an empty field shows its ``placeholder``, and Wagtail's
JavaScript draws labels from JSON the page embeds (the ``wagtail-config`` script, the sidebar's props,
the StreamField block definitions) and from its JavaScript catalogue (``/admin/jsi18n/``,
``js_catalogue_english``).

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
# Attributes a screen reader reads or a hover shows: accessible names and descriptions, tooltips
# (``title``, Wagtail's tooltip controller), placeholders, image text, a save button's "Saving…".
READ_ATTRIBUTES = (
    "aria-label", "aria-description", "aria-roledescription", "aria-valuetext", "title", "placeholder", "alt",
    "data-w-tooltip-content-value", "data-w-progress-active-value", "data-focal-input-label",
)
# A StreamField block's definition (labels, help text, "Add"/"Delete" of its controls), drawn by JavaScript.
BLOCK_DEFINITION = "data-w-block-data-value"
# Keys of the embedded JSON whose string values a reader meets (not names, URLs or codes).
TEXT_KEYS = {
    "label", "title", "text", "helpText", "help_text", "description", "placeholder", "ariaLabel", "message",
    "display_name", "addText", "collapsed_label", "maxNumErrorMessage",
}


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
    """Both domains: ``django`` (server-side) and ``djangojs`` (what Wagtail's JavaScript draws)."""
    roots = [Path(wagtail.__file__).parent, Path(django.__file__).parent]
    return [po for root in roots for domain in ("django", "djangojs")
            for po in root.rglob(f"locale/en/LC_MESSAGES/{domain}.po")]


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
        for name in READ_ATTRIBUTES:
            if values.get(name):
                self.segments.append(values[name])
        if tag == "input" and values.get("type") in {"submit", "button"} and values.get("value"):
            self.segments.append(values["value"])
        if values.get(BLOCK_DEFINITION):
            self.segments += _json_texts(_json_or_none(values[BLOCK_DEFINITION]))

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.segments.append(data)


JSON_SCRIPT = re.compile(r'<script id="([\w-]+)" type="application/json">(.*?)</script>', re.S)


def _json_or_none(text: str):
    try:
        return json.loads(text)
    except ValueError:
        return None


def _json_texts(value, *, every_string: bool = False) -> list[str]:
    """The strings of embedded JSON that JavaScript puts on screen: those under ``TEXT_KEYS`` anywhere
    (menu items, block labels, help text), or every string (``every_string``: wagtailConfig.STRINGS)."""
    if isinstance(value, str):
        return [value] if every_string else []
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if every_string or key in TEXT_KEYS:
                found += _json_texts(item, every_string=True)
            else:
                found += _json_texts(item)
        return found
    if isinstance(value, list):
        return [text for item in value for text in _json_texts(item, every_string=every_string)]
    return []


def _embedded_json_texts(html: str) -> list[str]:
    """Labels in the page's JSON scripts: the sidebar's props, the comments, the edit handler, and
    ``wagtail-config`` (its ``STRINGS``: bulk-action counts, month and weekday names of the date pickers)."""
    segments = []
    for script_id, text in JSON_SCRIPT.findall(html):
        value = _json_or_none(text)
        if script_id == "wagtail-config" and isinstance(value, dict):
            segments += _json_texts(value.get("STRINGS"), every_string=True)
            segments += _json_texts(value.get("LOCALES"))
        else:
            segments += _json_texts(value)
    return segments


def visible_segments(html: str) -> list[str]:
    """The text a reader meets, one segment per text node or attribute (whitespace collapsed), with the
    labels Wagtail's JavaScript draws from the JSON the page embeds."""
    parser = _VisibleText()
    parser.feed(html)
    segments = list(parser.segments) + _embedded_json_texts(html)
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


JS_CATALOGUE = re.compile(r"const newcatalog = (\{.*?\});\n", re.S)


def js_catalogue_msgids() -> set[str]:
    """Wagtail's JavaScript strings (its ``djangojs`` catalogue), less those that read the same in Vietnamese."""
    root = Path(wagtail.__file__).parent
    msgids = set()
    for po in root.rglob("locale/en/LC_MESSAGES/djangojs.po"):
        # A plural's entry is keyed by its singular msgid in the JavaScript catalogue.
        plurals = {_unquote(plural) for plural in re.findall(r'^msgid_plural "(.*)"$', po.read_text(), re.M)}
        msgids |= {msgid for msgid in po_msgids(po) if msgid not in plurals}
    return {msgid for msgid in msgids if msgid not in NOT_ENGLISH and WORD.search(PLACEHOLDER.sub("", msgid))}


def js_catalogue_english(javascript: str) -> set[str]:
    """Wagtail's JavaScript strings that the catalogue Wagtail serves (``/admin/jsi18n/``, Django's
    JavaScriptCatalog: Wagtail's ``djangojs`` catalogue merged with ours in locale/) leaves in English."""
    match = JS_CATALOGUE.search(javascript)
    catalogue = json.loads(match.group(1)) if match else {}
    return {msgid for msgid in js_catalogue_msgids() if not catalogue.get(msgid)}
