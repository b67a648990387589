"""A new user's path in a real browser: upload a PDF, see what was read, find it in the ledger."""

from __future__ import annotations

import re

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


def wait_idle(page) -> None:  # noqa: ANN001 - playwright Page
    """Streamlit shows a running indicator while the script runs; wait until it is gone."""
    page.wait_for_selector("[data-testid='stApp']")
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000
    )
    page.wait_for_timeout(300)


def goto(page, app: RunningApp, path: str) -> None:  # noqa: ANN001
    page.goto(f"{app.url}/{path}")
    wait_idle(page)
    page.wait_for_selector("h1")


def test_upload_a_pdf_and_find_its_entry_in_the_ledger(
    app: RunningApp, page, pdf_docs: list[GeneratedDoc]  # noqa: ANN001
) -> None:
    doc = pdf_docs[0]
    goto(page, app, "upload_review")
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(
        str(doc.path)
    )
    page.get_by_role("button", name="Process files").click()
    wait_idle(page)
    page.get_by_text(re.compile(re.escape(doc.path.name) + r": read by")).wait_for()
    body = page.locator("[data-testid='stMain']")
    body.get_by_text("Journal entry").wait_for()
    # the extracted invoice number is shown in the review grid (canvas) and in the select box
    page.get_by_text(re.compile(re.escape(doc.truth["invoice_number"]))).first.wait_for()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "upload_review.png"), full_page=True)

    page.get_by_role("link", name="Ledger").click()
    wait_idle(page)
    page.get_by_role("heading", name="Ledger", exact=True).wait_for()
    page.get_by_text("Trial balance").wait_for()
    grids = page.locator("[data-testid='stDataFrame']")
    grids.nth(1).wait_for()
    assert grids.count() == 2
    journal = _grid_cells(page, 0)
    assert f"Invoice {doc.truth['invoice_number']} from {doc.truth['issuer']}" in journal
    assert "Assets:VAT-Input" in journal
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "ledger_after_upload.png"), full_page=True)


def _grid_cells(page, index: int) -> list[str]:  # noqa: ANN001
    """The cells of a st.dataframe: it draws on a canvas, but keeps an accessible grid."""
    grid = page.locator("[data-testid='stDataFrame']").nth(index)
    grid.locator("[role='gridcell']").first.wait_for(state="attached")
    return grid.locator("[role='gridcell']").all_inner_texts()


def test_demo_then_screenshot_every_page(app: RunningApp, page) -> None:  # noqa: ANN001
    goto(page, app, "")
    page.get_by_text("load the demo").first.wait_for()
    page.get_by_role("button", name="Load demo data").click()
    # the demo reruns the page when it is done: the overview's figures replace the empty state
    page.locator("[data-testid='stMetric']").first.wait_for(timeout=240_000)
    wait_idle(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path, title in PAGES.items():
        goto(page, app, path)
        page.get_by_role("heading", name=title, exact=True).wait_for()
        assert page.locator("[data-testid='stException']").count() == 0, f"{title} raised"
        assert page.get_by_text("load the demo").count() == 0, f"{title} is still empty"
        name = path or "overview"
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 10_000
