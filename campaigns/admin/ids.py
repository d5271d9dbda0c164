"""Row ids typed into URLs and forms: a positive whole number the database can hold, or nothing."""

MAX_ID = 2**63 - 1  # the largest value of a bigint (PostgreSQL) and of an SQLite INTEGER


def parse_id(value) -> int | None:
    """``value`` as a row id, or None when it cannot be one (``abc``, ``-1``, ``1.5``, ``1e3``, 20 digits…)."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.isascii() and value.isdigit():
        number = int(value)
    else:
        return None
    return number if 0 < number <= MAX_ID else None
