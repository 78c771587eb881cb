"""Personal data (mobiles, addresses) is masked everywhere it is not needed in full."""

import re

_DIGITS = re.compile(r"\D")


def mask_mobile(value: str | None) -> str:
    """138****5678 for a mainland mobile; keeps only the first 3 and last 4 digits of others."""
    if not value:
        return ""
    digits = _DIGITS.sub("", value)
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_address(value: str | None) -> str:
    """Keeps the compound (up to the first number) and hides building, unit and room."""
    if not value:
        return ""
    match = re.search(r"\d", value)
    head = value[: match.start()] if match else value[: max(2, len(value) // 2)]
    return f"{head}****"


def mask_name(value: str | None) -> str:
    """张三 → 张*, 欧阳娜娜 → 欧***: for public pages that must not identify a person."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)
