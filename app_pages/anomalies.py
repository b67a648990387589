"""Anomalies: findings for an analyst, riskiest first."""

import streamlit as st

from core.services import views
from ui.state import db
from ui.widgets import empty_state

st.title("Anomalies")
database = db()
if empty_state(database, "findings", key="demo_anomalies"):
    st.stop()
found = views.findings(database, category="anomaly")
st.metric("Open anomaly findings", int((found["status"] == "open").sum()) if len(found) else 0)
if len(found):
    st.dataframe(found, hide_index=True)
else:
    st.success("No anomalies found in the stored invoices.")
