"""URL names from pinyin, without the level's suffix: 江滨社区 → jiangbin, 列东街道 → liedong,
梅列区 → meilie."""

from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin

SUFFIXES = ("社区居委会", "社区", "居委会")
STREET_SUFFIXES = ("街道办事处", "街道", "镇", "乡")
DISTRICT_SUFFIXES = ("区", "县", "市")


def pinyin_slug(name: str, suffixes: tuple[str, ...] = SUFFIXES, default: str = "community") -> str:
    base = name
    for suffix in suffixes:
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    return slugify("".join(lazy_pinyin(base, style=Style.NORMAL))) or default


def unique_slug(base: str, taken) -> str:
    """``base``, or ``base2``, ``base3``... the first one ``taken(slug)`` says is free."""
    slug, n = base, 2
    while taken(slug):
        slug = f"{base}{n}"
        n += 1
    return slug


def district_slug(district) -> str:
    """A free slug for a district: 梅列区 → meilie."""
    from .models import District

    others = District.objects.exclude(pk=district.pk) if district.pk else District.objects.all()
    return unique_slug(pinyin_slug(district.name, DISTRICT_SUFFIXES, "district"), lambda s: others.filter(slug=s).exists())


def street_slug(street) -> str:
    """A free slug for a street within its district: 列东街道 → liedong."""
    from .models import Street

    others = Street.objects.filter(district_id=street.district_id)
    if street.pk:
        others = others.exclude(pk=street.pk)
    return unique_slug(pinyin_slug(street.name, STREET_SUFFIXES, "street"), lambda s: others.filter(slug=s).exists())


def unique_community_slug(name: str, exclude_pk: int | None = None) -> str:
    from .models import Community

    base = pinyin_slug(name)
    slug, n = base, 2
    qs = Community.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}{n}"
        n += 1
    return slug
