"""Errors that carry a message meant for the person who uploaded the file."""

from __future__ import annotations


class LedgerLoopError(Exception):
    """Base class of the errors the product explains to its user."""


class DocumentError(LedgerLoopError):
    """A file that cannot be read; the message names the file and the reason."""

    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason


class RuleViolation(LedgerLoopError):
    """An action refused by a business rule or an internal control."""
