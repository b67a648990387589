"""Market: who bid for each document, who won and why, and how reputations moved."""

import plotly.express as px
import streamlit as st

from core.services import market_service, views
from ui.providers import providers_panel
from ui.state import db
from ui.tables import show
from ui.widgets import empty_state

st.title("Agent market")
database = db()
st.caption(
    "Each document is a task: every agent bids (expected utility from its verified reputation "
    "for this kind of document, its cost and latency) or declines with a reason. Thompson "
    "sampling draws each bidder's quality from its Beta posterior, so young agents still win "
    "now and then and prove themselves."
)
st.subheader("Agents")
show(views.agents(database), key="market_agents")
st.subheader("LLM providers")
providers_panel(database, key="market_providers")
if empty_state(database, "auctions", key="demo_market"):
    st.stop()

live = st.toggle(
    "Live", value=False, key="market_live",
    help="Refresh the auctions every 5 seconds, e.g. while a batch is being processed.",
)  # fmt: skip


@st.fragment(run_every=5 if live else None)
def recent_auctions() -> None:
    st.subheader("Recent auctions")
    show(market_service.recent_auctions(database, 30), key="market_auctions")


recent_auctions()

left, right = st.columns(2)
with left:
    trajectories = market_service.reputation_trajectories(database)
    if len(trajectories):
        fig = px.line(trajectories, x="id", y="expected", color="agent",
                      title="Reputation (expected quality) after each outcome",
                      labels={"id": "outcome #", "expected": "E[q]"})  # fmt: skip
        st.plotly_chart(fig, key="market_reputation")
with right:
    shares = market_service.award_share_over_time(database, 25)
    if len(shares):
        fig = px.area(shares, x="from_task", y="share", color="agent",
                      title="Award share over time (per 25 tasks)")  # fmt: skip
        st.plotly_chart(fig, key="market_share")

cost_quality = market_service.cost_vs_quality(database)
if len(cost_quality):
    fig = px.scatter(cost_quality, x="cost_per_doc", y="reputation", size="awards",
                     color="kind", hover_name="agent", size_max=40,
                     title="Cost against verified quality")  # fmt: skip
    st.plotly_chart(fig, key="market_cost_quality")

consensus = market_service.consensus_items(database)
if len(consensus):
    st.subheader("Consensus disagreements sent to review")
    show(consensus, key="market_consensus")
