"""Community URL names from pinyin: 江滨社区 → jiangbin (the 社区 suffix is dropped)."""

from django.utils.text import slugify
from pypinyin import Style, lazy_pinyin

SUFFIXES = ("社区居委会", "社区", "居委会")


def pinyin_slug(name: str) -> str:
    base = name
    for suffix in SUFFIXES:
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    return slugify("".join(lazy_pinyin(base, style=Style.NORMAL))) or "community"


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
