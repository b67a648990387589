"""Overview: what is in the books and what needs attention."""

import plotly.express as px
import streamlit as st

from core.money import format_amount
from core.services import providers, views
from ui.markdown import plain
from ui.providers import providers_panel, spend_metrics
from ui.state import db
from ui.tables import show
from ui.widgets import empty_state, finish_demo

st.title("Overview")
database = db()
if empty_state(database, "invoices", key="demo_overview"):
    st.stop()
finish_demo(database, key="demo_finish_overview")

o = views.overview(database)
cols = st.columns(5)
cols[0].metric("Invoices", o.invoices, help="Stored invoices and credit notes")
cols[1].metric("Vendors", o.vendors)
cols[2].metric("Open findings", o.open_findings, help="Anomalies and checks awaiting an analyst")
cols[3].metric("Active agents", o.agents)
cols[4].metric(
    "LLM cost (USD)",
    f"{providers.spend_summary(database).spent:.2f}",
    help="Spend on LLM agents from the cost ledger (0 without API keys)",
)

st.subheader("Spend by currency")
spend_cols = st.columns(max(1, len(o.spend_by_currency)))
for col, (currency, amount) in zip(spend_cols, o.spend_by_currency, strict=False):
    col.metric(plain(currency or "unknown"), format_amount(amount))

monthly = views.monthly_spend(database)
if len(monthly):
    fig = px.bar(monthly, x="month", y="gross", color="currency", title="Gross spend by month")
    st.plotly_chart(fig)

st.subheader("Latest invoices")
show(views.invoices(database).head(15))

with st.expander("LLM providers, spend and cache"):
    spend_metrics(database)
    providers_panel(database, key="overview_providers")
