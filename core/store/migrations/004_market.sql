-- The agent market's memory: reputation history, every agent's run per task, consensus
-- votes, learnt vendor layouts, spawn/retire/relearn events and human reviews.

CREATE SEQUENCE seq_reputation_history START 1;
CREATE SEQUENCE seq_market_events START 1;
CREATE SEQUENCE seq_reviews START 1;

-- Appended on every reputation update: the trajectories and posterior bands over time.
CREATE TABLE reputation_history (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_reputation_history'),
    agent VARCHAR NOT NULL,
    context VARCHAR NOT NULL,
    r DOUBLE NOT NULL,
    s DOUBLE NOT NULL,
    n INTEGER NOT NULL,
    outcome DOUBLE NOT NULL,
    weight DOUBLE NOT NULL,
    source VARCHAR NOT NULL,
    task_id BIGINT,
    created_at TIMESTAMP NOT NULL
);

-- Each agent's own reading in a task: the winner, consensus voters, shadow evaluations.
CREATE TABLE task_runs (
    task_id BIGINT NOT NULL,
    agent VARCHAR NOT NULL,
    role VARCHAR NOT NULL CHECK (role IN ('winner', 'consensus', 'shadow')),
    fields JSON NOT NULL,
    validation_score DOUBLE,
    cost DECIMAL(18, 6) NOT NULL DEFAULT 0,
    latency_ms DOUBLE NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (task_id, agent)
);

CREATE TABLE consensus_votes (
    task_id BIGINT NOT NULL,
    field VARCHAR NOT NULL,
    chosen VARCHAR,
    candidates JSON NOT NULL,
    agreed BOOLEAN NOT NULL,
    reason VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (task_id, field)
);

CREATE TABLE vendor_layouts (
    agent VARCHAR PRIMARY KEY,
    vendor_key VARCHAR NOT NULL,
    version INTEGER NOT NULL,
    model JSON NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('active', 'retired')),
    examples INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE market_events (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_market_events'),
    event VARCHAR NOT NULL CHECK (event IN ('spawn', 'retire', 'relearn')),
    agent VARCHAR NOT NULL,
    vendor_key VARCHAR,
    reason VARCHAR NOT NULL,
    details JSON,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE reviews (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_reviews'),
    invoice_id BIGINT NOT NULL,
    task_id BIGINT,
    agent VARCHAR NOT NULL,
    fields_checked INTEGER NOT NULL,
    corrections INTEGER NOT NULL,
    corrected JSON NOT NULL,
    truth JSON NOT NULL,
    reviewed_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE INDEX idx_rephist_agent ON reputation_history (agent, context);
CREATE INDEX idx_reviews_invoice ON reviews (invoice_id);
