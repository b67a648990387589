"""Vendor names as keys: recognising one vendor across invoices, in Python and in DuckDB.

Case, punctuation, spacing and Unicode normal form do not make another vendor. A name written
in Latin letters keeps the key it has always had (letters a-z and digits; keys of such names
are stored), while a name with letters of another script (Cyrillic, Greek, Chinese, Devanagari)
keeps all its letters, digits and combining marks, so such vendors neither share one empty key
nor merge on their Latin fragments ("ООО Ромашка 1" and "ООО Василёк 1"). The Python and SQL
forms must agree; tests/unit/test_names.py holds them to it.
"""

from __future__ import annotations

import re
import unicodedata

# Latin-script letters whose Unicode names lack the word LATIN
_LATIN_EXTRA = frozenset("ªº")


def fold(name: str | None) -> str:
    """NFC, lower case as DuckDB lowers: the Greek final sigma as sigma, and the Turkish
    dotted capital I as a plain i (Python would keep a combining dot)."""
    lowered = unicodedata.normalize("NFC", name or "").lower()
    return lowered.replace("ς", "σ").replace("i\u0307", "i")


def has_other_script(folded: str) -> bool:
    """Whether a name holds a letter of a script other than Latin."""
    return any(
        ch.isalpha() and ch not in _LATIN_EXTRA and not unicodedata.name(ch, "").startswith("LATIN")
        for ch in folded
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


def latin_key(folded: str, sep: str) -> str:
    return (
        re.sub(r"[^a-z0-9]+", sep, folded).strip(sep) if sep else re.sub(r"[^a-z0-9]+", "", folded)
    )


def key(name: str | None, sep: str = "") -> str:
    folded = fold(name)
    return words(folded, sep) if has_other_script(folded) else latin_key(folded, sep)


def fold_sql(column: str) -> str:
    return f"replace(lower(nfc_normalize(coalesce({column}, ''))), 'ς', 'σ')"


def key_sql(column: str, sep: str = "") -> str:
    """The SQL of key() over a trusted column name (never user input); sep is '' or ' '."""
    folded = fold_sql(column)
    other = f"regexp_matches({folded}, '[^\\p{{Latin}}\\P{{L}}]')"
    every = f"trim(regexp_replace({folded}, '[^\\p{{L}}\\p{{N}}\\p{{M}}]+', '{sep}', 'g'))"
    latin = f"trim(regexp_replace({folded}, '[^a-z0-9]+', '{sep}', 'g'))"
    return f"CASE WHEN {other} THEN {every} ELSE {latin} END"
