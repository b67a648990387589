"""Cached reads: a read is reused until the next committed write to the same database."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from core.store.db import Database

P = ParamSpec("P")
T = TypeVar("T")
_MAX_ENTRIES = 256


def cached_read(fn: Callable[..., T]) -> Callable[..., T]:
    """Memoise fn(db, *args, **kwargs) on (db.identity, db.generation, args).

    Results are shared between callers: treat returned DataFrames and lists as read-only.
    """
    cache: OrderedDict[tuple[Any, ...], T] = OrderedDict()
    lock = threading.Lock()

    @functools.wraps(fn)
    def wrapper(db: Database, *args: Any, **kwargs: Any) -> T:
        key = (db.identity, db.generation, args, tuple(sorted(kwargs.items())))
        with lock:
            if key in cache:
                cache.move_to_end(key)
                return cache[key]
        value = fn(db, *args, **kwargs)
        with lock:
            cache[key] = value
            while len(cache) > _MAX_ENTRIES:
                cache.popitem(last=False)
        return value

    return wrapper
