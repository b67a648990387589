"""Validation of an extraction: a score in [0, 1] and findings with plain-language reasons."""

from core.validation.checks import ValidationFinding, ValidationResult, validate, vat_id_valid
from core.validation.tax_rates import seller_country

__all__ = ["ValidationFinding", "ValidationResult", "seller_country", "validate", "vat_id_valid"]
