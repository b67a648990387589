"""Ledger: the journal and the trial balance."""

import streamlit as st

from core.services import views
from ui.state import db
from ui.widgets import empty_state

st.title("Ledger")
database = db()
if empty_state(database, "journal entries", key="demo_ledger"):
    st.stop()
status = st.segmented_control(
    "Entries", ["all", "proposed", "posted"], default="all", key="ledger_status"
)
chosen = None if status in (None, "all") else status
st.subheader("Journal")
st.dataframe(views.journal(database, chosen), hide_index=True)
st.subheader("Trial balance")
st.dataframe(views.trial_balance(database, chosen), hide_index=True)
