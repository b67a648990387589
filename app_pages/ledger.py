"""Ledger: journal with filters, trial balance, payables by vendor, spend, exports."""

from datetime import date

import plotly.express as px
import streamlit as st

from core.config import base_currency
from core.services import accounting, exports
from ui.state import current_user, db
from ui.tables import show
from ui.widgets import apply_change, empty_state

st.title("Ledger")
database = db()
if empty_state(database, "journal entries", key="demo_ledger"):
    st.stop()

with st.container(border=True):
    c1, c2, c3, c4, c5 = st.columns([1, 1, 2, 2, 1])
    status = c1.selectbox("Entries", ["posted", "proposed", "all"], key="ledger_status")
    period = c2.date_input("From – to", value=(), key="ledger_dates")
    account = c3.text_input("Account (with sub-accounts)", key="ledger_account")
    vendor = c4.text_input("Vendor contains", key="ledger_vendor")
    currency = c5.text_input("Currency", key="ledger_currency", max_chars=3)
date_from, date_to = (*tuple(period), None, None)[:2] if period else (None, None)
filters = {
    "date_from": date_from, "date_to": date_to, "account": account or None,
    "vendor": vendor or None, "currency": currency.upper() or None,
    "status": None if status == "all" else status,
}  # fmt: skip
journal = accounting.journal(database, **filters)

tab_journal, tab_tb, tab_ap, tab_spend, tab_chart = st.tabs(
    ["Journal", "Trial balance", "Payables by vendor", "Spend by account", "Chart of accounts"]
)
with tab_journal:
    st.caption(f"{journal['entry'].nunique() if len(journal) else 0} entries, {len(journal)} lines")
    first = ["entry", "date", "vendor", "invoice_number", "account", "debit", "credit", "currency"]
    show(journal[first + [c for c in journal.columns if c not in first]], key="ledger_journal")
with tab_tb:
    st.markdown(f"**Trial balance** (posted entries, in {base_currency()})")
    show(accounting.trial_balance(database), key="ledger_tb")
    st.markdown("**By currency**")
    show(accounting.trial_balance_by_currency(database), key="ledger_tb_currency")
with tab_ap:
    show(accounting.ap_by_vendor(database), key="ledger_ap")
with tab_spend:
    spend = accounting.spend_by_account_month(database)
    if len(spend):
        fig = px.bar(spend, x="month", y="amount", color="account",
                     title=f"Posted spend by account and month ({base_currency()})")  # fmt: skip
        st.plotly_chart(fig)
    else:
        st.info("No posted spend yet: approve invoices on the Upload & Review page.")

with tab_chart:
    left, right = st.columns(2)
    with left:
        st.markdown("**Accounts**")
        show(accounting.chart(database), key="ledger_chart")
        with st.form("add_account"):
            name = st.text_input("Account (e.g. Expenses:IT:Cloud)")
            description = st.text_input("Description")
            if st.form_submit_button("Add account"):
                apply_change(
                    lambda: accounting.add_account(database, name, description, current_user())
                )
    with right:
        st.markdown("**Vendor → expense account** (learnt from corrections, or set here)")
        show(accounting.vendor_mappings(database), key="ledger_mappings")
        with st.form("map_vendor"):
            vendor_name = st.text_input("Vendor")
            account_name = st.text_input("Expense account")
            if st.form_submit_button("Map vendor"):
                apply_change(
                    lambda: accounting.set_vendor_account(
                        database, vendor_name, account_name, current_user()
                    )
                )

st.subheader("Export")
today = date.today().isoformat()
e1, e2, e3, e4 = st.columns(4)
e1.download_button("Journal (CSV)", exports.journal_csv(database, **filters),
                   f"ledgerloop-journal-{today}.csv", "text/csv")  # fmt: skip
e2.download_button("Trial balance (CSV)", exports.trial_balance_csv(database),
                   f"ledgerloop-trial-balance-{today}.csv", "text/csv")  # fmt: skip
e3.download_button(
    "Ledger (XLSX)",
    exports.ledger_xlsx(database, **filters),
    f"ledgerloop-ledger-{today}.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
e4.download_button("Beancount file", exports.beancount_file(database),
                   f"ledgerloop-{today}.beancount", "text/plain")  # fmt: skip
