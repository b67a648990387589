"""Every page through Streamlit's AppTest, on a real temporary database."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from core.demo.generator import GeneratedDoc, generate_corpus
from core.services import Pipeline, accounting, anomaly_review, rescan
from core.services.demo import DEMO_USER
from core.store import Database
from ui.widgets import DEMO_INVOICES

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "app_pages/overview.py": "Overview",
    "app_pages/upload_review.py": "Upload & Review",
    "app_pages/market.py": "Agent market",
    "app_pages/anomalies.py": "Anomalies",
    "app_pages/learning.py": "Learning",
    "app_pages/ledger.py": "Ledger",
    "app_pages/compliance.py": "Compliance",
}


def shown(element: Any) -> str:
    """What the page shows of a message: its markdown source with data escaped (ui.markdown)."""
    return re.sub(r"\\(.)", r"\1", element.value).replace("\u200b", "")


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.fixture
def filled(db: Database, pdf_docs: list[GeneratedDoc]) -> Database:
    """Eight generated invoices ingested by a clerk, rates set, all approved by an approver."""
    pipeline = Pipeline(db)
    ids = [
        pipeline.ingest_bytes(doc.path.read_bytes(), doc.path.name, "alex.clerk").invoice_id
        for doc in pdf_docs[:8]
    ]
    rescan(db)
    for currency, rate in {"USD": "0.92", "GBP": "1.17", "CHF": "1.05"}.items():
        accounting.set_rate(db, currency, date(2025, 1, 1), Decimal(rate), "dana.admin")
    accounting.approve_many(db, [i for i in ids if i], "dana.admin")
    assert db.scalar("SELECT count(*) FROM journal_entries WHERE status = 'posted'") >= 6
    return db


@pytest.mark.parametrize("page", [p for p in PAGES if p != "app_pages/upload_review.py"])
def test_empty_database_offers_the_demo(db: Database, page: str) -> None:
    at = open_page(page)
    assert at.title[0].value == PAGES[page]
    assert any("load the demo" in i.value for i in at.info)
    assert any(b.label == "Load demo data" for b in at.button)


@pytest.mark.parametrize("page", list(PAGES))
def test_pages_show_stored_data(filled: Database, page: str) -> None:
    at = open_page(page)
    assert at.title[0].value == PAGES[page]
    assert not at.info or not any("load the demo" in i.value for i in at.info)
    assert at.dataframe or at.metric, "a populated page shows tables or figures"


def test_overview_counts_match_the_store(filled: Database) -> None:
    at = open_page("app_pages/overview.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Invoices"] == str(filled.scalar("SELECT count(*) FROM invoices"))
    assert metrics["Vendors"] == str(filled.scalar("SELECT count(DISTINCT issuer) FROM invoices"))


def test_ledger_trial_balance_sums_to_zero(filled: Database) -> None:
    at = open_page("app_pages/ledger.py")
    journal, balance = at.dataframe[0].value, at.dataframe[1].value
    assert journal["entry"].nunique() == filled.scalar(
        "SELECT count(*) FROM journal_entries WHERE status = 'posted'"
    )
    assert len(balance) >= 3
    assert abs(balance["balance"].astype(float).sum()) < 1e-6
    assert {b.label for b in at.get("download_button")} >= {"Ledger (XLSX)", "Beancount file"}


def test_upload_stores_good_files_and_names_the_bad_one(
    db: Database, pdf_docs: list[GeneratedDoc]
) -> None:
    at = open_page("app_pages/upload_review.py")
    good = pdf_docs[3]
    at.file_uploader[0].set_value(
        [
            (good.path.name, good.path.read_bytes(), "application/pdf"),
            ("broken.pdf", b"plain text, no PDF inside", "application/pdf"),
        ]
    )
    at.run()
    process = next(b for b in at.button if b.label == "Process files")
    process.click().run()
    assert not at.exception
    assert any(good.path.name in shown(s) for s in at.success)
    assert any("broken.pdf" in shown(e) and "not a PDF" in shown(e) for e in at.error)
    assert db.scalar("SELECT count(*) FROM invoices") == 1
    # the review panel shows the invoice's fields and its journal entry
    values = at.dataframe[0].value
    assert good.truth["invoice_number"] in set(values["value"])


def test_demo_button_fills_the_dashboard(db: Database) -> None:
    at = open_page("app_pages/overview.py")
    next(b for b in at.button if b.label == "Load demo data").click().run()
    assert not at.exception
    assert db.scalar("SELECT count(*) FROM invoices") >= 60
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Invoices"]) >= 60
    assert not any(b.label == "Finish loading the demo" for b in at.button)


def test_an_interrupted_demo_is_offered_again_and_finishes(db: Database, tmp_path: Path) -> None:
    # the browser left the page after the first files: they are stored, the rest never came
    first = generate_corpus(tmp_path, DEMO_INVOICES, seed=7)[:10]
    pipeline = Pipeline(db)
    for doc in first:
        pipeline.ingest_bytes(doc.path.read_bytes(), doc.path.name, DEMO_USER)
    before = db.scalar("SELECT count(*) FROM invoices")
    at = open_page("app_pages/overview.py")
    finish = next(b for b in at.button if b.label == "Finish loading the demo")
    finish.click().run()
    assert not at.exception
    assert db.scalar("SELECT count(*) FROM invoices") >= before + 50
    assert db.scalar("SELECT count(*) FROM audit_log WHERE action = 'demo_loaded'") == 1
    at.run()
    assert not any(b.label == "Finish loading the demo" for b in at.button)


def test_a_database_with_real_invoices_is_never_offered_the_demo(filled: Database) -> None:
    for page in ("app_pages/overview.py", "app_pages/upload_review.py"):
        at = open_page(page)
        assert not any("demo" in b.label.lower() for b in at.button)


def test_without_keys_the_llm_providers_show_as_not_configured(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "LEDGERLOOP_LOCAL_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    at = open_page("app_pages/market.py")
    panel = next(df.value for df in at.dataframe if "provider" in df.value.columns)
    assert list(panel["provider"]) == ["Claude", "GPT", "Local model"]
    assert set(panel["state"]) == {"not configured"}
    assert all(hint for hint in panel["how to enable"])


def test_an_admin_adds_an_account_and_maps_a_vendor_on_the_ledger_page(filled: Database) -> None:
    at = open_page("app_pages/ledger.py")
    at.sidebar.selectbox(key="acting_as").set_value("dana.admin").run()
    at.text_input[3].input("Expenses:IT:Cloud")
    at.text_input[4].input("Cloud hosting")
    next(b for b in at.button if b.label == "Add account").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    chart = accounting.chart(filled)
    assert chart.set_index("account").loc["Expenses:IT:Cloud", "description"] == "Cloud hosting"

    vendor = filled.scalar("SELECT issuer FROM invoices ORDER BY id LIMIT 1")
    at.text_input[5].input(vendor)
    at.text_input[6].input("Expenses:IT:Cloud")
    next(b for b in at.button if b.label == "Map vendor").click().run()
    assert not at.error, [e.value for e in at.error]
    assert accounting.suggest_account(filled, vendor).account == "Expenses:IT:Cloud"


def test_compliance_forms_save_a_rate_refuse_a_bad_one_and_close_a_period(
    filled: Database,
) -> None:
    at = open_page("app_pages/compliance.py")
    at.sidebar.selectbox(key="acting_as").set_value("dana.admin").run()
    currency = next(t for t in at.text_input if t.label == "Currency")
    rate = next(t for t in at.text_input if t.label.startswith("Rate"))
    currency.input("JPY")
    rate.input("not a number")
    next(b for b in at.button if b.label == "Save rate").click().run()
    assert any(e.value.startswith("Rate not saved:") for e in at.error)
    assert not (accounting.rates(filled)["currency"] == "JPY").any()

    next(t for t in at.text_input if t.label.startswith("Rate")).input("0.0062")
    next(b for b in at.button if b.label == "Save rate").click().run()
    assert not at.error, [e.value for e in at.error]
    assert (accounting.rates(filled)["currency"] == "JPY").any()

    next(t for t in at.text_input if t.label.startswith("Period")).input("2024-01")
    next(b for b in at.button if b.label == "Close period").click().run()
    assert not at.error, [e.value for e in at.error]
    periods = accounting.periods(filled)
    assert "2024-01" in set(periods.iloc[:, 0].astype(str))


def test_the_approval_limit_form_saves_a_limit_and_refuses_one_out_of_range(
    filled: Database,
) -> None:
    at = open_page("app_pages/anomalies.py")
    limit = next(n for n in at.number_input if n.label.startswith("Approval limit"))
    limit.set_value(0.0)
    next(b for b in at.button if b.label == "Save and rescreen").click().run()
    assert any("must be an amount from 0.01" in shown(e) for e in at.error)
    assert anomaly_review.settings(filled)["approval_limit"] == Decimal("10000")

    limit = next(n for n in at.number_input if n.label.startswith("Approval limit"))
    limit.set_value(2500.0)
    next(b for b in at.button if b.label == "Save and rescreen").click().run()
    assert not at.error, [e.value for e in at.error]
    assert anomaly_review.settings(filled)["approval_limit"] == Decimal("2500.0")


def test_the_settings_form_keeps_extra_bank_holidays_and_refuses_a_date_it_cannot_read(
    filled: Database,
) -> None:
    at = open_page("app_pages/anomalies.py")
    next(i for i in at.text_input if i.label == "Extra bank holidays").set_value("2025-08-4")
    next(b for b in at.button if b.label == "Save and rescreen").click().run()
    assert any("'2025-08-4' is not a date (YYYY-MM-DD)" in shown(e) for e in at.error)
    assert anomaly_review.settings(filled)["extra_holidays"] == ()

    days = next(i for i in at.text_input if i.label == "Extra bank holidays")
    days.set_value("2025-11-11, 2025-08-04")
    next(b for b in at.button if b.label == "Save and rescreen").click().run()
    assert not at.error, [e.value for e in at.error]
    saved = anomaly_review.settings(filled)["extra_holidays"]
    assert saved == (date(2025, 8, 4), date(2025, 11, 11))
    assert next(i for i in at.text_input if i.label == "Extra bank holidays").value == (
        "2025-08-04, 2025-11-11"
    )


def test_a_ledger_kept_for_review_fills_the_inbox_without_uploaded_invoices(db: Database) -> None:
    lines = ["vendor,invoice_number,invoice_date,total_amount"]
    lines += [f"Acme,A-{k},2024-03-{4 + k:02d},{200 + 3 * k}.40" for k in range(20)]
    lines.append("Acme,A-3,2024-03-20,209.40")  # row 21: A-3 again
    data = "\n".join(lines).encode()
    parsed = anomaly_review.read_import(data)
    anomaly_review.screen_import(
        parsed,
        anomaly_review.guess_mapping(parsed.headers),
        keep=anomaly_review.KeepImport(db, "acme.csv", data, "casey.analyst"),
    )
    at = open_page("app_pages/anomalies.py")
    assert not any("load the demo" in i.value for i in at.info)
    source = next(s for s in at.selectbox if s.label == "Source")
    assert "acme.csv (import #1)" in source.options
    inbox = at.dataframe[0].value
    assert set(inbox["source"]) == {"acme.csv"} and 21 in set(inbox["row"])
