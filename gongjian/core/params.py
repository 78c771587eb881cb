"""Query-string numbers read defensively: whatever a user (or a scanner) types into a URL,
the page gets either a number in range or None, never an exception that ends in a 500."""

from __future__ import annotations

import datetime
import re

#: The largest id a database integer column holds (PostgreSQL ``integer``/SQLite safe range).
MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,12}")


def int_param(value, *, minimum: int = 1, maximum: int = MAX_ID) -> int | None:
    """``value`` as an int in [minimum, maximum] when it is plain ASCII digits, else None."""
    text = str(value if value is not None else "").strip()
    if not _DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if minimum <= number <= maximum else None


def year_param(value) -> int | None:
    """A calendar year a page may ask about (1900–2100), else None."""
    return int_param(value, minimum=1900, maximum=2100)


def month_param(value) -> datetime.date | None:
    """``YYYY-MM`` (or a date ``YYYY-MM-DD`` in it) as the first day of that month (years
    1900–2100), else None."""
    match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})(?:-[0-9]{1,2})?", str(value or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if year_param(year) is None or not 1 <= month <= 12:
        return None
    return datetime.date(year, month, 1)
