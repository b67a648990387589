"""Upload & Review: drop invoices in, check what was read beside the page, correct, approve."""

import pandas as pd
import streamlit as st

from core.compliance.rules import Refused
from core.config import LIMITS
from core.documents import SUPPORTED_EXTENSIONS
from core.services import (
    REFUSED,
    SKIPPED,
    FileProgress,
    accounting,
    ingest_uploads,
    review,
    views,
)
from ui.markdown import plain
from ui.state import current_user, db
from ui.tables import show, show_fields
from ui.widgets import demo_button, finish_demo

LABELS = {
    "issuer": "Issuer", "issuer_vat_id": "VAT id", "invoice_number": "Invoice number",
    "issue_date": "Issue date", "due_date": "Due date", "currency": "Currency",
    "net_amount": "Net", "tax_amount": "Tax", "total_amount": "Total", "iban": "IBAN",
    "doc_type": "Type", "expense_account": "Expense account",
}  # fmt: skip

st.title("Upload & Review")
database = db()
user = current_user()

uploaded = st.file_uploader(
    "Invoices (PDF, XLSX, CSV, e-invoice XML)",
    type=[ext.lstrip(".") for ext in SUPPORTED_EXTENSIONS],
    accept_multiple_files=True,
    help=f"Up to {LIMITS.max_file_bytes // 1_048_576} MB per file.",
)
if uploaded and st.button("Process files", type="primary", icon=":material/bolt:"):
    files = [(f.name, f.getvalue()) for f in uploaded]
    bar = st.progress(0.0, text=f"0 of {len(files)} files")
    states = st.empty()
    latest: dict[str, str] = {}

    def progress(event: FileProgress) -> None:
        latest[event.name] = event.state
        bar.progress(event.done / event.total, text=f"{event.done} of {event.total} files")
        states.caption(plain(" · ".join(f"{name}: {state}" for name, state in latest.items())))

    st.session_state["last_batch"] = ingest_uploads(database, files, user, progress)
    bar.empty()
    states.empty()

for result in st.session_state.get("last_batch", []):
    if result.status == REFUSED:
        st.error(plain(result.message), icon=":material/block:")
    elif result.status == SKIPPED:
        st.warning(plain(result.message), icon=":material/content_copy:")
    else:
        st.success(plain(result.message), icon=":material/check_circle:")
    for note in result.notes:
        st.caption(plain(f"{result.filename}: {note}"))

table = views.invoices(database)
if not len(table):
    st.info("Nothing uploaded yet. Drop invoice files above, or load the demo.")
    demo_button(database, key="demo_upload")
    st.stop()
finish_demo(database, key="demo_finish_upload")

st.subheader("Review")
queue_only = st.toggle("Only invoices awaiting review", value=False, key="review_queue_only")
rows = table[table["status"] == "extracted"] if queue_only else table
if not len(rows):
    st.success("Nothing awaits review.")
    st.stop()
labels = {
    int(row.id): f"#{row.id} · {row.issuer or '?'} · {row.invoice_number or '?'} · "
    f"{row.total_amount} {row.currency or ''} · {row.status}"
    for row in rows.itertuples()
}
invoice_id = st.selectbox("Invoice", list(labels), format_func=labels.get, key="review_invoice")
item = accounting.review_item(database, invoice_id)
if item is None:
    st.stop()
invoice = item.invoice
left, right = st.columns([3, 2])
with left:
    image = views.page_image(database, invoice["document_sha256"])
    if image:
        st.image(image, caption=plain(invoice["filename"]))
    else:
        st.caption(plain(f"{invoice['filename']} ({invoice['kind']}): no page image for this kind"))
with right:
    st.markdown(
        f"**Read by** `{invoice['agent']}` · validation score "
        f"**{invoice['validation_score']:.2f}** · status **{invoice['status']}**"
    )
    fields = pd.DataFrame(
        {
            "field": [LABELS.get(f.name, f.name) for f in item.fields],
            "value": ["" if f.value is None else str(f.value) for f in item.fields],
            "confidence": [f.confidence for f in item.fields],
            "corrected": [f.corrected for f in item.fields],
        }
    )
    show_fields(fields, key="review_fields")
    editable = invoice["status"] in ("extracted", "approved")
    with st.form("correct_form", border=True):
        st.markdown("**Correct fields** (what you change is stored as a correction, with you "
                    "and the time)")  # fmt: skip
        edits = {}
        cols = st.columns(2)
        for i, f in enumerate(item.fields):
            current = "" if f.value is None else str(f.value)
            edits[f.name] = cols[i % 2].text_input(
                LABELS.get(f.name, f.name), current, key=f"edit_{invoice_id}_{f.name}",
                disabled=not editable,
            )  # fmt: skip
        reason = st.text_input("Reason (needed when the arithmetic no longer adds up)")
        saved = st.form_submit_button("Save corrections", disabled=not editable)
    if saved:
        changes = {
            name: value
            for name, value in edits.items()
            if value != ("" if invoice.get(name) is None else str(invoice.get(name)))
        }
        if not changes:
            st.info("No field changed.")
        else:
            try:
                outcome = accounting.correct(database, invoice_id, changes, user, reason or None)
                st.success(
                    f"Saved {len(outcome.changed)} correction(s); validation score "
                    f"{outcome.score_before:.2f} → {outcome.score_after:.2f}."
                )
                st.rerun()
            except Refused as refusal:
                st.error(plain(refusal), icon=":material/block:")

    approve_col, reject_col = st.columns(2)
    awaiting = invoice["status"] == "extracted"
    if approve_col.button("Approve and post", type="primary", disabled=not awaiting):
        try:
            result = review.approve(database, invoice_id, user)
            st.session_state["review_message"] = f"Invoice #{invoice_id} approved by {user}" + (
                " and posted to the ledger." if result.posted else "."
            )
            st.rerun()
        except Refused as refusal:
            st.error(plain(refusal), icon=":material/block:")
    with reject_col.popover("Reject", disabled=not awaiting):
        why = st.text_input("Why is it rejected?", key=f"reject_reason_{invoice_id}")
        if st.button("Confirm rejection", disabled=not why):
            try:
                accounting.reject(database, invoice_id, user, why)
                st.rerun()
            except Refused as refusal:
                st.error(plain(refusal), icon=":material/block:")
    if message := st.session_state.pop("review_message", None):
        st.success(plain(message))

    st.markdown("**Journal entry**")
    show(item.entry, key="review_entry")
    if len(item.findings):
        st.markdown("**Findings**")
        show(item.findings, key="review_findings")
    if len(item.corrections):
        st.markdown("**Corrections**")
        who_first = ["field", "old_value", "new_value", "corrected_by", "corrected_at", "reason"]
        show(item.corrections[who_first], key="review_corrections")
    with st.expander("History (audit trail)"):
        show(item.history, key="review_history")

refused = views.refusals(database)
if len(refused):
    with st.expander(f"Refused files ({len(refused)})"):
        show(refused, key="refused_files")
