"""Duplicate invoices: exact (same vendor, number and amount) and fuzzy (a near-same number,
or a near-same date). A credit note cancelling the amount between them makes the pair a
credit-and-rebill, which is not a duplicate; nor is a pair days apart under unrelated numbers
at a vendor whose prices repeat within weeks (a lane tariff under a monthly surcharge)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb

from core.anomalies.config import CANCEL_DAYS, ScanConfig
from core.anomalies.finding import Detection, strongest
from core.anomalies.source import NEAR_DATE_DAYS, identifier
from core.anomalies.text import money

DIGIT_KEY_MIN = 4  # digits a number keeps without its letters to match on them alone
NEAR_NUMBER_DAYS = 45
# Two different invoices of one amount a few days apart, under unrelated numbers: a copy when
# the amount is large (two invoices of one large sum a few days apart are rare), or when the
# vendor's other invoices of those days would hold that exact amount by chance less often than
# NEAR_DATE_CHANCE. Copies run at about one invoice in a thousand, so at this chance a pair is
# a copy twenty times likelier than a coincidence; a carrier billing dozens a day in a narrow
# range of rates makes such pairs by the score (its chance about 1e-3), a firm of varied
# amounts seldom.
NEAR_DATE_MIN = 1000
NEAR_DATE_CHANCE = 5e-5
# ... the vendor's amounts within this factor either side, written alike, give its density per
# cent (per unit for a whole amount)
NEAR_DATE_BAND = 1.1
# A credit note this many days before the first copy up to this many after the second one
# makes the pair a credit-and-rebill; so does one entered before the second copy was, up to
# CANCEL_DAYS after the first (a corrected invoice that keeps the original's date, entered
# once the credit is). A credit entered after both copies, later than that, is the vendor
# crediting a duplicate it was already paid for: the pair stays listed.
CREDIT_BEFORE_DAYS = 3
CREDIT_AFTER_DAYS = 30
SCORES = {
    "exact": 0.95,
    "exact_date": 0.97,
    "near_number": 0.85,
    "near_date": 0.7,
    "other_record": 0.9,
}
# Words of a company's legal form, as a name ends in them: "Acme Ltd", "Acme Limited" and
# "ACME Ltd." are one company, and an invoice booked under each of two such vendor records is
# paid twice. Only the end of a name is read ("BT Group" is no "Group"), and a partnership
# written after a limited company ("Budrex Sp. z o.o. Sp. k.") is a firm of its own.
LEGAL_FORMS = (
    *("ltd", "limited", "plc", "llp", "llc", "inc", "incorporated", "corp", "corporation"),
    *("co", "company", "pty", "pte", "pvt", "pllc", "bhd", "sdn"),
    *("gmbh", "mbh", "ag", "kg", "ohg", "ug", "se", "gbr", "kgaa", "ggmbh"),
    *("sa", "sas", "sasu", "sarl", "eurl", "snc", "sagl"),
    *("srl", "srls", "spa", "slu", "sau", "lda", "ltda"),
    *("bv", "nv", "bvba", "vof", "ab", "oy", "oyj", "as", "asa", "aps", "ehf"),
    *("kft", "zrt", "nyrt", "sro", "spzoo", "doo", "uab", "oü", "ooo", "ооо"),
    # written with dots, the letters are words of their own: "B.V.", "S.p.A.", "e.K.",
    # "Sp. z o.o." and its capitals without the dots, "SP Z OO"
    *("b v", "n v", "s a", "s p a", "s r l", "l l c", "l t d", "e k", "e v", "p l c"),
    *("s l", "s l u", "s a u", "s a s", "s a r l", "s r o", "a s", "v o s", "d o o"),
    *("sp z o o", "sp z oo", "spółka z ograniczoną odpowiedzialnością", "spółka akcyjna"),
    "haftungsbeschränkt",
)


# Every pair of one vendor's positive invoices of one amount that could be a duplicate; the
# copy is the one the books took second (entered), whichever date it carries: a copy keyed
# with a mistyped date is still the second payment.
# nkey drops leading zeros after a non-digit ('INV-0042' = 'INV42'); akey keeps them but drops
# every separator, so a year-style number typed without its dash still matches
# ('2025-0013' = '20250013', which nkey tells apart as '202513' and '20250013').
_PAIRS = """
WITH p AS (
    SELECT id, vkey, vendor, invoice_number, upper(trim(invoice_number)) AS nraw, nkey, rkey,
           regexp_replace(upper(invoice_number), '[^A-Z0-9]', '', 'g') AS akey,
           num, invoice_date, amt, currency, n_same, seq, entered, local_prices
    FROM {src} WHERE amt > 0
),
digits AS (SELECT *, ltrim(regexp_replace(akey, '[A-Z]', '', 'g'), '0') AS digits FROM p),
-- its keys' regular expressions once, not for each join that reads them
k AS MATERIALIZED (
    SELECT *, nullif(ltrim(akey, '0'), '') AS skey,
           -- a letter prefix dropped or added on re-keying ('S07663' = '7663'): the number's
           -- digits, when letters (if any) only lead them
           CASE WHEN regexp_full_match(akey, '[A-Z]*[0-9]+') AND length(digits) >= $digit_key
                THEN digits END AS dkey,
           regexp_full_match(akey, '[0-9]+') AS bare
    FROM digits
),
-- the same number and amount under two vendor records of one company (legal form aside)
legal AS (
    -- the legal forms the name ends in ('Acme GmbH & Co. KG': kg, co and gmbh); once per
    -- vendor, not per invoice
    SELECT vkey, trim(regexp_replace(' ' || vkey, $legal_forms, '')) AS lkey
    FROM (SELECT DISTINCT vkey FROM k)
),
records AS (SELECT k.*, legal.lkey FROM k JOIN legal USING (vkey)),
other_record AS (
    SELECT a.id AS a_id, b.id AS b_id, b.vendor || ' and ' || a.vendor AS vendor, a.amt,
           b.currency, a.invoice_number AS a_number, b.invoice_number AS b_number,
           a.invoice_date AS a_date, b.invoice_date AS b_date, 'other_record' AS kind,
           a.vkey AS a_vkey, b.vkey AS b_vkey, greatest(a.seq, b.seq) AS last_seq
    FROM records a JOIN records b
      ON a.lkey = b.lkey AND a.amt = b.amt AND a.nkey = b.nkey AND a.vkey <> b.vkey
     AND a.entered < b.entered
    WHERE a.lkey <> ''
      AND abs(date_diff('day', a.invoice_date, b.invoice_date)) <= $near_number_days
),
-- a number with a suffix ('/1', '-A', ' B') dropped: what the number it copies may read
stems AS (
    SELECT id, vkey, amt, nraw[:length(nraw) - s] AS stem
    FROM k, range(1, 5) r(s)
    -- the suffix starts with no digit (one character compared: no regular expression)
    WHERE length(nraw) > s AND NOT nraw[length(nraw) - s + 1] BETWEEN '0' AND '9'
),
-- the pairs worth judging, each met on a key both invoices share: a vendor that bills one
-- price ten thousand times is not paired with itself a hundred million times over. An amount
-- billed exactly twice pairs on it alone (a near date, a mistyped number). Each pair comes in
-- the order the books took it (joined keeps no other), so no invoice meets itself: a million
-- self-pairs cost a second.
keyed AS (
    SELECT a.id AS x, b.id AS y FROM k a JOIN k b
      ON a.vkey = b.vkey AND a.amt = b.amt AND a.nkey = b.nkey AND a.entered < b.entered
    UNION SELECT a.id, b.id FROM k a JOIN k b
      ON a.vkey = b.vkey AND a.amt = b.amt AND a.skey = b.skey AND a.entered < b.entered
    UNION SELECT a.id, b.id FROM k a JOIN k b
      ON a.vkey = b.vkey AND a.amt = b.amt AND a.dkey = b.dkey AND a.entered < b.entered
    UNION SELECT a.id, b.id FROM k a JOIN k b
      ON a.vkey = b.vkey AND a.amt = b.amt AND a.rkey = b.rkey AND a.entered < b.entered
    UNION SELECT a.id, b.id FROM k a JOIN k b
      ON a.vkey = b.vkey AND a.amt = b.amt AND a.n_same = 2 AND a.entered < b.entered
    UNION SELECT s.id, b.id FROM stems s JOIN k b
      ON s.vkey = b.vkey AND s.amt = b.amt AND s.stem = b.nraw
    UNION SELECT b.id, s.id FROM stems s JOIN k b
      ON s.vkey = b.vkey AND s.amt = b.amt AND s.stem = b.nraw
),
same_day AS (
    -- on a date two invoices of one amount share, the vendor's invoices of that date where
    -- their numbers run on one after another (a batch); else one, whatever their count
    SELECT vkey, invoice_date,
           CASE WHEN max(num) - min(num) = count(*) - 1 AND count(num) = count(*)
                THEN count(*) ELSE 1 END AS day_n
    FROM p
    WHERE (vkey, invoice_date) IN (
        SELECT (a.vkey, a.invoice_date) FROM keyed JOIN k a ON a.id = keyed.x
        JOIN k b ON b.id = keyed.y WHERE a.invoice_date = b.invoice_date)
    GROUP BY vkey, invoice_date
),
joined AS (
    SELECT a.id AS a_id, b.id AS b_id, a.vkey, b.vendor, a.amt, b.currency,
           a.invoice_number AS a_number, b.invoice_number AS b_number,
           a.invoice_date AS a_date, b.invoice_date AS b_date,
           abs(date_diff('day', a.invoice_date, b.invoice_date)) AS days,
           (a.nkey = b.nkey OR a.skey = b.skey
            -- one of them bare digits, the other those digits after letters, within weeks
            OR (a.dkey = b.dkey AND (a.bare OR b.bare)
                AND abs(date_diff('day', a.invoice_date, b.invoice_date)) <= $near_number_days))
               AS same_number,
           a.nraw AS a_raw, b.nraw AS b_raw, a.nkey AS a_key, b.nkey AS b_key,
           a.akey AS a_akey, b.akey AS b_akey, a.num AS a_num, b.num AS b_num,
           a.rkey AS a_rkey, b.rkey AS b_rkey,
           a.n_same, coalesce(sd.day_n, 1) AS day_n, greatest(a.seq, b.seq) AS last_seq,
           a.local_prices
    FROM keyed JOIN k a ON a.id = keyed.x JOIN k b ON b.id = keyed.y
    LEFT JOIN same_day sd ON sd.vkey = a.vkey AND sd.invoice_date = a.invoice_date
    WHERE a.entered < b.entered
      AND (a.nkey = b.nkey OR a.skey = b.skey
           OR abs(date_diff('day', a.invoice_date, b.invoice_date)) <= $near_number_days)
),
pairs AS (
    SELECT *,
           CASE
             WHEN same_number AND days = 0 THEN 'exact_date'
             WHEN same_number THEN 'exact'
             WHEN least(length(a_key), length(b_key)) >= 3 AND (
                 -- the number plus a suffix ('/1', '-A', ' B') within the window
                 (abs(length(a_raw) - length(b_raw)) BETWEEN 1 AND 4 AND (
                   (starts_with(a_raw, b_raw)
                    AND regexp_matches(a_raw[length(b_raw) + 1:], '^[^0-9]'))
                   OR (starts_with(b_raw, a_raw)
                    AND regexp_matches(b_raw[length(a_raw) + 1:], '^[^0-9]'))))
                 -- one keystroke off (a character mistyped or two swapped) within a few
                 -- days, at an amount the vendor billed on no other invoice: the classic fuzzy
                 -- duplicate. Not when only the last digit differs days apart: that is the next
                 -- invoice of a running series (a fixed price, a subscription) as often as a
                 -- typo, and an amount match alone is left to near_date; on one date the
                 -- series runs on only across the vendor's invoices of that date, where they
                 -- are numbered one after another (a batch of five sites' bills numbered 41
                 -- to 45 on one day: 41 and 43 are two of them).
                 OR (n_same = 2 AND days <= $near_date_days
                     AND length(a_akey) = length(b_akey)
                     AND damerau_levenshtein(a_akey, b_akey) = 1
                     AND NOT (levenshtein(a_akey, b_akey) = 1
                              AND coalesce(abs(a_num - b_num), 0)
                                  BETWEEN 1 AND CASE WHEN days = 0 THEN greatest(1, day_n - 1)
                                                     ELSE 9 END))
                 -- letters and digits read alike by OCR or a typist
                 OR a_rkey = b_rkey)
                 AND days <= $near_number_days
               THEN 'near_number'
             WHEN days <= $near_date_days AND n_same = 2 THEN 'near_date'
           END AS kind
    FROM joined
),
band AS (
    -- the vendor's invoices around a near-date pair: those of its days, and those of about
    -- its amount written alike (whole, or with cents, as the pair's amount is)
    SELECT q.b_id,
           count(*) FILTER (WHERE abs(date_diff('day', o.invoice_date, q.b_date))
                                  <= $near_date_days) - 1 AS others,
           count(*) FILTER (WHERE o.amt BETWEEN q.amt / $band AND q.amt * $band
                                  AND (o.amt % 1 = 0) = (q.amt % 1 = 0)) AS near,
           count(*) AS n
    FROM pairs q JOIN p o ON o.vkey = q.vkey
    WHERE q.kind = 'near_date'
    GROUP BY q.b_id
),
chance AS (
    -- how many of the vendor's other invoices of those days carry this exact amount by
    -- chance: their number times its share of invoices per cent (per unit for a whole
    -- amount) about the amount
    SELECT pairs.b_id,
           band.others * band.near / band.n
           / (pairs.amt * ($band - 1 / $band) / CASE WHEN pairs.amt % 1 = 0 THEN 1 ELSE 0.01 END)
               AS chance
    FROM pairs JOIN band USING (b_id)
),
found AS (
    SELECT a_id, b_id, vendor, amt, currency, a_number, b_number, a_date, b_date, kind,
           vkey AS a_vkey, vkey AS b_vkey, last_seq, chance
    FROM pairs LEFT JOIN chance USING (b_id)
    WHERE kind IS NOT NULL
      AND (kind <> 'near_date'
           OR ((amt >= $near_date_min OR chance < $near_date_chance)
               AND NOT local_prices))
    UNION ALL
    SELECT *, NULL FROM other_record
),
credits AS (SELECT vkey, -amt AS amt, invoice_date, seq FROM {src} WHERE amt < 0)
SELECT p.a_id, p.b_id, p.vendor, p.amt, p.currency, p.a_number, p.b_number, p.a_date,
       p.b_date, p.kind, p.chance
FROM found p
WHERE NOT EXISTS (
    SELECT 1 FROM credits c
    WHERE c.vkey IN (p.a_vkey, p.b_vkey) AND c.amt = p.amt
      AND c.invoice_date >= least(p.a_date, p.b_date) - CAST($credit_before AS INTEGER)
      AND (c.invoice_date <= greatest(p.a_date, p.b_date) + CAST($credit_after AS INTEGER)
           OR (c.seq < p.last_seq
               AND c.invoice_date <= least(p.a_date, p.b_date) + CAST($cancel_days AS INTEGER)))
)
ORDER BY b_id, a_id
"""


def duplicates(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    rows = cur.execute(
        _PAIRS.format(src=identifier(src)),
        {
            "near_number_days": NEAR_NUMBER_DAYS,
            "near_date_days": NEAR_DATE_DAYS,
            "near_date_min": NEAR_DATE_MIN,
            "near_date_chance": NEAR_DATE_CHANCE,
            "band": NEAR_DATE_BAND,
            "credit_before": CREDIT_BEFORE_DAYS,
            "credit_after": CREDIT_AFTER_DAYS,
            "cancel_days": CANCEL_DAYS,
            # the words of the key are separated by one space (names.scan_key_sql)
            "legal_forms": f"( ({'|'.join(LEGAL_FORMS)}))+$",
            "digit_key": DIGIT_KEY_MIN,
        },
    ).fetchall()
    # One finding per copy entered second: its most certain pairing.
    return strongest(_detection(*row) for row in rows)


def _detection(
    a_id: int,
    b_id: int,
    vendor: str,
    amt: Decimal,
    currency: str | None,
    a_no: str,
    b_no: str,
    a_date: date,
    b_date: date,
    kind: str,
    chance: float | None,
) -> Detection:
    evidence: dict[str, object] = {
        "related": [a_id, b_id],
        "original": a_id,
        "kind": "exact" if kind == "exact_date" else kind,
    }
    if chance is not None:
        evidence["chance"] = chance
    return Detection(
        b_id,
        "duplicate",
        SCORES[kind],
        _reason(kind, vendor, money(amt, currency), a_id, a_no, a_date, b_no, b_date, chance),
        evidence,
    )


def _reason(
    kind: str,
    vendor: str,
    amount: str,
    a_id: int,
    a_no: str,
    a_date: date,
    b_no: str,
    b_date: date,
    chance: float | None = None,
) -> str:
    days = abs((b_date - a_date).days)
    if kind == "other_record":
        return (
            f"Same number {b_no} and amount ({amount}) as invoice #{a_id}, booked under another "
            f"vendor record of the same company ({vendor}), dated {a_date} and {b_date}: one "
            f"invoice paid twice, and a duplicate vendor record to merge?"
        )
    head = f"Same vendor ({vendor}) and amount ({amount}) as invoice #{a_id}"
    number = f"the same number {b_no}"
    if kind in ("exact", "exact_date") and a_no != b_no:
        number = f"the same number written differently ({a_no} and {b_no})"
    if kind == "exact_date":
        return f"{head}, with {number} and the same date {b_date}."
    if kind == "exact":
        side = "later" if b_date > a_date else "earlier"
        return f"{head}, with {number}, dated {days} days {side} ({b_date})."
    if kind == "near_number":
        when = (
            f"on the same date {b_date}"
            if days == 0
            else f"dated {days} day{'' if days == 1 else 's'} apart ({a_date} and {b_date})"
        )
        return f"{head}: number {b_no} is a near-copy of {a_no}, {when}."
    return (
        f"{head} ({a_no}), dated only {days} day{'' if days == 1 else 's'} apart ({a_date} and "
        f"{b_date}); this vendor billed this exact amount on no other invoice, and its other "
        f"invoices of those days would carry it by chance about {chance or 0:.1g} times."
    )
