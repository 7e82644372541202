"""lessons/html.py: escaping, plurals and links that can only go to web pages."""

import pytest

from lessons.html import Html, escape, link, plural, safe_url


def test_escape_covers_markup_and_quotes():
    assert escape('<b a="1">&\'') == "&lt;b a=&quot;1&quot;&gt;&amp;&#x27;"
    assert escape(3) == "3" and escape("a'b", quote=False) == "a'b"


def test_plural():
    assert [plural(n, "event") for n in (0, 1, 2)] == ["0 events", "1 event", "2 events"]
    assert plural(2, "wrong one") == "2 wrong ones" and plural(3, "country", "countries") == "3 countries"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:x",
                                 "java\tscript:x", "data:text/html,<b>", "file:///etc/passwd",
                                 "//example.org", "https://",
                                 "vbscript:x", "", None, 5])
def test_only_web_addresses_become_links(url):
    assert safe_url(url) is None
    assert "<a " not in link(url, "A <title>") and "A &lt;title&gt;" in link(url, "A <title>")


def test_a_web_address_becomes_an_escaped_link():
    assert link('https://example.org/?a=1&b="2"', "T & U") == (
        '<a href="https://example.org/?a=1&amp;b=&quot;2&quot;">T &amp; U</a>')
    assert safe_url("http://example.org") == "http://example.org"


def test_html_has_a_text_twin():
    shown = Html("<b>x</b>", "x")
    assert shown._repr_html_() == "<b>x</b>" and repr(shown) == "x"
