"""The vendor master as the ledger shows it: new vendors, changed or shared bank details,
and rare vendor-account combinations."""

from __future__ import annotations

import duckdb

from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.source import identifier
from core.anomalies.text import money

BASELINE_DAYS = 90
NEW_ALPHA = 0.1  # late-starting old vendors expected by chance in a whole ledger
KNOWN_AFTER = 3  # invoices with the old IBAN before a change counts as "a known vendor"
RARE_MIN_HISTORY = 20
RARE_MAX_COUNT = 2
RARE_MAX_SHARE = 0.05


def new_vendors(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """The invoices on a vendor's first day, when the vendor is absent from the ledger's opening.

    "Absent" must mean something: the first invoice comes later than 90 days after the ledger
    starts, and later than the vendor's own pace explains. A vendor billing every g days on
    average goes L days without an invoice with probability about exp(-L / g); with V vendors
    in the ledger, exp(-L / g) < NEW_ALPHA / V keeps chance late starters to about NEW_ALPHA
    in the whole ledger, so L must exceed g * ln(V / NEW_ALPHA) (and at least 6 gaps).
    """
    s = identifier(src)
    rows = cur.execute(
        f"""
        WITH start AS (SELECT min(invoice_date) AS d0, count(DISTINCT vkey) AS vendors FROM {s}),
        v AS (
            SELECT vkey, count(*) AS n, min(invoice_date) AS first, max(invoice_date) AS last,
                   any_value(vendor) AS vendor
            FROM {s} GROUP BY vkey
        ),
        new AS (
            SELECT v.*, date_diff('day', d0, first) AS late,
                   CASE WHEN n > 1 THEN date_diff('day', first, last) / (n - 1) END AS gap
            FROM v, start
            WHERE date_diff('day', d0, first) > greatest(?,
                  greatest(6, ln(vendors / ?))
                  * CASE WHEN n > 1 THEN date_diff('day', first, last) / (n - 1) ELSE 0 END)
        )
        SELECT s.id, new.vendor, new.first, new.n, s.amt, s.currency, new.late, new.gap
        FROM {s} s JOIN new ON s.vkey = new.vkey AND s.invoice_date = new.first
        """,
        [BASELINE_DAYS, NEW_ALPHA],
    ).fetchall()
    out = []
    for inv, vendor, first, n, amt, ccy, late, gap in rows:
        pace = f", where it otherwise bills every {gap:.0f} days" if gap else ""
        out.append(
            Detection(
                inv,
                "new_vendor",
                0.35,
                f"First invoice from {vendor} ({first}, {money(amt, ccy)}): no invoice from this "
                f"vendor in the ledger's first {late} days{pace}; {n} invoice(s) from it in all.",
                {"vendor": vendor, "invoices": n, "days_absent": late},
            )
        )
    return out


def bank_details(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """A known vendor's first invoice with a new IBAN; an IBAN already used by another vendor."""
    s = identifier(src)
    rows = cur.execute(
        f"""
        WITH p AS (
            SELECT id, vkey, vendor, iban, invoice_date,
                   row_number() OVER (PARTITION BY vkey ORDER BY invoice_date, id) - 1 AS before,
                   row_number() OVER (PARTITION BY vkey, iban ORDER BY invoice_date, id) AS k,
                   lag(iban) OVER (PARTITION BY vkey ORDER BY invoice_date, id) AS prev_iban
            FROM {s} WHERE iban IS NOT NULL
        ),
        uses AS (SELECT vkey, iban, count(*) AS n_iban FROM p GROUP BY ALL),
        owners AS (
            SELECT iban, arg_min(vendor, first) AS owner, min(first) AS owner_first,
                   count(*) AS n_vendors
            FROM (SELECT iban, vkey, any_value(vendor) AS vendor, min(invoice_date) AS first
                  FROM p GROUP BY iban, vkey)
            GROUP BY iban
        )
        SELECT p.id, p.vendor, p.iban, p.prev_iban, p.before, pu.n_iban AS prev_uses,
               o.owner, o.n_vendors, o.owner_first < p.invoice_date AS later_than_owner
        FROM p
        JOIN owners o USING (iban)
        LEFT JOIN uses pu ON pu.vkey = p.vkey AND pu.iban = p.prev_iban
        WHERE p.k = 1 AND ((p.before >= ? AND p.prev_iban IS DISTINCT FROM p.iban)
                           OR (o.n_vendors > 1 AND o.owner_first < p.invoice_date
                               AND o.owner <> p.vendor))
        """,
        [KNOWN_AFTER],
    ).fetchall()
    out = []
    for inv, vendor, iban, prev, before, prev_uses, owner, n_vendors, later in rows:
        parts = []
        score = 0.7
        if before >= KNOWN_AFTER and prev and prev != iban:
            parts.append(
                f"{vendor}'s bank account changed from {_mask(prev)} (used on "
                f"{prev_uses} invoices) to {_mask(iban)} after {before} invoices"
            )
        if n_vendors > 1 and later and owner != vendor:
            parts.append(f"IBAN {_mask(iban)} was already used by another vendor, {owner}")
            score = 0.85
        if not parts:
            continue
        out.append(
            Detection(
                inv,
                "iban_change",
                score,
                "; ".join(parts) + ".",
                {
                    "iban": iban,
                    "previous_iban": prev,
                    "vendor": vendor,
                    "shared_with": owner if owner != vendor else None,
                },
            )
        )
    return out


def rare_accounts(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    s = identifier(src)
    rows = cur.execute(
        f"""
        WITH p AS (SELECT id, vkey, vendor, account FROM {s} WHERE account IS NOT NULL),
        combo AS (SELECT vkey, account, count(*) AS c FROM p GROUP BY ALL),
        v AS (SELECT vkey, sum(c) AS n, arg_max(account, c) AS main, max(c) AS main_n
              FROM combo GROUP BY vkey)
        SELECT p.id, p.vendor, p.account, combo.c, v.n, v.main, v.main_n
        FROM p JOIN combo USING (vkey, account) JOIN v USING (vkey)
        WHERE v.n >= ? AND combo.c <= ? AND combo.c <= ? * v.n
        """,
        [RARE_MIN_HISTORY, RARE_MAX_COUNT, RARE_MAX_SHARE],
    ).fetchall()
    return [
        Detection(
            inv,
            "rare_account",
            0.5 if c == 1 else 0.4,
            f"Posted to {account}, an account used for only {c} of {vendor}'s {n} invoices; "
            f"they usually go to {main} ({main_n} times).",
            {"account": account, "usual_account": main, "vendor": vendor},
        )
        for inv, vendor, account, c, n, main, main_n in rows
    ]


def _mask(iban: str) -> str:
    return f"{iban[:4]}…{iban[-4:]}" if len(iban) > 10 else iban
