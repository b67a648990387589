"""Demo invoice corpus: realistic vendor invoices as real PDF/XLSX files plus ground truth."""

from core.demo.generator import GeneratedDoc, generate_corpus
from core.demo.pdf_layouts import LAYOUTS
from core.demo.vendors import VENDORS

__all__ = ["LAYOUTS", "VENDORS", "GeneratedDoc", "generate_corpus"]
