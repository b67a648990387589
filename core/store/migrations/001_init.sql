-- LedgerLoop's first schema. Money is DECIMAL, never DOUBLE.

CREATE SEQUENCE seq_extractions START 1;
CREATE SEQUENCE seq_invoices START 1;
CREATE SEQUENCE seq_entries START 1;
CREATE SEQUENCE seq_tasks START 1;
CREATE SEQUENCE seq_outcomes START 1;
CREATE SEQUENCE seq_findings START 1;
CREATE SEQUENCE seq_audit START 1;
CREATE SEQUENCE seq_refusals START 1;

CREATE TABLE users (
    name VARCHAR PRIMARY KEY,
    role VARCHAR NOT NULL CHECK (role IN ('clerk', 'approver', 'analyst', 'admin')),
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE documents (
    sha256 VARCHAR PRIMARY KEY,
    filename VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    size_bytes BIGINT NOT NULL,
    page_count INTEGER NOT NULL,
    uploaded_by VARCHAR NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    content BLOB,
    notes VARCHAR
);

-- Files refused at the door, so a batch's report survives a page reload.
CREATE TABLE refusals (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_refusals'),
    filename VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    uploaded_by VARCHAR NOT NULL,
    refused_at TIMESTAMP NOT NULL
);

CREATE TABLE extractions (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_extractions'),
    document_sha256 VARCHAR NOT NULL,
    task_id BIGINT,
    agent VARCHAR NOT NULL,
    fields JSON NOT NULL,
    confidence JSON NOT NULL,
    cost DECIMAL(18, 6) NOT NULL DEFAULT 0,
    latency_ms DOUBLE NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE invoices (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_invoices'),
    document_sha256 VARCHAR NOT NULL,
    extraction_id BIGINT NOT NULL,
    issuer VARCHAR,
    issuer_vat_id VARCHAR,
    invoice_number VARCHAR,
    issue_date DATE,
    due_date DATE,
    currency VARCHAR,
    net_amount DECIMAL(18, 2),
    tax_amount DECIMAL(18, 2),
    total_amount DECIMAL(18, 2),
    iban VARCHAR,
    doc_type VARCHAR NOT NULL DEFAULT 'invoice',
    validation_score DOUBLE NOT NULL,
    status VARCHAR NOT NULL,
    uploaded_by VARCHAR NOT NULL,
    approved_by VARCHAR,
    approved_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE invoice_lines (
    invoice_id BIGINT NOT NULL,
    line_no INTEGER NOT NULL,
    description VARCHAR,
    quantity DECIMAL(18, 4),
    unit_price DECIMAL(18, 4),
    amount DECIMAL(18, 2),
    tax_rate DECIMAL(7, 3),
    PRIMARY KEY (invoice_id, line_no)
);

CREATE TABLE journal_entries (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_entries'),
    invoice_id BIGINT NOT NULL,
    entry_date DATE NOT NULL,
    description VARCHAR NOT NULL,
    currency VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE journal_lines (
    entry_id BIGINT NOT NULL,
    line_no INTEGER NOT NULL,
    account VARCHAR NOT NULL,
    debit DECIMAL(18, 2) NOT NULL DEFAULT 0,
    credit DECIMAL(18, 2) NOT NULL DEFAULT 0,
    memo VARCHAR,
    PRIMARY KEY (entry_id, line_no)
);

CREATE TABLE agents (
    name VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    description VARCHAR NOT NULL,
    cost_per_doc DECIMAL(18, 6) NOT NULL DEFAULT 0,
    status VARCHAR NOT NULL DEFAULT 'active',
    context VARCHAR,
    parent VARCHAR,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE tasks (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_tasks'),
    document_sha256 VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    context JSON NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE bids (
    task_id BIGINT NOT NULL,
    agent VARCHAR NOT NULL,
    decision VARCHAR NOT NULL CHECK (decision IN ('bid', 'decline')),
    score DOUBLE,
    expected_quality DOUBLE,
    sampled_quality DOUBLE,
    expected_cost DECIMAL(18, 6),
    reason VARCHAR NOT NULL,
    PRIMARY KEY (task_id, agent)
);

CREATE TABLE awards (
    task_id BIGINT PRIMARY KEY,
    agent VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    explored BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE outcomes (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_outcomes'),
    task_id BIGINT,
    agent VARCHAR NOT NULL,
    context VARCHAR NOT NULL,
    outcome DOUBLE NOT NULL,
    source VARCHAR NOT NULL CHECK (source IN ('validation', 'human')),
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE reputations (
    agent VARCHAR NOT NULL,
    context VARCHAR NOT NULL,
    r DOUBLE NOT NULL,
    s DOUBLE NOT NULL,
    n INTEGER NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (agent, context)
);

CREATE TABLE findings (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_findings'),
    invoice_id BIGINT,
    check_name VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    score DOUBLE NOT NULL,
    reason VARCHAR NOT NULL,
    evidence JSON NOT NULL,
    status VARCHAR NOT NULL DEFAULT 'open',
    decided_by VARCHAR,
    decided_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);

-- Append-only: each record hashes its content and the previous record's hash.
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY DEFAULT nextval('seq_audit'),
    ts TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    entity VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    before JSON,
    after JSON,
    prev_hash VARCHAR NOT NULL,
    hash VARCHAR NOT NULL
);

CREATE INDEX idx_invoices_doc ON invoices (document_sha256);
CREATE INDEX idx_findings_invoice ON findings (invoice_id);
CREATE INDEX idx_lines_entry ON journal_lines (entry_id);

INSERT INTO users (name, role) VALUES
    ('alex.clerk', 'clerk'),
    ('blair.approver', 'approver'),
    ('casey.analyst', 'analyst'),
    ('dana.admin', 'admin'),
    ('demo-clerk', 'clerk');
