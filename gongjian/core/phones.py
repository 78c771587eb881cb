"""Phone numbers as people type them: full-width digits (１３９…), +86 or 0086 in front,
spaces, dashes and brackets in between. Stored as plain ASCII digits, so the same number
cannot be entered twice in two spellings."""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―()（）.·]")


def normalize_phone(value) -> str:
    """NFKC (full-width digits become ASCII), separators dropped, a leading +86 / 0086 (or 86
    before an 11-digit mobile) removed. Anything else is left for the validator to refuse."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    text = _SEPARATORS.sub("", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    elif text.startswith("86") and len(text) == 13 and text[2] == "1":
        text = text[2:]
    return text
