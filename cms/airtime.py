"""How long a loudspeaker script takes to read aloud.

Vietnamese is monosyllabic: every written word is one syllable (tiếng), so a
script's length is its word count, except for what an announcer expands when
reading: numbers ("32.900" is "ba mươi hai nghìn chín trăm", six syllables) and
common abbreviations ("UBND" is "Ủy ban nhân dân", four).
"""

import math
import re
import unicodedata

DEFAULT_READING_SPEED = 180  # syllables per minute (DESIGN.md)

ABBREVIATION_SYLLABLES = {
    "UBND": 4, "HĐND": 4, "MTTQ": 4, "TDP": 3, "TP": 2, "BCH": 3, "BTV": 3, "ĐU": 2, "TU": 2,
    "NQ": 2, "KH": 2, "QĐ": 2, "CT": 2, "VH-XH": 4, "VHXH": 4, "ANTT": 4, "KT-XH": 4, "BHYT": 4,
}
_TOKEN = re.compile(r"[\w.,%/-]+", re.UNICODE)
_NUMBER = re.compile(r"^\d{1,3}(?:\.\d{3})+(?:,\d+)?$|^\d+(?:,\d+)?$")


def _integer_syllables(number: int) -> int:
    """Syllables in the Vietnamese reading of a whole number (close, not exact)."""
    if number == 0:
        return 1
    syllables = 0
    scale = 0  # 0: units, 1: nghìn, 2: triệu, 3: tỷ, 4: nghìn tỷ…
    while number:
        number, group = divmod(number, 1000)
        if group:
            hundreds, rest = divmod(group, 100)
            tens, units = divmod(rest, 10)
            part = 0
            if hundreds or number:
                part += 2  # "ba trăm" / "không trăm"
            if tens:
                part += 2 if tens > 1 else 1  # "ba mươi" / "mười"
            elif units and (hundreds or number):
                part += 1  # "lẻ"
            if units:
                part += 1
            syllables += part + (0 if scale == 0 else 1 + (scale - 1) // 3)
        scale += 1
    return syllables


def token_syllables(token: str) -> int:
    token = token.strip(".,;:!?()\"'“”…")
    if not token:
        return 0
    if token.upper() in ABBREVIATION_SYLLABLES:
        return ABBREVIATION_SYLLABLES[token.upper()]
    if _NUMBER.match(token):
        whole, _, decimals = token.replace(".", "").partition(",")
        count = _integer_syllables(int(whole))
        return count + (1 + len(decimals) if decimals else 0)  # "phẩy" then digit by digit
    if token.endswith("%") and _NUMBER.match(token[:-1]):
        return token_syllables(token[:-1]) + 2  # "phần trăm"
    if "/" in token or "-" in token:
        return sum(token_syllables(part) for part in re.split(r"[/-]", token))
    return 1


def count_syllables(text: str) -> int:
    text = unicodedata.normalize("NFC", text or "")
    return sum(token_syllables(token) for token in _TOKEN.findall(text))


def airtime_seconds(text: str, *, reading_speed: int = DEFAULT_READING_SPEED) -> int:
    """Seconds to read ``text`` at ``reading_speed`` syllables per minute, rounded up."""
    return math.ceil(count_syllables(text) * 60 / reading_speed)


def format_duration(seconds: int) -> str:
    """"2 phút 05 giây"."""
    minutes, rest = divmod(int(seconds), 60)
    if minutes and rest:
        return f"{minutes} phút {rest:02d} giây"
    return f"{minutes} phút" if minutes else f"{rest} giây"
