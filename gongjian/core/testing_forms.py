"""Reading a page's POST forms as a browser would submit them (tests only)."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[tuple[str, dict]] = []
        self._form = self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {}
            self.forms.append((a.get("action") or "", self._form))
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self._form.setdefault(name, []).append(a.get("value") or ("on" if a.get("type") == "checkbox" else ""))
        elif tag == "select" and name:
            self._select = name
            self._form.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self._form[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._form[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self._form[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def post_forms(html: str, path: str | None = None) -> list[dict]:
    """The fields of the page's POST forms (``{name: [values]}``); with ``path``, only the forms
    that post back to it (no action, or that path), not e.g. the menu's log-out form."""
    parser = _FormFields()
    parser.feed(html)
    return [fields for action, fields in parser.forms if path is None or action in ("", path) or action.split("?")[0] == path.split("?")[0]]
