"""Internal controls the data can show: segregation of duties."""

from __future__ import annotations

import duckdb

from core.anomalies.config import ScanConfig
from core.anomalies.finding import Detection
from core.anomalies.source import identifier
from core.anomalies.text import money


def segregation_of_duties(
    cur: duckdb.DuckDBPyConnection, src: str, cfg: ScanConfig
) -> list[Detection]:
    rows = cur.execute(
        f"SELECT id, vendor, amt, currency, uploaded_by FROM {identifier(src)}"
        " WHERE uploaded_by IS NOT NULL AND uploaded_by = approved_by"
    ).fetchall()
    return [
        Detection(
            inv,
            "sod_breach",
            0.85,
            f"{user} both entered and approved this invoice from {vendor} "
            f"({money(amt, ccy)}); segregation of duties needs two people.",
            {"user": user},
        )
        for inv, vendor, amt, ccy, user in rows
    ]
