"""Compliance: internal controls over accounts payable, the audit trail, periods and rates."""

from datetime import date
from decimal import Decimal, InvalidOperation

import streamlit as st

from core.compliance import controls as ctl
from core.compliance.rules import Refused
from core.services import accounting
from ui.markdown import plain
from ui.state import current_user, db
from ui.tables import show
from ui.widgets import apply_change, empty_state

st.title("Compliance")
database = db()
user = current_user()
if empty_state(database, "controls to evidence", key="demo_compliance"):
    st.stop()

results = ctl.run_controls(database)
st.subheader("Controls")
show(ctl.summary(results), key="controls_summary")
for result in results:
    icon = ":material/check_circle:" if result.ok else ":material/cancel:"
    with st.expander(f"{icon} {result.title}: {result.passed} passed, {result.failed} failed, "
                     f"{result.refusals} refused"):  # fmt: skip
        st.caption(result.blocks)
        if len(result.failing):
            show(result.failing, key=f"control_{result.key}")
        else:
            st.write("Nothing failing.")

st.subheader("Audit trail")
report = accounting.verify_audit(database)
if report.ok:
    st.success(f"Hash chain intact: {report.records} records verified.", icon=":material/lock:")
else:
    st.error(plain(f"Audit trail broken at record {report.first_bad_seq}: {report.problem}"))
with st.expander("Latest audit records"):
    show(accounting.audit_records(database, None, None, 200), key="audit_records")

left, right = st.columns(2)
with left:
    st.subheader("Periods")
    show(accounting.periods(database), key="periods")
    with st.form("period_form"):
        period = st.text_input("Period (YYYY-MM)", date.today().strftime("%Y-%m"))
        close, reopen = st.columns(2)
        do_close = close.form_submit_button("Close period")
        do_reopen = reopen.form_submit_button("Reopen period")
    if do_close or do_reopen:
        change = accounting.close_period if do_close else accounting.reopen_period
        apply_change(lambda: change(database, period, user))
with right:
    st.subheader("Exchange rates")
    missing = accounting.missing_rates(database)
    if len(missing):
        st.warning(f"{len(missing)} invoice(s) cannot post: no rate for their currency and date.")
    show(accounting.rates(database), key="rates")
    with st.form("rate_form"):
        c1, c2, c3 = st.columns(3)
        currency = c1.text_input("Currency", max_chars=3)
        valid_from = c2.date_input("Valid from", date(2026, 1, 1))
        rate = c3.text_input("Rate (1 unit in base currency)")
        saved = st.form_submit_button("Save rate")
    if saved:
        apply_change(
            lambda: accounting.set_rate(
                database, currency.upper(), valid_from, Decimal(rate), user
            ),
            (Refused, ValueError, InvalidOperation),
            prefix="Rate not saved: ",
        )
    st.subheader("Approval limits")
    show(accounting.approval_limits(database), key="limits")
