"""Filters of the public pages: people are shown masked, never with a phone number."""

from django import template

from gongjian.core.masking import mask_name

register = template.Library()


@register.filter
def masked_name(value) -> str:
    """张三 → 张*: a liaison or a resident is named on the board without being identified."""
    return mask_name(str(value or ""))
