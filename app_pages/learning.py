"""Learning: how the agents' verified quality moves as outcomes arrive."""

import plotly.express as px
import streamlit as st

from core.services import views
from ui.state import db
from ui.widgets import empty_state

st.title("Learning")
database = db()
if empty_state(database, "outcomes", key="demo_learning"):
    st.stop()
history = views.outcomes(database)
if len(history):
    history = history.assign(
        rolling_quality=history.groupby("agent")["outcome"].transform(
            lambda s: s.rolling(20, min_periods=1).mean()
        ),
        task=range(1, len(history) + 1),
    )
    fig = px.line(
        history,
        x="task",
        y="rolling_quality",
        color="agent",
        title="Rolling verified quality (20 outcomes)",
    )
    st.plotly_chart(fig)
st.dataframe(views.agents(database), hide_index=True)
