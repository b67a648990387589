"""Anomaly detectors over stored or imported invoices: each a DuckDB query producing findings."""

from core.anomalies.config import ScanConfig
from core.anomalies.detectors import DETECTOR_NAMES, DETECTORS, scan
from core.anomalies.finding import Detection

__all__ = ["DETECTORS", "DETECTOR_NAMES", "Detection", "ScanConfig", "scan"]
