"""Learning: is the system getting better with use, and why."""

import plotly.express as px
import streamlit as st

from core.services import market_service
from ui.providers import spend_metrics
from ui.state import db
from ui.tables import show
from ui.widgets import empty_state

st.title("Learning")
database = db()
if empty_state(database, "outcomes", key="demo_learning"):
    st.stop()

curve = market_service.learning_curve(database, 25)
c1, c2 = st.columns(2)
with c1:
    if len(curve):
        fig = px.line(curve, x="first_review", y="corrections_per_100", markers=True,
                      title="Corrections needed per 100 reviewed invoices",
                      labels={"first_review": "reviewed invoices"})  # fmt: skip
        st.plotly_chart(fig, key="learning_curve")
    else:
        st.info("No reviewed invoices yet: approve invoices to give the agents ground truth.")
with c2:
    accuracy = market_service.rolling_accuracy(database, 25)
    if len(accuracy):
        fig = px.line(accuracy, x="id", y=["rolling_field_accuracy", "rolling_document_accuracy"],
                      title="Rolling accuracy against reviewed values (25 reviews)",
                      labels={"id": "review #", "value": "accuracy"})  # fmt: skip
        st.plotly_chart(fig, key="learning_accuracy")

c3, c4 = st.columns(2)
with c3:
    regret = market_service.regret_and_exploration(database)
    if len(regret):
        fig = px.line(regret, x="task_id", y=["cumulative_regret", "exploration_rate"],
                      title="Cumulative regret and exploration rate")  # fmt: skip
        st.plotly_chart(fig, key="learning_regret")
with c4:
    bands = market_service.posterior_bands(database)
    if len(bands):
        fig = px.scatter(bands, x="expected", y="agent", color="kind",
                         error_x=bands["hi"] - bands["expected"],
                         error_x_minus=bands["expected"] - bands["lo"],
                         title="Posterior quality per agent (95% band)")  # fmt: skip
        st.plotly_chart(fig, key="learning_bands")

spawned = market_service.spawned_agents_over_time(database)
st.subheader("Spawned and retired agents")
if len(spawned):
    fig = px.line(spawned, x="created_at", y="active_spawned", markers=True,
                  title="Active vendor agents spawned from confirmed invoices")  # fmt: skip
    st.plotly_chart(fig, key="learning_spawned")
    show(spawned, key="learning_events")
else:
    st.info("No vendor agent yet: one is spawned when a vendor's invoice is first confirmed.")

st.subheader("Cost per correct document")
show(market_service.cost_per_correct_document(database), key="learning_cost")

st.subheader("LLM spend and cache")
spend_metrics(database)
