"""Provider settings from environment variables or .streamlit/secrets.toml (env wins).

Streamlit is never imported: the TOML is read with tomllib. Keys live only in memory, are
left out of repr() and are never logged or written to DuckDB.

    [llm.claude]                 # env: ANTHROPIC_API_KEY, LEDGERLOOP_CLAUDE_MODEL, ...
    api_key = "sk-ant-..."
    model = "claude-sonnet-4-5"
    price_input = 3.00           # USD per million input tokens
    price_output = 15.00         # USD per million output tokens
    price_cached = 0.30          # USD per million cached input tokens
    daily_budget = 5.00          # USD per UTC day; 0 or absent for local models = no limit

    [llm.gpt]                    # env: OPENAI_API_KEY, LEDGERLOOP_GPT_MODEL, ...
    [llm.local]                  # env: LEDGERLOOP_LOCAL_BASE_URL, LEDGERLOOP_LOCAL_MODEL
    base_url = "http://localhost:11434/v1"
    model = "qwen2.5:7b-instruct"
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from core.config import PROJECT_ROOT
from core.errors import LedgerLoopError

PROVIDERS: tuple[str, ...] = ("claude", "gpt", "local")
KINDS = {"claude": "anthropic", "gpt": "openai", "local": "openai-compatible"}
KEY_ENV = {"claude": "ANTHROPIC_API_KEY", "gpt": "OPENAI_API_KEY", "local": ""}

# List prices when this was written (USD per million tokens); override them in the settings.
DEFAULTS: dict[str, dict[str, Any]] = {
    "claude": {"model": "claude-sonnet-4-5", "price_input": "3.00", "price_output": "15.00",
               "price_cached": "0.30", "daily_budget": "5.00"},
    "gpt": {"model": "gpt-4.1-mini", "price_input": "0.40", "price_output": "1.60",
            "price_cached": "0.10", "daily_budget": "5.00"},
    "local": {"model": "", "price_input": "0", "price_output": "0", "price_cached": "0",
              "daily_budget": "0"},
}  # fmt: skip


class ConfigError(LedgerLoopError):
    """A provider setting that cannot be used; the message names the setting."""


@dataclass(frozen=True)
class ProviderConfig:
    name: str  # claude, gpt, local
    kind: str  # anthropic, openai, openai-compatible
    model: str
    api_key: str | None = field(default=None, repr=False)
    base_url: str | None = None
    price_input: Decimal = Decimal("0")  # per million tokens
    price_output: Decimal = Decimal("0")
    price_cached: Decimal = Decimal("0")
    daily_budget: Decimal | None = None  # None: no limit
    timeout_s: float = 30.0
    max_attempts: int = 3
    retry_base_s: float = 0.5
    retry_max_s: float = 8.0
    max_chars: int = 12_000

    @property
    def configured(self) -> bool:
        if not self.model:
            return False
        if self.name == "local":
            return bool(self.base_url)
        return bool(self.api_key)

    @property
    def missing(self) -> str | None:
        """What is missing, for the providers panel; None when configured."""
        if self.configured:
            return None
        if self.name == "local":
            return "set LEDGERLOOP_LOCAL_BASE_URL and LEDGERLOOP_LOCAL_MODEL"
        return f"set {KEY_ENV[self.name]} (or api_key in [llm.{self.name}] of secrets.toml)"


def secrets_path() -> Path:
    raw = os.environ.get("LEDGERLOOP_SECRETS", "").strip()
    return Path(raw).expanduser() if raw else PROJECT_ROOT / ".streamlit" / "secrets.toml"


def read_secrets(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from exc


def load_provider_configs(
    env: Mapping[str, str] | None = None, secrets: Mapping[str, Any] | None = None
) -> dict[str, ProviderConfig]:
    """Every provider's settings, configured or not, in fallback order."""
    env = os.environ if env is None else env
    secrets = read_secrets(secrets_path()) if secrets is None else secrets
    if env.get("LEDGERLOOP_LLM", "").strip().lower() in ("off", "0", "false", "no"):
        env, secrets = {}, {}
    section = secrets.get("llm", {}) if isinstance(secrets.get("llm", {}), Mapping) else {}
    return {name: _provider(name, env, secrets, section.get(name, {})) for name in PROVIDERS}


def _provider(
    name: str, env: Mapping[str, str], secrets: Mapping[str, Any], table: Mapping[str, Any]
) -> ProviderConfig:
    prefix = f"LEDGERLOOP_{name.upper()}_"

    def setting(key: str) -> Any:
        value = env.get(prefix + key.upper(), "").strip()
        if value:
            return value
        if key in table and table[key] not in (None, ""):
            return table[key]
        return DEFAULTS[name].get(key)

    api_key = env.get(prefix + "API_KEY", "").strip() or table.get("api_key")
    if not api_key and KEY_ENV[name]:
        api_key = env.get(KEY_ENV[name], "").strip() or secrets.get(KEY_ENV[name])
    budget = _decimal(name, "daily_budget", setting("daily_budget"))
    return ProviderConfig(
        name=name,
        kind=KINDS[name],
        model=str(setting("model") or ""),
        api_key=str(api_key) if api_key else None,
        base_url=str(setting("base_url")) if setting("base_url") else None,
        price_input=_decimal(name, "price_input", setting("price_input")),
        price_output=_decimal(name, "price_output", setting("price_output")),
        price_cached=_decimal(name, "price_cached", setting("price_cached")),
        daily_budget=budget if budget > 0 else None,
        timeout_s=_number(name, "timeout_s", setting("timeout_s"), 30.0),
        max_attempts=int(_number(name, "max_attempts", setting("max_attempts"), 3)),
        retry_base_s=_number(name, "retry_base_s", setting("retry_base_s"), 0.5),
        retry_max_s=_number(name, "retry_max_s", setting("retry_max_s"), 8.0),
        max_chars=int(_number(name, "max_chars", setting("max_chars"), 12_000)),
    )


def _decimal(provider: str, key: str, value: Any) -> Decimal:
    if value is None or value == "":
        return Decimal("0")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ConfigError(f"llm.{provider}.{key}: '{value}' is not a number") from None
    if number < 0:
        raise ConfigError(f"llm.{provider}.{key}: {value} is negative")
    return number


def _number(provider: str, key: str, value: Any, default: float) -> float:
    if value is None or value == "":
        return default
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"llm.{provider}.{key}: '{value}' is not a number") from None
    if number <= 0:
        raise ConfigError(f"llm.{provider}.{key}: {value} must be above zero")
    return number
