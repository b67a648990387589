"""The LLM agents against real HTTP servers on 127.0.0.1 speaking the providers' wire formats.

The real anthropic and openai SDKs are pointed at the stub servers by base_url; nothing is
mocked except the wait between retries (a recorder instead of time.sleep, so a Retry-After
of 7 s is checked without spending 7 s).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from core.documents import load_document
from core.llm.guard import OutputRejected
from core.llm.prompt import CLOSE_TAG, OPEN_TAG, SYSTEM_PROMPT
from core.llm.schema import INVOICE_SCHEMA, TOOL_NAME
from core.resilience.errors import ProviderRefused, ProviderUnavailable
from core.store.db import Database
from tests.stubs.invoices import StubInvoice
from tests.stubs.llm_server import (
    StubLLMServer,
    StubReply,
    anthropic_error,
    anthropic_tool_reply,
    malformed,
    openai_chat_reply,
    openai_error,
    overloaded,
    rate_limited,
    sequence,
    server_error,
)
from tests.stubs.llm_setup import TEST_KEY, SleepLog, stub_agent

INVOICE = StubInvoice("INV-2024-0042")


@pytest.fixture()
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "llm.duckdb")
    yield database
    database.close()


@pytest.fixture(scope="module")
def doc():
    return load_document(INVOICE.pdf(), "inv-0042.pdf")


def calls(db: Database) -> list[dict]:
    return db.query_dicts("SELECT * FROM llm_calls ORDER BY id")


def test_claude_success_forces_the_tool_and_books_the_usage(db, doc):
    with StubLLMServer(sequence([anthropic_tool_reply(INVOICE.fields())])) as server:
        agent = stub_agent("claude", server.url, db)
        extraction = agent.try_extract(doc)
        sent = server.requests[0]
    assert sent.path == "/v1/messages"
    assert sent.body["tool_choice"] == {"type": "tool", "name": TOOL_NAME}
    assert sent.body["tools"][0]["input_schema"] == INVOICE_SCHEMA
    assert sent.headers["x-stainless-retry-count"] == "0"
    assert extraction.total_amount == Decimal("1190.00")
    assert extraction.invoice_number == "INV-2024-0042"
    assert extraction.agent == "llm-claude"
    [row] = calls(db)
    assert (row["outcome"], row["input_tokens"], row["output_tokens"]) == ("ok", 1200, 300)
    # 1200 * 3.00 / 1e6 + 300 * 15.00 / 1e6
    assert row["cost"] == Decimal("0.008100")


def test_claude_cached_input_tokens_are_priced_apart(db, doc):
    reply = anthropic_tool_reply(INVOICE.fields(), input_tokens=200, cache_read_tokens=1000)
    with StubLLMServer(sequence([reply])) as server:
        stub_agent("claude", server.url, db).try_extract(doc)
    [row] = calls(db)
    assert row["cached_tokens"] == 1000
    # 200 * 3.00 + 1000 * 0.30 + 300 * 15.00, per million
    assert row["cost"] == Decimal("0.005400")


def test_429_waits_at_least_retry_after_then_succeeds(db, doc):
    replies = [rate_limited("anthropic", 7), anthropic_tool_reply(INVOICE.fields())]
    sleep = SleepLog()
    with StubLLMServer(sequence(replies)) as server:
        extraction = stub_agent("claude", server.url, db, sleep=sleep).try_extract(doc)
        assert server.calls == 2
    assert extraction.total_amount == Decimal("1190.00")
    assert len(sleep.waits) == 1 and sleep.waits[0] >= 7.0
    assert calls(db)[0]["attempts"] == 2


def test_retry_after_beyond_the_limit_goes_to_the_next_provider_at_once(db, doc):
    sleep = SleepLog()
    with StubLLMServer(sequence([rate_limited("anthropic", 3600)])) as server:
        agent = stub_agent("claude", server.url, db, sleep=sleep)
        with pytest.raises(ProviderUnavailable, match="429"):
            agent.try_extract(doc)
        assert server.calls == 1
    assert sleep.waits == []


def test_529_overloaded_and_500_are_retried(db, doc):
    replies = [overloaded(), server_error("anthropic"), anthropic_tool_reply(INVOICE.fields())]
    with StubLLMServer(sequence(replies)) as server:
        extraction = stub_agent("claude", server.url, db).try_extract(doc)
        assert server.calls == 3
    assert extraction.net_amount == Decimal("1000.00")


def test_persistent_500_gives_up_after_the_attempts_and_falls_back(db, doc):
    with StubLLMServer(sequence([server_error("anthropic")])) as server:
        agent = stub_agent("claude", server.url, db, max_attempts=3)
        with pytest.raises(ProviderUnavailable, match="HTTP 500 after 3"):
            agent.try_extract(doc)
        extraction = agent.extract(doc)
    assert extraction.agent == "label-reader"
    assert extraction.total_amount == Decimal("1190.00")
    assert any(f.startswith("fallback: llm-claude (HTTP 500") for f in extraction.flags)
    assert [r["outcome"] for r in calls(db)] == ["error", "error"]
    assert calls(db)[0]["attempts"] == 3


def test_timeouts_are_retried_then_reported(db, doc):
    slow = StubReply(200, {}, delay_s=2.0)
    with StubLLMServer(sequence([slow])) as server:
        agent = stub_agent("gpt", server.url, db, timeout_s=0.3, max_attempts=2)
        with pytest.raises(ProviderUnavailable, match="timed out after 2"):
            agent.try_extract(doc)
        assert server.calls == 2


def test_malformed_body_is_retried(db, doc):
    with StubLLMServer(sequence([malformed(), anthropic_tool_reply(INVOICE.fields())])) as server:
        extraction = stub_agent("claude", server.url, db).try_extract(doc)
        assert server.calls == 2
    assert extraction.issuer == INVOICE.issuer


def test_bad_key_is_final_and_not_retried(db, doc):
    with StubLLMServer(sequence([anthropic_error(401, "authentication_error")])) as server:
        with pytest.raises(ProviderRefused, match="HTTP 401"):
            stub_agent("claude", server.url, db).try_extract(doc)
        assert server.calls == 1


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"total_amount": "twelve hundred"}, "not a plain decimal"),
        ({"currency": "Euro"}, "currency"),
        ({"issue_date": "5th of March"}, "issue_date"),
        ({"doc_type": "receipt"}, "doc_type"),
    ],
)
def test_schema_breaking_answers_are_rejected_without_retry(db, doc, change, problem):
    fields = {**INVOICE.fields(), **change}
    with StubLLMServer(sequence([anthropic_tool_reply(fields)])) as server:
        agent = stub_agent("claude", server.url, db)
        with pytest.raises(OutputRejected, match=problem):
            agent.try_extract(doc)
        assert server.calls == 1
    [row] = calls(db)
    assert row["outcome"] == "rejected"
    assert row["cost"] > 0  # a rejected answer is still paid for


def test_missing_field_breaks_the_schema(db, doc):
    fields = {k: v for k, v in INVOICE.fields().items() if k != "invoice_number"}
    with (
        StubLLMServer(sequence([anthropic_tool_reply(fields)])) as server,
        pytest.raises(OutputRejected, match="invoice_number"),
    ):
        stub_agent("claude", server.url, db).try_extract(doc)


def test_gpt_uses_a_strict_json_schema_and_prices_cached_prompt_tokens(db, doc):
    reply = openai_chat_reply(INVOICE.fields(), prompt_tokens=1200, cached_tokens=1000)
    with StubLLMServer(sequence([reply])) as server:
        extraction = stub_agent("gpt", server.url, db).try_extract(doc)
        sent = server.requests[0]
    assert sent.path == "/v1/chat/completions"
    fmt = sent.body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["strict"] is True
    assert fmt["json_schema"]["schema"] == INVOICE_SCHEMA
    assert extraction.total_amount == Decimal("1190.00")
    [row] = calls(db)
    assert (row["input_tokens"], row["cached_tokens"]) == (200, 1000)
    # 200 * 0.40 + 1000 * 0.10 + 300 * 1.60, per million
    assert row["cost"] == Decimal("0.000660")


def test_gpt_answer_that_is_not_json_is_rejected(db, doc):
    with StubLLMServer(sequence([openai_chat_reply("Sure! The total is 1190.")])) as server:
        with pytest.raises(OutputRejected, match="not JSON"):
            stub_agent("gpt", server.url, db).try_extract(doc)
        assert server.calls == 1


def test_gpt_429_with_retry_after(db, doc):
    sleep = SleepLog()
    replies = [rate_limited("openai", 2), openai_chat_reply(INVOICE.fields())]
    with StubLLMServer(sequence(replies)) as server:
        stub_agent("gpt", server.url, db, sleep=sleep).try_extract(doc)
        assert server.calls == 2
    assert sleep.waits[0] >= 2.0


def test_local_model_needs_no_key_and_costs_nothing(db, doc):
    with StubLLMServer(sequence([openai_chat_reply(INVOICE.fields())])) as server:
        agent = stub_agent("local", server.url, db)
        assert agent.config.api_key is None and agent.decline_reason(doc) is None
        extraction = agent.try_extract(doc)
    assert extraction.agent == "llm-local"
    assert calls(db)[0]["cost"] == Decimal("0")


def test_server_errors_on_openai_wire(db, doc):
    replies = [openai_error(503, "unavailable"), openai_chat_reply(INVOICE.fields())]
    with StubLLMServer(sequence(replies)) as server:
        stub_agent("gpt", server.url, db).try_extract(doc)
        assert server.calls == 2


def test_the_key_never_reaches_the_database_or_repr(db, doc):
    with StubLLMServer(sequence([anthropic_tool_reply(INVOICE.fields())])) as server:
        agent = stub_agent("claude", server.url, db)
        agent.try_extract(doc)
        assert any(TEST_KEY in value for value in server.requests[0].headers.values())
    assert TEST_KEY not in repr(agent.config)
    for table in ("llm_calls", "llm_cache", "llm_provider_state"):
        dump = str(db.query(f"SELECT * FROM {table}"))
        assert TEST_KEY not in dump


def test_only_the_needed_text_is_sent_compacted(db, tmp_path):
    padded = StubInvoice("INV-PAD-1", extra_lines=("Terms:      net      30      days",))
    doc = load_document(padded.pdf(), "padded.pdf")
    with StubLLMServer(sequence([anthropic_tool_reply(padded.fields())])) as server:
        stub_agent("claude", server.url, db, max_chars=4000).try_extract(doc)
        sent = server.requests[0].body["messages"][0]["content"]
    assert "Terms: net 30 days" in sent
    assert "  " not in sent and "\n\n" not in sent
    assert sent.count(OPEN_TAG) == 1 and sent.rstrip().endswith(CLOSE_TAG)
    assert len(sent) < len(doc.text) + 200
    assert "Invoice number" not in SYSTEM_PROMPT


def test_a_paid_answer_and_its_cost_are_written_together_or_not_at_all(db, doc, monkeypatch):
    # Simulates a crash between the two writes (a SIGKILL cannot be aimed at that instant):
    # the cache insert fails, and the cost row must not be left behind without its answer,
    # or a rerun would pay for the same answer again.
    from core.store import llm_repo

    def crash(*args, **kwargs):
        raise RuntimeError("killed between the two writes")

    monkeypatch.setattr(llm_repo, "_insert_cached", crash)
    with StubLLMServer(sequence([anthropic_tool_reply(INVOICE.fields())])) as server:
        agent = stub_agent("claude", server.url, db)
        with pytest.raises(RuntimeError):
            agent.try_extract(doc)
    assert calls(db) == []
    assert db.scalar("SELECT count(*) FROM llm_cache") == 0
    monkeypatch.undo()
    with StubLLMServer(sequence([anthropic_tool_reply(INVOICE.fields())])) as server:
        stub_agent("claude", server.url, db).try_extract(doc)
    assert [r["outcome"] for r in calls(db)] == ["ok"]
    assert db.scalar("SELECT count(*) FROM llm_cache") == 1
