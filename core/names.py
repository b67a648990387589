"""Vendor names as keys: recognising one vendor across invoices, in Python and in DuckDB.

Case, punctuation, spacing and Unicode normal form do not make another vendor; every letter,
digit and combining mark of the name counts, in any script, so "Müller GmbH" and "Möller
GmbH", or "ООО Ромашка 1" and "ООО Василёк 1", stay apart.

- key / key_sql: the stored key (the ledger's vendor-account mapping; migration 006 re-keyed
  the mappings of earlier versions, which kept only a-z and digits). Python and DuckDB must
  agree; tests/unit/test_names.py holds them to it over every character Python's Unicode
  tables know. Letters newer than those tables (Unicode 15 on Python 3.11) DuckDB keeps and
  Python drops: a name written with them keys differently on the two sides.
- scan_key_sql: the key of an anomaly scan, the same words separated by one space.
- has_other_script / words: what the learnt layouts' slugs use (core.learning.meta).
"""

from __future__ import annotations

import re
import unicodedata

# The Latin script, spelt out so that Python's re and DuckDB's RE2 mean the same letters:
# ASCII and Latin-1 letters, Latin Extended-A/B, IPA, Latin modifier letters, the phonetic
# extensions, Latin Extended Additional, super- and subscript letters, letterlike Latin
# symbols, Roman numerals, Latin Extended-C/D/E/F/G, the Latin ligatures and fullwidth Latin.
LATIN = (
    "A-Za-z\u00aa\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0250-\u02b8\u02e0-\u02e4"
    "\u1d00-\u1d25\u1d2c-\u1d5c\u1d62-\u1d65\u1d6b-\u1d77\u1d79-\u1dbe\u1e00-\u1eff"
    "\u2071\u207f\u2090-\u209c\u212a\u212b\u2132\u214e\u2160-\u2188\u2c60-\u2c7f"
    "\ua722-\ua787\ua78b-\ua7ff\uab30-\uab5a\uab5c-\uab64\uab66-\uab69\ufb00-\ufb06"
    "\uff21-\uff3a\uff41-\uff5a\U00010780-\U000107ba\U0001df00-\U0001df2a"
)
_LATIN_RE = re.compile(f"[{LATIN}]")
_DOTTED_I = "i\u0307"  # what Python makes of a Turkish capital İ; DuckDB makes a plain i


def fold(name: str | None) -> str:
    """NFC, lower case as DuckDB lowers it: the Greek final sigma as sigma, İ as a plain i."""
    lowered = unicodedata.normalize("NFC", name or "").lower()
    return lowered.replace("ς", "σ").replace(_DOTTED_I, "i")


def has_other_script(folded: str) -> bool:
    """Whether a name holds a letter of a script other than Latin."""
    return any(
        unicodedata.category(ch).startswith("L") and not _LATIN_RE.match(ch) for ch in folded
    )


def words(folded: str, sep: str) -> str:
    """The runs of letters, digits and combining marks, joined by sep."""
    runs, run = [], []
    for ch in folded:
        if unicodedata.category(ch)[0] in "LNM":
            run.append(ch)
        elif run:
            runs.append("".join(run))
            run = []
    if run:
        runs.append("".join(run))
    return sep.join(runs)


def key(name: str | None) -> str:
    return words(fold(name), "")


def fold_sql(column: str) -> str:
    lowered = f"lower(nfc_normalize(coalesce({column}, '')))"
    return f"replace(replace({lowered}, 'ς', 'σ'), '{_DOTTED_I}', 'i')"


def key_sql(column: str) -> str:
    """The SQL of key() over a trusted column name (never user input)."""
    return f"regexp_replace({fold_sql(column)}, '[^\\p{{L}}\\p{{N}}\\p{{M}}]+', '', 'g')"


def scan_key_sql(column: str) -> str:
    """The SQL of an anomaly scan's vendor key: every letter, digit and mark kept, words
    separated by one space."""
    return f"trim(regexp_replace({fold_sql(column)}, '[^\\p{{L}}\\p{{N}}\\p{{M}}]+', ' ', 'g'))"
