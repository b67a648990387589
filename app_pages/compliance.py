"""Compliance: internal controls over accounts payable and the audit trail."""

import streamlit as st

from core.services import views
from ui.state import db
from ui.widgets import empty_state

st.title("Compliance")
database = db()
if empty_state(database, "controls to evidence", key="demo_compliance"):
    st.stop()
controls = views.controls(database)
st.dataframe(
    [
        {
            "control": c.name,
            "status": "pass" if c.failed == 0 else "FAIL",
            "passed": c.passed,
            "failed": c.failed,
            "what is checked": c.detail,
        }
        for c in controls
    ],
    hide_index=True,
)
for control in controls:
    if control.failing_ids:
        with st.expander(f"{control.name}: {control.failed} failing"):
            st.write(control.detail)
            st.write("Concerned:", control.failing_ids)
