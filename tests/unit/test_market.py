"""The market's pure parts: bid scoring, Beta reputation, back-off, Thompson, consensus."""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from core.contract import Extraction
from core.market.auction import (
    LATENCY_PENALTY_PER_S,
    SLA_MS,
    VALUE_OF_CORRECT,
    Offer,
    award,
    utility,
)
from core.market.consensus import needs_consensus, vote
from core.market.reputation import (
    BACKOFF_STRENGTH,
    KIND_PRIOR_STRENGTH,
    Reputation,
    ReputationBook,
    pooled,
)


def test_utility_is_value_times_quality_minus_cost_minus_late_penalty() -> None:
    on_time = utility(0.8, Decimal("0.25"), SLA_MS - 1)
    assert on_time == pytest.approx(VALUE_OF_CORRECT * 0.8 - 0.25)
    late = utility(0.8, Decimal("0.25"), SLA_MS + 3_000)
    assert on_time - late == pytest.approx(3 * LATENCY_PENALTY_PER_S)


def test_greedy_award_prefers_cheaper_agent_of_equal_quality_and_records_declines() -> None:
    rep = Reputation(40, 10, 50)
    offers = [Offer("llm", rep, Decimal("0.30"), 3_000), Offer("rule", rep, Decimal("0"), 20)]
    from core.market.auction import Bid

    declined = Bid("sheet", "decline", "reads XLSX, not PDF")
    result = award(offers, random.Random(1), "greedy", declines=[declined])
    assert result.winner == "rule"
    assert [b.agent for b in result.bids if b.decision == "decline"] == ["sheet"]
    scores = {b.agent: b.score for b in result.bids if b.decision == "bid"}
    assert scores["rule"] - scores["llm"] == pytest.approx(0.30)
    assert not result.explored


def test_reputation_update_follows_josang_with_forgetting() -> None:
    rep = Reputation().update(1.0, lam=0.9).update(0.0, lam=0.9).update(0.5, lam=0.9)
    assert rep.r == pytest.approx(0.9 * 0.9 * 1 + 0.9 * 0 + 0.5)
    assert rep.s == pytest.approx(0.9 * 0.9 * 0 + 0.9 * 1 + 0.5)
    assert rep.n == 3
    assert rep.expected == pytest.approx((rep.r + 1) / (rep.r + rep.s + 2))


def test_forgetting_lets_a_degraded_agent_lose_its_lead() -> None:
    remembering, forgetting = Reputation(), Reputation()
    for _ in range(200):
        remembering = remembering.update(1.0, lam=1.0)
        forgetting = forgetting.update(1.0, lam=0.95)
    for _ in range(30):
        remembering = remembering.update(0.0, lam=1.0)
        forgetting = forgetting.update(0.0, lam=0.95)
    assert remembering.expected > 0.8
    assert forgetting.expected < 0.5


def test_weighted_outcome_counts_as_several() -> None:
    once = Reputation().update(0.0, weight=3.0, lam=1.0)
    thrice = Reputation().update(0.0, lam=1.0).update(0.0, lam=1.0).update(0.0, lam=1.0)
    assert once.expected == pytest.approx(thrice.expected)


def test_young_context_borrows_its_parents_evidence_then_stands_alone() -> None:
    book = ReputationBook()
    for _ in range(50):
        book.record("a", ["*"], 0.9, lam=1.0)
    parent = book.get("a")
    young = book.effective("a", ["*", "vendor:x"])
    # The parent lends BACKOFF_STRENGTH observations at its own r:s ratio.
    assert young.r + young.s == pytest.approx(BACKOFF_STRENGTH)
    assert young.r / young.s == pytest.approx(parent.r / parent.s)
    assert young.expected > 0.75  # not the uninformed 0.5
    for _ in range(int(BACKOFF_STRENGTH) + 1):
        book.record("a", ["vendor:x"], 0.0)
    grown = book.effective("a", ["*", "vendor:x"])
    assert grown == book.get("a", "vendor:x")
    assert grown.expected < 0.15


def test_a_parent_lends_no_more_evidence_than_it_has() -> None:
    thin = Reputation(2.0, 0.0, 2)
    assert Reputation().backed_off(thin) == Reputation(2.0, 0.0, 0)
    assert Reputation().backed_off(Reputation()) == Reputation()


def test_a_new_agent_borrows_its_kinds_record_until_it_has_its_own() -> None:
    veterans = [Reputation(300.0, 3.0, 20), Reputation(200.0, 1.0, 12)]
    book = ReputationBook()
    book.kind_prior["vendor"] = pooled(veterans)
    chain = ["*", "kind:pdf", "vendor:new"]
    fresh = book.effective("vendor:new", chain, "vendor")
    assert fresh.mass == pytest.approx(KIND_PRIOR_STRENGTH)
    assert fresh.expected > 0.95  # a spawned agent starts on its kind's record, not at 0.5
    book.record("vendor:new", chain, 0.5, weight=KIND_PRIOR_STRENGTH, lam=1.0)
    proven = book.effective("vendor:new", chain, "vendor")
    assert proven == book.get("vendor:new", "vendor:new")  # its own record alone now
    assert proven.expected == pytest.approx(0.5)


def test_per_context_reputations_give_each_context_its_best_reader() -> None:
    """Field accuracies per vendor: x's own agent is exact where the label reader is not."""
    accuracy = {
        "vendor:x": {"label-reader": 10 / 11, "vendor:x": 1.0},
        "vendor:y": {"label-reader": 1.0, "vendor:y": 9 / 11},
    }
    book = ReputationBook()
    for _ in range(200):
        book.record("label-reader", ["*"], 0.99, weight=33.0)  # good on most vendors
    rng = random.Random(8)
    winners: dict[str, list[str]] = {"vendor:x": [], "vendor:y": []}
    for t in range(300):
        context = "vendor:x" if t % 2 else "vendor:y"
        chain = ["*", context]
        offers = [Offer(a, book.effective(a, chain), Decimal(0), 20) for a in accuracy[context]]
        result = award(offers, rng, "thompson")
        assert result.winner is not None
        winners[context].append(result.winner)
        for agent, q in accuracy[context].items():  # a review scores every cheap agent
            book.record(agent, chain, q, weight=33.0)
    assert winners["vendor:x"][-100:].count("vendor:x") >= 97
    assert winners["vendor:y"][-100:].count("label-reader") >= 97
    assert "label-reader" in winners["vendor:x"][:10]  # it was tried before being dropped


def test_thompson_sampling_converges_on_the_best_agent() -> None:
    accuracy = {"a": 0.6, "b": 0.85, "c": 0.7}
    rng, world = random.Random(5), random.Random(6)
    book = ReputationBook()
    winners = []
    for _ in range(1_500):
        offers = [Offer(n, book.effective(n, ["*"]), Decimal(0), 10) for n in accuracy]
        result = award(offers, rng, "thompson")
        assert result.winner is not None
        winners.append(result.winner)
        book.record(result.winner, ["*"], 1.0 if world.random() < accuracy[result.winner] else 0)
    tail = winners[-500:]
    assert tail.count("b") / len(tail) > 0.85
    assert set(winners[:100]) == {"a", "b", "c"}  # everyone was tried early


def test_unknown_policy_is_refused_with_the_choices() -> None:
    with pytest.raises(ValueError, match="thompson"):
        award([], random.Random(), "best-guess")


def test_consensus_vote_is_reputation_weighted_and_lists_disagreements() -> None:
    a = Extraction(issuer="Acme GmbH", invoice_number="A-1", total_amount=Decimal("119.00"))
    b = Extraction(issuer="Acme GmbH", invoice_number="A-7", total_amount=Decimal("119.00"))
    c = Extraction(issuer="Acme GmbH", invoice_number="A-7", total_amount=None)
    merged, votes = vote([("winner", a, 0.9), ("second", b, 0.6), ("third", c, 0.5)])
    by_field = {v.field: v for v in votes}
    assert merged.invoice_number == "A-7"  # 0.6 + 0.5 outweighs 0.9
    assert by_field["invoice_number"].candidates == {"A-1": ["winner"], "A-7": ["second", "third"]}
    assert not by_field["invoice_number"].agreed
    assert by_field["total_amount"].agreed  # an empty reading abstains
    assert merged.total_amount == Decimal("119.00")
    assert "consensus" in merged.flags
    merged_heavy, _ = vote([("winner", a, 2.0), ("second", b, 0.6), ("third", c, 0.5)])
    assert merged_heavy.invoice_number == "A-1"


def test_consensus_is_wanted_for_low_scores_and_large_amounts() -> None:
    small = Extraction(total_amount=Decimal("50"))
    assert needs_consensus(small, 0.99) is None
    assert "score" in (needs_consensus(small, 0.5) or "")
    assert "amount" in (needs_consensus(Extraction(total_amount=Decimal("25000")), 1.0) or "")
