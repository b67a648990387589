"""VAT ids, IBANs and currencies found in text, kept only when their checksums hold."""

from __future__ import annotations

import re
from collections import Counter

from stdnum import iban as std_iban
from stdnum.eu import vat as eu_vat
from stdnum.gb import vat as gb_vat
from stdnum.us import ein as us_ein

IBAN_RE = re.compile(r"\b([A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}(?:\s?[A-Z0-9]{1,4})?)\b")
VAT_RE = re.compile(
    r"\b((?:ATU|BE|BG|CY|CZ|DE|DK|EE|EL|GR|ES|FI|FR|HR|HU|IE|IT|LT|LU|LV|MT|NL|PL|PT|RO|SE|SI|SK|"
    r"CHE|GB|XI)[\s.-]?[0-9A-Z][0-9A-Z\s.-]{6,16}[0-9A-Z])"
)
_CH_VAT_RE = re.compile(r"\bCHE[-\s]?\d{3}\.\d{3}\.\d{3}(?:\s*(?:MWST|TVA|IVA))?")
_GB_VAT_RE = re.compile(r"\bGB\s?\d{3}\s?\d{4}\s?\d{2}\b")

CURRENCY_CODES = (
    "EUR",
    "USD",
    "GBP",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "JPY",
    "CAD",
    "AUD",
)
SYMBOLS = {"€": "EUR", "£": "GBP", "$": "USD", "¥": "JPY"}


def find_ibans(text: str) -> list[str]:
    out: list[str] = []
    for m in IBAN_RE.finditer(text):
        candidate = _longest_valid_iban(m.group(1))
        if candidate and candidate not in out:
            out.append(candidate)
    return out


def _longest_valid_iban(raw: str) -> str | None:
    # The regex may swallow the next word's characters; trim from the end until valid.
    compact = re.sub(r"\s", "", raw)
    for end in range(len(compact), 14, -1):
        if std_iban.is_valid(compact[:end]):
            return compact[:end]
    return None


def normalise_iban(raw: str) -> str | None:
    """Compact form of an IBAN when its checksum holds, else None."""
    compact = re.sub(r"\s", "", raw).upper()
    return compact if std_iban.is_valid(compact) else None


def valid_vat_id(raw: str) -> bool:
    """An EU VAT id (or Swiss UID) whose check digits hold."""
    compact = re.sub(r"[\s.-]", "", raw).upper()
    if compact.startswith("CHE"):
        from stdnum.ch import uid

        return uid.is_valid(compact[:12])
    return bool(eu_vat.is_valid(compact))


def find_vat_ids(text: str) -> list[str]:
    out: list[str] = []
    for m in _CH_VAT_RE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        from stdnum.ch import uid

        if uid.is_valid("CHE" + digits):
            value = f"CHE-{digits[:3]}.{digits[3:6]}.{digits[6:]}"
            if value not in out:
                out.append(value)
    for m in VAT_RE.finditer(text):
        raw = m.group(1)
        for end in range(len(raw), 7, -1):
            candidate = re.sub(r"[\s.-]", "", raw[:end])
            value = _valid_eu_or_gb(candidate)
            if value:
                if value not in out:
                    out.append(value)
                break
    for m in _EIN_RE.finditer(text):
        if us_ein.is_valid(m.group(1)):
            value = us_ein.compact(m.group(1))
            if value not in out:
                out.append(value)
    return out


# A US employer id is only taken with its label: nine digits alone are too common.
_EIN_RE = re.compile(
    r"\b(?:EIN|FEIN|Federal\s+Tax\s+ID|Tax\s+ID)\s*(?:No\.?|#)?\s*:?\s*(\d{2}-?\d{7})\b"
)


def _valid_eu_or_gb(candidate: str) -> str | None:
    if candidate.startswith("GB"):
        return candidate if gb_vat.is_valid(candidate[2:]) else None
    return eu_vat.compact(candidate) if eu_vat.is_valid(candidate) else None


_FRANCS = re.compile(r"(?<![-–/])\bFr\.\s?\d[\d']*[.,]\d{2}\b(?!\s*(?:-|–|Uhr))")


def detect_currency(text: str, default: str | None = None) -> tuple[str | None, float]:
    """The invoice currency and how sure we are: codes beat symbols, majority wins."""
    codes = Counter(re.findall(r"\b(" + "|".join(CURRENCY_CODES) + r")\b", text))
    # 'Fr. 12.50' is Swiss francs; 'Mo.-Fr. 08.30 Uhr' is opening hours.
    if "CHF" not in codes and _FRANCS.search(text):
        codes["CHF"] += 1
    symbols = Counter(SYMBOLS[s] for s in re.findall(r"[€£$¥]", text))
    if codes:
        code, n = codes.most_common(1)[0]
        share = n / sum(codes.values())
        return code, 0.97 if share > 0.7 else 0.8
    if symbols:
        code, n = symbols.most_common(1)[0]
        return code, 0.95 if n / sum(symbols.values()) > 0.7 else 0.75
    return default, 0.5 if default else 0.0


COUNTRY_CURRENCY = {
    "DE": "EUR", "FR": "EUR", "NL": "EUR", "ES": "EUR", "AT": "EUR", "BE": "EUR", "IT": "EUR",
    "IE": "EUR", "LU": "EUR", "FI": "EUR", "PT": "EUR", "GB": "GBP", "CH": "CHF", "US": "USD",
}  # fmt: skip
