"""Duplicate invoices: exact (same vendor, number and amount) and fuzzy (a near-same number,
or a near-same date). A credit note cancelling the amount between them makes the pair a
credit-and-rebill, which is not a duplicate."""

from __future__ import annotations

import duckdb

from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.source import identifier
from core.anomalies.text import money

NEAR_DATE_DAYS = 3
NEAR_NUMBER_DAYS = 45
# Two different invoices of one small sum a few days apart are common; of a large one, not.
NEAR_DATE_MIN = 1000
SCORES = {"exact": 0.95, "exact_date": 0.97, "near_number": 0.85, "near_date": 0.7}


def duplicates(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    s = identifier(src)
    rows = cur.execute(
        f"""
        WITH p AS (
            SELECT id, vkey, vendor, invoice_number, upper(trim(invoice_number)) AS nraw, nkey,
                   invoice_date, amt, currency, n_same
            FROM {s} WHERE amt > 0
        ),
        pairs AS (
            SELECT a.id AS a_id, b.id AS b_id, a.vkey, b.vendor, a.amt, b.currency,
                   a.invoice_number AS a_number, b.invoice_number AS b_number,
                   a.invoice_date AS a_date, b.invoice_date AS b_date,
                   CASE
                     WHEN a.nkey = b.nkey AND a.invoice_date = b.invoice_date THEN 'exact_date'
                     WHEN a.nkey = b.nkey THEN 'exact'
                     WHEN abs(date_diff('day', a.invoice_date, b.invoice_date))
                          <= {NEAR_NUMBER_DAYS}
                      AND least(length(a.nkey), length(b.nkey)) >= 3 AND (
                          (abs(length(a.nraw) - length(b.nraw)) BETWEEN 1 AND 4 AND (
                            (starts_with(a.nraw, b.nraw)
                             AND regexp_matches(a.nraw[length(b.nraw) + 1:], '^[^0-9]'))
                            OR (starts_with(b.nraw, a.nraw)
                             AND regexp_matches(b.nraw[length(a.nraw) + 1:], '^[^0-9]'))))
                       OR (length(a.nkey) = length(b.nkey) AND a.n_same = 2
                            AND date_diff('day', a.invoice_date, b.invoice_date)
                                <= {NEAR_DATE_DAYS}
                            AND damerau_levenshtein(a.nkey, b.nkey) = 1
                            AND levenshtein(a.nkey, b.nkey) = 2)
                       OR translate(a.nkey, 'OILSB', '01158')
                            = translate(b.nkey, 'OILSB', '01158'))
                       THEN 'near_number'
                     WHEN abs(date_diff('day', a.invoice_date, b.invoice_date))
                          <= {NEAR_DATE_DAYS} AND a.n_same = 2 AND a.amt >= {NEAR_DATE_MIN}
                          THEN 'near_date'
                   END AS kind
            FROM p a JOIN p b
              ON a.vkey = b.vkey AND a.amt = b.amt
             AND (a.invoice_date < b.invoice_date
                  OR (a.invoice_date = b.invoice_date AND a.id < b.id))
             AND (a.nkey = b.nkey
                  OR date_diff('day', a.invoice_date, b.invoice_date) <= {NEAR_NUMBER_DAYS})
        ),
        credits AS (SELECT vkey, -amt AS amt, invoice_date FROM {s} WHERE amt < 0)
        SELECT a_id, b_id, vendor, amt, currency, a_number, b_number, a_date, b_date, kind
        FROM pairs p
        WHERE kind IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM credits c
            WHERE c.vkey = p.vkey AND c.amt = p.amt
              AND c.invoice_date BETWEEN p.a_date - INTERVAL 3 DAY AND p.b_date + INTERVAL 30 DAY
        )
        """
    ).fetchall()
    best: dict[int, Detection] = {}
    for a_id, b_id, vendor, amt, cur_, a_no, b_no, a_date, b_date, kind in rows:
        score = SCORES[kind]
        if b_id in best and best[b_id].score >= score:
            continue
        best[b_id] = Detection(
            b_id,
            "duplicate",
            score,
            _reason(kind, vendor, money(amt, cur_), a_id, a_no, a_date, b_no, b_date),
            {
                "related": [a_id, b_id],
                "original": a_id,
                "kind": kind.replace("_date", "") if kind == "exact_date" else kind,
            },
        )
    return list(best.values())


def _reason(
    kind: str,
    vendor: str,
    amount: str,
    a_id: int,
    a_no: str,
    a_date: object,
    b_no: str,
    b_date: object,
) -> str:
    days = abs((b_date - a_date).days)  # type: ignore[operator]
    head = f"Same vendor ({vendor}) and amount ({amount}) as invoice #{a_id}"
    if kind == "exact_date":
        return f"{head}, with the same number {b_no} and the same date {b_date}."
    if kind == "exact":
        return f"{head}, with the same number {b_no}, dated {days} days later ({b_date})."
    if kind == "near_number":
        return (
            f"{head}: number {b_no} is a near-copy of {a_no}, dated {days} days apart "
            f"({a_date} and {b_date})."
        )
    return (
        f"{head} ({a_no}), dated only {days} days apart ({a_date} and {b_date}); this vendor "
        f"billed this exact amount on no other invoice."
    )
