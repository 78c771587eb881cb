"""Small display helpers of target management pages (and the public board)."""

from decimal import Decimal

from django import template

register = template.Library()

_STATUS_CSS = {
    "done": "success",
    "on_track": "primary",
    "at_risk": "warning",
    "late": "danger",
    "not_started": "secondary",
    "pending": "warning",
    "published": "success",
    "rejected": "secondary",
}


@register.filter
def status_css(status: str) -> str:
    """The Bootstrap colour of a task, report or feedback status."""
    return _STATUS_CSS.get(str(status), "secondary")


@register.filter
def yuan(value) -> str:
    """505000 → 505,000.00 (exact: the amount is a Decimal, never a float)."""
    if value in (None, ""):
        return ""
    amount = Decimal(value).quantize(Decimal("0.01"))
    return f"{amount:,.2f}"


@register.filter
def quantity(value) -> str:
    """800.00 → 800; 2.50 → 2.5."""
    if value in (None, ""):
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text


@register.inclusion_tag("targets/_progress.html")
def progress_bar(percent, status="", small=False):
    return {"percent": int(percent or 0), "css": status_css(status) if status else "primary", "small": small}
