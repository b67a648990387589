"""Layout learning and vendor agents on real generated PDFs (core/demo/generator)."""

from __future__ import annotations

from collections import defaultdict

import pytest

from core.demo.generator import GeneratedDoc
from core.documents import load_document
from core.learning.fields import overlay, truth_from_generator, truth_of, wrong_fields
from core.learning.layout import VendorLayout, add_example, new_layout
from core.market.vendor_agent import VendorAgent


def _by_vendor(docs: list[GeneratedDoc]) -> dict[str, list[GeneratedDoc]]:
    out: dict[str, list[GeneratedDoc]] = defaultdict(list)
    for doc in docs:
        out[doc.truth["vendor_key"]].append(doc)
    return out


def _load(doc: GeneratedDoc):
    return load_document(doc.path.read_bytes(), doc.path.name)


def test_a_layout_learnt_from_one_invoice_reads_the_vendors_next_ones(
    pdf_docs: list[GeneratedDoc],
) -> None:
    groups = [g for g in _by_vendor(pdf_docs).values() if len(g) >= 2]
    assert len(groups) >= 3, "the corpus fixture should repeat some vendors"
    checked = wrong = 0
    for group in groups:
        first = group[0]
        layout = new_layout(
            first.truth["vendor_key"], _load(first), truth_from_generator(first.truth)
        )
        agent = VendorAgent("vendor:test", layout)
        for doc in group[1:]:
            document = _load(doc)
            assert agent.decline_reason(document) is None
            reading = truth_of(agent.extract(document))
            wrong += len(wrong_fields(reading, truth_from_generator(doc.truth)))
            checked += 1
    assert checked >= 3
    assert wrong / checked < 0.5  # under half a wrong field per invoice after one example


def test_a_vendor_agent_declines_other_vendors_with_a_reason(pdf_docs: list[GeneratedDoc]) -> None:
    groups = list(_by_vendor(pdf_docs).values())
    mine, other = groups[0][0], groups[1][0]
    layout = new_layout(mine.truth["vendor_key"], _load(mine), truth_from_generator(mine.truth))
    reason = VendorAgent("vendor:x", layout).decline_reason(_load(other))
    assert reason is not None and layout.issuer in reason


def test_layout_survives_json_and_counts_rule_hits(pdf_docs: list[GeneratedDoc]) -> None:
    group = next(g for g in _by_vendor(pdf_docs).values() if len(g) >= 2)
    layout = new_layout("v", _load(group[0]), truth_from_generator(group[0].truth))
    changed = add_example(layout, _load(group[1]), truth_from_generator(group[1].truth))
    assert changed is False  # same vendor, same layout: refined, not re-learnt
    again = VendorLayout.from_json(layout.to_json())
    assert again == layout
    total_rules = again.variants[0].rules["total_amount"]
    assert total_rules[0].hits == 2 and total_rules[0].misses == 0


def test_corrections_must_name_reviewable_fields() -> None:
    with pytest.raises(ValueError, match="line_items"):
        overlay({}, {"line_items": []})
