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


# Free text written by residents (suggestions, feedback, answers, reports) is published as
# typed; these patterns find what identifies a person in it. Digits may be full-width and
# numbers may carry spaces or dashes (139 0598-0000) and a +86 prefix.
_D = "[0-9０-９]"
_SEP = r"[ \u3000\-－—‐]?"
_CN_NUM = "[一二三四五六七八九十百零〇两]"
# A run of 7 or more digits (phones, landlines, ID-card numbers ending in X), optionally
# after +86/86; a lone separator may sit between any two digits.
_LONG_NUMBER = re.compile(
    rf"(?:(?:\+|＋)?(?:86|８６){_SEP})?{_D}(?:{_SEP}{_D}){{6,}}(?:{_SEP}[xXｘＸ])?(?![0-9０-９])"
)
# Room-level addresses: a room (502室, 12户), a building with its unit (3栋2单元), or a bare
# room number right after a building or unit (3栋502, 2单元301); also 3-2-502 and 3#502. A
# building alone (更换1号楼、2号楼的灯) says where, not who, and is kept.
_NUM = rf"(?:{_D}+|{_CN_NUM}+)"
_BUILDING = rf"{_NUM}\s*(?:号楼|栋|幢|座)"
_UNIT = rf"{_NUM}\s*单元"
_ROOM_NO = rf"{_D}{{2,4}}(?![0-9０-９])(?!\s*[个盏米元人台处次名家项条件层楼号年月日岁%％])"
_ROOM = re.compile(
    rf"(?:{_BUILDING}\s*)?(?:{_UNIT}\s*)?{_NUM}\s*(?:室|户)"
    rf"|{_BUILDING}\s*{_UNIT}(?:\s*{_ROOM_NO})?"
    rf"|(?:{_BUILDING}|{_UNIT})\s*{_ROOM_NO}"
)
_DIGIT_OR_CN = re.compile(rf"(?:{_D}|{_CN_NUM})+")
_DASHED_ROOM = re.compile(rf"(?<![0-9０-９])({_D}{{1,3}})[\-－#＃]({_D}{{1,3}})(?:[\-－#＃]({_D}{{1,4}}))?(?![0-9０-９\-－])")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@([A-Za-z0-9.\-]+\.[A-Za-z]{2,})")
_NFKC_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _mask_number(match: re.Match) -> str:
    digits = _DIGITS.sub("", match.group(0).translate(_NFKC_DIGITS))
    prefix = ""
    if len(digits) >= 13 and digits.startswith("86"):
        prefix, digits = "+86 ", digits[2:]
    if len(digits) >= 15:  # an ID-card number: only the first digits (the region) stay
        return prefix + digits[:3] + "*" * (len(digits) - 3 + match.group(0)[-1:].isalpha())
    if len(digits) >= 11:  # a mobile, or a landline with its area code
        return prefix + mask_mobile(digits)
    return prefix + "*" * (len(digits) - 4) + digits[-4:]


def _mask_dashed(match: re.Match) -> str:
    # 3-2 alone is a score or a range, not an address: mask only three parts (3-2-502) or 3#502.
    text = match.group(0)
    if match.group(3) is None and not any(c in text for c in "#＃"):
        return text
    return re.sub(r"[0-9０-９]", "*", text)


def mask_free_text(value: str | None, names: tuple[str, ...] | list[str] = ()) -> str:
    """Free text as it may be shown publicly: phone, landline and ID-card numbers, e-mail
    addresses and room-level addresses (栋/单元/室/号楼…) masked; everything else kept.
    ``names`` (e.g. the submitter's, known from the form) are masked like ``mask_name``.

    ``我住3栋502室，电话139 0598 0000`` → ``我住*栋*室，电话139****0000``."""
    if not value:
        return ""
    text = str(value)
    text = _LONG_NUMBER.sub(_mask_number, text)
    text = _EMAIL.sub(lambda m: "***@" + m.group(1), text)
    text = _DASHED_ROOM.sub(_mask_dashed, text)
    text = _ROOM.sub(lambda m: _DIGIT_OR_CN.sub("*", m.group(0)), text)
    for name in names:
        name = (name or "").strip()
        if len(name) >= 2:
            text = text.replace(name, mask_name(name))
    return text
