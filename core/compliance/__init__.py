"""SOX-style internal controls for accounts payable: rules that block, reports that check."""

from core.compliance.controls import ControlResult, run_controls, summary
from core.compliance.rules import CONTROLS, Refused

__all__ = ["CONTROLS", "ControlResult", "Refused", "run_controls", "summary"]
