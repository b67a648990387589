"""Market: who bid for each document, who won and why."""

import streamlit as st

from core.services import views
from ui.state import db
from ui.widgets import empty_state

st.title("Agent market")
database = db()
st.subheader("Agents")
st.dataframe(views.agents(database), hide_index=True)
if empty_state(database, "auctions", key="demo_market"):
    st.stop()
st.subheader("Recent auctions")
st.caption("Every bid and decline is stored; the winner had the best sampled utility.")
st.dataframe(views.auctions(database), hide_index=True)
