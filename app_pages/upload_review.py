"""Upload & Review: drop invoices in, see what each agent read and the entry it makes."""

import streamlit as st

from core.config import LIMITS
from core.documents import SUPPORTED_EXTENSIONS
from core.services import REFUSED, SKIPPED, ingest_uploads, views
from ui.state import current_user, db
from ui.widgets import demo_button

st.title("Upload & Review")
database = db()

uploaded = st.file_uploader(
    "Invoices (PDF, XLSX, CSV, e-invoice XML)",
    type=[ext.lstrip(".") for ext in SUPPORTED_EXTENSIONS],
    accept_multiple_files=True,
    help=f"Up to {LIMITS.max_file_bytes // 1_048_576} MB per file.",
)
if uploaded and st.button("Process files", type="primary", icon=":material/bolt:"):
    bar = st.progress(0.0)
    files = [(f.name, f.getvalue()) for f in uploaded]
    done: list[object] = []

    def progress(result: object) -> None:
        done.append(result)
        bar.progress(len(done) / len(files), text=f"{len(done)} of {len(files)} files")

    st.session_state["last_batch"] = ingest_uploads(database, files, current_user(), progress)
    bar.empty()

for result in st.session_state.get("last_batch", []):
    if result.status == REFUSED:
        st.error(result.message, icon=":material/block:")
    elif result.status == SKIPPED:
        st.warning(result.message, icon=":material/content_copy:")
    else:
        st.success(result.message, icon=":material/check_circle:")

table = views.invoices(database)
if not len(table):
    st.info("Nothing uploaded yet. Drop invoice files above, or load the demo.")
    demo_button(database, key="demo_upload")
    st.stop()

st.subheader("Review")
labels = {
    int(row.id): f"#{row.id} · {row.issuer or '?'} · {row.invoice_number or '?'} · "
    f"{row.total_amount} {row.currency or ''} · {row.status}"
    for row in table.itertuples()
}
invoice_id = st.selectbox("Invoice", list(labels), format_func=labels.get, key="review_invoice")
detail = views.invoice_detail(database, invoice_id)
if detail:
    left, right = st.columns([3, 2])
    with left:
        image = views.page_image(database, detail["document_sha256"])
        if image:
            st.image(image, caption=detail["filename"])
        else:
            st.caption(f"{detail['filename']} ({detail['kind']}): no page image for this kind")
    with right:
        st.markdown(
            f"**Read by** `{detail['agent']}` · validation score "
            f"**{detail['validation_score']:.2f}**"
        )
        confidence = detail["confidence"]
        fields = [
            ("Issuer", "issuer"),
            ("VAT id", "issuer_vat_id"),
            ("Invoice number", "invoice_number"),
            ("Issue date", "issue_date"),
            ("Due date", "due_date"),
            ("Currency", "currency"),
            ("Net", "net_amount"),
            ("Tax", "tax_amount"),
            ("Total", "total_amount"),
            ("IBAN", "iban"),
            ("Type", "doc_type"),
        ]
        st.dataframe(
            [
                {
                    "field": label,
                    "value": "" if detail[key] is None else str(detail[key]),
                    "confidence": confidence.get(key),
                }
                for label, key in fields
            ],
            hide_index=True,
            column_config={
                "confidence": st.column_config.ProgressColumn(
                    "confidence", min_value=0.0, max_value=1.0, format="%.2f"
                )
            },
        )
        st.markdown("**Journal entry**")
        st.dataframe(views.invoice_entry(database, invoice_id), hide_index=True)
        found = views.invoice_findings(database, invoice_id)
        if len(found):
            st.markdown("**Findings**")
            st.dataframe(found, hide_index=True)

refused = views.refusals(database)
if len(refused):
    with st.expander(f"Refused files ({len(refused)})"):
        st.dataframe(refused, hide_index=True)
