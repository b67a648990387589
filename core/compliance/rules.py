"""The rules that block an action, shared by the services (which refuse) and the control
reports (which check that nothing slipped through). Each returns a plain-language reason,
or None when the action may go ahead.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from core.errors import RuleViolation

# control key -> title shown on the Compliance page
CONTROLS: dict[str, str] = {
    "segregation_of_duties": "Segregation of duties (uploader is not approver)",
    "approval_limits": "Approval limits by amount and role",
    "duplicates_blocked": "Duplicate invoices blocked before posting",
    "entries_balanced": "Every entry balanced",
    "open_periods": "Postings only in open periods",
    "approved_before_posting": "Only approved invoices are posted",
    "audit_trail": "Audit trail intact",
}

# Who may do what besides approving (which the approval_limits table governs).
PERMISSIONS: dict[str, frozenset[str]] = {
    "correct": frozenset({"clerk", "approver", "admin"}),
    "reject": frozenset({"approver", "admin"}),
    "post": frozenset({"approver", "admin"}),
    "close_period": frozenset({"admin"}),
    "reopen_period": frozenset({"admin"}),
    "set_rate": frozenset({"approver", "admin"}),
    "maintain_chart": frozenset({"admin"}),
    "map_vendor": frozenset({"clerk", "approver", "admin"}),
    "set_limit": frozenset({"admin"}),
    "manage_users": frozenset({"admin"}),
}


class Refused(RuleViolation):
    """An action a rule refused; control names the rule, the message says why."""

    def __init__(self, control: str, message: str, invoice_id: int | None = None) -> None:
        super().__init__(message)
        self.control = control
        self.message = message
        self.invoice_id = invoice_id


def permission_problem(actor: str, role: str | None, action: str) -> str | None:
    if role is None:
        return f"{actor!r} is not a LedgerLoop user: add them on the Settings page first"
    allowed = PERMISSIONS[action]
    if role not in allowed:
        who = " and ".join(sorted(f"{r}s" for r in allowed))
        return f"{actor} is a {role}; only {who} may {action.replace('_', ' ')}"
    return None


def approver_problem(actor: str, role: str | None, limits: Mapping[str, Any]) -> str | None:
    if role is None:
        return f"{actor!r} is not a LedgerLoop user: add them on the Settings page first"
    if role not in limits:
        roles = " and ".join(sorted(f"{r}s" for r in limits)) or "nobody"
        return f"{actor} is a {role}; only {roles} may approve invoices"
    return None


def status_problem(invoice: Mapping[str, Any], attempted: str) -> str | None:
    """Approving twice, or acting on a rejected or posted invoice."""
    status, number = invoice["status"], invoice["id"]
    if attempted == "approve" and status in ("approved", "posted"):
        return (
            f"invoice #{number} was already approved by {invoice['approved_by']} at "
            f"{_when(invoice['approved_at'])}: an invoice is approved once"
        )
    if attempted == "post" and status == "posted":
        return f"invoice #{number} is already posted"
    if attempted == "post" and status != "approved":
        return f"invoice #{number} is {status}: only approved invoices are posted"
    if status == "rejected":
        return (
            f"invoice #{number} was rejected by {invoice['rejected_by']} at "
            f"{_when(invoice['rejected_at'])} ({invoice['rejection_reason']})"
        )
    if attempted in ("correct", "reject") and status == "posted":
        return f"invoice #{number} is posted: a posted entry is reversed by a new one, not edited"
    return None


def segregation_problem(invoice: Mapping[str, Any], actor: str) -> str | None:
    if invoice["uploaded_by"] == actor:
        return (
            f"{actor} uploaded invoice #{invoice['id']}: segregation of duties requires "
            "someone else to approve it"
        )
    return None


def limit_problem(
    invoice_id: int, gross_base: Decimal, base: str, role: str, limits: Mapping[str, Any]
) -> str | None:
    limit = limits.get(role)
    if limit is not None and abs(gross_base) > limit:
        return (
            f"invoice #{invoice_id} is {abs(gross_base):,.2f} {base}; a {role} may approve up to "
            f"{limit:,.2f} {base}: an admin (or a role with a higher limit) must approve it"
        )
    return None


def duplicate_problem(invoice_id: int, original: int | None, number: str | None) -> str | None:
    if original is not None and original != invoice_id:
        return (
            f"invoice #{invoice_id} duplicates invoice #{original} (same vendor, number "
            f"{number}, already approved): reject it, or correct the number if it was misread"
        )
    return None


def period_problem(period: str, closed: Mapping[str, Mapping[str, Any]]) -> str | None:
    info = closed.get(period)
    if info is not None:
        return (
            f"period {period} is closed (by {info['closed_by']} at "
            f"{_when(info['closed_at'])}): nothing can be posted into it; an admin may reopen it"
        )
    return None


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "an unknown time"
