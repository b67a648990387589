"""A new user's path in a real browser: upload a PDF, see what was read, find it in the ledger."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

import pytest

from core.demo.generator import GeneratedDoc
from tests.e2e.conftest import SCREENSHOTS, RunningApp

pytestmark = pytest.mark.e2e

PAGES = {
    "": "Overview",
    "upload_review": "Upload & Review",
    "market": "Agent market",
    "anomalies": "Anomalies",
    "learning": "Learning",
    "ledger": "Ledger",
    "compliance": "Compliance",
}


def wait_idle(page) -> None:
    """Streamlit shows a running indicator while the script runs; wait until it is gone."""
    page.wait_for_selector("[data-testid='stApp']")
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000
    )
    page.wait_for_timeout(300)


def goto(page, app: RunningApp, path: str) -> None:
    page.goto(f"{app.url}/{path}")
    wait_idle(page)
    page.wait_for_selector("h1")


def test_upload_correct_approve_then_find_and_export_the_entry(
    app: RunningApp,
    page,
    pdf_docs: list[GeneratedDoc],
    tmp_path,
) -> None:
    """Issue 2 and 4's path: upload as a clerk, correct a field, approve as an approver,
    find the entry in the journal and the trial balance, export XLSX and Beancount."""
    doc = next(d for d in pdf_docs if d.truth["currency"] == "EUR" and d.truth["amount"] < 9000)
    goto(page, app, "upload_review")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(doc.path))
    # the button appears once the upload has reached the server; let that rerun settle
    page.get_by_role("button", name="Process files").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="Process files").click()
    wait_idle(page)
    page.get_by_text(re.compile(re.escape(doc.path.name) + r": read by")).wait_for()
    main = page.locator("[data-testid='stMain']")
    main.get_by_text("Journal entry").wait_for()
    page.get_by_text(re.compile(re.escape(doc.truth["invoice_number"]))).first.wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "upload_review.png"), full_page=True)

    # a clerk corrects the expense account: stored as a correction with who and when
    account = main.get_by_label("Expense account")
    account.fill("Expenses:Office")
    page.get_by_role("button", name="Save corrections").click()
    wait_idle(page)
    main.get_by_text("Corrections", exact=True).wait_for()
    assert "alex.clerk" in _grid_cells(page, "review_corrections")

    # the uploader may not approve: act as the approver
    _act_as(page, "blair.approver")
    page.get_by_role("button", name="Approve and post").click()
    wait_idle(page)
    page.get_by_text(re.compile(r"approved by blair.approver and posted")).wait_for()

    page.get_by_role("link", name="Ledger").click()
    wait_idle(page)
    page.get_by_role("heading", name="Ledger", exact=True).wait_for()
    journal = _grid_cells(page, "ledger_journal")
    assert doc.truth["invoice_number"] in journal
    assert "Expenses:Office" in journal and "Assets:VAT-Input" in journal
    page.get_by_role("tab", name="Trial balance").click()
    balance = _grid_cells(page, "ledger_tb")
    assert "Expenses:Office" in balance
    page.screenshot(path=str(SCREENSHOTS / "ledger_after_upload.png"), full_page=True)

    with page.expect_download() as xlsx_download:
        page.get_by_role("button", name="Ledger (XLSX)").click()
    xlsx_path = tmp_path / "ledger.xlsx"
    xlsx_download.value.save_as(xlsx_path)
    from openpyxl import load_workbook

    workbook = load_workbook(xlsx_path)
    cells = {str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row}
    assert "Expenses:Office" in cells

    with page.expect_download() as bean_download:
        page.get_by_role("button", name="Beancount file").click()
    bean_path = tmp_path / "ledger.beancount"
    bean_download.value.save_as(bean_path)
    from beancount import loader

    entries, errors, _ = loader.load_file(str(bean_path))
    assert not errors
    assert any(doc.truth["invoice_number"] in getattr(e, "narration", "") for e in entries)


def _act_as(page, user: str) -> None:
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_role("combobox", name="Acting as").click()
    page.get_by_role("option", name=re.compile(re.escape(user))).click()
    wait_idle(page)


def _grid_cells(page, key: str) -> list[str]:
    """The cells of the st.dataframe with this key: it draws on a canvas, but keeps an
    accessible grid whose cells hold the text."""
    cells = page.locator(f".st-key-{key} [role='gridcell']")
    cells.first.wait_for(state="attached")
    return cells.all_inner_texts()


def test_demo_fills_every_page_and_screenshots(demo_app: RunningApp, page) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path, title in PAGES.items():
        goto(page, demo_app, path)
        page.get_by_role("heading", name=title, exact=True).wait_for()
        assert page.locator("[data-testid='stException']").count() == 0, f"{title} raised"
        assert page.get_by_text("load the demo").count() == 0, f"{title} is still empty"
        name = path or "overview"
        page.wait_for_timeout(800)  # let charts draw before the picture
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000


def test_analyst_reviews_duplicates_and_the_weights_move(demo_app: RunningApp, page) -> None:
    """Issue 5: open the inbox, a duplicate's evidence, dismiss one, confirm another."""
    goto(page, demo_app, "anomalies")
    _act_as(page, "casey.analyst")
    main = page.locator("[data-testid='stMain']")
    main.get_by_role("combobox", name="Evidence for").click()
    page.get_by_role("option", name=re.compile("Duplicate invoice")).first.click()
    wait_idle(page)
    main.get_by_text("Related invoices, side by side").wait_for()
    related = _grid_cells(page, "anomaly_related")
    # one column per invoice, headed by its id; a duplicate's totals agree
    headers = page.locator(".st-key-anomaly_related [role='columnheader']").all_inner_texts()
    assert sum(bool(re.fullmatch(r"#\d+", h.strip())) for h in headers) == 2
    at = related.index("total_amount")
    assert related[at + 1] == related[at + 2] != ""

    page.get_by_role("tab", name="Detector weights").click()
    weights_before = _grid_cells(page, "anomaly_weights")
    page.get_by_role("tab", name="Inbox").click()
    for decision, button in (("dismissed", "Dismiss selected"), ("confirmed", "Confirm selected")):
        main.get_by_role("combobox", name=re.compile("Findings to act on")).click()
        page.get_by_role("option", name=re.compile(r"^#\d+")).first.click()  # not "select all"
        page.keyboard.press("Escape")
        # the choice reruns the page: a click on the button during that rerun can be lost
        wait_idle(page)
        main.get_by_role("button", name=button).click()
        wait_idle(page)
        page.get_by_text(f"1 finding(s) {decision} by casey.analyst.").wait_for()
    page.get_by_role("tab", name="Detector weights").click()
    weights_after = _grid_cells(page, "anomaly_weights")
    assert weights_after != weights_before
    assert page.locator(".st-key-weights_history, [data-testid='stPlotlyChart']").count() >= 1
    page.screenshot(path=str(SCREENSHOTS / "anomalies_after_review.png"), full_page=True)


def test_market_auctions_and_learning_curve_after_the_demo(demo_app: RunningApp, page) -> None:
    """Issue 6: the demo's auctions on the Market page, a self-improvement curve on Learning."""
    goto(page, demo_app, "market")
    auctions = _grid_cells(page, "market_auctions")
    assert "label-reader" in auctions and any(c in ("bid", "decline") for c in auctions)
    page.locator("[data-testid='stPlotlyChart']").nth(1).wait_for()
    goto(page, demo_app, "learning")
    page.get_by_text("Spawned and retired agents").wait_for()
    page.locator("[data-testid='stPlotlyChart']").nth(2).wait_for()  # charts draw after text
    events = _grid_cells(page, "learning_events")
    assert "spawn" in " ".join(events)


def test_analyst_screens_a_ledger_exported_from_another_system(
    demo_app: RunningApp, page, tmp_path
) -> None:
    """Issue 5's import: a dollar ledger saved by Excel (Windows-1252), one malformed row."""
    from datetime import date, timedelta

    from core.services import anomaly_review

    lines = ["Vendor Name;Invoice No.;Invoice Date;Amount;Currency"]
    day = date(2024, 1, 2)
    for k in range(80):
        day += timedelta(days=1 if day.weekday() < 4 else 3)
        lines.append(f"Café Müller;CM-{k};{day};{300 + 7 * k}.40;USD")
    lines.append("Café Müller;CM-5;2024-01-10;335.40;USD")  # the same invoice again
    lines.append("Café Müller;CM-999;28.11.2024;120.00;USD")  # not an ISO date
    data = ("\r\n".join(lines) + "\r\n").encode("cp1252")
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    parsed = anomaly_review.read_import(data)
    expected = anomaly_review.screen_import(parsed, anomaly_review.guess_mapping(parsed.headers))

    goto(page, demo_app, "anomalies")
    page.get_by_role("tab", name="Screen a ledger (CSV)").click()
    uploader = page.locator("[data-testid='stFileUploader'] input[type='file']").last
    # a file name is data: markdown in it is shown as written, never a link or an image
    hostile = tmp_path / "![x](http:evil.example)[pay](www.evil.example).csv"
    hostile.write_bytes(b"\x00\x01 binary")
    uploader.set_input_files(str(hostile))
    alert = page.locator("[data-testid='stAlert']").filter(has_text="binary data")
    alert.wait_for()
    assert hostile.name in alert.inner_text().replace("\u200b", "")
    assert alert.locator("a, img").count() == 0
    uploader.set_input_files(str(path))
    page.get_by_role("button", name="Screen this ledger").click()
    wait_idle(page)
    page.get_by_text(f"81 of 82 rows screened, {len(expected.findings)} finding(s).").wait_for()
    page.get_by_text("applied in USD (the ledger's main currency)").wait_for()
    page.get_by_text("File read as Windows-1252").wait_for()
    page.get_by_text("check that it suits amounts in USD").wait_for()
    page.get_by_text("export.csv: row 82: invoice_date '28.11.2024' is not an ISO date").wait_for()
    page.get_by_text(re.compile(r"Kept in the inbox as import #\d+")).wait_for()
    assert any(d.detector == "duplicate" and d.invoice_id == 81 for d in expected.findings)
    # the findings name their invoices, and leave the browser as the table shows them
    with page.expect_download() as download:
        page.get_by_role("button", name="Download these findings (CSV)").click()
    exported = list(csv.DictReader(io.StringIO(download.value.path().read_text("utf-8-sig"))))
    assert len(exported) == len(expected.findings)
    copy = next(r for r in exported if r["row"] == "81" and r["detector"] == "duplicate")
    assert (copy["vendor"], copy["invoice_number"], copy["currency"]) == (
        "Café Müller",
        "CM-5",
        "USD",
    )
    # The analyst sets this ledger's own limit in its currency: the limit test follows it.
    mine = anomaly_review.screen_import(
        parsed, anomaly_review.guess_mapping(parsed.headers), None, "usd", Decimal("800")
    )
    limited = {d.invoice_id for d in mine.findings if d.detector == "below_limit"}
    assert limited and not any(d.detector == "below_limit" for d in expected.findings)
    currency = page.get_by_role("textbox", name="Currency of the limit")
    limit = page.get_by_role("spinbutton", name="Approval limit for this ledger")
    screen = page.get_by_role("button", name="Screen this ledger")
    # naming the currency alone makes the prefilled limit this ledger's own: no warning
    currency.fill("usd")
    currency.press("Enter")
    wait_idle(page)
    screen.click()
    wait_idle(page)
    page.get_by_text(
        "Approval limit 10,000.00 and amount tests applied in USD (as given)"
    ).wait_for()
    assert page.get_by_text("check that it suits amounts in USD").count() == 0
    # the same reading as the first screening: kept once
    page.get_by_text(re.compile(r"This file, screened this way, was kept before")).wait_for()
    limit.fill("-5")
    currency.click()
    wait_idle(page)
    screen.click()
    wait_idle(page)
    page.get_by_text("The approval limit must be an amount from 0.01").wait_for()
    limit.fill("800")
    currency.click()
    wait_idle(page)
    screen.click()
    wait_idle(page)
    page.get_by_text(f"81 of 82 rows screened, {len(mine.findings)} finding(s).").wait_for()
    page.get_by_text("Approval limit 800.00 and amount tests applied in USD (as given)").wait_for()
    assert page.get_by_text("check that it suits amounts in USD").count() == 0
    # read another way (a limit of its own), the file is kept again, as another import
    page.get_by_text(re.compile(r"Kept in the inbox as import #\d+")).wait_for()

    # Kept once, however often screened: the analyst reviews its findings in the inbox.
    page.get_by_role("tab", name="Inbox").click()
    main = page.locator("[data-testid='stMain']")
    main.get_by_role("combobox", name="Source").click()
    page.get_by_role("option", name=re.compile(r"^export\.csv \(import #\d+\)")).first.click()
    wait_idle(page)
    main.get_by_role("combobox", name="Evidence for").click()
    page.get_by_role("option", name=re.compile("Duplicate invoice")).first.click()
    wait_idle(page)
    main.get_by_text("From the imported ledger export.csv, row 81.").wait_for()
    headers = page.locator(".st-key-anomaly_related [role='columnheader']").all_inner_texts()
    assert [h.strip() for h in headers if h.strip().startswith("row")] == ["row 6", "row 81"]
    main.get_by_role("combobox", name=re.compile("Findings to act on")).click()
    page.get_by_role("option", name=re.compile(r"^#\d+ · Duplicate invoice")).first.click()
    page.keyboard.press("Escape")
    wait_idle(page)  # the choice's rerun, before the button
    main.get_by_role("button", name="Dismiss selected").click()
    wait_idle(page)
    page.get_by_text(re.compile(r"^1 finding\(s\) dismissed by ")).wait_for()
