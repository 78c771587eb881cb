"""Small helpers for generated Chinese text."""


def quoted(text: str) -> str:
    """``text`` in Chinese quotation marks; quotation marks already inside become the inner
    kind (‘’), so a title that quotes something is not doubled: “举办‘邻里一家亲’活动”."""
    inner = str(text).strip().replace("“", "‘").replace("”", "’").replace('"', "’")
    if inner.startswith("‘") and inner.endswith("’") and inner.count("‘") == 1:
        inner = inner[1:-1]
    return f"“{inner}”"
