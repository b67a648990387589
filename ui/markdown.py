"""Text from the data shown through Streamlit's markdown as the characters it is.

st.error, st.caption, st.write, st.metric labels and the rest render markdown: a vendor
name, a file name or a cell of an imported ledger written as "![x](http://host/p.png)" would
load an image from that host when an analyst opens the page, "[pay here](http://...)" would
be a link, "Pay now\n===" a heading, "$...$" a formula and ":material/home:" an icon. Every
piece of data that goes into such a message passes through plain() first; the page's own
wording around it keeps its markdown.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=&])")
# Line breaks would start headings, lists and code blocks: the text becomes one line.
_BREAKS = re.compile(r"\s*[\r\n]+\s*")
# A bare address becomes a link, and ":name:" or ":material/name:" an emoji or an icon, even
# with the punctuation escaped: a zero-width space after "://", "www", "@" and a colon that
# runs into a word keeps them text (a colon before a space, as in "row 2: bad", is left be).
_RUNS_ON = re.compile(r"(\\:(?=[/\w])|(?i:www)(?=\\\.)|@)")


def plain(text: object) -> str:
    """str(text) on one line, every markdown character escaped, nothing left to link up."""
    escaped = _MARKUP.sub(r"\\\1", _BREAKS.sub(" ", str(text)))
    return _RUNS_ON.sub(lambda m: m.group(1) + "\u200b", escaped)
