"""Amounts: unusual for the vendor (robust z on the log scale), round sums, repeated sums."""

from __future__ import annotations

import math

import duckdb

from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection, strongest
from core.anomalies.source import LOCAL_DAYS, cancelled_sql, identifier
from core.anomalies.stats import benjamini_hochberg, poisson_upper
from core.anomalies.text import money

# Iglewicz and Hoaglin suggest 3.5 for one sample; a ledger tests every invoice, and at
# 100,000 invoices 3.5 leaves about 50 alarms of pure chance where 4.0 leaves about 6.
Z_LIMIT = 4.0
# A short history pins its median and spread down loosely, and a z-score over few invoices
# runs high by chance: under SHORT_HISTORY invoices the limit rises in proportion (8.0 at 10,
# 5.3 at 15), so only a glaring amount (a decimal slip) counts there.
SHORT_HISTORY = 20
# A floor on the log-scale MAD: a vendor whose amounts barely vary (a fixed fee) would
# otherwise make a 5 % price change look extreme.
MAD_FLOOR = 0.1
# The lower tail's spread is also read deeper, at the vendor's 10th percentile (in MAD units,
# 0.6745 / 1.2816 for a normal): a vendor whose small amounts trail off (a gamma-like
# spread of call-out fees and parts) is wider there than its lower half's median says.
TAIL_QUANTILE = 0.10
TAIL_TO_MAD = 0.6745 / 1.2816
TAIL_HISTORY = 50  # invoices before the 10th percentile is more than the few smallest
# ... and deeper still, at its 2nd percentile, once DEEP_HISTORY invoices put five below it: a
# gamma-like tail keeps widening (its logarithm's tail is exponential, not normal), so that at
# 700 invoices one bill at 1/40 of the median is expected, however narrow the tail's top decile.
# A smooth tail widens by a fifth or so from the 10th percentile to the 2nd (gamma shape 0.5
# to 5); more than DEEP_MAX_WIDENING is a handful of odd small bills making the 2nd percentile
# their own, which must not hide them.
DEEP_QUANTILE = 0.02
DEEP_TO_MAD = 0.6745 / 2.0537
DEEP_HISTORY = 250
DEEP_MAX_WIDENING = 1.5
# Copies within 120 days (a burst), and at any distance over the vendor's history (the same
# odd amount every few months); each span is a family of tests in the FDR count.
# A ledger whose invoices carry tax, TAXED_SHARE of them or more, makes round totals rare; a
# vendor of it that charges none on UNTAXED_SHARE of its invoices and bills whole sums on
# WHOLE_SHARE bills its fees as they are
TAXED_SHARE = 0.5
ROUND_HABIT_BILLS = 5
ROUND_HABIT_SHARE = 0.02
UNTAXED_SHARE = 0.9
WHOLE_SHARE = 0.5
REPEAT_SPANS: tuple[int | None, ...] = (120, None)
REPEAT_NEAR = 0.10  # the vendor's invoices within 10 % of an amount give its local density
REPEAT_FDR = 0.05
FIXED_PRICE_SHARE = 0.2  # a vendor whose other amounts repeat this often bills fixed prices
PRICE_LIST_SHARE = 0.5  # ... and one whose amounts mostly repeat bills from a list, cents or not
# ... and one that bills PRICE_LIST_AMOUNTS other amounts PRICE_LIST_COPIES times or more each
# has a tariff (a carrier's lane rates beside its variable freight): one more such amount is a
# price on it, however many of its invoices vary
PRICE_LIST_AMOUNTS = 2
PRICE_LIST_COPIES = 10
# ... and a rate (a whole or half sum) at a vendor whose other rates repeat, TARIFF_COPIES copies
# of them or more, is one more rate of its tariff: however few its invoices, a vendor of
# varying amounts bills no whole sum twice by chance. A rate is billed across the vendor's
# years: one sum billed in a burst (every copy within REPEAT_SPANS[0] days: a locksmith's
# 742.50 five times in two months for "different jobs") is reused, whatever its other rates,
# where the vendor's history is BURST_HISTORY times that or longer (a carrier hired for one
# season bills all its rates within months)
TARIFF_COPIES = 3
BURST_HISTORY = 3
# ... in two other rates or more, or in one billed TARIFF_ONE_RATE times: one other sum billed
# three times is as likely another reused one
TARIFF_ONE_RATE = 5
# a rate: a whole or half sum of 100 or more billed twice or more (a contract's monthly fee
# too: a machine-hire firm's)
_RATE_SQL = "n_same >= 2 AND amt % 0.5 = 0 AND amt >= 100"
# ... and an amount that is this share of a vendor's invoices or more is its price (a retainer
# billed when the work is done, not on a schedule), not a sum reused
OWN_PRICE_SHARE = 1 / 3
# An odd amount billed by SHARED_MIN_VENDORS or more vendors is tested; by more than
# SHARED_MAX_VENDORS it is a standard charge (a regulated fee, a minimum), not a reused sum.
SHARED_MIN_VENDORS = 3
SHARED_MAX_VENDORS = 8
SHARED_NEAR = 1.1  # the ledger's amounts within this factor of x give its density per cent
RATE_CARD_SHARE = 0.2  # a vendor whose odd amounts repeat this often bills from a rate card
# A vendor that bills this many other sums with cents of 100 or more (no small fixed fee) more
# than once repeats such sums as a habit (a price times quantities): one more is on its grid,
# however whole its other repeats
CENTS_HABIT = 2


def vendor_outliers(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """Amounts far from the vendor's usual for that account: |0.6745 (ln x - median) / MAD| > 4
    (higher over a history under SHORT_HISTORY invoices).

    Invoice amounts are skewed (many small, few large), so the test runs on ln(amount), where
    a vendor's amounts are roughly symmetric; median and MAD ignore the outliers themselves.
    Many vendors also bill small sums (a call-out fee, a part) far more often than a
    symmetric spread allows, so an amount below the median is measured against the spread of
    the vendor's own lower half (its median distance below the median) when that is wider, and
    with TAIL_HISTORY invoices or more against the distance down to its 10th percentile (in MAD
    units) when that is wider still, and with DEEP_HISTORY or more down to its 2nd: a tail of
    small bills trailing off.
    An amount the vendor billed three times or more is one of its prices, not an outlier.
    A price that is more than half the history (a retainer, a fixed fee) makes its MAD nought,
    which leaves the other amounts no spread to be measured by: where they make a history of
    their own, they are measured against it (a law firm's hourly bills beside its retainer).
    """
    s = identifier(src)
    rows = cur.execute(
        f"""
        WITH p AS (
            SELECT id, vkey, vendor, coalesce(account, '') AS acct, coalesce(currency, '') AS ccy,
                   currency, amt, ln(amt) AS l, n_same,
                   -- a steady line's bills (a phone line) have a level of their own
                   CASE WHEN steady_line THEN 'L' || nprefix ELSE '' END AS line
            FROM {s} WHERE amt > 0
        ),
        price AS (
            -- the commonest amount (the smallest of equally common ones), and the history's
            -- size
            SELECT vkey, acct, ccy, line, arg_max(amt, (k, -amt)) AS price, max(k) AS n_price,
                   sum(k) AS n_all
            FROM (SELECT vkey, acct, ccy, line, amt, count(*) AS k FROM p GROUP BY ALL)
            GROUP BY vkey, acct, ccy, line
        ),
        b AS (
            -- the history the others are measured by: without a dominant price, where the
            -- rest are history enough
            SELECT p.*, pr.price, pr.n_price,
                   pr.n_price * 2 > pr.n_all AND pr.n_all - pr.n_price >= ? AS priced
            FROM p JOIN price pr USING (vkey, acct, ccy, line)
        ),
        base AS (SELECT * FROM b WHERE NOT (priced AND amt = price)),
        g AS (
            SELECT vkey, acct, ccy, line, count(*) AS n, median(l) AS ml, median(amt) AS med
            FROM base GROUP BY ALL HAVING count(*) >= ?
        ),
        d AS (SELECT base.*, g.n, g.ml, g.med FROM base JOIN g USING (vkey, acct, ccy, line)),
        m AS (
            SELECT vkey, acct, ccy, line, median(abs(l - ml)) AS mad,
                   median(ml - l) FILTER (WHERE l < ml) AS mad_low,
                   -- with fewer invoices the 10th percentile is one of the few smallest,
                   -- which the outliers themselves would be
                   CASE WHEN any_value(n) >= ? THEN (any_value(ml) - quantile_cont(l, ?)) * ?
                        END AS tail_low,
                   CASE WHEN any_value(n) >= ? THEN (any_value(ml) - quantile_cont(l, ?)) * ?
                        END AS deep_low
            FROM d GROUP BY ALL
        ),
        z AS (
            SELECT d.*, greatest(m.mad, ?) AS mad,
                   greatest(m.mad, coalesce(m.mad_low, 0), coalesce(m.tail_low, 0),
                            least(coalesce(m.deep_low, 0), ? * coalesce(m.tail_low, 0)), ?)
                       AS mad_low
            FROM d JOIN m USING (vkey, acct, ccy, line)
        ),
        scored AS (
            SELECT *, 0.6745 * (l - ml) / CASE WHEN l < ml THEN mad_low ELSE mad END AS z,
                   -- the limit, raised in proportion under SHORT_HISTORY invoices
                   ? * greatest(1.0, ? / n) AS z_limit
            FROM z
        )
        SELECT id, vendor, acct, currency, amt, med, n, mad, mad_low, z, z_limit, line,
               CASE WHEN priced THEN price END, CASE WHEN priced THEN n_price END
        FROM scored WHERE abs(z) > z_limit AND n_same < 3
        """,
        [
            cfg.min_history,
            cfg.min_history,
            TAIL_HISTORY,
            TAIL_QUANTILE,
            TAIL_TO_MAD,
            DEEP_HISTORY,
            DEEP_QUANTILE,
            DEEP_TO_MAD,
            MAD_FLOOR,
            DEEP_MAX_WIDENING,
            MAD_FLOOR,
            Z_LIMIT,
            SHORT_HISTORY,
        ],
    ).fetchall()
    lower_half = " (against the wider spread of its smaller invoices)"
    out = []
    for inv, vendor, acct, ccy, amt, med, n, mad, mad_low, z, limit, line, price, n_price in rows:
        ratio = float(amt) / float(med)
        size = f"{ratio:.1f} times" if ratio >= 1 else f"1/{1 / ratio:.1f} of"
        where = f" on {acct}" if acct else ""
        if line:
            where += f" numbered {line[1:]}..." if len(line) > 1 else " of its steady line"
        if price is not None:
            where += f" besides its price {money(price, ccy)} (billed {n_price} times)"
        short = f" for a history of {n} invoices" if limit > Z_LIMIT else ""
        places = 2 if short else 1  # a raised limit is no round figure: z must show it passed
        out.append(
            Detection(
                inv,
                "amount_outlier",
                min(0.99, 0.55 + (abs(z) - limit) / 20),
                f"{money(amt, ccy)} is {size} the median of {vendor}'s {n} invoices{where} "
                f"({money(med, ccy)}); robust z-score {z:+.{places}f} on the log scale"
                f"{lower_half if z < 0 and mad_low > mad else ''}, where {limit:.{places}f} is "
                f"the limit{short}.",
                {
                    "median": str(med),
                    "mad_log": round(float(mad), 6),
                    "mad_log_low": round(float(mad_low), 6),
                    "history": n,
                    "z": round(float(z), 3),
                    "z_limit": round(limit, 3),
                    "account": acct or None,
                    "vendor": vendor,
                    "typical_range": [
                        str(round(float(med) * math.exp(-2 * mad_low), 2)),
                        str(round(float(med) * math.exp(2 * mad), 2)),
                    ],
                },
            )
        )
    return out


def round_amounts(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """Totals in whole hundreds (>= 500) from a vendor whose totals are otherwise not round.

    Gross totals include tax, so a round one is rare unless the vendor bills round fees
    (a retainer, a rent); those vendors, and regular subscriptions, are left alone. So is a
    vendor that charges no tax in a ledger whose invoices carry it and bills whole sums (a
    subcontractor under reverse charge billing stages and hours at a rate): its totals are its
    fees, round or not. A vendor without tax whose totals carry cents is judged as any other.
    Nor is a round total whose fee before tax is round too, at a vendor whose fees are (an
    auditor's 10,000.00 and 13 % tax): tax made the others uneven, not its way of billing. Nor
    one from a vendor with ROUND_HABIT_BILLS other totals in whole hundreds, small jobs' 200.00
    as much as 2,500.00, ROUND_HABIT_SHARE of its bills or more: a plumber whose fixed quotes,
    tax included, are one bill in fifty quotes round sums as a matter of course, where chance
    gives a total in whole hundreds one time in ten thousand (a fee on a schedule is no quote).
    Only the count tells such a habit from padding: a supplier of quantities with four padded
    totals in a hundred bills keeps them listed, one with seven in two hundred does not.
    """
    s = identifier(src)
    rows = cur.execute(
        f"""
        WITH v AS (
            SELECT vkey, count(*) AS n,
                   count(*) FILTER (WHERE amt >= 500 AND amt % 100 = 0) AS n_round,
                   -- quotes and fees, not one amount on a calendar schedule (a monthly
                   -- 100.00 account fee)
                   count(*) FILTER (WHERE amt >= 100 AND amt % 100 = 0 AND NOT recurring)
                       AS n_hundreds,
                   count(*) FILTER (WHERE tax_amount = 0) AS n_untaxed,
                   count(*) FILTER (WHERE amt % 1 = 0) AS n_whole,
                   count(*) FILTER (WHERE net_amount >= 500 AND net_amount % 100 = 0)
                       AS n_round_net
            FROM {s} WHERE amt > 0 GROUP BY vkey
        ),
        ledger AS (
            SELECT count(*) FILTER (WHERE tax_amount <> 0) >= ? * count(*) AS taxed
            FROM {s} WHERE amt > 0
        )
        SELECT id, vendor, amt, currency, v.n, v.n_round
        FROM {s} JOIN v USING (vkey), ledger
        WHERE amt >= 500 AND amt % 100 = 0 AND NOT paced
          -- a small vendor: only when none of its other totals is round either
          AND (CASE WHEN v.n < 5 THEN v.n_round = 1 ELSE (v.n_round - 1) / (v.n - 1) < 0.2 END)
          -- nor one that quotes round sums now and then: a tradesman's fixed quotes, tax in
          AND NOT (v.n_hundreds - 1 >= ? AND (v.n_hundreds - 1) / (v.n - 1) >= ?)
          AND NOT (ledger.taxed AND v.n_untaxed >= ? * v.n AND v.n_whole >= ? * v.n)
          -- a vendor that bills round fees before tax: this one's fee is round too
          AND NOT coalesce(net_amount >= 500 AND net_amount % 100 = 0 AND v.n >= 5
                           AND (v.n_round_net - 1) / (v.n - 1) >= 0.2, false)
        """,
        [TAXED_SHARE, ROUND_HABIT_BILLS, ROUND_HABIT_SHARE, UNTAXED_SHARE, WHOLE_SHARE],
    ).fetchall()
    out = []
    for inv, vendor, amt, ccy, n, n_round in rows:
        thousand = amt % 1000 == 0
        others = n_round - 1
        if n >= 5 and others:
            history = f"only {others} of {vendor}'s other {n - 1} invoices are round"
        elif n >= 5:
            history = f"none of {vendor}'s other {n - 1} invoices is round"
        elif n == 2:
            history = f"{vendor}'s other invoice is no round sum of 500 or more"
        elif n > 2:
            history = f"none of {vendor}'s {n - 1} other invoices is a round sum of 500 or more"
        else:
            history = f"{vendor} has no other invoice to compare it with"
        out.append(
            Detection(
                inv,
                "round_amount",
                0.55 if thousand else 0.45,
                f"The total {money(amt, ccy)} is a round sum (a multiple of "
                f"{'1,000' if thousand else '100'}); {history}, and tax usually makes a "
                f"total uneven.",
                {"vendor": vendor, "round_share": round(others / max(n - 1, 1), 4)},
            )
        )
    return out


# A vendor whose prices repeat within weeks repeats a sum three times within weeks as its
# routine where it does so with LOCAL_HABIT other sums too
LOCAL_HABIT = 2


def repeated_amounts(cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig) -> list[Detection]:
    """One vendor's amount repeated (_vendor_repeats), and one odd amount billed by several
    unrelated vendors (_shared_amounts); an invoice in both keeps its stronger finding."""
    return strongest(_vendor_repeats(cur, src) + _shared_amounts(cur, src))


def _vendor_repeats(cur: duckdb.DuckDBPyConnection, src: str) -> list[Detection]:
    """The same amount three or more times, within 120 days or at any distance, more often than
    the vendor's own amounts make likely.

    A repeat is judged by its chance: P(amount = x) is the vendor's local density around x
    (its other invoices within 10 % of x, per cent) times the width of x's grid step - a whole
    euro amount is as likely as the vendor's share of whole amounts makes it, so a vendor that
    bills round sums repeats them naturally. With the vendor's pace over the span (120 days,
    or its whole history), the others matching x are Poisson(lambda), and
    p = P(X >= copies - 1). Every invoice is a possible first copy in each span, so the
    p-values go through Benjamini-Hochberg over all of them (REPEAT_FDR).
    A copy with the same invoice number is a duplicate, not a repeat; a subscription on a
    schedule is innocent; an amount cancelled by a credit note was billed once; and a vendor
    whose amounts often repeat (fixed prices) is left alone, unless the repeated sum has cents,
    its other repeats are whole sums (hours at a rate) and most of its amounts do not repeat at
    all (no price list): then it is off the vendor's grid. A vendor with a tariff, a few
    amounts billed over and over beside varying ones (a carrier's lane rates), is left alone
    too: another amount it bills that often is one more rate, and so is a whole or half sum at
    a vendor whose other such sums repeat (TARIFF_COPIES), however few its invoices, unless
    its copies come in one burst (within 120 days) where a rate is billed over years; so is an
    amount that is a third or more of the vendor's invoices (a retainer billed as phases end):
    its price. A sum in whole hundreds is a fee (a fixed-fee engagement's equal milestones, at
    no pace of their own), for the round-sum test to judge, never a reused sum. A vendor whose
    prices repeat within weeks (source.prepare's local_prices: lane rates under a monthly
    surcharge) and that bills LOCAL_HABIT other sums three times within weeks bills one more so
    as its routine.
    """
    s = identifier(src)
    tests = cur.execute(f"SELECT count(*) FROM {s} WHERE amt >= 100 AND NOT paced").fetchone()[0]
    groups: dict[tuple, dict] = {}
    for row in _repeat_rows(cur, s):
        first, last = row[5], row[6]
        for span in REPEAT_SPANS:
            # the copies of one amount are one group; a span holds it when it holds them all
            if span is None or (last - first).days <= span:
                _add_repeat(groups, row, span)
    keep = benjamini_hochberg(
        [g["p"] for g in groups.values()], max(tests, 1) * len(REPEAT_SPANS), REPEAT_FDR
    )
    out = []
    for g, ok in zip(groups.values(), keep, strict=True):
        if not ok:
            continue
        vendor, amt, ccy, ids, first, last = g["row"]
        for inv in g["members"]:
            out.append(
                Detection(
                    inv,
                    "repeated_amount",
                    min(0.85, 0.4 + 0.1 * len(ids)),
                    f"{vendor} billed exactly {money(amt, ccy)} {len(ids)} times between {first} "
                    f"and {last}, not on a schedule. Its other amounts make "
                    f"{g['lam']:.2g} more copies expected {_span_text(g['span'])}; "
                    f"{len(ids) - 1} or more has a chance of {g['p']:.1e}.",
                    {
                        "related": list(ids),
                        "vendor": vendor,
                        "expected_copies": round(g["lam"], 8),
                        "chance": g["p"],
                    },
                )
            )
    return out


def _shared_amounts(cur: duckdb.DuckDBPyConnection, src: str) -> list[Detection]:
    """One odd amount (cents that are no price point) billed by SHARED_MIN_VENDORS to
    SHARED_MAX_VENDORS vendors, more of them than the ledger's density near it makes likely:
    Nigrini's number-duplication test, across vendors. The others matching x are
    Poisson(lambda) with lambda the ledger's invoices per cent within a factor SHARED_NEAR of
    x, and the p-values go through Benjamini-Hochberg over every invoice that could have been
    matched (REPEAT_FDR).
    A vendor that bills odd amounts over and over (a staffing agency's overtime bundles from a
    rate card: two or more odd sums billed twice or more, a RATE_CARD_SHARE of its odd
    invoices) is no independent witness: agencies working to one rate card meet on its
    sums."""
    s = identifier(src)
    odd = f"""
        SELECT id, vkey, vendor, amt, currency FROM {s}
        WHERE amt >= 100 AND NOT recurring
          -- the cents alone: amt * 100 would overflow DECIMAL(18, 2) near its top
          AND CAST((amt - trunc(amt)) * 100 AS INTEGER) NOT IN (0, 50, 90, 95, 99)"""
    card = f"""
        SELECT vkey FROM (
            SELECT vkey, amt, count(*) OVER (PARTITION BY vkey, amt) AS n_vendor FROM ({odd}))
        GROUP BY vkey
        HAVING count(DISTINCT amt) FILTER (WHERE n_vendor >= 2) >= 2
           AND avg(CASE WHEN n_vendor >= 2 THEN 1 ELSE 0 END) >= {RATE_CARD_SHARE}"""
    rows = cur.execute(
        f"""
        WITH p AS ({odd}),
        card AS ({card}),
        amounts AS (
            SELECT currency, amt, count(*) AS k,
                   count(DISTINCT vkey) FILTER (WHERE vkey NOT IN (SELECT vkey FROM card))
                       AS vendors
            FROM p GROUP BY ALL
        ),
        -- the ledger's invoices near each amount: the running count at the top of its
        -- neighbourhood less the one below its foot, each found by an as-of join on the sorted
        -- amounts (a window's frame of ten thousand rows per amount costs seconds)
        logs AS (SELECT *, ln(amt) AS la FROM amounts),
        cum AS (
            -- the running count up to each distinct log: above about 4.5e13 neighbouring cents
            -- share one, and the as-of joins must land on all of them or none
            SELECT currency, la,
                   sum(sum(k)) OVER (PARTITION BY currency ORDER BY la
                                     ROWS UNBOUNDED PRECEDING) AS n
            FROM logs GROUP BY currency, la
        ),
        upto AS (
            SELECT l.*, c.n AS upto FROM logs l ASOF JOIN cum c
                ON l.currency = c.currency AND l.la + ? >= c.la
        ),
        dens AS (
            SELECT u.*, u.upto - coalesce(c.n, 0) - u.k AS local FROM upto u ASOF LEFT JOIN cum c
                ON u.currency = c.currency AND u.la - ? > c.la
        ),
        tests AS (SELECT sum(k) AS tests FROM amounts),
        tested AS (
            SELECT currency, amt, vendors, local, tests, count(*) OVER () AS m,
                   (local + 0.5) / (? * amt * 100) AS lam
            FROM dens, tests WHERE vendors BETWEEN ? AND ?
        )
        -- the Poisson tail's first term bounds a p-value from below: one it puts above every
        -- rank's bar of the step-up (at rank m, the last) can never be kept, and leaving it
        -- out moves no other p-value's rank (with a margin for rounding)
        SELECT currency, amt, vendors, local, tests FROM tested
        WHERE exp((vendors - 1) * ln(lam) - lam - lgamma(vendors)) <= 2 * ? * m / tests
        """,
        [
            *(math.log(SHARED_NEAR), math.log(SHARED_NEAR), SHARED_NEAR - 1 / SHARED_NEAR),
            *(SHARED_MIN_VENDORS, SHARED_MAX_VENDORS, REPEAT_FDR),
        ],
    ).fetchall()
    if not rows:
        return []
    width = SHARED_NEAR - 1 / SHARED_NEAR  # the neighbourhood's width, as a share of x
    tested = []
    for ccy, amt, vendors, local, _tests in rows:
        lam = (local + 0.5) / (width * float(amt) * 100)
        tested.append((poisson_upper(vendors - 1, lam), lam, ccy, amt, vendors))
    keep = benjamini_hochberg([t[0] for t in tested], int(rows[0][4]), REPEAT_FDR)
    kept = [t for t, ok in zip(tested, keep, strict=True) if ok]
    if not kept:
        return []
    members = {
        (ccy, amt): (ids, names, cards)
        for ccy, amt, ids, names, cards in cur.execute(
            f"SELECT currency, amt, list(id ORDER BY id),"
            f" list(DISTINCT vendor ORDER BY vendor) FILTER (WHERE NOT on_card),"
            f" list(DISTINCT vendor ORDER BY vendor) FILTER (WHERE on_card)"
            f" FROM (SELECT *, vkey IN ({card}) AS on_card FROM {s})"
            f" WHERE list_contains(?::DECIMAL(18, 2)[], amt) AND NOT recurring GROUP BY ALL",
            [sorted({t[3] for t in kept})],
        ).fetchall()
    }
    out = []
    for p, lam, ccy, amt, vendors in kept:
        ids, names, cards = members[(ccy, amt)]
        listed = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
        # a rate-card vendor's copy is listed with the others: it witnesses nothing, but its
        # invoice may carry the reused sum as well
        also = f", and by {', '.join(cards)}, whose odd sums repeat (a rate card)" if cards else ""
        for inv in ids:
            out.append(
                Detection(
                    inv,
                    "repeated_amount",
                    min(0.85, 0.45 + 0.1 * vendors),
                    f"Exactly {money(amt, ccy)} was billed by {vendors} different vendors "
                    f"({listed}){also}. The ledger's amounts near it make {lam:.2g} invoices of "
                    f"this exact sum expected from anyone else; {vendors - 1} or more has a "
                    f"chance of {p:.1e}: one amount reused on invoices that should be unrelated?",
                    {"related": list(ids), "vendors": list(names), "chance": p},
                )
            )
    return out


def _repeat_rows(cur: duckdb.DuckDBPyConnection, s: str) -> list[tuple]:
    """Groups of one vendor's amount billed three times or more, one row per copy, with what
    repeat_rate needs."""
    return cur.execute(
        f"""
        WITH p AS (
            -- a second copy of one invoice number is one billing (the duplicate detector's)
            SELECT id, vkey, vendor, amt, currency, invoice_date, paced, nkey, n_same,
                   suffixed
            FROM {s}
            WHERE id IN (SELECT min_by(id, (invoice_date, id)) FROM {s} WHERE amt > 0
                         GROUP BY vkey, nkey, amt)
        ),
        -- a sum in whole hundreds is a fee (a fixed-fee engagement's equal milestones), for
        -- the round-sum test to judge, not a sum reused
        c AS (SELECT * FROM p WHERE n_same >= 3 AND amt >= 100 AND amt % 100 <> 0
                                AND NOT paced),
        cand AS (
            SELECT * FROM c
            -- cancelled by a credit note of its amount: billed once, then rebilled
            WHERE NOT {cancelled_sql(s, "c")}
              -- a copy numbered like another plus a short suffix (-A, /1) is a fuzzy duplicate
              AND NOT suffixed
        ),
        v AS (
            SELECT vkey, count(*) AS n, count(DISTINCT amt) AS amounts,
                   greatest(date_diff('day', min(invoice_date), max(invoice_date)), ?) AS days,
                   count(*) FILTER (WHERE amt % 1 = 0) AS n1,
                   count(*) FILTER (WHERE amt % 10 = 0) AS n10
            FROM p GROUP BY vkey
        ),
        same AS (SELECT vkey, amt, count(*) AS n_same FROM p GROUP BY ALL),
        rep AS (
            SELECT vkey, sum(n_same) FILTER (WHERE n_same >= 2) AS n_rep,
                   sum(n_same) FILTER (WHERE n_same >= 2 AND amt % 1 <> 0) AS n_rep_cents,
                   count(*) FILTER (WHERE n_same >= 2 AND amt % 1 <> 0 AND amt >= 100)
                       AS rep_cents_amounts,
                   count(*) FILTER (WHERE n_same >= {PRICE_LIST_COPIES}) AS n_listed,
                   -- rates: whole or half sums of 100 or more, billed twice or more
                   sum(n_same) FILTER (WHERE {_RATE_SQL}) AS n_rep_rates,
                   count(*) FILTER (WHERE {_RATE_SQL}) AS n_rates
            FROM same GROUP BY vkey
        ),
        grp AS (
            SELECT vkey, amt, list(id ORDER BY invoice_date, id) AS ids,
                   min(invoice_date) AS first, max(invoice_date) AS last
            FROM cand GROUP BY vkey, amt
            HAVING count(*) >= 3
        ),
        -- fixed prices: the vendor's other amounts mostly repeat, so this one is its price;
        -- but a sum with cents repeated where the repeats are whole sums (hours at a rate: at
        -- most one other sum with cents repeats, CENTS_HABIT) and most amounts do not repeat
        -- at all is off the vendor's grid, no price of its own. A
        -- vendor that bills nothing else has one price (a new subscription) and no other
        -- amounts to judge it by; nor does a vendor with a tariff (rates billed ten times
        -- or more), which repeats its rates whatever else it bills
        priced AS (
            SELECT grp.* FROM grp JOIN v USING (vkey) LEFT JOIN rep USING (vkey)
            WHERE v.amounts > 1 AND len(grp.ids) < {OWN_PRICE_SHARE} * v.n
              AND coalesce(rep.n_listed, 0)
                  - CASE WHEN len(grp.ids) >= {PRICE_LIST_COPIES} THEN 1 ELSE 0 END
                  < {PRICE_LIST_AMOUNTS}
              AND NOT (grp.amt % 0.5 = 0
                       AND (date_diff('day', grp.first, grp.last) > {REPEAT_SPANS[0]}
                            OR v.days <= {BURST_HISTORY} * {REPEAT_SPANS[0]})
                       AND coalesce(rep.n_rep_rates, 0) - len(grp.ids) >= {TARIFF_COPIES}
                       AND (coalesce(rep.n_rates, 0) - 1 >= 2
                            OR coalesce(rep.n_rep_rates, 0) - len(grp.ids) >= {TARIFF_ONE_RATE}))
              -- a vendor whose prices repeat within weeks (lane rates under a monthly
              -- surcharge) and that bills other sums three times within weeks as a habit
              -- (LOCAL_HABIT) repeats one within weeks as its routine
              AND NOT (date_diff('day', grp.first, grp.last) <= {LOCAL_DAYS}
                       AND grp.vkey IN (SELECT vkey FROM {s} WHERE local_prices)
                       AND (SELECT count(*) FROM grp o
                            WHERE o.vkey = grp.vkey AND o.amt <> grp.amt
                              AND date_diff('day', o.first, o.last) <= {LOCAL_DAYS})
                           >= {LOCAL_HABIT})
              AND (coalesce(rep.n_rep, 0) - len(grp.ids) <= ? * (v.n - len(grp.ids))
                   OR (grp.amt % 1 <> 0 AND rep.rep_cents_amounts - 1 < ?
                       AND coalesce(rep.n_rep_cents, 0) - len(grp.ids) <= ? * (v.n - len(grp.ids))
                       AND coalesce(rep.n_rep, 0) - len(grp.ids) <= ? * (v.n - len(grp.ids))))
        ),
        near AS (
            SELECT g.vkey, g.amt, count(p.id) AS local
            FROM priced g LEFT JOIN p ON p.vkey = g.vkey AND p.amt <> g.amt
             AND p.amt BETWEEN g.amt * (1 - ?) AND g.amt * (1 + ?)
            GROUP BY ALL
        )
        SELECT s.id, s.vendor, s.amt, s.currency, grp.ids, grp.first, grp.last, v.n,
               near.local, v.days,
               CASE WHEN grp.amt % 10 = 0 THEN 10 WHEN grp.amt % 1 = 0 THEN 1 ELSE 0.01 END
                   AS step,
               CASE WHEN grp.amt % 10 = 0 THEN v.n10 WHEN grp.amt % 1 = 0 THEN v.n1 ELSE v.n END
                   AS n_step
        FROM priced grp JOIN cand s USING (vkey, amt) JOIN v USING (vkey)
        JOIN near USING (vkey, amt)
        -- a group's first copy first: its vendor's name as spelt there is the one the reason
        -- gives, whatever order the rows come in
        ORDER BY grp.vkey, grp.amt, s.invoice_date, s.id
        """,
        [
            REPEAT_SPANS[0],
            FIXED_PRICE_SHARE,
            CENTS_HABIT,
            FIXED_PRICE_SHARE,
            PRICE_LIST_SHARE,
            REPEAT_NEAR,
            REPEAT_NEAR,
        ],
    ).fetchall()


def _add_repeat(groups: dict[tuple, dict], row: tuple, span: int | None) -> None:
    """Record a copy in its group; a group seen in both spans keeps its stronger p-value."""
    inv, vendor, amt, ccy, ids, first, last, n, local, days, step, n_step = row
    key = tuple(ids)
    window = span or max(int(days), 1)
    lam = repeat_rate(float(amt), n - len(ids), local, int(days), float(step), n_step, window)
    p = poisson_upper(len(ids) - 1, lam)
    group = groups.setdefault(key, {"p": math.inf, "members": []})
    if p < group["p"]:
        group.update(p=p, lam=lam, span=span, row=(vendor, amt, ccy, ids, first, last))
    if inv not in group["members"]:
        group["members"].append(inv)


def _span_text(span: int | None) -> str:
    return f"within {span} days" if span else "over its history"


def repeat_rate(
    amt: float, others: int, local: int, days: int, step: float, n_step: int, span: int
) -> float:
    """Expected copies of amt among the vendor's other invoices in span days.

    local (the vendor's other invoices within REPEAT_NEAR of amt) gives the density per cent;
    an amount on a coarser grid (whole euros, tens) takes the cells of its step, in
    the share of the vendor's amounts on that grid (half an invoice added, so one vendor with
    no whole amounts still allows some).
    """
    if others <= 0:
        return 0.0
    per_cent = (local + 0.5) / (others * 2 * REPEAT_NEAR * amt * 100)
    cells = step * 100
    share = 1.0 if step < 1 else min(1.0, (n_step + 0.5) / (others + 1))
    pace = others * min(1.0, span / max(days, 1))
    return pace * per_cent * cells * share
