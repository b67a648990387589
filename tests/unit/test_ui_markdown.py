"""Data shown through Streamlit's markdown stays the characters it is (ui.markdown.plain)."""

from __future__ import annotations

import re

from ui.markdown import plain

HOSTILE = (
    "![x](http://evil.example/p.png) [pay here](https://evil.example) www.evil.example "
    "$x^2$ :red[alert] **bold** <b>tag</b> `code` # head a@evil.example 1,234.56 EUR - ok"
)


def test_every_markdown_character_is_escaped_and_no_address_can_autolink() -> None:
    out = plain(HOSTILE)
    # every markup character is preceded by a backslash
    assert not re.search(r"(?<!\\)[\[\]()!$`*<>#_|~]", out)
    assert "://" not in out.replace("\\", "") and "\\:\u200b//" in out
    assert "www\u200b\\." in out and "@\u200b" in out
    # what markdown shows: the backslashes go, the characters stay
    shown = re.sub(r"\\(.)", r"\1", out).replace("\u200b", "")
    assert shown == HOSTILE


def test_plain_text_reads_the_same() -> None:
    text = "invoice_2024-05.pdf: 3 of 4 rows screened"
    assert re.sub(r"\\(.)", r"\1", plain(text)) == text
    assert plain(ValueError("row 2: bad")) == "row 2\\: bad"


def test_entities_line_breaks_and_shortcodes_stay_text() -> None:
    assert plain("AT&amp;T") == "AT\\&amp;T"  # shown as written, not as "AT&T"
    # a vendor name over three lines would make a heading of its first
    assert plain("Pay now\n===\nAcme") == "Pay now \\=\\=\\= Acme"
    assert plain("Acme\n\n    code") == "Acme code"  # nor an indented code block
    # an icon or an emoji shortcode needs a colon running into a word
    assert plain(":material/home:") == "\\:\u200bmaterial/home\\:"
    assert plain("row 2: bad") == "row 2\\: bad"  # a colon before a space is left be
