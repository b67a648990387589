"""Storage: the DuckDB file and the repositories that read and write it."""

from core.store.db import Database, StoreError, close_all, get_db

__all__ = ["Database", "StoreError", "close_all", "get_db"]
