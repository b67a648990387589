"""VAT rates by country, and the seller's country as an invoice reveals it."""

from __future__ import annotations

from decimal import Decimal

from core.contract import Extraction

# Standard and reduced rates in percent (2024). 0 is always possible, but only with a
# reverse-charge or exemption note on the invoice.
RATES: dict[str, tuple[Decimal, ...]] = {
    "DE": (Decimal("19"), Decimal("7")),
    "FR": (Decimal("20"), Decimal("10"), Decimal("5.5"), Decimal("2.1")),
    "NL": (Decimal("21"), Decimal("9")),
    "GB": (Decimal("20"), Decimal("5")),
    "ES": (Decimal("21"), Decimal("10"), Decimal("4")),
    "CH": (Decimal("8.1"), Decimal("2.6"), Decimal("3.8")),
    "AT": (Decimal("20"), Decimal("13"), Decimal("10")),
    "BE": (Decimal("21"), Decimal("12"), Decimal("6")),
    "IT": (Decimal("22"), Decimal("10"), Decimal("5"), Decimal("4")),
    "IE": (Decimal("23"), Decimal("13.5"), Decimal("9")),
    "LU": (Decimal("17"), Decimal("14"), Decimal("8"), Decimal("3")),
    "PT": (Decimal("23"), Decimal("13"), Decimal("6")),
}

# Rates in force until recently: an invoice from those years still carries them.
HISTORIC: dict[str, tuple[Decimal, ...]] = {
    "DE": (Decimal("16"), Decimal("5")),  # second half of 2020
    "CH": (Decimal("7.7"), Decimal("2.5"), Decimal("3.7"), Decimal("8"), Decimal("3.8")),
}

_CURRENCY_COUNTRY = {"GBP": "GB", "CHF": "CH"}
_VAT_PREFIX = {"EL": "GR", "XI": "GB", "CHE": "CH"}

REVERSE_CHARGE_WORDS = (
    "reverse charge",
    "reverse-charge",
    "steuerschuldnerschaft",
    "autoliquidation",
    "inversión del sujeto pasivo",
    "inversion del sujeto pasivo",
    "btw verlegd",
    "verlegd",
    "intra-community",
    "innergemeinschaftlich",
    "exonération",
)


def seller_country(extraction: Extraction) -> str | None:
    """From the VAT id's prefix, else the IBAN's, else a currency used by one country only."""
    vat = (extraction.issuer_vat_id or "").replace(" ", "").upper()
    if vat.startswith("CHE"):
        return "CH"
    if len(vat) > 2 and vat[:2].isalpha():
        return _VAT_PREFIX.get(vat[:2], vat[:2])
    iban = (extraction.iban or "").replace(" ", "").upper()
    if len(iban) > 2 and iban[:2].isalpha():
        return iban[:2]
    return _CURRENCY_COUNTRY.get((extraction.currency or "").upper())


def plausible_rates(country: str) -> tuple[Decimal, ...]:
    return RATES.get(country, ()) + HISTORIC.get(country, ())


def has_reverse_charge_note(extraction: Extraction) -> bool:
    """Extractors set the flag 'reverse_charge' when the note is printed; line texts count too."""
    if any(flag.lower().startswith(("reverse_charge", "exempt")) for flag in extraction.flags):
        return True
    text = " ".join(item.description.lower() for item in extraction.line_items)
    return any(word in text for word in REVERSE_CHARGE_WORDS)
