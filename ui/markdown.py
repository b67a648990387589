"""Text from the data shown through Streamlit's markdown as the characters it is.

st.error, st.caption, st.write and the rest render markdown: a vendor name, a file name or a
cell of an imported ledger written as "![x](http://host/p.png)" would load an image from that
host when an analyst opens the page, "[pay here](http://...)" would be a link, and "$...$"
a formula. Every piece of data that goes into such a message passes through plain() first;
the page's own wording around it keeps its markdown.
"""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
# A bare address becomes a link even with its punctuation escaped: a zero-width space after
# "://", "www" and "@" keeps it text.
_AUTOLINK = re.compile(r"(\\:(?=//)|(?i:www)(?=\\\.)|@)")


def plain(text: object) -> str:
    """str(text) with every markdown character escaped and no address left to autolink."""
    escaped = _MARKUP.sub(r"\\\1", str(text))
    return _AUTOLINK.sub(lambda m: m.group(1) + "\u200b", escaped)
