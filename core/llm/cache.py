"""The response cache key: the same text, model and prompt version never cost twice."""

from __future__ import annotations

import hashlib

from core.llm.prompt import PROMPT_VERSION


def cache_key(text: str, model: str, prompt_version: str = PROMPT_VERSION) -> str:
    payload = "\x1f".join((text, model, prompt_version))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
