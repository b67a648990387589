"""The statistics behind the threshold-cluster test in core.anomalies.limits."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
import pytest

from core.anomalies import limits
from core.anomalies.limits import ROUTINE_SCORE
from core.anomalies.stats import discrete_bh, negbin_upper, poisson_upper


def test_negbin_tail_matches_its_poisson_limit_and_stays_exact_when_tiny() -> None:
    # a gamma(r) rate with r huge is a fixed rate: the tail is Poisson's
    r, mean = 1e7, 0.3
    assert negbin_upper(3, r, r / (r + mean)) == pytest.approx(poisson_upper(3, mean), rel=1e-4)
    # summed upwards, a tiny tail is not rounded to zero
    assert 0 < negbin_upper(12, 2.0, 0.999) < 1e-30
    assert negbin_upper(0, 2.0, 0.5) == 1.0
    # geometric (r = 1): P(X >= k) = (1 - q)^k
    assert negbin_upper(4, 1.0, 0.4) == pytest.approx(0.6**4)
    assert math.isclose(negbin_upper(1, 1.0, 0.4), 0.6)


def test_discrete_bh_discounts_tests_that_cannot_reach_the_level() -> None:
    pvalues = [1e-4, 0.02]
    # 10,000 tests that could all produce any p-value: plain BH keeps nothing
    assert discrete_bh(pvalues, [1.0] * 10_000, 0.1) == [False, False]
    # the same tests, nearly all unable to become candidates: the strong one is kept
    assert discrete_bh(pvalues, [1.0] * 10 + [1e-9] * 9_990, 0.1) == [True, False]


def test_a_narrow_cluster_hugging_a_round_sum_is_found_where_the_wide_band_hides_it() -> None:
    import random
    from datetime import timedelta

    from test_anomalies import START, Book, run, workday

    rng = random.Random(12)
    book = Book()
    # a vendor busy a little lower: [4,000, 4,500) holds more than the wide band [4,500, 5,000)
    # with the cluster in it, so only the narrow band [4,750, 5,000) shows the cluster
    book.routine("Ad Agency", 180, 2400.0, 0.35, rng, every=4)
    for k in range(16):
        day = workday(START + timedelta(7 + 45 * k))
        book.add("Ad Agency", f"AA-W{k}", day, f"{4020 + 28 * k}.40")
    hugging = [
        book.add(
            "Ad Agency", f"AA-H{k}", workday(START + timedelta(30 + 61 * k)), f"{4805 + 27 * k}.15"
        )
        for k in range(7)
    ]
    found = run(book).get("threshold_cluster", {})
    assert set(hugging) <= found.keys()
    assert found[hugging[0]].evidence["band"] == "0.05"
    assert "5 % just below" in found[hugging[0]].reason


def test_alone_within_5_percent_under_the_limit_ranked_lower_where_routine() -> None:
    import random
    from datetime import date

    from test_anomalies import Book, run

    rng = random.Random(3)
    book = Book()
    book.routine("Small Supplies", 120, 400.0, 0.3, rng, every=6)
    book.routine("Big Machines", 120, 9000.0, 0.08, rng, every=6)
    # reaches the band now and then: about 0.6 of its 120 invoices expected 5 % under 10,000
    book.routine("Mid Services", 120, 4500.0, 0.35, rng, every=6)
    rare = book.add("Small Supplies", "SS-9001", date(2024, 7, 9), "9640.00")  # 3.6 % under
    usual = book.add("Big Machines", "BM-9001", date(2024, 7, 10), "9610.00")  # 3.9 % under
    close = book.add("Big Machines", "BM-9002", date(2024, 7, 16), "9740.00")  # 2.6 % under
    now_and_then = book.add("Mid Services", "MS-9001", date(2024, 7, 11), "9580.00")  # 4.2 %
    # the same odd amount three times is no price list: the control test spares none of them
    book.routine("Odd Jobs", 60, 700.0, 0.4, rng, every=12)
    thrice = [book.add("Odd Jobs", f"OJ-95{k}", date(2024, 9, 2 + k), "9703.66") for k in range(3)]
    found = run(book).get("below_limit", {})
    assert rare in found and "usually bills about" in found[rare].reason
    assert now_and_then in found and "usually bills about" in found[now_and_then].reason
    # the control test lists the routine vendor's invoice too, ranked below the unusual ones
    assert usual in found and "routine for this vendor" in found[usual].reason
    assert found[usual].score < min(found[rare].score, found[now_and_then].score)
    assert close in found
    assert set(thrice) <= set(found)


def test_little_history_shows_no_routine_and_a_vendor_of_repeated_prices_is_not_spared() -> None:
    from datetime import date

    from test_anomalies import Book, run

    book = Book()
    # a new vendor: two invoices 4-5 % under the limit, nothing else to judge them by
    pair = [book.add("Beta", f"B-{k}", date(2024, 3, 4 + k), f"95{60 + 20 * k}.10") for k in (0, 1)]
    # a vendor billing nothing but one repeated price, right under the limit
    solo = [book.add("Solo", f"S-{k}", date(2024, 1 + 2 * k, 9), "9800.00") for k in range(5)]
    # a price of its own 4 % under the limit, billed at irregular dates among other amounts
    rng = random.Random(2)
    book.routine("Kiln Works", 30, 800.0, 0.4, rng, every=11)
    days = [date(2024, 2, 5), date(2024, 2, 20), date(2024, 4, 29), date(2024, 5, 7),
            date(2024, 8, 15), date(2024, 9, 2)]  # fmt: skip
    price = [book.add("Kiln Works", f"K-{k}", d, "9600.00") for k, d in enumerate(days)]
    found = run(book).get("below_limit", {})
    assert set(pair) <= set(found)
    assert "only 2 invoices of its own" in found[pair[0]].reason
    assert set(solo) <= set(found)
    assert "bills this exact amount 5 times: a price set just under the limit?" in (
        found[solo[0]].reason
    )
    # listed as the control test asks, ranked as routine, and no cluster of its own
    assert set(price) <= set(found)
    assert all(found[k].score == ROUTINE_SCORE for k in price)
    assert "one of its prices" in found[price[0]].reason


def test_a_band_of_hundreds_lists_the_invoices_nearest_the_limit_and_counts_them_all() -> None:
    from test_anomalies import START, Book, run

    from core.anomalies.finding import RELATED_MAX

    b = Book()
    # a vendor that bills just under the limit every day: each invoice is listed, and each
    # finding names as many others as the detail view shows, the closest to the limit
    amounts = [f"{9500 + 1.5 * k:.2f}" for k in range(RELATED_MAX + 60)]
    ids = b.series("Daily", "DA-", START, 1, amounts)
    found = run(b)["below_limit"]
    assert set(found) == set(ids)
    evidence = found[ids[0]].evidence
    assert evidence["in_band"] == len(ids)
    assert evidence["related"] == ids[-RELATED_MAX:]


def test_an_invoice_a_hair_under_the_limit_says_how_far_not_zero_per_cent() -> None:
    from datetime import date

    from test_anomalies import Book, run

    book = Book()
    hair = book.add("Acme", "AC-1", date(2024, 7, 9), "9999.00")
    tenth = book.add("Acme", "AC-2", date(2024, 8, 9), "9990.00")
    found = run(book)["below_limit"]
    assert found[hair].reason.startswith("9,999.00 EUR is 0.01 % below the approval limit")
    assert found[tenth].reason.startswith("9,990.00 EUR is 0.1 % below the approval limit")


def test_weighted_discrete_bh_is_the_textbook_one_where_every_test_can_reach_any_level() -> None:
    # reach 1 for every test: the chance findings at level x are x times the weights' sum, so
    # with weights averaging 1 the step-up is Genovese, Roeder and Wasserman's weighted one:
    # keep p_i <= w_i a k / m
    rng = random.Random(5)
    m, fdr = 200, 0.1
    weights = [rng.choice((0.25, 1.0, 4.0)) for _ in range(m)]
    mean = sum(weights) / m
    weights = [w / mean for w in weights]
    pvalues = [rng.random() ** 6 for _ in range(m)]
    ranked = sorted(range(m), key=lambda i: pvalues[i] / weights[i])
    k = max(
        (r for r, i in enumerate(ranked, 1) if pvalues[i] / weights[i] <= fdr * r / m), default=0
    )
    textbook = [False] * m
    for i in ranked[:k]:
        textbook[i] = True
    assert 0 < k < m
    assert discrete_bh(pvalues, [1.0] * m, fdr, weights, weights) == textbook
    # unweighted, some decisions differ: the weights are what changed them
    assert discrete_bh(pvalues, [1.0] * m, fdr) != textbook


def _peers_book(peers_at: int) -> tuple[object, list[int]]:
    """Routine vendors near 5,000 and 20,000 now and then; four vendors cluster below
    `peers_at`, and one more, Weak, has a cluster below 5,000 that alone is not telling."""
    from datetime import timedelta

    from test_anomalies import START, Book

    rng = random.Random(21)
    book = Book()
    for k in range(24):
        book.routine(f"Routine {k:02d}", 150, 1500 + 250 * k, 0.5, rng, every=4)
    for k in range(4):
        book.routine(f"Peer {k}", 120, 700 + 50 * k, 0.35, rng, every=5)
        book.series(
            f"Peer {k}",
            f"P{k}-",
            START + timedelta(20 + 9 * k),
            40,
            [f"{peers_at * (0.94 + 0.013 * j):.2f}" for j in range(4)],
        )
    book.routine("Weak", 200, 1260, 0.36, rng, every=3)
    weak = book.series("Weak", "WK-", START + timedelta(33), 70, ["4555.10", "4838.70", "4938.70"])
    return book, weak


def test_a_weak_cluster_is_found_below_a_sum_other_vendors_cluster_below_not_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from test_anomalies import run

    book, weak = _peers_book(5000)
    found = run(book)["threshold_cluster"]
    assert set(weak) <= found.keys()
    assert found[weak[0]].evidence["other_vendors"] == 4
    assert found[weak[0]].reason.endswith(" 4 other vendors cluster just below the same sum too.")
    # the same invoices, the four other clusters below 20,000: Weak's three stand alone at a
    # sum the routine vendors often come near, and chance explains them
    book, weak = _peers_book(20000)
    found = run(book)["threshold_cluster"]
    assert not set(weak) & found.keys()
    assert {found[i].evidence["vendor"] for i in found} == {f"Peer {k}" for k in range(4)}
    assert all(d.evidence["other_vendors"] == 3 for d in found.values())
    # unweighted (a prior so large every weight is 1), the step-up would have kept them
    monkeypatch.setattr(limits, "SUM_PRIOR", 1e12)
    assert set(weak) <= run(book)["threshold_cluster"].keys()


def test_other_vendors_clusters_do_not_lift_a_busy_vendors_band_holding_a_little_more() -> None:
    from datetime import timedelta

    from test_anomalies import START, run

    book, weak = _peers_book(5000)
    rng = random.Random(3)
    # 600 invoices around 2,600 put about 7.6 in [4,500, 5,000); 8 more make 22 there, a
    # p-value under 0.01 but under three times the expected count: its own traffic, mostly
    book.routine("Busy", 600, 2600, 0.3, rng, every=1)
    extra = [f"{rng.uniform(4560, 4990):.2f}" for _ in range(8)]
    busy = book.series("Busy", "BU-", START + timedelta(3), 30, extra)
    found = run(book)["threshold_cluster"]
    assert set(weak) <= found.keys()
    assert not set(busy) & found.keys()


def test_weighted_discrete_bh_counts_each_test_at_most_its_reach() -> None:
    # the step-up by hand: rank candidates by p / w, charge every test min(w x, reach) at
    # level x, keep the largest rank k whose charge is within fdr x k
    rng = random.Random(9)
    m, fdr = 300, 0.1
    reach = [rng.choice((1.0, 0.02, 1e-4, 1e-7)) for _ in range(m)]
    reach_weights = [rng.choice((0.2, 1.0, 6.0)) for _ in range(m)]
    candidates = rng.sample(range(m), 40)
    pvalues = [min(reach[i], rng.random() ** 4) for i in candidates]
    # a candidate may rank by a lower weight than its test is charged at (a capped lift)
    weights = [
        min(reach_weights[i], 1.0) if k % 2 else reach_weights[i] for k, i in enumerate(candidates)
    ]

    def charge(x: float) -> float:
        return sum(min(w * x, r) for w, r in zip(reach_weights, reach, strict=True))

    order = sorted(range(len(candidates)), key=lambda k: pvalues[k] / weights[k])
    cut = max(
        (r for r, k in enumerate(order, 1) if charge(pvalues[k] / weights[k]) <= fdr * r),
        default=0,
    )
    by_hand = [False] * len(candidates)
    for k in order[:cut]:
        by_hand[k] = True
    assert 0 < cut < len(candidates)
    assert discrete_bh(pvalues, reach, fdr, weights, reach_weights) == by_hand


def test_a_sums_weight_counts_the_other_vendors_clusters_against_their_chance() -> None:
    from decimal import Decimal

    from core.anomalies.limits import SUM_EVIDENCE, SUM_PRIOR, _grid, _sum_weights, _Test

    sums = [Decimal(5000), Decimal(20000)]
    vendors = [(f"v{k}", 100, 7.0, 0.5) for k in range(5)]
    chance = np.array([[4e-4, 1e-5]] * 5)
    band = Decimal("0.10")
    # v0 and v1 cluster below 5,000; v2's p-value there is above SUM_EVIDENCE
    tested = {
        ("v0", sums[0], band): _Test(0.1, SUM_EVIDENCE / 10, 4, SUM_EVIDENCE / 10),
        ("v1", sums[0], band): _Test(0.1, SUM_EVIDENCE, 3, SUM_EVIDENCE),
        # a burst makes v2's p-value small, but only its count vouches for the others
        ("v2", sums[0], band): _Test(0.1, SUM_EVIDENCE / 10, 3, SUM_EVIDENCE * 2),
    }
    weight = _sum_weights(tested, chance, _grid(vendors, sums))
    others_chance = 4 * 4e-4
    # v0's own cluster does not count for v0: one other (v1); for v2 and v3 both count
    assert weight[0, 0] == pytest.approx((SUM_PRIOR + 1) / (SUM_PRIOR + others_chance))
    assert weight[2, 0] == pytest.approx((SUM_PRIOR + 2) / (SUM_PRIOR + others_chance))
    assert weight[3, 0] == weight[2, 0] > weight[0, 0] > 1
    # below 20,000 nobody clusters: under 1, by the chance the others had of doing so
    assert weight[0, 1] == pytest.approx(SUM_PRIOR / (SUM_PRIOR + 4 * 1e-5))
    assert weight[0, 1] < 1
    # a ledger of one vendor has nobody else to count: weight 1
    alone = _sum_weights({}, chance[:1], _grid(vendors[:1], sums))
    assert alone.tolist() == [[1.0, 1.0]]


def test_a_phone_line_billed_monthly_just_under_a_round_sum_is_its_level_not_a_cluster() -> None:
    import random
    from datetime import date, timedelta

    from test_anomalies import Book, run

    def carrier(gaps: list[int]) -> tuple[Book, list[int]]:
        """A carrier's small varied bills, and two lines billed after each of the gaps (days)
        at 4,6xx-4,9xx (near-equal: within 4 % of their level), numbered by line."""
        rng = random.Random(5)
        book = Book()
        book.routine("AirLink", 60, 900.0, 0.5, rng, every=9)
        lines = []
        for line, level in (("241903876375", 4780.0), ("039634579258", 4690.0)):
            day = date(2022, 1, 18)
            for k, gap in enumerate(gaps):
                day += timedelta(gap)
                amount = f"{level * (1 + rng.uniform(-0.04, 0.04)):.2f}"
                lines.append(book.add("AirLink", f"{line}-{100 + k}", day, amount))
        return book, lines

    # billed monthly: each line's level is its own, wherever it sits; fortnightly and weekly
    # too (a line at a near-equal level, whatever its pace; no meter's pace is needed)
    for gaps in ([30] * 24, [14] * 48, [7] * 60):
        book, lines = carrier(gaps)
        assert not set(lines) & run(book).get("threshold_cluster", {}).keys()
    # the same sums at no steady pace are a cluster
    book, lines = carrier([random.Random(8).randint(5, 60) for _ in range(24)])
    assert set(lines) & run(book).get("threshold_cluster", {}).keys()


def test_a_water_boards_quarterly_bills_are_its_readings_at_any_level_not_a_cluster() -> None:
    import random
    from datetime import date, timedelta

    from test_anomalies import Book, run

    # a quarter's water at 1,900-3,200 as the seasons go, three of twelve bills in the 10 %
    # under 2,500: a meter's readings, which nobody keeps under a round sum
    levels = ["2613.14", "2566.43", "2844.72", "2363.81", "2807.28", "3090.38"]
    levels += ["3103.69", "2414.23", "2328.98", "3168.52", "3040.87", "3201.25"]

    def board(days: list[int], amounts: list[str]) -> tuple[Book, list[int]]:
        book = Book()
        book.routine("Varied", 300, 900.0, 0.6, random.Random(3), every=3)
        bills = [
            book.add("Water Board", f"7782768977-{60 + k}", date(2022, 7, 7) + timedelta(d), a)
            for k, (d, a) in enumerate(zip(days, amounts, strict=True))
        ]
        return book, bills

    quarters = [(date(2022 + (6 + 3 * k) // 12, (6 + 3 * k) % 12 + 1, 7) - date(2022, 7, 7)).days
                for k in range(12)]  # fmt: skip
    book, bills = board(quarters, levels)
    assert not set(bills) & run(book).get("threshold_cluster", {}).keys()
    # read monthly for three years, the levels again a few cents apart: nine of 36 under 2,500
    months = [(date(2022 + (6 + k) // 12, (6 + k) % 12 + 1, 7) - date(2022, 7, 7)).days
              for k in range(36)]  # fmt: skip
    again = [f"{float(a) + 0.37 * r:.2f}" for r in range(3) for a in levels]
    book, bills = board(months, again)
    assert not set(bills) & run(book).get("threshold_cluster", {}).keys()
    # the same 36 sums on no schedule are a vendor's amounts like any other's: a cluster (twelve
    # would tell too little of the vendor's spread to make three under 2,500 one)
    book, bills = board(sorted(random.Random(4).sample(range(1100), 36)), again)
    assert len(set(bills) & run(book).get("threshold_cluster", {}).keys()) == 9
    # a home-care agency's monthly bills (2,300-2,700), and four extra invoices kept under a
    # coordinator's 5,000 between them: its bills no longer keep their pace without fail, and
    # the extras are a cluster
    rng = random.Random(6)
    book = Book()
    book.routine("Varied", 300, 900.0, 0.6, random.Random(3), every=3)
    for k in range(36):
        day = date(2022 + (6 + k) // 12, (6 + k) % 12 + 1, 4)
        book.add("Home Care", f"{805 + k:05d}", day, f"{2500 * rng.uniform(0.92, 1.08):.2f}")
    extras = [
        book.add("Home Care", f"{900 + k:05d}", date(2023, 3 + 2 * k, 19),
                 f"{5000 * rng.uniform(0.945, 0.995):.2f}")
        for k in range(4)
    ]  # fmt: skip
    assert set(extras) <= run(book).get("threshold_cluster", {}).keys()


def test_burst_p_is_small_for_a_tight_run_and_one_for_marks_spread_out() -> None:
    from core.anomalies.stats import binomial_upper, burst_p

    assert binomial_upper(3, 10, 0.2) == pytest.approx(
        1 - sum(math.comb(10, i) * 0.2**i * 0.8 ** (10 - i) for i in range(3))
    )
    assert binomial_upper(11, 10, 0.5) == 0.0 and binomial_upper(0, 10, 0.5) == 1.0
    # ten of twelve marks among 152 in a row of ten: ten of 12 in 10 / 152 of the row
    tight, first, last = burst_p([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 100, 150], 152, 5)
    assert (first, last) == (10, 19)
    assert tight < 1e-6
    assert burst_p(list(range(5, 152, 15)), 152, 5)[0] == 1.0


def _burst_book(spread: bool) -> tuple[object, list[int]]:
    from datetime import timedelta

    from test_anomalies import START, Book, workday

    rng = random.Random(8)
    book = Book()
    # a caterer billing about 1,300 every few days: its band just under 1,000 holds about four
    # invoices of its own over the years, and ten more kept under 1,000 for five months
    book.routine("Traiteur", 300, 1300.0, 0.7, rng, every=3)
    step = 90 if spread else 15
    kept = [
        book.add(
            "Traiteur",
            f"TR-{5000 + k}",
            workday(START + timedelta(200 + step * k)),
            f"{955 + 4 * k}.40",
        )
        for k in range(10)
    ]
    return book, kept


def test_invoices_kept_under_a_round_sum_for_months_are_a_cluster_spread_out_they_are_not(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from test_anomalies import run

    book, kept = _burst_book(spread=False)
    found = run(book).get("threshold_cluster", {})
    assert set(kept) <= found.keys()
    burst = found[kept[0]].evidence["burst"]
    assert burst is not None and burst[0] >= 10
    assert f"{burst[0]} of them came from {burst[1]} to {burst[2]}" in found[kept[0]].reason
    # the count's own chance is named apart from the chance it has with the burst
    evidence = found[kept[0]].evidence
    assert f"as many has a chance of {evidence['counted']:.1e};" in found[kept[0]].reason
    assert evidence["chance"] < evidence["counted"]
    # the count alone does not tell: without the burst they stay unlisted
    monkeypatch.setattr(limits, "BURST_FROM", -1.0)
    assert not set(kept) & run(book).get("threshold_cluster", {}).keys()
    monkeypatch.undo()
    # the same invoices spread over the years are the vendor's own spread
    book, kept = _burst_book(spread=True)
    assert not set(kept) & run(book).get("threshold_cluster", {}).keys()


def test_a_season_when_all_a_vendors_bills_rise_under_a_round_sum_is_no_burst(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from datetime import timedelta

    from test_anomalies import START, Book, run, workday

    rng = random.Random(4)
    book = Book()
    # weekly linen for three years, about 3,200; each summer of 2025 week its bill rises to
    # 4,5xx-4,9xx instead: the band's bills replace the usual ones, none come beside them
    summer = []
    for k in range(150):
        day = workday(START + timedelta(7 * k))
        if date(2025, 6, 1) <= day <= date(2025, 9, 15):
            summer.append(book.add("Linen", f"LN-{k}", day, f"{4540 + 29 * (k % 15)}.20"))
        else:
            book.add("Linen", f"LN-{k}", day, f"{3200 * math.exp(0.25 * rng.gauss(0, 1)):.2f}")
    assert len(summer) >= 12  # the premise: a season's worth of bills in the band
    assert not set(summer) & run(book).get("threshold_cluster", {}).keys()
    # were the band's bills taken for a burst among the usual traffic, they would be listed
    monkeypatch.setattr(limits, "BURST_MIXED", 0.0)
    assert set(summer) & run(book).get("threshold_cluster", {}).keys()


def test_burst_p_is_a_p_value_for_marks_placed_at_random() -> None:
    from core.anomalies.stats import burst_p

    # under the null (the marks anywhere in the row) a chance of at most x turns up at most
    # x of the time: Naus's (n / L) tail alone gave 2.2 % at 1 %
    rng = random.Random(1)
    for n, k in ((2000, 40), (500, 12)):
        chances = [burst_p(sorted(rng.sample(range(1, n + 1), k)), n, 5)[0] for _ in range(1000)]
        assert sum(c <= 0.01 for c in chances) <= 10
        assert sum(c <= 0.05 for c in chances) <= 50


def test_a_carriers_lane_under_3000_is_a_tariff_price_and_orders_kept_under_it_a_cluster() -> None:
    from datetime import timedelta

    from test_anomalies import Book, run

    rng = random.Random(11)
    book = Book()
    # a carrier's five lanes, each billed twice a month at its rate times the month's fuel
    # surcharge: a lane at 2,880 sits under 3,000 all year, a price of its tariff
    lane = []
    for month in range(24):
        first = date(2023 + month // 12, 1 + month % 12, 2)
        surcharge = rng.uniform(0.96, 1.03)
        for k, rate in enumerate((600, 1100, 1700, 2880, 4200)):
            amount = f"{rate * surcharge:.2f}"
            for day in (k, 14 + k):
                row = book.add("Haulage", f"H{month}-{k}-{day}", first + timedelta(day), amount)
                if rate == 2880:
                    lane.append(row)
    # a supplier of about 900 whose orders a manager kept under 3,000 for half a year
    book.routine("Fixings", 150, 900.0, 0.6, rng, every=4)
    kept = [
        book.add("Fixings", f"FX-{k}", date(2024, 3, 4) + timedelta(19 * k), f"{2990 - 17 * k}.40")
        for k in range(9)
    ]
    found = run(book).get("threshold_cluster", {})
    assert not set(lane) & found.keys()
    assert set(kept) <= found.keys()
    assert "below the round sum 3,000.00" in found[kept[0]].reason
    # under a configured limit of 3,000 the control test lists the lane as before, and claims
    # no count the lane's amounts never reached (each was billed twice)
    listed = run(book, approval_limits=(Decimal("3000"),)).get("below_limit", {})
    assert set(lane) & listed.keys()
    assert not any("3 times" in listed[i].reason for i in set(lane) & listed.keys())


def test_a_few_bills_far_out_at_a_vendor_of_twenty_are_its_spread_unknown_not_a_cluster() -> None:
    from test_anomalies import START, Book, run, workday

    # a new supplier's 20 bills (the 1M benchmark's Newco 04093, drawn about 1,000 with sigma
    # 0.3): three at 1,8xx-1,9xx are two sigma out. Its 17 others fit sigma 0.15, and a normal
    # taking that for exact made the three a one-in-a-trillion cluster below 2,000
    amounts = ["595.50", "1219.29", "1051.77", "835.30", "1934.25", "1523.29", "1038.40"]
    amounts += ["1841.05", "925.27", "953.21", "1055.75", "1451.81", "850.63", "947.82"]
    amounts += ["962.81", "1007.55", "919.99", "1949.93", "1123.79", "1174.41"]
    book = Book()
    rng = random.Random(3)
    for name in ("Stationer", "Caterer", "Courier"):
        book.routine(name, 60, 400.0, 0.5, rng, every=9)
    new = [
        book.add("Newco", f"NC-{k}", workday(START + timedelta(200 + 5 * k)), a)
        for k, a in enumerate(amounts)
    ]
    three = {new[4], new[7], new[17]}
    # in a ledger of four vendors the three are still worth a look, but as what chance makes
    # about once in thousands, not once in a trillion: among a million invoices' tests, noise
    found = run(book).get("threshold_cluster", {})
    assert found.keys() == three
    few = found[new[4]].evidence["chance"]
    assert few > 1e-4
    # the same three beside 300 bills as narrow as its 17 others: its spread is known better,
    # and the three are less likely by chance
    for k in range(300):
        amount = f"{1000 * math.exp(0.15 * rng.gauss(0, 1)):.2f}"
        book.add("Newco", f"NC-R{k}", workday(START + timedelta(3 * k)), amount)
    found = run(book).get("threshold_cluster", {})
    assert found.keys() == three
    assert found[new[4]].evidence["chance"] < few / 1.5
    assert found[new[4]].evidence["threshold"] == "2000.00"


def test_a_spread_fitted_on_few_invoices_is_read_against_the_ledgers_typical_one() -> None:
    def share(n: int, sl: float, typical: tuple[float, float]) -> float:
        # the band [2, 2.5) sigma out of a vendor of median 1 (ln 0)
        spread = limits._spread(n, 0.0, sl, typical)
        return float(limits._share_within(math.exp(2.0), math.exp(2.5), spread))

    normal = 0.5 * (math.erfc(2 / math.sqrt(2)) - math.erfc(2.5 / math.sqrt(2)))
    # a Student t, fatter the fewer the vendor's invoices, the normal in the limit
    shares = [share(n, 1.0, (1.0, 2.0)) for n in (5, 20, 100, 10_000)]
    assert shares == sorted(shares, reverse=True)
    assert shares[0] > 1.5 * normal
    assert shares[-1] == pytest.approx(normal, rel=0.01)
    # a vendor of 17 fitted narrow in a ledger of alike wider ones (a typical spread worth many
    # degrees of freedom): its far band is not ruled out; where vendors differ, less so
    assert share(17, 0.5, (1.0, 50.0)) > 100 * share(17, 0.5, (0.5, 50.0))
    assert share(17, 0.5, (0.5, 50.0)) < share(17, 0.5, (1.0, 2.0)) < share(17, 0.5, (1.0, 50.0))
    # ... one of 10,000 is as narrow as it looks
    assert share(10_000, 0.5, (1.0, 2.0)) == pytest.approx(share(10_000, 0.5, (0.5, 2.0)), rel=0.01)
    # no typical spread (no vendor of TYPICAL_LEAST invoices): its own, as a t
    assert share(20, 1.0, (math.nan, 0.0)) > normal

    # no spread of its own (one invoice, or a MAD of 0): the typical one, a t on its 2 degrees
    # of freedom (closed form), or none without it
    def two(z: float) -> float:
        return 0.5 * (1 - z / math.sqrt(2 + z * z))

    for n, sl in ((1, 0.3), (50, 0.0)):
        scale = math.sqrt(1 + 1 / n)
        assert share(n, sl, (1.0, 2.0)) == pytest.approx(two(2 / scale) - two(2.5 / scale))
        assert share(n, sl, (math.nan, 0.0)) == 0.0


def test_the_typical_spread_is_worth_as_much_as_the_vendors_agree() -> None:
    rng = np.random.default_rng(5)
    # 40 vendors of 200 invoices each: the spread of their fitted sigmas beyond sampling error
    alike = [(f"v{i}", 200, 0.0, 0.4 * math.exp(rng.normal(0, 0.02))) for i in range(40)]
    mixed = [(f"v{i}", 200, 0.0, 0.4 * math.exp(rng.normal(0, 0.6))) for i in range(40)]
    typical_alike, worth_alike = limits._typical_spread(alike)
    _, worth_mixed = limits._typical_spread(mixed)
    assert typical_alike == pytest.approx(0.4, rel=0.05)
    assert worth_alike == 40  # one degree of freedom per vendor at most
    assert 5 > worth_mixed > 0.5
    assert limits._typical_spread(alike[:3])[1] == 3
    # vendors of fewer than TYPICAL_LEAST invoices tell nothing about it
    few = [(f"v{i}", limits.TYPICAL_LEAST - 1, 0.0, 0.4) for i in range(40)]
    typical, worth = limits._typical_spread(few)
    assert math.isnan(typical) and worth == 0.0


def test_three_bills_under_a_sum_beside_one_or_two_show_no_spread_beside_three_a_cluster() -> None:
    from test_anomalies import START, Book, run, workday

    def tiny(others: list[str]) -> tuple[set[int], dict]:
        book = Book()
        rng = random.Random(3)
        for name in ("Stationer", "Caterer", "Courier"):
            book.routine(name, 60, 400.0, 0.5, rng, every=9)
        amounts = ["4610.00", "4725.50", "4880.25", *others]
        ids = [
            book.add("Tiny", f"T-{k}", workday(START + timedelta(100 + 40 * k)), a)
            for k, a in enumerate(amounts)
        ]
        return set(ids[:3]), run(book).get("threshold_cluster", {})

    # one bill of 310 beside them (a spread fitted to it made the three certain, 5e-37) or
    # two: no spread the three could stand out from
    for others in (["310.00"], ["310.00", "290.00"]):
        three, found = tiny(others)
        assert not three & found.keys()
    # three of which two are one amount show no spread of their own (a MAD of 0 made the three
    # certain again): read with the ledger's typical spread, a cluster chance makes rarely
    three, found = tiny(["310.00", "310.00", "335.50"])
    assert three <= found.keys()
    assert 1e-12 < found[min(three)].evidence["chance"] < 1e-6
    # three bills of about 300 show one, and the three at fifteen times it are a cluster
    three, found = tiny(["310.00", "290.00", "335.50"])
    assert three <= found.keys()
    assert found[min(three)].evidence["chance"] < 1e-9


def test_a_rupee_ledgers_round_sums_go_as_far_as_its_amounts_two_lakh_and_beyond() -> None:
    import random
    from datetime import timedelta

    from test_anomalies import START, Book, run, workday

    from core.anomalies.config import ROUND_THRESHOLDS, round_sums

    # a euro ledger's sums stop at 100,000; a ledger whose large bills pass 1,000,000 goes on
    assert round_sums(Decimal("80000")) == ROUND_THRESHOLDS
    assert round_sums(Decimal("1300000"))[len(ROUND_THRESHOLDS) :] == tuple(
        Decimal(v) for v in ("200000", "250000", "500000", "1000000")
    )

    def ledger(top: str | None) -> tuple[Book, list[int]]:
        rng = random.Random(8)
        book = Book()
        # a fabricator billing about 60,000, then seven bills kept under two lakh for months
        book.routine("Vishwakarma Works", 150, 60000.0, 0.3, rng, every=5)
        kept = [
            book.add(
                "Vishwakarma Works",
                f"VI-{1150 + k}",
                workday(START + timedelta(400 + 13 * k)),
                f"{191500 + 1170 * k}.00",
            )
            for k in range(7)
        ]
        # the plant's capital goods, at `top`
        for k in range(8 if top else 0):
            book.add("Machine Builder", f"MB-{k}", workday(START + timedelta(90 * k)), str(top))
        return book, kept

    cfg = {"base_currency": "INR", "approval_limits": (Decimal("500000"),)}
    # with larger bills beside them, and as the ledger's largest bills themselves: a sum is
    # tested where three of the ledger's bills reach its band
    for top in ("2450000.00", None):
        book, kept = ledger(top)
        assert set(kept) <= run(book, **cfg).get("threshold_cluster", {}).keys()


def test_a_hauliers_rarer_tariff_lanes_under_a_round_sum_are_no_cluster_a_job_shops_bills_are() -> (
    None
):
    import random
    from datetime import timedelta

    from test_anomalies import START, Book, run, workday

    rng = random.Random(4)
    book = Book()
    # a haulier billing 240 trips at its tariff's four lanes, 51,856.00 among them, a dozen
    # short lanes once each, and a few rarer long ones once or twice each under 50,000
    lanes = ["42560.00", "44688.00", "46928.00", "51856.00"]
    for k in range(240):
        day = workday(START + timedelta(4 * k))
        book.add("Jai Bhavani Roadways", f"JB-{k}", day, lanes[k % 4])
    for k in range(12):
        day = workday(START + timedelta(3 + 61 * k))
        book.add("Jai Bhavani Roadways", f"JB-S{k}", day, f"{24640 + 1120 * k}.00")
    rare = ["45248.00", "46368.00", "47488.00", "48048.00", "49168.00", "45808.00", "47936.00"]
    hauls = [
        book.add("Jai Bhavani Roadways", f"JB-R{k}", workday(START + timedelta(2 + 97 * k)), x)
        for k, x in enumerate(rare + rare[:3])
    ]
    # a job shop billing about 12,000 a time, then seven bills kept under 50,000 for months
    book.routine("Aditya Gear Cutting", 200, 12000.0, 0.45, rng, every=4)
    kept = [
        book.add(
            "Aditya Gear Cutting",
            f"AD-{1200 + k}",
            workday(START + timedelta(300 + 11 * k)),
            f"{46100 + 530 * k}.00",
        )
        for k in range(7)
    ]
    found = run(book).get("threshold_cluster", {})
    assert set(kept) <= found.keys()
    assert not set(hauls) & found.keys()
