"""LedgerLoop's agent package: documents in, a double-entry ledger and findings out.

Nothing under core/ imports streamlit; the pages call ``core.services``, the facade.
"""

__version__ = "0.1.0"
