"""``{{ text|mask_free_text }}``: free text as it may be shown publicly (see core.masking)."""

from django import template

from gongjian.core.masking import mask_free_text as _mask_free_text

register = template.Library()


@register.filter
def mask_free_text(value, name: str = "") -> str:
    """Phones, ID-card numbers, e-mail and room-level addresses in the text masked; with an
    argument (``{{ s.body|mask_free_text:s.submitter_name }}``), that name too."""
    return _mask_free_text(value, names=(name,) if name else ())
