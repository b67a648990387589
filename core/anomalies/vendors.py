"""The vendor master as the ledger shows it: new vendors, changed or shared bank details,
and rare vendor-account combinations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb

from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.source import identifier
from core.anomalies.stats import gamma_upper
from core.anomalies.text import money

BASELINE_DAYS = 90
START_QUANTILE = 0.002  # the ledger starts where its first 0.2 % of invoices are dated
NEW_ALPHA = 0.1  # late-starting old vendors expected by chance in a whole ledger
# A late first invoice that the vendor's own slow pace could explain is still listed (the
# control test lists every vendor new to the ledger: phantom vendors bill seldom), ranked lower.
OCCASIONAL_SCORE = 0.2
# ... unless its pace, shown by REGULAR_MIN_GAPS gaps or more, leaves its first bill that late
# in a ledger opened on any day this often or more: a vendor billing at random every 124 days
# first seen at 98 (four times in ten). A quarterly bill like clockwork first dated 92 days in
# is rarer than that (one time in thirteen): still listed, ranked lower
UNREMARKABLE = 0.2
# A new vendor with only a few invoices in all is the phantom vendor's pattern: each of them is
# listed, those after its first day ranked lower.
FEW_INVOICES = 3
FEW_SCORE = 0.25
# ... those within FEW_DAYS of its first: a phantom vendor's few bills come together, while a
# few spread over months are an occasional supplier's
FEW_DAYS = 30
# The vendor's first invoice entered is listed too when an invoice dated over a month before it
# was entered after it: that one was backdated (posting a few weeks late is routine), and the
# vendor came into the books with the first one entered.
ENTERED_FIRST_DAYS = 30
MIN_MISSED_GAPS = 6  # a vendor billing at random must have missed this many of its gaps
REGULAR_MIN_GAPS = 6  # gaps needed before their regularity counts
REGULAR_SHAPE = 25.0  # the most regular gamma shape trusted (CV 0.2): dates slip a few days
KNOWN_AFTER = 3  # invoices with the old IBAN before a change counts as "a known vendor"
DIVERTED_MAX = 3  # a new account used this often at most, then the old one again: diverted
RARE_MIN_HISTORY = 20
RARE_MAX_COUNT = 2
RARE_MAX_SHARE = 0.05
# ... and from RARE_SHORT_HISTORY invoices, one coding where RARE_MAIN_SHARE of the others go
# to one account: a small firm's vendor of a dozen bills has a habit too
RARE_SHORT_HISTORY = 12
RARE_MAIN_SHARE = 0.85


def new_vendors(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """The invoices on a vendor's first day, when the vendor is absent from the ledger's opening:
    its first invoice comes later than 90 days after the ledger starts; and, ranked lower, every
    other invoice within FEW_DAYS of its first of such a vendor that billed FEW_INVOICES times or
    fewer in all and then fell silent for more than twice its pace before the ledger ends (one
    that just started, a new subscription, is few only because the ledger ends). An occasional
    vendor (below) keeps to its first day.

    Ranked by whether the vendor's own pace explains the absence. The vendor's gaps between
    invoices are taken as gamma distributed with its mean gap g and the shape its gaps' spread shows
    (1 / CV^2: 1 for a vendor billing at random, as an exponential gap; larger for one billing
    like clockwork, up to REGULAR_SHAPE, and only with REGULAR_MIN_GAPS gaps to judge by). The
    chance of an opening gap as long as the one seen is P(gap > late); with V vendors in the
    ledger, that chance times V under NEW_ALPHA keeps chance late starters to about NEW_ALPHA
    in the whole ledger. A vendor billing at random must also have missed 6 of its gaps. A
    vendor absent longer than that is new; one whose pace explains it may be an occasional
    vendor the ledger shows late, and is listed at OCCASIONAL_SCORE, saying so, unless its
    pace, shown by six gaps or more, leaves its first bill that late in a ledger opened on any
    day one time in five or more (UNREMARKABLE: the forward recurrence time of a renewal
    process, _first_bill_chance): then the ledger shows nothing new, unless the vendor came
    into the books with a later-dated invoice than its first (an invoice backdated before it).
    """
    s = identifier(src)
    rows = cur.execute(
        f"""
        -- the ledger's start: a few backdated rows must not move it months back, which
        -- would make every vendor of the first months look late
        WITH start AS (
            SELECT quantile_disc(invoice_date, ?) AS d0,
                   quantile_disc(invoice_date, 1 - ?) AS d1, count(DISTINCT vkey) AS vendors
            FROM {s}
        ),
        g AS (
            SELECT vkey, date_diff('day', lag(invoice_date) OVER (
                       PARTITION BY vkey ORDER BY invoice_date, id), invoice_date) AS gap
            FROM {s}
        ),
        spread AS (
            SELECT vkey, count(gap) AS gaps, avg(gap) AS mean_gap, stddev_samp(gap) AS sd_gap
            FROM g GROUP BY vkey
        ),
        v AS (
            SELECT vkey, count(*) AS n, min(invoice_date) AS first, max(invoice_date) AS last,
                   -- one name of the key's spellings, the same on every run
                   min(vendor) AS vendor
            FROM {s} GROUP BY vkey
        ),
        late AS (SELECT v.* FROM v, start WHERE date_diff('day', start.d0, v.first) > ?),
        -- each late vendor's invoices in date order (only theirs: the ledger's are many)
        ranked AS (
            SELECT s.id, s.vkey, s.invoice_date, s.amt, s.currency,
                   row_number() OVER (PARTITION BY s.vkey ORDER BY s.invoice_date, s.id) AS k,
                   -- an invoice dated before it may have been entered later (backdated)
                   s.entered = min(s.entered) OVER (PARTITION BY s.vkey)
                   AND date_diff('day', min(s.invoice_date) OVER (PARTITION BY s.vkey),
                                 s.invoice_date) > ? AS entered_first
            FROM {s} s SEMI JOIN late USING (vkey)
        )
        SELECT s.id, v.vendor, v.first, v.n, s.amt, s.currency,
               date_diff('day', start.d0, v.first) AS late, spread.gaps, spread.mean_gap,
               spread.sd_gap, start.vendors, s.k, s.invoice_date, s.entered_first
        FROM ranked s JOIN late v ON s.vkey = v.vkey
        JOIN spread ON spread.vkey = v.vkey, start
          -- few, and silent since for twice its pace: a vendor just started near the ledger's
          -- end (a new subscription) is few because the ledger ends, not because it stopped
        WHERE (s.invoice_date = v.first OR s.entered_first
               OR (v.n <= ? AND date_diff('day', v.last, start.d1)
                                > 2 * coalesce(spread.mean_gap, 0)
                   AND date_diff('day', v.first, s.invoice_date) <= ?))
        ORDER BY s.vkey, s.k
        """,
        [
            *(START_QUANTILE, START_QUANTILE, BASELINE_DAYS, ENTERED_FIRST_DAYS),
            *(FEW_INVOICES, FEW_DAYS),
        ],
    ).fetchall()
    out = []
    # vendors that came into the books with an invoice dated after their first
    backdated = {vendor for _, vendor, first, *_, day, entered in rows if entered and day != first}
    for row in rows:
        inv, vendor, first, n, amt, ccy, late, gaps, mean_gap, sd_gap, vendors, k, day, entered = (
            row
        )
        occasional = bool(gaps and mean_gap) and not _late_beyond_pace(
            late, gaps, mean_gap, sd_gap, vendors
        )
        if (
            occasional
            and gaps >= REGULAR_MIN_GAPS
            and vendor not in backdated
            and _first_bill_chance(late, gaps, mean_gap, sd_gap) >= UNREMARKABLE
        ):
            continue
        if day != first and not entered:
            if not occasional:
                out.append(_later_invoice(inv, vendor, first, n, amt, ccy, late, k, day))
            continue
        head = (
            f"First invoice from {vendor} ({first}, {money(amt, ccy)}): no invoice from this "
            f"vendor in the ledger's first {late} days"
        )
        if day != first:
            head = (
                f"First invoice entered from {vendor} ({day}, {money(amt, ccy)}): its invoice "
                f"dated {first} was entered after it, so the vendor came into the books with "
                f"this one; no invoice from it in the ledger's first {late} days"
            )
        if occasional:
            reason = (
                f"{head}, but it bills only every {mean_gap:.0f} days or so: perhaps an "
                f"occasional vendor the ledger shows late rather than a new one - check when it "
                f"was set up. {n} invoice(s) from it in all."
            )
        else:
            pace = f", where it otherwise bills every {mean_gap:.0f} days" if mean_gap else ""
            reason = f"{head}{pace}; {n} invoice(s) from it in all."
        out.append(
            Detection(
                inv,
                "new_vendor",
                OCCASIONAL_SCORE if occasional else 0.35,
                reason,
                {
                    "vendor": vendor,
                    "invoices": n,
                    "days_absent": late,
                    "occasional": occasional,
                    "entered_first": day != first,
                },
            )
        )
    return out


def _later_invoice(
    inv: int, vendor: str, first: date, n: int, amt: Decimal, ccy: str, late: int, k: int, day: date
) -> Detection:
    """Invoice k of a new vendor with only n (at most FEW_INVOICES) in all."""
    return Detection(
        inv,
        "new_vendor",
        FEW_SCORE,
        f"Invoice {k} of only {n} from {vendor} ({day}, {money(amt, ccy)}), {(day - first).days} "
        f"days after its first ({first}); the vendor is new to the ledger (no invoice from it "
        f"in its first {late} days), and a new vendor that bills only a few times is how a "
        f"made-up one looks.",
        {"vendor": vendor, "invoices": n, "days_absent": late, "occasional": False, "nth": k},
    )


def _late_beyond_pace(
    late: int, gaps: int, mean_gap: float, sd_gap: float | None, vendors: int
) -> bool:
    """Whether an opening gap of late days is beyond what the vendor's own gaps explain."""
    shape = _gap_shape(gaps, mean_gap, sd_gap)
    if shape == 1.0 and late <= MIN_MISSED_GAPS * mean_gap:
        return False
    return gamma_upper(shape, late * shape / mean_gap) * vendors < NEW_ALPHA


def _gap_shape(gaps: int, mean_gap: float, sd_gap: float | None) -> float:
    """The gamma shape of the vendor's gaps: 1 (at random) unless enough of them show more
    regularity."""
    if gaps >= REGULAR_MIN_GAPS and sd_gap is not None:
        cv = sd_gap / mean_gap
        return min(REGULAR_SHAPE, max(1.0, 1 / cv**2)) if cv > 0 else REGULAR_SHAPE
    return 1.0


def _first_bill_chance(late: int, gaps: int, mean_gap: float, sd_gap: float | None) -> float:
    """The chance that a vendor billing at its pace sends its first bill of a ledger opened on
    any day late days or more after the opening: the forward recurrence time of a renewal
    process, P(R > t) = E[(G - t)+] / E[G], for gamma gaps of shape k and mean m
    Q(k + 1, kt/m) - (t/m) Q(k, kt/m) (memoryless e^(-t/m) at k = 1)."""
    shape = _gap_shape(gaps, mean_gap, sd_gap)
    x = late * shape / mean_gap
    return max(0.0, gamma_upper(shape + 1, x) - late / mean_gap * gamma_upper(shape, x))


def bank_details(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """A known vendor's first invoice with a new IBAN, or every invoice paid to a new IBAN it
    used at most DIVERTED_MAX times before going back to its old one; an IBAN already used by
    another vendor."""
    s = identifier(src)
    rows = cur.execute(
        f"""
        -- in the order invoices were entered: the first invoice that brought the new account
        -- into the books is the one to check, whatever date the vendor printed on it
        WITH entered AS (
            SELECT id, vkey, vendor, iban, invoice_date,
                   row_number() OVER (PARTITION BY vkey ORDER BY entered, id) AS ord,
                   row_number() OVER (PARTITION BY vkey, iban ORDER BY entered, id) AS k,
                   lag(iban) OVER (PARTITION BY vkey ORDER BY entered, id) AS prev_iban
            FROM {s} WHERE iban IS NOT NULL
        ),
        p AS (SELECT *, ord - 1 AS before FROM entered),
        uses AS (
            SELECT vkey, iban, count(*) AS n_iban, max(ord) AS last_ord,
                   min(invoice_date) AS first_date, max(invoice_date) AS last_date
            FROM p GROUP BY ALL
        ),
        -- a known vendor's new account used on a few invoices, then its old one again: every
        -- payment to that account is suspect, not only the first
        diverted AS (
            SELECT c.vkey, c.iban, c.prev_iban AS usual, u.n_iban, u.first_date, u.last_date
            FROM p c JOIN uses u USING (vkey, iban)
            WHERE c.k = 1 AND c.before >= ? AND c.prev_iban IS DISTINCT FROM c.iban
              AND u.n_iban <= ?
              AND EXISTS (SELECT 1 FROM p q WHERE q.vkey = c.vkey AND q.ord > u.last_ord
                                              AND q.iban = c.prev_iban)
        ),
        owners AS (
            SELECT iban, arg_min(vendor, (first, vendor)) AS owner, min(first) AS owner_first,
                   count(*) AS n_vendors
            FROM (SELECT iban, vkey, min(vendor) AS vendor, min(invoice_date) AS first
                  FROM p GROUP BY iban, vkey)
            GROUP BY iban
        )
        SELECT p.id, p.vendor, p.iban, p.prev_iban, p.before, pu.n_iban AS prev_uses,
               o.owner, o.n_vendors, o.owner_first < p.invoice_date AS later_than_owner,
               d.usual, d.n_iban, d.first_date, d.last_date
        FROM p
        JOIN owners o USING (iban)
        LEFT JOIN uses pu ON pu.vkey = p.vkey AND pu.iban = p.prev_iban
        LEFT JOIN diverted d ON d.vkey = p.vkey AND d.iban = p.iban
        WHERE d.vkey IS NOT NULL
           OR (p.k = 1 AND ((p.before >= ? AND p.prev_iban IS DISTINCT FROM p.iban)
                            OR (o.n_vendors > 1 AND o.owner_first < p.invoice_date
                                AND o.owner <> p.vendor)))
        """,
        [KNOWN_AFTER, DIVERTED_MAX, KNOWN_AFTER],
    ).fetchall()
    out = []
    for row in rows:
        inv, vendor, iban, prev, before, prev_uses, owner, n_vendors, later, *episode = row
        usual, n_diverted, first, last = episode
        parts = []
        score = 0.7
        if n_diverted:
            prev = usual
            when = f"on {first}" if first == last else f"from {first} to {last}"
            parts.append(
                f"{vendor} asked for payment to {_mask(iban)} on {n_diverted} invoice"
                f"{'' if n_diverted == 1 else 's'} ({when}) and otherwise to its usual account "
                f"{_mask(usual)}, which it went back to: a diverted payment?"
            )
            score = 0.9
        elif before >= KNOWN_AFTER and prev and prev != iban:
            parts.append(
                f"{vendor}'s bank account changed from {_mask(prev)} (used on "
                f"{prev_uses} invoices) to {_mask(iban)} after {before} invoices"
            )
        if n_vendors > 1 and later and owner != vendor:
            parts.append(f"IBAN {_mask(iban)} was already used by another vendor, {owner}")
            score = max(score, 0.85)
        if not parts:
            continue
        out.append(
            Detection(
                inv,
                "iban_change",
                score,
                "; ".join(parts) + ("" if parts[-1].endswith("?") else "."),
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
        WHERE (v.n >= ? AND combo.c <= ? AND combo.c <= ? * v.n)
           -- a short history: one odd coding among bills nearly all on one account
           OR (v.n >= ? AND combo.c = 1 AND v.main_n >= ? * (v.n - 1))
        """,
        [
            RARE_MIN_HISTORY,
            RARE_MAX_COUNT,
            RARE_MAX_SHARE,
            RARE_SHORT_HISTORY,
            RARE_MAIN_SHARE,
        ],
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
