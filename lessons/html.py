"""HTML for notebooks, built from text that may come from the data: escaping, plurals, safe links.

A leaf module: it imports only the standard library, so that ``lessons.course`` (and anything
else that only writes HTML) starts without pandas. Every piece of data text shown as HTML goes
through :func:`escape`; a link is drawn only for an ``http(s)`` address (:func:`safe_url`),
because :func:`html.escape` does not neutralise ``javascript:`` addresses.
"""

from __future__ import annotations

import html as _html
from urllib.parse import urlsplit

__all__ = ["Html", "escape", "link", "plural", "safe_url"]


class Html:
    """HTML for the notebook, with a plain-text twin for text views and tests."""

    def __init__(self, html: str, text: str) -> None:
        self.html, self.text = html, text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def escape(text: object, quote: bool = True) -> str:
    """Escape any value's text for HTML (quotes too, unless ``quote`` is false)."""
    return _html.escape(str(text), quote=quote)


def plural(n: int, word: str, many: str | None = None) -> str:
    """The count with its noun: '1 question', '2 questions' (``many`` for irregular plurals)."""
    return f"{n} {word}" if n == 1 else f"{n} {many or word + 's'}"


def safe_url(url: object) -> str | None:
    """The address if it is an absolute http(s) URL with a host, else None (never a link)."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    # Control characters and spaces let browsers re-read "java\tscript:" as a scheme.
    if not text or any(ord(c) < 33 or c == "\x7f" for c in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return text


def link(url: object, label: str) -> str:
    """An escaped link to an http(s) address, or the escaped label alone when the address is unsafe."""
    safe = safe_url(url)
    if safe is None:
        return escape(label)
    return f'<a href="{escape(safe)}">{escape(label)}</a>'
