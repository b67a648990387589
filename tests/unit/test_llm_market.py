"""LLM agents in the market: fallback order, open circuits and spent budgets decline, the cache
makes a re-upload free, and with no configuration nothing changes."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pytest

from core.documents import load_document
from core.extraction import builtin_agents
from core.llm.config import ConfigError, load_provider_configs
from core.llm.registry import builtin_and_llm_agents, llm_agents
from core.market import run_auction
from core.market.reputation import Reputation
from core.resilience.breaker import BreakerPolicy
from core.services.pipeline import Pipeline
from core.services.providers import provider_panel, spend_summary
from core.store.db import Database
from tests.stubs.invoices import StubInvoice
from tests.stubs.llm_server import (
    StubLLMServer,
    anthropic_tool_reply,
    openai_chat_reply,
    sequence,
    server_error,
)
from tests.stubs.llm_setup import stub_agent, stub_config

INVOICE = StubInvoice("INV-2024-0100")
FAST_OPEN = BreakerPolicy(window=4, min_calls=2, failure_rate=0.5, open_seconds=60)


@pytest.fixture()
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "market.duckdb")
    yield database
    database.close()


@pytest.fixture(scope="module")
def doc():
    return load_document(INVOICE.pdf(), "inv-0100.pdf")


def neutral(_name: str) -> Reputation:
    return Reputation(0.0, 0.0, 0)


def test_fallback_order_claude_then_gpt_then_local_then_builtin(db, doc):
    down = sequence([server_error("anthropic")])
    with (
        StubLLMServer(down) as claude_srv,
        StubLLMServer(sequence([server_error("openai")])) as gpt_srv,
        StubLLMServer(sequence([openai_chat_reply(INVOICE.fields())])) as local_srv,
    ):
        local = stub_agent("local", local_srv.url, db)
        gpt = stub_agent("gpt", gpt_srv.url, db, fallbacks=[local])
        claude = stub_agent("claude", claude_srv.url, db, fallbacks=[gpt, local], max_attempts=2)
        extraction = claude.extract(doc)
        assert (claude_srv.calls, gpt_srv.calls, local_srv.calls) == (2, 3, 1)
        local_srv.responder = sequence([server_error("openai")])
        last_resort = claude.extract(load_document(StubInvoice("INV-2").pdf(), "inv2.pdf"))
    assert extraction.agent == "llm-local"
    [path] = [f for f in extraction.flags if f.startswith("fallback:")]
    assert path.index("llm-claude") < path.index("llm-gpt") < path.index("llm-local")
    assert last_resort.agent == "label-reader"
    assert last_resort.invoice_number == "INV-2"


def test_an_open_circuit_declines_to_bid_and_costs_no_request(db, doc):
    clock = [0.0]
    with StubLLMServer(sequence([server_error("anthropic")])) as server:
        agent = stub_agent("claude", server.url, db, policy=FAST_OPEN, clock=lambda: clock[0],
                           max_attempts=3)  # fmt: skip
        assert agent.decline_reason(doc) is None
        agent.extract(doc)
        calls_when_open = server.calls
        assert agent.decline_reason(doc) == "circuit open"
        auction = run_auction(doc, [*builtin_agents(), agent], neutral, random.Random(1))
        extraction = agent.extract(doc)  # the market would not pick it; the chain still copes
        assert server.calls == calls_when_open == 2  # opened after 2 failures, none since
        clock[0] = 61.0  # cool-down over: one probe goes out
        server.responder = sequence([anthropic_tool_reply(INVOICE.fields())])
        assert agent.decline_reason(doc) is None
        probed = agent.extract(doc)
    assert auction.winner == "label-reader"
    assert {b.agent: b.reason for b in auction.bids}["llm-claude"] == "circuit open"
    assert extraction.agent == "label-reader"
    assert probed.agent == "llm-claude" and agent.breaker.state == "closed"


def test_a_spent_daily_budget_declines_to_bid(db, doc):
    # One call costs 0.0081 USD; the next estimate (0.0105) would pass a 0.015 budget.
    with StubLLMServer(sequence([anthropic_tool_reply(INVOICE.fields())])) as server:
        agent = stub_agent("claude", server.url, db, daily_budget=Decimal("0.015"))
        assert agent.decline_reason(doc) is None
        agent.try_extract(doc)
    assert agent.spent_today() == Decimal("0.0081")
    assert agent.decline_reason(doc) == "daily budget of 0.015 USD spent"
    auction = run_auction(doc, [agent], neutral, random.Random(1))
    assert auction.winner is None


def test_a_reupload_is_answered_from_the_cache_for_free(db, doc):
    resaved = load_document(INVOICE.pdf(title="re-saved copy"), "copy-of-inv-0100.pdf")
    assert resaved.sha256 != doc.sha256 and resaved.text == doc.text
    with StubLLMServer(sequence([anthropic_tool_reply(INVOICE.fields())])) as server:
        agent = stub_agent("claude", server.url, db)
        first = agent.try_extract(doc)
        second = agent.try_extract(resaved)
        assert server.calls == 1
    assert second.to_json() == first.to_json()
    summary = spend_summary(db)
    assert summary.cache_hits == 1 and summary.paid_calls == 1
    assert summary.cache_hit_rate == pytest.approx(0.5)
    assert summary.saved == summary.spent == Decimal("0.0081")


def test_pipeline_with_llm_agents_stores_the_llm_reading(db, doc, tmp_path):
    with StubLLMServer(sequence([anthropic_tool_reply(INVOICE.fields())])) as server:
        configs = {"claude": stub_config("claude", server.url)}
        pipeline = Pipeline(db, agents=llm_agents(db, configs))
        result = pipeline.ingest_bytes(INVOICE.pdf(), "a.pdf", "alex.clerk")
        again = pipeline.ingest_bytes(INVOICE.pdf(title="again"), "b.pdf", "alex.clerk")
        assert server.calls == 1
    assert (result.status, result.agent) == ("stored", "llm-claude")
    assert again.status == "stored"
    assert db.scalar("SELECT count(*) FROM llm_calls WHERE outcome = 'cache_hit'") == 1
    totals = db.query("SELECT total_amount FROM invoices ORDER BY id")
    assert totals == [(Decimal("1190.00"),), (Decimal("1190.00"),)]


def test_with_no_configuration_nothing_changes(db):
    configs = load_provider_configs(env={}, secrets={})
    assert not any(c.configured for c in configs.values())
    assert llm_agents(db, configs) == []
    assert [a.info.name for a in builtin_and_llm_agents(db, configs)] == [
        a.info.name for a in builtin_agents()
    ]
    panel = provider_panel(db, configs)
    assert [(p.name, p.circuit) for p in panel] == [
        ("claude", "not configured"),
        ("gpt", "not configured"),
        ("local", "not configured"),
    ]
    assert "ANTHROPIC_API_KEY" in (panel[0].setup_hint or "")
    unconfigured = llm_agents(db, configs, include_unconfigured=True)
    doc = load_document(INVOICE.pdf(), "x.pdf")
    assert [a.decline_reason(doc) for a in unconfigured] == ["not configured"] * 3


def test_settings_come_from_env_over_secrets_toml(tmp_path):
    secrets_file = tmp_path / "secrets.toml"
    secrets_file.write_text(
        '[llm.claude]\napi_key = "sk-ant-from-toml"\nmodel = "claude-x"\nprice_input = 2.5\n'
        'daily_budget = 1.25\n[llm.local]\nbase_url = "http://127.0.0.1:11434/v1"\n'
        'model = "qwen2.5"\n',
        encoding="utf-8",
    )
    env = {"LEDGERLOOP_SECRETS": str(secrets_file), "OPENAI_API_KEY": "sk-openai-env",
           "LEDGERLOOP_CLAUDE_MODEL": "claude-from-env"}  # fmt: skip
    from core.llm import config as config_module

    secrets = config_module.read_secrets(secrets_file)
    configs = load_provider_configs(env=env, secrets=secrets)
    claude, gpt, local = configs["claude"], configs["gpt"], configs["local"]
    assert claude.configured and claude.model == "claude-from-env"
    assert claude.price_input == Decimal("2.5") and claude.daily_budget == Decimal("1.25")
    assert gpt.configured and gpt.api_key == "sk-openai-env"
    assert local.configured and local.daily_budget is None
    assert "sk-ant-from-toml" not in repr(claude)
    off = load_provider_configs(env={**env, "LEDGERLOOP_LLM": "off"}, secrets=secrets)
    assert not any(c.configured for c in off.values())


def test_a_bad_setting_is_named(tmp_path):
    with pytest.raises(ConfigError, match=r"llm\.gpt\.price_output: 'cheap' is not a number"):
        load_provider_configs(env={"LEDGERLOOP_GPT_PRICE_OUTPUT": "cheap"}, secrets={})
    bad = tmp_path / "secrets.toml"
    bad.write_text("[llm.claude\n", encoding="utf-8")
    from core.llm.config import read_secrets

    with pytest.raises(ConfigError, match="not valid TOML"):
        read_secrets(bad)


def test_the_panel_shows_circuit_budget_and_spend(db, doc):
    clock = [0.0]
    with StubLLMServer(sequence([anthropic_tool_reply(INVOICE.fields())])) as server:
        config = stub_config("claude", server.url, daily_budget=Decimal("1.00"))
        agent = stub_agent("claude", server.url, db, daily_budget=Decimal("1.00"),
                           clock=lambda: clock[0])  # fmt: skip
        agent.try_extract(doc)
    # The panel reads the process-wide breaker of this endpoint.
    from core.llm.agent import breaker_key
    from core.resilience.breaker import BREAKERS

    shared = BREAKERS.get(breaker_key(config), FAST_OPEN, lambda: clock[0])
    shared.record_failure()
    shared.record_failure()
    [status] = provider_panel(db, {"claude": config})
    assert status.configured and status.circuit == "open"
    assert status.spent_today == Decimal("0.0081")
    assert status.budget_left == Decimal("0.9919")
    [row] = spend_summary(db).by_model
    assert (row["provider"], row["model"], row["calls"]) == ("claude", "claude-test-model", 1)
