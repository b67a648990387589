"""The default chart of accounts (Beancount-style names) and the vendor-account suggestion."""

from __future__ import annotations

import re

from core import names

VAT_INPUT = "Assets:VAT-Input"
PAYABLES = "Liabilities:AccountsPayable"
DEFAULT_EXPENSE = "Expenses:General"

DEFAULT_CHART: dict[str, str] = {
    "Assets:Bank": "Bank accounts",
    VAT_INPUT: "Input VAT receivable",
    PAYABLES: "Trade creditors, one sub-account per vendor",
    "Equity:Opening-Balances": "Opening balances",
    "Expenses:General": "Uncategorised purchases",
    "Expenses:Office": "Office supplies and furniture",
    "Expenses:IT:Software": "Software and subscriptions",
    "Expenses:IT:Hardware": "Computers and devices",
    "Expenses:Professional-Services": "Consulting, legal, accounting",
    "Expenses:Travel": "Travel, hotels, transport",
    "Expenses:Facilities": "Rent, utilities, cleaning, maintenance",
    "Expenses:Marketing": "Advertising and events",
    "Expenses:Logistics": "Freight and courier",
    "Expenses:Telecom": "Phone and internet",
    "Expenses:Materials": "Raw materials and parts",
    "Expenses:Catering": "Food and drink",
}

# Words in a vendor's name or line items that point to an expense account.
KEYWORDS: list[tuple[str, str]] = [
    (r"software|cloud|saas|licen[cs]e|hosting|subscription|abonnement", "Expenses:IT:Software"),
    (r"computer|laptop|hardware|monitor|server|electronic|elektro", "Expenses:IT:Hardware"),
    (r"consult|beratung|conseil|legal|law|advoca|steuerber|accounting|audit|treuhand|fiduciair",
     "Expenses:Professional-Services"),
    (r"travel|hotel|reise|voyage|taxi|airline|flight|bahn|rail|autovermietung", "Expenses:Travel"),
    (r"office|büro|buero|bureau|paper|papier|stationery|kantoor", "Expenses:Office"),
    (r"clean|reinigung|nettoyage|facility|miete|rent|loyer|energie|energy|strom|utilities",
     "Expenses:Facilities"),
    (r"marketing|werbung|publicité|advert|print|druck|event", "Expenses:Marketing"),
    (r"freight|logisti|spedition|transport|courier|kurier|shipping", "Expenses:Logistics"),
    (r"telecom|telekom|mobile|internet|phone", "Expenses:Telecom"),
    (r"steel|stahl|metal|material|parts|teile|chemical|holz|wood", "Expenses:Materials"),
    (r"catering|coffee|kaffee|café|food|lebensmittel|bäckerei|joghurt", "Expenses:Catering"),
]  # fmt: skip


def payable_account(vendor: str | None) -> str:
    """Liabilities:AccountsPayable:<Vendor> with a Beancount-safe sub-account name."""
    return f"{PAYABLES}:{account_component(vendor or 'Unknown')}"


def account_component(name: str) -> str:
    """'Müller & Söhne GmbH' -> 'Muller-Sohne-GmbH': capitalised, letters/digits/dashes only."""
    table = str.maketrans("äöüÄÖÜßéèêàâçñ", "aouAOUseeeaacn")
    words = re.findall(r"[A-Za-z0-9]+", name.translate(table))
    text = "-".join(w[:1].upper() + w[1:] for w in words)[:60] or "Unknown"
    return text if text[0].isalpha() else f"V{text}"


def suggest_by_keywords(*texts: str | None) -> str | None:
    joined = " ".join(t for t in texts if t).lower()
    for pattern, account in KEYWORDS:
        if re.search(pattern, joined):
            return account
    return None


ROOTS = ("Assets", "Liabilities", "Equity", "Income", "Expenses")
# Beancount's account grammar: a root, then components starting with a capital or a digit.
_ACCOUNT_RE = re.compile(r"^(Assets|Liabilities|Equity|Income|Expenses)(:[A-Z0-9][A-Za-z0-9-]*)+$")


def account_problem(name: str) -> str | None:
    """Why name cannot be an account (None when it can): the five roots, Beancount syntax."""
    if not name or not name.strip():
        return "the account name is empty"
    if name.split(":", 1)[0] not in ROOTS:
        return f"account {name!r} must start with one of {', '.join(ROOTS)}"
    if not _ACCOUNT_RE.match(name):
        return (
            f"account {name!r} is not a valid name: components are separated by ':' and each "
            "starts with a capital letter or digit, then letters, digits or '-'"
        )
    return None


def vendor_key(name: str | None) -> str:
    """How one vendor is recognised across invoices (see core.names); must agree with
    vendor_key_sql, which computes the same key inside DuckDB."""
    return names.key(name)


def vendor_key_sql(column: str) -> str:
    """The SQL expression of vendor_key over a trusted column name (never user input)."""
    return names.key_sql(column)


def invoice_number_key(number: str | None) -> str:
    """'RE 2024/001' and 're-2024-001' are the same number: compare letters and digits only."""
    return re.sub(r"[^A-Z0-9]+", "", (number or "").upper())
