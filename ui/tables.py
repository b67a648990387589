"""One way to show a table: known columns get formats (dates, money, scores)."""

from __future__ import annotations

import contextlib

import pandas as pd
import streamlit as st

from core.services.exports import inert

DATE_COLUMNS = {"issue_date", "due_date", "date", "entry_date", "month", "invoice_date"}
TIME_COLUMNS = {"created_at", "refused_at", "decided_at", "ts", "uploaded_at"}
MONEY_COLUMNS = {
    "net_amount", "tax_amount", "total_amount", "debit", "credit", "balance", "gross", "amount",
    "cost_per_doc",
}  # fmt: skip
SHARE_COLUMNS = {"score", "reputation", "expected_quality", "confidence", "risk"}


def show(data: pd.DataFrame, key: str | None = None, height: int | str = "auto") -> None:
    config: dict[str, object] = {}
    for column in data.columns:
        if column in DATE_COLUMNS:
            config[column] = st.column_config.DateColumn(column, format="YYYY-MM-DD")
        elif column in TIME_COLUMNS:
            config[column] = st.column_config.DatetimeColumn(column, format="YYYY-MM-DD HH:mm")
        elif column in MONEY_COLUMNS:
            config[column] = st.column_config.NumberColumn(column, format="%.2f")
        elif column in SHARE_COLUMNS:
            config[column] = st.column_config.NumberColumn(column, format="%.3f")
    # A keyed container (class st-key-<key>) lets browser tests find this very table.
    # a table's own download and copy escape nothing: text that reads as a formula is shown
    # as text (exports.inert), as every export writes it
    with st.container(key=key) if key else contextlib.nullcontext():
        st.dataframe(inert(data), hide_index=True, column_config=config, height=height)


def confidence_colour(value: object) -> str:
    """Green when the agent is sure, amber when a look is worthwhile, red when it guessed."""
    if not isinstance(value, int | float) or value != value:
        return ""
    if value >= 0.9:
        return "background-color: #d9f2e4"
    if value >= 0.7:
        return "background-color: #fff1c9"
    return "background-color: #f9d6d5"


def show_fields(data: pd.DataFrame, key: str) -> None:
    """The fields an agent read, each coloured by its confidence."""
    styled = (
        inert(data)
        .style.map(confidence_colour, subset=["confidence"])
        .format({"confidence": "{:.2f}"}, na_rep="—")
    )
    with st.container(key=key):
        st.dataframe(styled, hide_index=True)


def show_side_by_side(data: pd.DataFrame, key: str) -> None:
    """Records side by side (anomaly_review.side_by_side), the fields where they differ shaded."""
    differs = data["differs"]
    styled = inert(data).style.apply(
        lambda row: ["background-color: #fff1c9" if differs[row.name] else ""] * len(row), axis=1
    )
    with st.container(key=key):
        # every field in view: a difference scrolled out of sight is a difference missed
        height = 35 * (len(data) + 1) + 3
        st.dataframe(styled, hide_index=True, column_config={"differs": None}, height=height)
