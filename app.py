"""LedgerLoop: the Streamlit entry point. Navigation over pages/ and the shared sidebar."""

from __future__ import annotations

import streamlit as st

from core.config import db_path
from core.services import views
from ui.state import DEFAULT_USER, db

st.set_page_config(page_title="LedgerLoop", page_icon=":material/receipt_long:", layout="wide")

PAGES = [
    st.Page("app_pages/overview.py", title="Overview", icon=":material/dashboard:", default=True),
    st.Page("app_pages/upload_review.py", title="Upload & Review", icon=":material/upload_file:"),
    st.Page("app_pages/market.py", title="Market", icon=":material/gavel:"),
    st.Page("app_pages/anomalies.py", title="Anomalies", icon=":material/warning:"),
    st.Page("app_pages/learning.py", title="Learning", icon=":material/trending_up:"),
    st.Page("app_pages/ledger.py", title="Ledger", icon=":material/account_balance:"),
    st.Page("app_pages/compliance.py", title="Compliance", icon=":material/verified_user:"),
]

navigation = st.navigation(PAGES)

with st.sidebar:
    st.markdown("### LedgerLoop")
    people = views.users(db())
    names = [name for name, _ in people]
    roles = dict(people)
    st.selectbox(
        "Acting as",
        names,
        index=names.index(DEFAULT_USER) if DEFAULT_USER in names else 0,
        key="acting_as",
        format_func=lambda name: f"{name} ({roles.get(name, '?')})",
        help="Who is recorded in the audit trail for what you do here.",
    )
    st.caption(f"Database: `{db_path()}`")

navigation.run()
