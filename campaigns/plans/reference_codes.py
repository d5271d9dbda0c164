"""Normalisation of document reference codes ("02 - NQ/TU" -> "02-NQ/TU")."""

import re
import unicodedata

_SPACES_AROUND_SEPARATORS = re.compile(r"\s*([-/–—])\s*")
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-"})


def normalize_code(raw: str) -> str:
    """Return the canonical form of a reference code.

    Spaces around "-" and "/" go, typographic dashes become "-" and the text is
    NFC so the same code typed on two keyboards compares equal. Letter case is
    kept: "TTg" (Thủ tướng) is written so by the issuer.
    """
    text = unicodedata.normalize("NFC", raw or "").strip()
    text = text.translate(_DASHES)
    text = _SPACES_AROUND_SEPARATORS.sub(r"\1", text)
    text = re.sub(r"\s+", " ", text)
    return text
