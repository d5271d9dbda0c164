"""Text normalisation and reflow of plan documents into logical blocks.

Plans arrive as plain text, Markdown-ish exports, hard-wrapped PDF text or
"double-spaced" text with a blank line after every wrapped line.  Everything
downstream works on :class:`Block` objects: one paragraph, bullet, numbered
item or heading each, with its wrapped lines joined again.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_REPLACEMENTS = {
    **dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad", ""),  # invisible
    **dict.fromkeys("\u00a0\u2007\u202f\u2002\u2003\u2009\t\v\f", " "),  # odd spaces
    **dict.fromkeys("–—‐‑−", "-"),
    # Legacy fonts put the Icelandic eth where Vietnamese "Đ" belongs.
    "Ð": "Đ",
    "ð": "đ",
}
_SPECIAL = re.compile("[" + re.escape("".join(_REPLACEMENTS)) + "]")
_LOWER_VI = "abcdefghijklmnopqrstuvwxyzàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
_LOWER_LETTER = re.compile(f"[{_LOWER_VI}]")
_UPPER_LETTER = re.compile(f"[{_LOWER_VI.upper()}]")

# Words a line cannot end a heading or sentence with.
_FUNCTION_WORDS = frozenset(
    "và của về với cho trong tại theo để các những từ đến là có được bị hoặc như nhằm đối số ngày".split()
)
# Capitalised words that open a paragraph and are never proper nouns.
_OPENER = re.compile(r"^(?:Căn cứ|Thực hiện|Triển khai|Nhằm|Trên cơ sở|Xét đề nghị)\b")
TERMINAL = (".", ";", ":", "!", "?", "./.")
_RULE_LINE = re.compile(r"^[-_=*─━~\s]{3,}$")
_PAGE_NUMBER = re.compile(r"^(?:-\s*)?\d{1,3}(?:\s*-)?$|^Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?$", re.I)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_MD_BOLD = re.compile(r"\*\*|__")
_MD_ITALIC = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*(?![\w*])")
_STAR_BULLET = re.compile(r"^\*\s+")

ROMAN_RE = re.compile(r"^(?:PHẦN\s+)?([IVX]{1,6})\s*[.\-:)]\s*(?=[^\W\d_])(.*)$")
NUMBER_RE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){0,3})\s*[.)](?:\s+|(?=[^\W\d_]))(.*)$")
LETTER_RE = re.compile(r"^([a-zđ])\s*\)\s*(.*)$")
BULLET_RE = re.compile(r"^([-+•·▪●○◦➢➤✓])\s*(?=\S)(.*)$")


def fold_letter(letter: str) -> str:
    """The letter without its tone and vowel marks ("ậ" -> "a", "Đ" -> "D"); one letter stays one."""
    if letter in "đĐ":
        return "d" if letter == "đ" else "D"
    return unicodedata.normalize("NFD", letter)[0]


_SAME_BASE: dict[str, str] = {}
for _letter in _LOWER_VI + _LOWER_VI.upper():
    _SAME_BASE[fold_letter(_letter)] = _SAME_BASE.get(fold_letter(_letter), "") + _letter


def fold(text: str) -> str:
    """``text`` without Vietnamese marks, letter for letter (same length, so positions carry over)."""
    return "".join(fold_letter(letter) if letter.isalpha() else letter for letter in text)


def tolerant(phrase: str) -> str:
    """A regular expression for a keyword as OCR reads it: any tone or vowel mark on each letter
    ("KÉ HOẠCH", "Nơi nhân", "CHU TỊCH") and any spacing between its words ("KẾHOẠCH")."""
    parts = []
    for letter in phrase:
        if letter == " ":
            parts.append(r"\s*")
        elif letter.isalpha():
            parts.append("[" + _SAME_BASE.get(fold_letter(letter), letter) + "]")
        else:
            parts.append(re.escape(letter))
    return "".join(parts)


# "TM.", "T/M", "T.M", "TM," (a comma for the full stop on a blurred scan), "KT", "K/T", "TL", ...
SIGNATURE_PREFIX = r"(?:T\s?[/.]?\s?M|K\s?[/.]?\s?T|T\s?[/.]?\s?L|TUQ|Q)(?:\s?[.,:;]|(?=\s))"
RECIPIENTS_KEYWORD = tolerant("Nơi nhận")
KEYWORD_START = re.compile(
    rf"^(?:(?i:{RECIPIENTS_KEYWORD})|Số\s*:|Số\s+\d|{SIGNATURE_PREFIX}|"
    r"Lưu\s*:|Lưu\s+[A-ZĐ]|Ký bởi|Người ký)"
)


def normalize_unicode(text: str) -> str:
    """NFC, LF line ends, plain spaces and dashes, no invisible characters."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    return _SPECIAL.sub(lambda m: _REPLACEMENTS[m.group(0)], text)


def collapse(text: str) -> str:
    """Single spaces, no leading or trailing whitespace."""
    return " ".join(text.split())


def is_upper_line(text: str) -> bool:
    """Mostly upper-case letters: headings, header and signature lines."""
    upper = len(_UPPER_LETTER.findall(text))
    if upper < 3:
        return False
    return upper / (upper + len(_LOWER_LETTER.findall(text))) >= 0.8


def ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(TERMINAL)


def starts_lower(text: str) -> bool:
    first = next((c for c in text if c.isalnum()), "")
    return first.isalpha() and first.islower()


@dataclass(frozen=True)
class Line:
    text: str
    blanks_before: int
    hard_start: bool  # a Markdown heading or the start of a bold span
    hard_end: bool  # a Markdown heading or the end of a bold span


@dataclass(frozen=True)
class Block:
    """One logical paragraph: heading, numbered item, bullet or running text."""

    text: str
    marker: str = ""  # "roman", "number", "letter", "bullet" or ""
    label: str = ""  # "II", "2.1", "a", "-"
    body: str = ""  # text without its marker
    heading: bool = False  # Markdown heading or a whole bold line
    upper: bool = False

    @property
    def depth(self) -> int:
        return self.label.count(".") + 1 if self.marker == "number" else 0


def clean_line(raw: str) -> tuple[str, bool, bool]:
    """Strip Markdown from one line; report whether it starts or ends a hard block."""
    line = raw.strip()
    heading = bool(_MD_HEADING.match(line))
    line = _MD_HEADING.sub("", line)
    line = _STAR_BULLET.sub("- ", line)
    starts_bold = line.startswith(("**", "__"))
    ends_bold = line.endswith(("**", "__")) and len(line) > 2
    line = _MD_BOLD.sub("", line)
    line = _MD_ESCAPE.sub(r"\1", line)
    line = collapse(line)
    return line, heading or starts_bold, heading or ends_bold


def split_lines(text: str) -> list[Line]:
    """Cleaned non-empty lines with the number of blank lines before each."""
    lines: list[Line] = []
    blanks = 0
    after_rule = False
    for raw in normalize_unicode(text).split("\n"):
        line, hard_start, hard_end = clean_line(raw)
        if _RULE_LINE.match(line or raw.strip() or "x"):
            after_rule = True  # "-----" separates what is above from what is below
            blanks += 1
            continue
        if not line or _PAGE_NUMBER.match(line):
            blanks += 1
            continue
        lines.append(Line(line, blanks, hard_start or after_rule, hard_end))
        blanks, after_rule = 0, False
    return lines


def classify(text: str) -> tuple[str, str, str]:
    """Return (marker kind, label, body) of a line or block."""
    for kind, pattern in (("roman", ROMAN_RE), ("number", NUMBER_RE), ("letter", LETTER_RE)):
        match = pattern.match(text)
        if match:
            return kind, match.group(1), match.group(2).strip()
    match = BULLET_RE.match(text)
    if match and not _RULE_LINE.match(text):
        return "bullet", match.group(1), match.group(2).strip()
    return "", "", text


@dataclass(frozen=True)
class Layout:
    """How a document uses blank lines and line width."""

    mode: str  # "blank_separated", "double_spaced" or "dense"
    wrap_width: int  # typical width of a full wrapped line; 0 when not wrapped


def detect_layout(lines: list[Line]) -> Layout:
    if not lines:
        return Layout("dense", 0)
    followed = [lines[i] for i in range(len(lines) - 1) if lines[i + 1].blanks_before]
    plain = [ln for ln in followed if not classify(ln.text)[0] and not is_upper_line(ln.text) and not ln.hard_end]
    if len(followed) < 0.15 * len(lines):
        mode = "dense"
    elif len(plain) >= 5 and sum(not ends_sentence(ln.text) for ln in plain) > 0.5 * len(plain):
        mode = "double_spaced"
    else:
        mode = "blank_separated"
    lengths = sorted(len(ln.text) for ln in lines)
    width = lengths[int(0.9 * (len(lengths) - 1))]
    unterminated = sum(not ends_sentence(ln.text) for ln in lines) / len(lines)
    wrapped = width <= 120 and unterminated >= 0.5
    return Layout(mode, width if wrapped else 0)


def _short_line_ends_block(block: list[Line], line: Line, layout: Layout) -> bool:
    """A line that stops well short of the margin ends its heading or paragraph
    ("2.2. Mục tiêu cụ thể", the last line of a title) when a capital follows."""
    prev = block[-1]
    if starts_lower(line.text) or prev.text.split()[-1].lower() in _FUNCTION_WORDS:
        return False
    if len(block) == 1 and classify(prev.text)[0] in ("number", "letter"):
        return len(prev.text) < 0.85 * (layout.wrap_width or 80)
    return layout.mode != "blank_separated" and bool(layout.wrap_width) and len(prev.text) < 0.7 * layout.wrap_width


def _continues(block: list[Line], line: Line, layout: Layout) -> bool:
    """Does ``line`` continue ``block`` (the lines of the block being built)?"""
    prev = block[-1]
    if line.hard_start or prev.hard_end or KEYWORD_START.match(line.text):
        return False
    kind = classify(line.text)[0]
    if kind == "bullet":
        # A stray dash before a wrapped remainder: "- Các ban, ngành" / "- và các tổ chức"
        rest = classify(line.text)[2]
        return (starts_lower(rest) or rest[:1].isdigit()) and not ends_sentence(prev.text)
    if kind:
        return False
    prev_upper, upper = is_upper_line(prev.text), is_upper_line(line.text)
    if prev_upper != upper:
        return False
    if upper:
        return line.blanks_before == 0
    if line.blanks_before and layout.mode == "blank_separated":
        return starts_lower(line.text) and not prev.text.endswith((".", ":", "!", "?"))
    if _short_line_ends_block(block, line, layout) or _OPENER.match(line.text):
        return False
    if prev.text.endswith((";", ",")) and starts_lower(line.text):
        return True  # the sentence goes on after a semicolon
    if ends_sentence(prev.text):
        # In wrapped text a sentence may end exactly at a full line.
        # ... and then the next word would not have fitted on that line.
        first_word = line.text.split(" ", 1)[0]
        return (
            layout.wrap_width > 0
            and not prev.text.endswith(("./.", ":"))
            and len(prev.text) + 1 + len(first_word) > layout.wrap_width
            and not is_upper_line(line.text)
        )
    return True


def make_block(text: str, hard: bool) -> Block:
    text = collapse(_MD_ITALIC.sub(r"\1", text))
    kind, label, body = classify(text)
    return Block(text, kind, label, body, hard, is_upper_line(body or text))


def reflow(text: str) -> list[Block]:
    """Split a document into logical blocks, joining wrapped lines."""
    lines = split_lines(text)
    layout = detect_layout(lines)
    blocks: list[Block] = []
    current: list[Line] = []
    for line in lines:
        if current and _continues(current, line, layout):
            current.append(line)
            continue
        if current:
            blocks.append(_join(current))
        current = [line]
    if current:
        blocks.append(_join(current))
    return blocks


def _join(lines: list[Line]) -> Block:
    parts = [lines[0].text]
    for line in lines[1:]:
        text = line.text
        kind, _, rest = classify(text)
        if kind == "bullet" and rest.split(" ", 1)[0].lower() in ("và", "hoặc", "cùng"):
            text = rest  # a stray bullet before a wrapped remainder
        parts.append(text)
    hard = lines[0].hard_start and lines[-1].hard_end
    return make_block(" ".join(parts), hard)


def sentences(text: str) -> list[str]:
    """Split running text into sentences at ". " before a capital letter."""
    parts: list[str] = []
    start = 0
    for match in re.finditer(r"(?<!\./)[.!?]\s+(?=[\"“(]?(\w))", text):
        if match.group(1).isupper():
            parts.append(text[start : match.start() + 1].strip())
            start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def strip_quotes(text: str) -> str:
    """Blank out quoted spans (names of schemes, titles of documents)."""
    return re.sub(r"“[^”]*”|\"[^\"]*\"", lambda m: " " * len(m.group(0)), text)


def fix_hyphen_spacing(text: str) -> str:
    """ "chính trị- xã hội" and "Văn hóa -Xã hội" become "... - ..."."""
    return re.sub(r"(?<=\w)\s*-\s+(?=\w)|(?<=\w)\s+-\s*(?=\w)", " - ", text)


def capitalize_first(text: str) -> str:
    for i, char in enumerate(text):
        if char.isalpha():
            return text[:i] + char.upper() + text[i + 1 :]
    return text
