"""Calibrated confidence from evidence: how a value was found and what corroborates it.

Each field's value comes with an evidence key such as 'invoice_number:label+repeated' or
'total_amount:sum+items'. The key names the finding rule (a strong label to the right, a
title line, a generic label, the first date on the page; net + tax = total closing from
labels, or only part of it) and the checks that agreed (the number is printed twice, the
items add up to the net, the due date follows the issue date).

The table maps a key to the share of values found that way that were right, measured
over both benchmark corpora pooled (the real ZUGFeRD/Factur-X printed pages, and the
generated corpus with all layouts, locales and scans) with
`python bench/extraction.py CORPUS --evidence`, smoothed as (right + 1) / (n + 2) and
capped at 0.98. Keys are classes of evidence, never documents; a key seen fewer than
about ten times falls back to its rule alone ('invoice_number:label'), then to the field.
"""

from __future__ import annotations

CAP = 0.98

# Fitted on 2026-11-25 from the pooled evidence table (see the module docstring).
TABLE: dict[str, float] = {
    # invoice number: strong label (same run, right of it, below it), title line, weak label
    "invoice_number:label+repeated": 0.97,
    "invoice_number:label": 0.98,
    "invoice_number:label-below+repeated": 0.96,
    "invoice_number:label-below": 0.9,
    "invoice_number:title+repeated": 0.88,
    "invoice_number:title": 0.95,
    "invoice_number:weak-label+repeated": 0.8,
    "invoice_number:weak-label": 0.6,
    # issue date
    "issue_date:label+due-ok": 0.98,
    "issue_date:label": 0.82,
    "issue_date:title+due-ok": 0.91,
    "issue_date:title": 0.98,
    "issue_date:weak-label+due-ok": 0.96,
    "issue_date:weak-label": 0.8,
    "issue_date:first-date+due-ok": 0.75,
    "issue_date:first-date": 0.5,
    # due date
    "due_date:label+after-issue": 0.98,
    "due_date:sentence+after-issue": 0.79,
    "due_date:label": 0.5,
    "due_date:sentence": 0.4,
    # totals: how net + tax = total was settled, and whether the items add up to the net
    "amount:sum+items": 0.98,
    "amount:sum": 0.98,
    "amount:zero-tax+items": 0.95,
    "amount:zero-tax": 0.85,
    "amount:partial+items": 0.85,
    "amount:partial": 0.6,
    "amount:guess+items": 0.5,
    "amount:guess": 0.3,
    # issuer
    "issuer:section+repeated": 0.97,
    "issuer:section": 0.97,
    "issuer:legal-margin+repeated": 0.98,
    "issuer:legal-margin": 0.94,
    "issuer:legal+repeated": 0.95,
    "issuer:legal": 0.75,
    "issuer:margin": 0.6,
    "issuer:weak": 0.35,
    # currency: ISO codes (majority), symbols, the country of the seller's ids
    "currency:code": 0.98,
    "currency:code-mixed": 0.85,
    "currency:symbol": 0.98,
    "currency:symbol-mixed": 0.75,
    "currency:country": 0.6,
    "issuer_vat_id:single": 0.98,
    "issuer_vat_id:several": 0.7,
    "iban:single": 0.98,
    "iban:several": 0.75,
    "doc_type:invoice": 0.98,
    "doc_type:credit-word": 0.71,
    "doc_type:negative": 0.9,
    "line_items:sum-net": 0.98,
    "line_items:no-sum": 0.84,
}

# Amount fields share the totals' evidence.
_SHARED = {"net_amount": "amount", "tax_amount": "amount", "total_amount": "amount"}


def calibrated(field: str, evidence: str) -> float:
    """The probability that a value found with this evidence is right."""
    name = _SHARED.get(field, field)
    key = f"{name}:{evidence}"
    if key in TABLE:
        return min(TABLE[key], CAP)
    rule = evidence.split("+", 1)[0]
    return min(TABLE.get(f"{name}:{rule}", 0.5), CAP)
