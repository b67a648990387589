"""Widgets more than one page uses."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from core.compliance.rules import Refused
from core.services import load_demo
from core.services.demo import demo_unfinished
from core.services.views import is_empty
from core.store import Database
from ui.markdown import plain

DEMO_INVOICES = 120


def demo_button(db: Database, key: str, label: str = "Load demo data") -> None:
    """Generate demo invoice files and run them through the real pipeline, with progress."""
    if not st.button(label, key=key, type="primary", icon=":material/play_arrow:"):
        return
    bar = st.progress(0.0, text="Generating demo invoices…")

    def progress(done: int, total: int, result: object) -> None:
        bar.progress(done / total, text=f"Processed {done} of {total} files")

    summary = load_demo(db, DEMO_INVOICES, on_result=progress)
    bar.empty()
    st.success(
        f"Demo loaded: {summary.stored} invoices stored from {summary.files} files "
        f"({summary.skipped} already present, {summary.refused} refused), "
        f"{summary.findings} new findings, {summary.posted} posted to the ledger."
    )
    st.rerun()


def finish_demo(db: Database, key: str) -> None:
    """Offer to finish a demo load that was interrupted; files already stored are skipped."""
    if demo_unfinished(db):
        st.warning(
            "The demo stopped before all its invoices were read (the page was left while it "
            "loaded). Load it again to finish: invoices already stored are skipped.",
            icon=":material/pending:",
        )
        demo_button(db, key=key, label="Finish loading the demo")


def empty_state(db: Database, what: str, key: str) -> bool:
    """Show how to get data when there is none; True when the page has nothing to show."""
    if not is_empty(db):
        return False
    st.info(
        f"No {what} yet. Upload invoices on the **Upload & Review** page, or load the demo: "
        f"it writes {DEMO_INVOICES} realistic invoices (PDF and Excel, 17 vendors, 7 locales, "
        "5 layouts, with seeded anomalies), runs them through the real pipeline week by week, "
        "and has a demo clerk correct misreads and an approver post most of them.",
        icon=":material/info:",
    )
    demo_button(db, key=key)
    return True


def apply_change(
    change: Callable[[], object],
    refusals: tuple[type[Exception], ...] = (Refused, ValueError),
    prefix: str = "",
) -> None:
    """Make a change the user asked for and show the page again with it; a refusal (a control,
    a bad value) is shown on the page instead."""
    try:
        change()
    except refusals as exc:
        st.error(f"{prefix}{plain(exc)}")
        return
    st.rerun()
