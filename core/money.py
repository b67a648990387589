"""Money as Decimal: parsing amounts printed in any common locale, and rounding to cents."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")

# Group separators people print: dot, comma, apostrophes, and the spaces (incl. narrow/no-break).
_GROUP_CHARS = ".,'’ \u00a0\u202f\u2009"
_AMOUNT_RE = re.compile(
    r"(?<![\w.,])"
    r"(?P<neg1>[-−–]\s?)?(?P<open>\()?"
    r"(?:[A-Z]{3}\s?|[€$£¥₣]\s?|CHF\s?|Fr\.\s?)?"
    r"(?P<neg2>[-−–]\s?)?"
    r"(?P<num>\d{1,3}(?:[.,'’ \u00a0\u202f\u2009]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
    r"(?!\d)(?:\s?(?:[A-Z]{3}|[€$£¥]|CHF))?"
    r"(?P<close>\))?(?P<neg3>-)?"
)


def q2(value: Decimal) -> Decimal:
    """Round half-up to the cent, as invoices do."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def to_decimal(value: object) -> Decimal | None:
    """Decimal from a number, a Decimal or a plain '1234.56' string; None when not a number."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        return None


def normalise_number(num: str, decimal_hint: str | None = None) -> Decimal | None:
    """Turn '1.234,56', '1,234.56', "1'234.56" or '1 234,56' into Decimal('1234.56').

    decimal_hint is the document's decimal mark when known (',' or '.'); it settles
    the ambiguous '1,234' (one separator followed by three digits).
    """
    s = num.strip()
    seps = [c for c in s if c in _GROUP_CHARS]
    if not seps:
        return to_decimal(s)
    last = s.rstrip("0123456789")[-1]
    tail = len(s) - len(s.rstrip("0123456789"))
    if last in ".," and (
        tail in (1, 2)
        or (tail == 3 and len(set(seps)) == 1 and len(seps) == 1 and decimal_hint == last)
    ):
        int_part, frac = s[: len(s) - tail - 1], s[len(s) - tail :]
    else:
        int_part, frac = s, ""
    digits = "".join(c for c in int_part if c.isdigit())
    return to_decimal(f"{digits}.{frac}" if frac else digits)


def parse_amount(text: str, decimal_hint: str | None = None) -> Decimal | None:
    """The first amount printed in text, with its sign; None when there is none."""
    amounts = find_amounts(text, decimal_hint)
    return amounts[0] if amounts else None


def find_amounts(text: str, decimal_hint: str | None = None) -> list[Decimal]:
    """Every amount printed in text, in order; minus signs and parentheses make it negative."""
    found: list[Decimal] = []
    for m in _AMOUNT_RE.finditer(text):
        value = normalise_number(m.group("num"), decimal_hint)
        if value is None:
            continue
        negative = bool(m.group("neg1") or m.group("neg2") or m.group("neg3")) or bool(
            m.group("open") and m.group("close")
        )
        found.append(-value if negative else value)
    return found


def format_amount(value: Decimal | None, currency: str | None = None) -> str:
    """Plain display '1,234.56 EUR' for the dashboard (one convention, not the invoice's)."""
    if value is None:
        return "—"
    text = f"{value:,.2f}"
    return f"{text} {currency}" if currency else text


_NUMBER_RE = re.compile(r"[-−–]?\s?\d[\d.,'’\u00a0\u202f\u2009 ]*")


def parse_number(text: str, decimal_hint: str | None = None) -> Decimal | None:
    """The first plain number in text, any precision: '1,0000' -> 1, '2.75' -> 2.75, '1.250' ->
    1250 (when the document's decimal mark is ','), '-5,0000 Stk.' -> -5.

    Unlike find_amounts it reads quantities and unit prices with three or more decimals;
    decimal_hint (',' or '.') settles a lone separator followed by exactly three digits.
    """
    m = _NUMBER_RE.search(text)
    if not m:
        return None
    raw = m.group(0).rstrip(" .,'’\u00a0\u202f\u2009")
    negative = raw[:1] in "-−–"
    digits = raw.lstrip("-−– ")
    marks = [c for c in digits if c in ".,"]
    decimal = None
    if marks:
        last = marks[-1]
        tail = len(digits) - digits.rfind(last) - 1
        lone = marks.count(last) == 1
        if len(set(marks)) == 2 or (lone and (tail != 3 or decimal_hint == last)):
            decimal = last
    if decimal is not None:
        int_part, frac = digits.rsplit(decimal, 1)
    else:
        int_part, frac = digits, ""
    whole = "".join(c for c in int_part if c.isdigit()) or "0"
    value = to_decimal(f"{whole}.{frac}" if frac else whole)
    if value is None:
        return None
    return -value if negative else value
