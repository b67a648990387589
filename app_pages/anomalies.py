"""Anomalies: an inbox for analysts, riskiest first, with the evidence behind each finding."""

from datetime import date
from decimal import Decimal

import plotly.express as px
import streamlit as st

from core.anomalies.detectors import DETECTOR_NAMES
from core.anomalies.ledger_import import LedgerImportError
from core.services import anomaly_review, views
from core.services.exports import inert
from ui.charts import benford_figure, benford_verdict
from ui.markdown import plain
from ui.state import current_user, db
from ui.tables import show, show_side_by_side
from ui.widgets import apply_change, empty_state

st.title("Anomalies")
database = db()
user = current_user()
tab_inbox, tab_benford, tab_weights, tab_import = st.tabs(
    ["Inbox", "Benford", "Detector weights", "Screen a ledger (CSV)"]
)

with tab_inbox:
    kept = anomaly_review.imports(database)
    # a screened ledger kept for review fills the inbox even where no invoice was uploaded
    if not (kept.empty and empty_state(database, "findings", key="demo_anomalies")):
        f1, f2, f3, f4, f5 = st.columns([3, 2, 1, 2, 2])
        detectors = f1.multiselect(
            "Detector", list(DETECTOR_NAMES), format_func=DETECTOR_NAMES.get, key="anom_det"
        )
        vendor = f2.text_input("Vendor contains", key="anom_vendor")
        status = f3.selectbox("Status", ["open", "confirmed", "dismissed", "all"], key="anom_st")
        dates = f4.date_input("Invoice dates", value=(), key="anom_dates")
        date_from, date_to = (*tuple(dates), None, None)[:2] if dates else (None, None)
        sources: dict[int | str | None, str] = {
            None: "all", anomaly_review.INVOICES: anomaly_review.INVOICES,
            **{int(k.id): f"{k.file_name} (import #{k.id})" for k in kept.itertuples()},
        }  # fmt: skip
        source = f5.selectbox("Source", list(sources), format_func=sources.get, key="anom_src")
        filters = {
            "detectors": detectors or None, "vendor": vendor or None,
            "status": None if status == "all" else status,
            "date_from": date_from, "date_to": date_to, "source": source,
        }  # fmt: skip
        inbox = anomaly_review.inbox(database, **filters)
        st.caption(
            f"{len(inbox)} finding(s), sorted by risk (score × its detector's learnt precision, "
            "at that vendor)."
            " Select rows to confirm or dismiss them; select one to see its evidence."
        )
        columns = ["id", "risk", "detector_label", "vendor", "invoice_number", "invoice_date",
                   "total_amount", "currency", "reason", "status", "decided_by", "source",
                   "row"]  # fmt: skip
        event = st.dataframe(
            inert(inbox[columns] if len(inbox) else inbox),
            hide_index=True,
            on_select="rerun",
            selection_mode="multi-row",
            key="anomaly_inbox",
            column_config={
                "risk": st.column_config.ProgressColumn("risk", min_value=0.0, max_value=1.0,
                                                        format="%.2f"),
                "invoice_date": st.column_config.DateColumn("invoice_date", format="YYYY-MM-DD"),
                "total_amount": st.column_config.NumberColumn("total_amount", format="%.2f"),
                "detector_label": "detector",
            },
        )  # fmt: skip
        labels = {
            int(r.id): f"#{r.id} · {r.detector_label} · {r.vendor or 'ledger'} · risk {r.risk:.2f}"
            for r in inbox.itertuples()
        }
        selected = [int(inbox.iloc[i]["id"]) for i in event.selection.rows] if len(inbox) else []
        listed = st.multiselect(
            "Findings to act on (or select rows in the table)", list(labels),
            format_func=labels.get, key="anomaly_pick",
        )  # fmt: skip
        picked = list(dict.fromkeys(selected + listed))

        def decide(decision: str) -> None:
            # A callback runs before the rerun, so it may clear the picker for the next round.
            changed = anomaly_review.decide(database, picked, decision, user)
            st.session_state["anomaly_message"] = f"{changed} finding(s) {decision} by {user}."
            st.session_state["anomaly_pick"] = []

        b1, b2, b3 = st.columns([1, 1, 2])
        b1.button("Confirm selected", disabled=not picked, icon=":material/flag:",
                  on_click=decide, args=("confirmed",))  # fmt: skip
        b2.button("Dismiss selected", disabled=not picked, icon=":material/close:",
                  on_click=decide, args=("dismissed",))  # fmt: skip
        b3.download_button(
            "Export findings (CSV)",
            anomaly_review.export_findings(database, **filters),
            f"ledgerloop-findings-{date.today().isoformat()}.csv",
            "text/csv",
        )
        if message := st.session_state.pop("anomaly_message", None):
            st.success(plain(message))

        focus = st.selectbox(
            "Evidence for", list(labels), format_func=labels.get, key="anomaly_focus",
            index=list(labels).index(picked[0]) if len(picked) == 1 else 0,
        ) if labels else None  # fmt: skip
        if focus is not None:
            detail = anomaly_review.finding_detail(database, focus)
            finding = detail["finding"]
            with st.container(border=True):
                st.subheader(f"Evidence: {finding['detector_label']}")
                if finding["import_id"] is not None:
                    where = f", row {finding['row']}" if finding["row"] is not None else ""
                    st.caption(plain(f"From the imported ledger {finding['source']}{where}."))
                st.markdown(plain(finding["reason"]))
                learnt = detail["vendor_learning"]
                if learnt:
                    st.caption(
                        f"Decisions on this vendor's findings of this kind: {learnt['confirmed']} "
                        f"confirmed, {learnt['dismissed']} dismissed. They weigh "
                        f"{learnt['weight']:.2f} here, against {learnt['detector_weight']:.2f} "
                        "for the detector as a whole."
                    )
                if len(detail["related"]):
                    st.markdown("**Related invoices, side by side**")
                    show_side_by_side(
                        anomaly_review.side_by_side(detail["related"], detail["heading"]),
                        key="anomaly_related",
                    )
                    st.caption("Shaded: the fields where they differ.")
                if "history" in detail and len(detail["history"]):
                    history = detail["history"]
                    fig = px.scatter(history, x="invoice_date", y="total_amount",
                                     color=history["this"].map({True: "this invoice",
                                                                False: "vendor history"}),
                                     title="The vendor's invoice amounts")  # fmt: skip
                    st.plotly_chart(fig, key="anomaly_history")
                for kind, frame in detail.get("benford", {}).items():
                    if kind != "verdicts":
                        st.plotly_chart(benford_figure(frame, kind), key=f"anomaly_bf_{kind}")
                        verdict = detail["benford"]["verdicts"].get(kind)
                        if verdict:
                            st.caption(benford_verdict(verdict))


with tab_benford:
    for kind in ("first", "first_two"):
        frame, verdict = views.benford_overall(database, kind)
        if not len(frame):
            st.info("No invoice totals yet.")
            break
        st.plotly_chart(benford_figure(frame, kind), key=f"benford_{kind}")
        st.markdown(benford_verdict(verdict))

with tab_weights:
    st.caption(
        "Each detector's weight is its estimated precision (Beta posterior): confirmations "
        "raise it, dismissals lower it, and risk scores follow. Decisions on one vendor's "
        "findings move that vendor's further: a finding's evidence shows by how much."
    )
    show(anomaly_review.weights(database), key="anomaly_weights")
    history = anomaly_review.weights_history(database)
    if len(history):
        fig = px.line(history, x="changed_at", y="weight", color="detector", markers=True,
                      title="How analyst decisions moved the weights")  # fmt: skip
        st.plotly_chart(fig, key="weights_history")
    settings = anomaly_review.settings(database)
    with st.form("anomaly_settings"):
        # no bounds on the widget: a value out of range gets update_settings' refusal shown
        limit = st.number_input("Approval limit (base currency)",
                                value=float(settings["approval_limit"]), step=500.0)  # fmt: skip
        holidays = st.text_input(
            "Extra bank holidays", anomaly_review.holidays_text(settings["extra_holidays"]),
            placeholder="2025-08-04, 2025-11-11",
            help="Days off beside the base currency's calendar, such as a region's own "
            "holidays: ISO dates separated by commas. An invoice dated on one is a holiday "
            "finding, and split windows skip it. They apply to imported ledgers too.",
        )  # fmt: skip
        if st.form_submit_button("Save and rescreen"):

            def save_and_rescreen() -> None:
                anomaly_review.update_settings(
                    database, user, approval_limit=Decimal(str(limit)),
                    extra_holidays=anomaly_review.parse_holidays(holidays),
                )  # fmt: skip
                anomaly_review.screen(database, user)

            apply_change(save_and_rescreen)

with tab_import:
    st.caption(
        "Screen a general ledger or invoice list exported from another system. Required "
        "columns: vendor, invoice_number, invoice_date (ISO), total_amount."
    )
    upload = st.file_uploader("Ledger CSV", type=["csv", "txt"], key="ledger_csv")
    if upload is not None:
        try:
            parsed = anomaly_review.read_import(upload.getvalue())
        except LedgerImportError as exc:
            st.error(f"{plain(upload.name)}: {plain(exc)}")
            parsed = None
    if upload is not None and parsed is not None:
        guess = anomaly_review.guess_mapping(parsed.headers)
        for group in anomaly_review.alike_headers(parsed.headers):
            st.warning(plain(f"The headers {' and '.join(group)} read as one column's name: "
                             "pick the one meant below."))  # fmt: skip
        fields = anomaly_review.import_fields()
        st.markdown("**Map the columns**")
        mapping: dict[str, str | None] = {}
        cols = st.columns(3)
        options = ["(none)", *parsed.headers]
        for i, (name, required) in enumerate(fields.items()):
            default = guess.get(name)
            choice = cols[i % 3].selectbox(
                f"{name}{' *' if required else ''}", options,
                index=options.index(default) if default in options else 0, key=f"map_{name}",
            )  # fmt: skip
            mapping[name] = None if choice == "(none)" else choice
        configured = anomaly_review.settings(database)["approval_limit"]
        left, right = st.columns(2)
        # no bounds on the widget: a value out of range gets screen_import's refusal shown
        limit = left.number_input("Approval limit for this ledger", value=float(configured),
                                  step=500.0, key="import_limit")  # fmt: skip
        code = right.text_input(
            "Currency of the limit", key="import_currency", max_chars=3,
            placeholder="the ledger's main currency",
            help="The limit and the amount tests apply in this currency. Left empty: the "
            "currency most of the ledger's rows carry.",
        )  # fmt: skip
        keep = st.checkbox(
            "Keep this ledger's findings in the inbox for review", value=True, key="import_keep",
            help="Its rows and findings are stored, so that they can be confirmed or dismissed "
            "with their evidence, and teach the detector weights. The same file screened the "
            "same way (mapping, currency, limit, extra holidays) is kept once.",
        )  # fmt: skip
        if st.button("Screen this ledger", type="primary"):
            given, currency = Decimal(str(limit)), code.strip() or None
            into = (
                anomaly_review.KeepImport(database, upload.name, upload.getvalue(), user)
                if keep
                else None
            )
            try:
                # a limit typed, or a currency named for it, makes it this ledger's own limit
                result = anomaly_review.screen_import(
                    parsed, mapping, anomaly_review.scan_config(database), currency,
                    given if currency or given != configured else None, into,
                )  # fmt: skip
            except anomaly_review.SettingError as exc:
                st.error(plain(f"{str(exc)[:1].upper()}{str(exc)[1:]}."))
            except LedgerImportError as exc:
                st.error(f"{plain(upload.name)}: {plain(exc)}")
            else:
                st.success(f"{result.screened} of {result.rows} rows screened, "
                           f"{len(result.findings)} finding(s).")  # fmt: skip
                st.caption(plain(f"{result.currency_note} File read as {parsed.encoding}."))
                if result.kept is not None and result.kept.new:
                    st.info(plain(
                        f"Kept in the inbox as import #{result.kept.import_id}: choose "
                        f"{result.kept.file_name} (import #{result.kept.import_id}) under Source "
                        "to review these findings with their evidence."
                    ))  # fmt: skip
                elif result.kept is not None:
                    st.info(plain(
                        f"This file, screened this way, was kept before, as import "
                        f"#{result.kept.import_id} "
                        f"({result.kept.file_name}, by {result.kept.imported_by} on "
                        f"{result.kept.imported_at:%Y-%m-%d %H:%M}): its findings are in the "
                        "inbox already, and nothing was added."
                    ))  # fmt: skip
                for warning in result.currency_warnings:
                    st.warning(plain(warning))
                for error in result.errors[:50]:
                    st.warning(plain(f"{upload.name}: row {error.row}: {error.problem} (skipped)"))
                shown = result.table().drop(columns="detector")
                show(shown.rename(columns={"detector_label": "finding"}), key="import_findings")
                st.download_button(
                    "Download these findings (CSV)", result.csv(),
                    file_name=f"findings-{upload.name.rsplit('.', 1)[0]}.csv",
                    mime="text/csv", key="import_export",
                )  # fmt: skip
