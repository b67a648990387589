"""Review, corrections, approval, posting, periods, rates and the chart: the accounting facade.

Every change of state is one transaction with its audit record. Every refusal is recorded
in the audit trail too (action 'refused:<what was tried>') and raised as Refused, whose
message is meant for the person who tried. Approval and posting run as one set-based
batch (approve_many), so one invoice from the page and 100,000 from a script take the
same path through the same rules.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import duckdb
import pandas as pd

from core.compliance.rules import (
    Refused,
    approver_problem,
    duplicate_problem,
    limit_problem,
    period_problem,
    permission_problem,
    segregation_problem,
    status_problem,
)
from core.config import base_currency
from core.contract import DOC_TYPES, Extraction, LineItem
from core.extraction.dates import first_date
from core.ledger.accounts import (
    account_problem,
    invoice_number_key,
    suggest_by_keywords,
    vendor_key,
)
from core.ledger.fx import base_amounts, missing_rate_reason
from core.ledger.journal import JournalEntry, build_entry
from core.ledger.periods import period_of
from core.ledger.periods import period_problem as period_format_problem
from core.ledger.suggest import AccountSuggestion, suggest
from core.money import parse_amount, q2, to_decimal
from core.store import Database, audit
from core.store import approvals as approvals_repo
from core.store import chart as chart_repo
from core.store import corrections as corrections_repo
from core.store import findings as findings_repo
from core.store import invoices as invoices_repo
from core.store import journal as journal_repo
from core.store import periods as periods_repo
from core.store import rates as rates_repo
from core.store import users as users_repo
from core.store.audit import AuditEvent
from core.validation import ValidationFinding, ValidationResult, validate

MONEY = ("net_amount", "tax_amount", "total_amount")
DATES = ("issue_date", "due_date")
INVOICE = "invoice"


# ---------------------------------------------------------------- ingest (pipeline hooks)


@dataclass(frozen=True)
class IngestAccounting:
    """What the pipeline stores besides the extraction: the account, the entry, findings."""

    suggestion: AccountSuggestion
    entry: JournalEntry
    findings: tuple[ValidationFinding, ...]


def prepare_ingest(db: Database, extraction: Extraction) -> IngestAccounting:
    """Suggest the expense account and build the proposed entry; a missing rate is a finding."""
    suggestion = suggest_account(db, extraction.issuer, _line_texts(extraction))
    entry = build_entry(extraction, suggestion.account)
    findings: list[ValidationFinding] = []
    base = base_currency()
    if extraction.currency and extraction.currency != base:
        rates = rates_repo.load(db.cursor(), base)
        day = extraction.issue_date or date.today()
        if rates.rate(extraction.currency, day) is None:
            findings.append(
                ValidationFinding("fx_rate", "warning", missing_rate_reason(extraction.currency,
                                  base, day))
            )  # fmt: skip
    return IngestAccounting(suggestion, entry, tuple(findings))


def record_ingest(
    cur: duckdb.DuckDBPyConnection, invoice_id: int, prepared: IngestAccounting, at: Any
) -> None:
    """Inside the pipeline's transaction: keep the suggestion and the accounting findings."""
    s = prepared.suggestion
    approvals_repo.set_account(cur, invoice_id, s.account, s.confidence, s.source)
    for finding in prepared.findings:
        findings_repo.insert(cur, invoice_id, finding.check, "accounting", 0.5, finding.reason,
                             {}, at)  # fmt: skip


def suggest_account(
    db: Database, vendor: str | None, texts: Sequence[str] = ()
) -> AccountSuggestion:
    """The vendor's mapped account, else its history and corrections, else keywords."""
    cur = db.cursor()
    key = vendor_key(vendor)
    mapped = chart_repo.mapped_account(cur, key) if key else None
    posted, corrected = chart_repo.history(cur, key) if key else ({}, {})
    return suggest(mapped, posted, corrected, suggest_by_keywords(vendor, *texts))


def _line_texts(extraction: Extraction) -> list[str]:
    return [item.description for item in extraction.line_items]


# ---------------------------------------------------------------- refusals


def _refuse(
    cur: duckdb.DuckDBPyConnection,
    actor: str,
    attempted: str,
    entity: str,
    entity_id: str | int,
    control: str,
    message: str,
    before: Any = None,
) -> Refused:
    audit.append(cur, actor, f"refused:{attempted}", entity, entity_id, before=before,
                 after={"control": control, "reason": message})  # fmt: skip
    return Refused(control, message, entity_id if isinstance(entity_id, int) else None)


def _refuse_alone(
    db: Database, actor: str, attempted: str, entity: str, entity_id: str | int, control: str,
    message: str,
) -> Refused:  # fmt: skip
    """Log a refusal in its own transaction (after the attempt's own was rolled back)."""
    with db.transaction() as cur:
        return _refuse(cur, actor, attempted, entity, entity_id, control, message)


def _checked(
    db: Database,
    actor: str,
    attempted: str,
    entity: str,
    entity_id: str | int,
    control: str,
    problem: str | None,
) -> None:
    if problem:
        raise _refuse_alone(db, actor, attempted, entity, entity_id, control, problem)


# ---------------------------------------------------------------- approval and posting


@dataclass(frozen=True)
class PostingOutcome:
    approved: tuple[int, ...] = ()
    posted: tuple[int, ...] = ()
    entry_ids: dict[int, int] = field(default_factory=dict)  # invoice id -> posted entry id
    refused: dict[int, Refused] = field(default_factory=dict)

    @property
    def message(self) -> str:
        parts = []
        if self.posted:
            parts.append(f"{len(self.posted)} posted")
        elif self.approved:
            parts.append(f"{len(self.approved)} approved")
        if self.refused:
            parts.append(f"{len(self.refused)} refused")
        return ", ".join(parts) or "nothing to do"


def approve(db: Database, invoice_id: int, actor: str, post: bool = True) -> PostingOutcome:
    """Approve one invoice (and post its entry); raises Refused, already logged, if refused."""
    outcome = approve_many(db, [invoice_id], actor, post=post)
    if invoice_id in outcome.refused:
        raise outcome.refused[invoice_id]
    return outcome


def post(db: Database, invoice_id: int, actor: str) -> PostingOutcome:
    """Post an invoice approved earlier (say, before its period was reopened)."""
    outcome = _run(db, [invoice_id], actor, approving=False)
    if invoice_id in outcome.refused:
        raise outcome.refused[invoice_id]
    return outcome


def approve_many(
    db: Database, invoice_ids: Iterable[int], actor: str, post: bool = True
) -> PostingOutcome:
    """Approve (and post) many invoices in one transaction; refusals are returned, not raised."""
    return _run(db, list(dict.fromkeys(invoice_ids)), actor, approving=True, posting=post)


def post_approved(db: Database, actor: str) -> PostingOutcome:
    """Post every approved invoice not yet posted."""
    ids = invoices_repo.ids_with_status(db, "approved")
    return _run(db, ids, actor, approving=False)


def _run(
    db: Database, ids: list[int], actor: str, approving: bool, posting: bool = True
) -> PostingOutcome:
    """Run the batch; on a write conflict with another connection, back off and run it again.

    Writers through one Database are serialised by its lock and never conflict. A second
    Database object on the same file races through DuckDB's optimistic concurrency: the
    loser's next attempt sees the winner's result and is refused by the rules, as usual.
    """
    attempted = "approve" if approving else "post"
    for attempt in range(_ATTEMPTS):
        try:
            with db.transaction() as cur:
                return _Batch(cur, actor, approving, posting).run(ids)
        except duckdb.TransactionException as exc:
            _clear_aborted(db)
            if attempt == _ATTEMPTS - 1:
                message = (
                    "another session kept changing these invoices; nothing was changed by "
                    f"this attempt: reload and try again ({exc})"
                )
                refusals = {
                    i: _refuse_alone(db, actor, attempted, INVOICE, i, "concurrency", message)
                    for i in ids
                }
                return PostingOutcome(refused=refusals)
            time.sleep(_BACKOFF_S * (attempt + 1) * (1 + random.random()))
    raise AssertionError("unreachable")


_ATTEMPTS = 6
_BACKOFF_S = 0.02


def _clear_aborted(db: Database) -> None:
    """A failed COMMIT leaves this thread's cursor inside an aborted transaction."""
    with contextlib.suppress(duckdb.Error):
        db.cursor().execute("ROLLBACK")


class _Batch:
    """One approval/posting run inside one transaction: load, check every rule, write in bulk."""

    def __init__(
        self, cur: duckdb.DuckDBPyConnection, actor: str, approving: bool, posting: bool
    ) -> None:
        self.cur, self.actor, self.approving, self.posting = cur, actor, approving, posting
        self.at = audit.now()
        self.base = base_currency()
        self.role = users_repo.role_in(cur, actor)
        self.limits = periods_repo.limits(cur)
        self.closed = periods_repo.closed_periods(cur) if posting else {}
        self.rates = rates_repo.load(cur, self.base)
        if approving:
            self.actor_problem = approver_problem(actor, self.role, self.limits)
            if self.actor_problem is None and posting:
                self.actor_problem = permission_problem(actor, self.role, "post")
        else:
            self.actor_problem = permission_problem(actor, self.role, "post")

    def run(self, ids: list[int]) -> PostingOutcome:
        invoices = approvals_repo.load(self.cur, ids)
        self.booked = approvals_repo.booked_keys(self.cur, ids)
        events: list[AuditEvent] = []
        refused: dict[int, Refused] = {}
        changes: list[tuple[int, str, str, str | None, str | None, Any]] = []
        entries: list[dict[str, Any]] = []
        lines: list[dict[str, Any]] = []
        post_events: list[tuple[int, dict[str, Any]]] = []
        for invoice_id in ids:
            invoice = invoices.get(invoice_id)
            checked = self._check(invoice_id, invoice)
            if isinstance(checked, Refused):
                refused[invoice_id] = checked
                events.append(self._refusal_event(invoice_id, invoice, checked))
                continue
            entry, rate, account = checked
            new_status = "posted" if self.posting else "approved"
            if self.approving:
                changes.append((invoice_id, "extracted", new_status, self.actor, account, self.at))
                events.append(AuditEvent(self.actor, "approve", INVOICE, invoice_id,
                                         before={"status": "extracted"},
                                         after={"status": "approved", "approved_by": self.actor,
                                                "expense_account": account}))  # fmt: skip
            else:
                changes.append((invoice_id, "approved", "posted", None, account, None))
            if self.posting:
                self._add_entry(invoice_id, entry, rate, entries, lines)
                post_events.append((invoice_id, {"status": "posted", "period": entries[-1]
                                    ["period"], "rate": rate, "gross": _gross(entry)}))  # fmt: skip
        changed = approvals_repo.mark(self.cur, changes)
        if changed != len(changes):
            raise duckdb.TransactionException(
                f"{len(changes) - changed} invoice(s) changed state during this run"
            )
        entry_ids: dict[int, int] = {}
        if entries:
            posted_ids = [e["invoice_id"] for e in entries]
            journal_repo.set_status_for_invoices(self.cur, posted_ids, "proposed", "superseded")
            new_ids = journal_repo.insert_posted(self.cur, entries, lines)
            entry_ids = dict(zip(posted_ids, new_ids, strict=True))
        for invoice_id, after in post_events:
            events.append(AuditEvent(self.actor, "post", INVOICE, invoice_id,
                                     before={"status": "approved"},
                                     after={**after, "entry": entry_ids[invoice_id]}))  # fmt: skip
        audit.append_many(self.cur, _in_invoice_order(events, ids))
        done = tuple(i for i in ids if i not in refused)
        return PostingOutcome(
            approved=done if self.approving else (),
            posted=done if self.posting else (),
            entry_ids=entry_ids,
            refused=refused,
        )

    def _check(
        self, invoice_id: int, invoice: dict[str, Any] | None
    ) -> Refused | tuple[JournalEntry, Decimal, str]:
        attempted = "approve" if self.approving else "post"
        if self.actor_problem:
            control = "approval_limits" if self.approving else "permissions"
            return Refused(control, self.actor_problem, invoice_id)
        if invoice is None:
            return Refused("input", f"there is no invoice #{invoice_id}", invoice_id)
        problem = status_problem(invoice, attempted)
        if problem:
            control = "approved_before_posting" if attempted == "post" else "status"
            return Refused(control, problem, invoice_id)
        if self.approving and (problem := segregation_problem(invoice, self.actor)):
            return Refused("segregation_of_duties", problem, invoice_id)
        missing = [n for n in ("issuer", "issue_date", "currency") if not invoice[n]]
        if invoice["total_amount"] is None and invoice["net_amount"] is None:
            missing.append("total_amount")
        if missing:
            return Refused("input", f"invoice #{invoice_id} lacks {', '.join(missing)}: correct "
                           "it on the review page first", invoice_id)  # fmt: skip
        account = invoice["expense_account"] or self._suggested(invoice)
        entry = build_entry(_extraction(invoice), account)
        rate = self.rates.rate(invoice["currency"], invoice["issue_date"])
        if rate is None:
            reason = missing_rate_reason(invoice["currency"], self.base, invoice["issue_date"])
            return Refused("fx_rate", f"invoice #{invoice_id}: {reason}", invoice_id)
        gross_base = q2(_gross(entry) * rate)
        if (
            self.approving
            and self.role
            and (
                problem := limit_problem(invoice_id, gross_base, self.base, self.role, self.limits)
            )
        ):
            return Refused("approval_limits", problem, invoice_id)
        key = (
            vendor_key(invoice["issuer"]),
            invoice_number_key(invoice["invoice_number"]),
            invoice["doc_type"],
        )
        original = self.booked.get(key) if key[1] else None
        if problem := duplicate_problem(invoice_id, original, invoice["invoice_number"]):
            return Refused("duplicates_blocked", problem, invoice_id)
        if self.posting and (problem := period_problem(period_of(entry.entry_date), self.closed)):
            return Refused("open_periods", problem, invoice_id)
        if key[1]:
            self.booked[key] = invoice_id
        return entry, rate, account

    def _suggested(self, invoice: dict[str, Any]) -> str:
        key = vendor_key(invoice["issuer"])
        mapped = chart_repo.mapped_account(self.cur, key)
        posted, corrected = chart_repo.history(self.cur, key)
        return suggest(mapped, posted, corrected, suggest_by_keywords(invoice["issuer"])).account

    def _add_entry(
        self,
        invoice_id: int,
        entry: JournalEntry,
        rate: Decimal,
        entries: list[dict[str, Any]],
        lines: list[dict[str, Any]],
    ) -> None:
        entries.append({
            "key": invoice_id, "invoice_id": invoice_id, "entry_date": entry.entry_date,
            "description": entry.description, "currency": entry.currency, "at": self.at,
            "period": period_of(entry.entry_date), "base_currency": self.base, "fx_rate": rate,
            "posted_by": self.actor,
        })  # fmt: skip
        for no, (posting, (bd, bc)) in enumerate(
            zip(entry.postings, base_amounts(entry, rate), strict=True), start=1
        ):
            lines.append({
                "key": invoice_id, "line_no": no, "account": posting.account,
                "debit": posting.debit, "credit": posting.credit, "memo": posting.memo,
                "base_debit": bd, "base_credit": bc,
            })  # fmt: skip

    def _refusal_event(
        self, invoice_id: int, invoice: dict[str, Any] | None, refusal: Refused
    ) -> AuditEvent:
        attempted = "approve" if self.approving else "post"
        before = {"status": invoice["status"]} if invoice else None
        return AuditEvent(self.actor, f"refused:{attempted}", INVOICE, invoice_id, before,
                          {"control": refusal.control, "reason": refusal.message})  # fmt: skip


def _in_invoice_order(events: list[AuditEvent], ids: list[int]) -> list[AuditEvent]:
    """Each invoice's records together (approve before post), invoices in the order asked."""
    rank = {invoice_id: i for i, invoice_id in enumerate(ids)}
    return sorted(events, key=lambda e: rank.get(int(e.entity_id), len(rank)))


def _gross(entry: JournalEntry) -> Decimal:
    """The amount owed to the vendor: the payable line, whichever side it is on."""
    payable = next(p for p in entry.postings if p.account.startswith("Liabilities"))
    return payable.credit or payable.debit


def _extraction(invoice: Mapping[str, Any]) -> Extraction:
    return Extraction(
        issuer=invoice["issuer"],
        issuer_vat_id=invoice["issuer_vat_id"],
        invoice_number=invoice["invoice_number"],
        issue_date=invoice["issue_date"],
        due_date=invoice["due_date"],
        currency=invoice["currency"],
        net_amount=invoice["net_amount"],
        tax_amount=invoice["tax_amount"],
        total_amount=invoice["total_amount"],
        iban=invoice["iban"],
        doc_type=invoice["doc_type"],
    )


# ---------------------------------------------------------------- rejection


def reject(db: Database, invoice_id: int, actor: str, reason: str) -> None:
    """Reject an invoice (not posted); its proposed entry becomes void. A reason is required."""
    with db.transaction() as cur:
        invoice = approvals_repo.load(cur, [invoice_id]).get(invoice_id)
        problem = permission_problem(actor, users_repo.role_in(cur, actor), "reject")
        control = "permissions"
        if problem is None and invoice is None:
            problem, control = f"there is no invoice #{invoice_id}", "input"
        if problem is None and invoice is not None:
            problem, control = status_problem(invoice, "reject"), "status"
        if problem is None and not (reason or "").strip():
            problem, control = (
                "a rejection needs a reason (say, 'duplicate' or 'not ours')",
                "input",
            )
        if problem:
            before = {"status": invoice["status"]} if invoice else None
            refusal = _refuse(cur, actor, "reject", INVOICE, invoice_id, control, problem, before)
        else:
            refusal = None
            at = audit.now()
            approvals_repo.mark_rejected(cur, invoice_id, actor, reason.strip(), at)
            journal_repo.set_status_for_invoices(cur, [invoice_id], "proposed", "void")
            audit.append(cur, actor, "reject", INVOICE, invoice_id,
                         before={"status": invoice["status"]},
                         after={"status": "rejected", "reason": reason.strip()})  # fmt: skip
    if refusal:
        raise refusal


# ---------------------------------------------------------------- corrections


@dataclass(frozen=True)
class CorrectionOutcome:
    invoice_id: int
    changed: dict[str, tuple[str | None, str | None]]  # field -> (old, new) as text
    score_before: float
    score_after: float
    findings: tuple[ValidationFinding, ...]

    @property
    def message(self) -> str:
        if not self.changed:
            return "nothing changed"
        return (
            f"corrected {', '.join(self.changed)}; validation score "
            f"{self.score_before:.2f} -> {self.score_after:.2f}"
        )


def correct(
    db: Database,
    invoice_id: int,
    changes: Mapping[str, Any],
    actor: str,
    reason: str | None = None,
) -> CorrectionOutcome:
    """Store a reviewer's corrections as such (who, when, old, new, why) and re-validate.

    Values may be typed (Decimal, date) or text as a person types it ('1.234,56',
    '05.03.2024'). A correction that leaves net + tax != total needs a reason.
    """
    refused: Refused | None = None
    with db.transaction() as cur:
        invoice = approvals_repo.load(cur, [invoice_id]).get(invoice_id)
        try:
            outcome = _correct(cur, invoice_id, invoice, changes, actor, reason)
        except Refused as refusal:
            before = {"status": invoice["status"]} if invoice else None
            refused = _refuse(cur, actor, "correct", INVOICE, invoice_id, refusal.control,
                              refusal.message, before)  # fmt: skip
    if refused is not None:
        raise refused
    return outcome


def _correct(
    cur: duckdb.DuckDBPyConnection,
    invoice_id: int,
    invoice: dict[str, Any] | None,
    changes: Mapping[str, Any],
    actor: str,
    reason: str | None,
) -> CorrectionOutcome:
    problem = permission_problem(actor, users_repo.role_in(cur, actor), "correct")
    if problem:
        raise Refused("permissions", problem, invoice_id)
    if invoice is None:
        raise Refused("input", f"there is no invoice #{invoice_id}", invoice_id)
    if invoice["status"] != "extracted":
        problem = status_problem(invoice, "correct") or (
            f"invoice #{invoice_id} is {invoice['status']}: corrections are made before approval"
        )
        raise Refused("status", problem, invoice_id)
    values = {name: _parse_field(cur, invoice_id, name, raw) for name, raw in changes.items()}
    values = {name: v for name, v in values.items() if v != invoice[name]}
    items = tuple(LineItem(**row) for row in approvals_repo.line_items(cur, invoice_id))
    before_result = validate(replace_extraction(invoice, {}, items))
    after = replace_extraction(invoice, values, items)
    result = validate(after)
    reason = (reason or "").strip() or None
    if result.failed("arithmetic") and set(values) & set(MONEY) and not reason:
        raise Refused("input", f"with this correction {_arithmetic_reason(result)}: give a "
                      "reason to keep it anyway (say, 'printed so on the invoice')",
                      invoice_id)  # fmt: skip
    if not values:
        return CorrectionOutcome(invoice_id, {}, before_result.score, result.score, result.findings)
    at = audit.now()
    changed = {name: (_text(invoice[name]), _text(value)) for name, value in values.items()}
    for name, (old, new) in changed.items():
        corrections_repo.insert(cur, invoice_id, name, old, new, reason, invoice["agent"], actor,
                                at)  # fmt: skip
    approvals_repo.update_fields(cur, invoice_id, values, result.score)
    if "expense_account" in values:
        approvals_repo.set_account(cur, invoice_id, values["expense_account"], 1.0, "correction")
    account = values.get("expense_account") or invoice["expense_account"]
    if account is None:
        account = suggest(None, {}, {}, suggest_by_keywords(after.issuer)).account
    journal_repo.replace_proposed(cur, invoice_id, build_entry(after, account), at)
    _replace_validation_findings(cur, invoice_id, result, at)
    audit.append(cur, actor, "correct", INVOICE, invoice_id,
                 before={n: o for n, (o, _) in changed.items()} | {"score": before_result.score},
                 after={n: v for n, (_, v) in changed.items()}
                 | {"score": result.score, "reason": reason})  # fmt: skip
    return CorrectionOutcome(invoice_id, changed, before_result.score, result.score,
                             result.findings)  # fmt: skip


def replace_extraction(
    invoice: Mapping[str, Any], values: Mapping[str, Any], items: tuple[LineItem, ...]
) -> Extraction:
    merged = {**invoice, **values}
    return _extraction(merged).with_changes(line_items=items)


def _parse_field(cur: duckdb.DuckDBPyConnection, invoice_id: int, name: str, raw: Any) -> Any:
    if name not in approvals_repo.EDITABLE:
        raise Refused("input", f"{name!r} cannot be corrected; editable fields: "
                      f"{', '.join(approvals_repo.EDITABLE)}", invoice_id)  # fmt: skip
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if name in ("issuer", "invoice_number", "issue_date", "currency", "doc_type"):
            raise Refused("input", f"{name} cannot be emptied", invoice_id)
        return None
    text = str(raw).strip()
    if name in MONEY:
        value = raw if isinstance(raw, Decimal) else (to_decimal(text) or parse_amount(text))
        if value is None:
            raise Refused("input", f"{name}: {text!r} is not an amount", invoice_id)
        return q2(value)
    if name in DATES:
        if isinstance(raw, date):
            return raw
        day = _parse_date(text)
        if day is None:
            raise Refused("input", f"{name}: {text!r} is not a date (try 2024-03-05)", invoice_id)
        return day
    if name == "currency":
        code = text.upper()
        if len(code) != 3 or not code.isalpha():
            raise Refused("input", f"currency: {text!r} is not a 3-letter ISO code", invoice_id)
        return code
    if name == "doc_type":
        if text not in DOC_TYPES:
            raise Refused("input", f"doc_type: {text!r} is not one of {', '.join(DOC_TYPES)}",
                          invoice_id)  # fmt: skip
        return text
    if name == "expense_account":
        problem = account_problem(text)
        row = chart_repo.account_row(cur, text)
        if problem is None and (row is None or not row[1]):
            problem = f"account {text} is not in the chart of accounts: add it there first"
        if problem:
            raise Refused("input", problem, invoice_id)
    return text


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return first_date(text)


def _arithmetic_reason(result: ValidationResult) -> str:
    return next(f.reason for f in result.findings if f.check == "arithmetic")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _replace_validation_findings(
    cur: duckdb.DuckDBPyConnection, invoice_id: int, result: ValidationResult, at: Any
) -> None:
    """Validation findings describe the current fields: the old ones go with the old values."""
    findings_repo.delete_open(cur, invoice_id, "validation")
    for f in result.findings:
        findings_repo.insert(cur, invoice_id, f.check, "validation",
                             1.0 if f.severity == "error" else 0.5, f.reason, {}, at)  # fmt: skip


# ---------------------------------------------------------------- review read model


@dataclass(frozen=True)
class FieldView:
    name: str
    value: Any
    confidence: float | None
    corrected: bool


@dataclass(frozen=True)
class ReviewItem:
    invoice: dict[str, Any]
    fields: tuple[FieldView, ...]
    findings: pd.DataFrame
    corrections: pd.DataFrame
    entry: pd.DataFrame
    history: pd.DataFrame


def review_item(db: Database, invoice_id: int) -> ReviewItem | None:
    """Everything the review page shows for one invoice (the page renders the image itself)."""
    invoice = invoices_repo.get(db, invoice_id)
    if invoice is None:
        return None
    corrections = corrections_repo.for_invoice(db, invoice_id)
    corrected = set(corrections["field"]) if len(corrections) else set()
    confidence = invoice.get("confidence") or {}
    fields = tuple(
        FieldView(name, invoice.get(name), 1.0 if name in corrected else confidence.get(name),
                  name in corrected)
        for name in approvals_repo.EDITABLE
    )  # fmt: skip
    confidence_of_account = invoice.get("account_confidence")
    fields = tuple(
        FieldView(f.name, f.value, confidence_of_account, f.corrected)
        if f.name == "expense_account" and not f.corrected else f
        for f in fields
    )  # fmt: skip
    return ReviewItem(
        invoice=invoice,
        fields=fields,
        findings=findings_repo.for_invoice(db, invoice_id),
        corrections=corrections,
        entry=journal_repo.entry_for_invoice(db, invoice_id),
        history=audit.records(db, INVOICE, str(invoice_id)),
    )


def review_queue(db: Database, limit: int = 500) -> pd.DataFrame:
    """Invoices awaiting review, weakest validation first."""
    return approvals_repo.review_queue(db.cursor(), limit)


# ---------------------------------------------------------------- periods, rates, chart, limits


def close_period(db: Database, period: str, actor: str) -> None:
    _set_period(db, period, actor, "closed")


def reopen_period(db: Database, period: str, actor: str) -> None:
    _set_period(db, period, actor, "open")


def _set_period(db: Database, period: str, actor: str, status: str) -> None:
    attempted = "close_period" if status == "closed" else "reopen_period"
    with db.transaction() as cur:
        current = periods_repo.state(cur, period)
        problem = permission_problem(actor, users_repo.role_in(cur, actor), attempted)
        problem = problem or period_format_problem(period)
        if problem is None and current["status"] == status:
            problem = f"period {period} is already {status}"
        if problem:
            refusal = _refuse(cur, actor, attempted, "period", period, "open_periods", problem,
                              {"status": current["status"]})  # fmt: skip
        else:
            refusal = None
            periods_repo.set_status(cur, period, status, actor, audit.now())
            change = ({"status": current["status"]}, {"status": status})
            audit.append(cur, actor, attempted, "period", period, *change)
    if refusal:
        raise refusal


def set_rate(
    db: Database, currency: str, valid_from: date, rate: Decimal | str, actor: str
) -> None:
    """1 unit of currency = rate units of the base currency, from valid_from on."""
    base = base_currency()
    code = (currency or "").strip().upper()
    value = to_decimal(rate) if not isinstance(rate, Decimal) else rate
    with db.transaction() as cur:
        problem = permission_problem(actor, users_repo.role_in(cur, actor), "set_rate")
        if problem is None and (len(code) != 3 or not code.isalpha()):
            problem = f"currency {currency!r} is not a 3-letter ISO code"
        if problem is None and code == base:
            problem = f"{code} is the base currency: its rate is 1 by definition"
        if problem is None and (value is None or value <= 0):
            problem = f"rate {rate!r} for {code} must be a positive number"
        if problem:
            refusal = _refuse(cur, actor, "set_rate", "fx_rate", f"{code}@{valid_from}",
                              "fx_rate", problem)  # fmt: skip
        else:
            refusal = None
            assert value is not None
            old = rates_repo.upsert(cur, code, base, valid_from, value, actor, audit.now())
            audit.append(cur, actor, "set_rate", "fx_rate", f"{code}@{valid_from}",
                         before={"rate": old} if old is not None else None,
                         after={"rate": value, "base": base})  # fmt: skip
    if refusal:
        raise refusal


def add_account(
    db: Database, account: str, description: str, actor: str, active: bool = True
) -> None:
    """Add or change an account of the chart (Beancount names under the five roots)."""
    with db.transaction() as cur:
        problem = permission_problem(actor, users_repo.role_in(cur, actor), "maintain_chart")
        problem = problem or account_problem(account)
        before = chart_repo.account_row(cur, account)
        if problem:
            refusal = _refuse(cur, actor, "maintain_chart", "account", account, "input", problem)
        else:
            refusal = None
            chart_repo.upsert_account(cur, account, description.strip() or account, active)
            old = {"description": before[0], "active": before[1]} if before else None
            new = {"description": description, "active": active}
            audit.append(cur, actor, "maintain_chart", "account", account, old, new)
    if refusal:
        raise refusal


def set_vendor_account(db: Database, vendor: str, account: str, actor: str) -> None:
    """From now on this vendor's invoices are suggested to this account (confidence 0.99)."""
    key = vendor_key(vendor)
    with db.transaction() as cur:
        problem = permission_problem(actor, users_repo.role_in(cur, actor), "map_vendor")
        if problem is None and not key:
            problem = "the vendor name is empty"
        row = chart_repo.account_row(cur, account)
        if problem is None and (row is None or not row[1]):
            problem = f"account {account} is not in the chart of accounts: add it there first"
        if problem:
            refusal = _refuse(cur, actor, "map_vendor", "vendor", key or vendor, "input", problem)
        else:
            refusal = None
            old = chart_repo.set_mapping(cur, key, vendor, account, actor, audit.now())
            audit.append(cur, actor, "map_vendor", "vendor", key, before={"account": old},
                         after={"account": account, "vendor": vendor})  # fmt: skip
    if refusal:
        raise refusal


def set_approval_limit(
    db: Database, role: str, max_amount: Decimal | str | None, actor: str, allowed: bool = True
) -> None:
    """A role may approve up to max_amount (base currency; None = no limit), or not at all."""
    amount = None if max_amount is None else to_decimal(max_amount)
    with db.transaction() as cur:
        problem = permission_problem(actor, users_repo.role_in(cur, actor), "set_limit")
        if problem is None and role not in users_repo.ROLES:
            problem = f"role {role!r} is not one of {', '.join(users_repo.ROLES)}"
        if problem is None and max_amount is not None and (amount is None or amount < 0):
            problem = f"limit {max_amount!r} must be a non-negative amount"
        before = periods_repo.limits(cur)
        if problem:
            refusal = _refuse(cur, actor, "set_limit", "role", role, "approval_limits", problem)
        else:
            refusal = None
            if allowed:
                periods_repo.set_limit(cur, role, amount, actor, audit.now())
            else:
                periods_repo.remove_limit(cur, role)
            old = {"allowed": role in before, "limit": before.get(role)}
            new = {"allowed": allowed, "limit": amount if allowed else None}
            audit.append(cur, actor, "set_limit", "role", role, old, new)
    if refusal:
        raise refusal


# ---------------------------------------------------------------- read models for the pages


def journal(
    db: Database,
    date_from: date | None = None,
    date_to: date | None = None,
    account: str | None = None,
    vendor: str | None = None,
    currency: str | None = None,
    status: str | None = "posted",
) -> pd.DataFrame:
    return journal_repo.journal(db, date_from, date_to, account or None, vendor or None,
                                currency or None, status)  # fmt: skip


def trial_balance(db: Database, as_of: date | None = None) -> pd.DataFrame:
    """Posted balances per account in the base currency (debit positive)."""
    return journal_repo.trial_balance(db, as_of)


def trial_balance_by_currency(db: Database, as_of: date | None = None) -> pd.DataFrame:
    return journal_repo.trial_balance_by_currency(db, as_of)


def ap_by_vendor(db: Database) -> pd.DataFrame:
    return journal_repo.ap_by_vendor(db)


def spend_by_account_month(db: Database) -> pd.DataFrame:
    return journal_repo.spend_by_account_month(db)


def periods(db: Database) -> pd.DataFrame:
    return periods_repo.table(db)


def rates(db: Database) -> pd.DataFrame:
    return rates_repo.table(db, base_currency())


def missing_rates(db: Database) -> pd.DataFrame:
    """Invoices awaiting approval whose currency has no rate on their date."""
    base = base_currency()
    table = rates_repo.load(db.cursor(), base)
    rows = invoices_repo.open_in_other_currencies(db, base)
    missing = [r for r in rows if table.rate(r[4], r[3]) is None]
    return pd.DataFrame(
        missing, columns=["id", "issuer", "invoice_number", "issue_date", "currency", "total"]
    )


def chart(db: Database) -> pd.DataFrame:
    return chart_repo.accounts(db)


def vendor_mappings(db: Database) -> pd.DataFrame:
    return chart_repo.mappings(db)


def approval_limits(db: Database) -> pd.DataFrame:
    return periods_repo.limits_table(db)


def corrections(db: Database) -> pd.DataFrame:
    return corrections_repo.table(db)


def users(db: Database) -> pd.DataFrame:
    return pd.DataFrame(users_repo.all_users(db), columns=["name", "role"])


def audit_records(
    db: Database, entity: str | None = None, entity_id: str | None = None, limit: int = 500
) -> pd.DataFrame:
    return audit.records(db, entity, entity_id, limit)


def verify_audit(db: Database) -> audit.ChainReport:
    return audit.verify(db)
