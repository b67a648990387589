"""Charts more than one panel draws."""

from __future__ import annotations

from typing import Any

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


def benford_verdict(verdict: dict[str, Any]) -> str:
    """One line of a Benford test's numbers: Nigrini's verdict by MAD, then chi-square."""
    parts = [f"**{verdict['verdict']}** (Nigrini)", f"MAD {verdict['mad']:.4f}"]
    if verdict.get("excess_mad") is not None:
        parts.append(f"{verdict['excess_mad']:+.4f} beyond the MAD chance gives at this n")
    parts.append(f"χ² {verdict['chi_square']:.1f}, p = {verdict['p_value']:.3g}")
    parts.append(f"n = {verdict['n']}")
    return " · ".join(parts)
