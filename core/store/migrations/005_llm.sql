-- LLM providers: the response cache, the cost ledger and the last known provider state.
-- Costs are DECIMAL(18, 6): one call costs fractions of a cent. API keys are never stored.

CREATE SEQUENCE seq_llm_calls START 1;

-- key = sha256(document text + model + prompt version): a re-uploaded document costs nothing.
CREATE TABLE llm_cache (
    cache_key VARCHAR PRIMARY KEY,
    provider VARCHAR NOT NULL,
    model VARCHAR NOT NULL,
    prompt_version VARCHAR NOT NULL,
    document_sha256 VARCHAR,
    response JSON NOT NULL,
    input_tokens BIGINT NOT NULL DEFAULT 0,
    cached_tokens BIGINT NOT NULL DEFAULT 0,
    output_tokens BIGINT NOT NULL DEFAULT 0,
    cost DECIMAL(18, 6) NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

-- One row per provider call (outcome ok, rejected or error) and per cache hit (saved > 0).
CREATE TABLE llm_calls (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_llm_calls'),
    called_at TIMESTAMP NOT NULL,
    day DATE NOT NULL,
    provider VARCHAR NOT NULL,
    model VARCHAR NOT NULL,
    document_sha256 VARCHAR,
    outcome VARCHAR NOT NULL CHECK (outcome IN ('ok', 'rejected', 'error', 'cache_hit')),
    attempts INTEGER NOT NULL DEFAULT 0,
    input_tokens BIGINT NOT NULL DEFAULT 0,
    cached_tokens BIGINT NOT NULL DEFAULT 0,
    output_tokens BIGINT NOT NULL DEFAULT 0,
    cost DECIMAL(18, 6) NOT NULL DEFAULT 0,
    saved DECIMAL(18, 6) NOT NULL DEFAULT 0,
    latency_ms DOUBLE NOT NULL DEFAULT 0,
    reason VARCHAR
);

CREATE INDEX idx_llm_calls_day ON llm_calls (provider, day);

-- The breaker's last transition per provider, so another process (the CLI) can show it.
CREATE TABLE llm_provider_state (
    provider VARCHAR PRIMARY KEY,
    state VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    reason VARCHAR
);
