"""Charts more than one panel draws."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go


def benford_figure(frame: pd.DataFrame, kind: str) -> go.Figure:
    """Observed digit shares as bars, Benford's expected shares as a line."""
    fig = go.Figure()
    fig.add_bar(x=frame["digits"], y=frame["observed"], name="observed")
    fig.add_scatter(
        x=frame["digits"], y=frame["expected"], name="Benford expected", mode="lines+markers"
    )
    fig.update_layout(
        title=f"Leading {'digit' if kind == 'first' else 'two digits'}", yaxis_tickformat=".0%"
    )
    return fig
