-- Accounting: chart of accounts, vendor mappings, corrections, rates, periods, approval
-- limits, posting columns and the audit trail's head. Money is DECIMAL, never DOUBLE.
--
-- Statuses. invoices.status: extracted (at ingest) -> approved -> posted, or -> rejected.
-- journal_entries.status: proposed (at ingest) -> posted; a proposed entry replaced by a
-- correction or a posting becomes superseded; a rejected invoice's entry becomes void.

CREATE SEQUENCE seq_corrections START 1;

CREATE TABLE accounts (
    account VARCHAR PRIMARY KEY,
    description VARCHAR NOT NULL,
    active BOOLEAN NOT NULL DEFAULT true,
    created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- A person's choice of expense account for a vendor: beats anything learnt from history.
CREATE TABLE vendor_accounts (
    vendor_key VARCHAR PRIMARY KEY,
    vendor VARCHAR NOT NULL,
    account VARCHAR NOT NULL,
    set_by VARCHAR NOT NULL,
    set_at TIMESTAMP NOT NULL
);

-- A field a person changed during review: the ground truth of the learning loop.
CREATE TABLE corrections (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_corrections'),
    invoice_id BIGINT NOT NULL,
    field VARCHAR NOT NULL,
    old_value VARCHAR,
    new_value VARCHAR,
    reason VARCHAR,
    agent VARCHAR,
    corrected_by VARCHAR NOT NULL,
    corrected_at TIMESTAMP NOT NULL
);

-- 1 unit of currency = rate units of base_currency, from valid_from until the next row.
CREATE TABLE fx_rates (
    currency VARCHAR NOT NULL,
    base_currency VARCHAR NOT NULL,
    valid_from DATE NOT NULL,
    rate DECIMAL(18, 8) NOT NULL CHECK (rate > 0),
    set_by VARCHAR NOT NULL,
    set_at TIMESTAMP NOT NULL,
    PRIMARY KEY (currency, base_currency, valid_from)
);

-- Accounting months 'YYYY-MM'; a month without a row is open.
CREATE TABLE periods (
    period VARCHAR PRIMARY KEY,
    status VARCHAR NOT NULL CHECK (status IN ('open', 'closed')),
    closed_by VARCHAR,
    closed_at TIMESTAMP,
    changed_by VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL
);

-- Largest gross amount (in the base currency) a role may approve; NULL = no limit.
-- A role without a row may not approve at all.
CREATE TABLE approval_limits (
    role VARCHAR PRIMARY KEY,
    max_amount DECIMAL(18, 2),
    set_by VARCHAR NOT NULL,
    set_at TIMESTAMP NOT NULL
);

-- The last record of the audit trail, kept apart so that a deleted tail is detected.
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    seq BIGINT NOT NULL,
    hash VARCHAR NOT NULL
);

ALTER TABLE invoices ADD COLUMN expense_account VARCHAR;
ALTER TABLE invoices ADD COLUMN account_confidence DOUBLE;
ALTER TABLE invoices ADD COLUMN account_source VARCHAR;
ALTER TABLE invoices ADD COLUMN rejected_by VARCHAR;
ALTER TABLE invoices ADD COLUMN rejected_at TIMESTAMP;
ALTER TABLE invoices ADD COLUMN rejection_reason VARCHAR;

ALTER TABLE journal_entries ADD COLUMN period VARCHAR;
ALTER TABLE journal_entries ADD COLUMN base_currency VARCHAR;
ALTER TABLE journal_entries ADD COLUMN fx_rate DECIMAL(18, 8);
ALTER TABLE journal_entries ADD COLUMN posted_by VARCHAR;
ALTER TABLE journal_entries ADD COLUMN posted_at TIMESTAMP;

ALTER TABLE journal_lines ADD COLUMN base_debit DECIMAL(18, 2);
ALTER TABLE journal_lines ADD COLUMN base_credit DECIMAL(18, 2);

CREATE INDEX idx_entries_invoice ON journal_entries (invoice_id);
CREATE INDEX idx_corrections_invoice ON corrections (invoice_id);

INSERT INTO audit_head
SELECT 1, seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1;

INSERT INTO audit_head
SELECT 1, 0, '0000000000000000000000000000000000000000000000000000000000000000'
WHERE NOT EXISTS (SELECT 1 FROM audit_head);

INSERT INTO approval_limits (role, max_amount, set_by, set_at) VALUES
    ('approver', 10000.00, 'system', current_timestamp),
    ('admin', NULL, 'system', current_timestamp);

INSERT INTO accounts (account, description) VALUES
    ('Assets:Bank', 'Bank accounts'),
    ('Assets:VAT-Input', 'Input VAT receivable'),
    ('Liabilities:AccountsPayable', 'Trade creditors, one sub-account per vendor'),
    ('Equity:Opening-Balances', 'Opening balances'),
    ('Expenses:General', 'Uncategorised purchases'),
    ('Expenses:Office', 'Office supplies and furniture'),
    ('Expenses:IT:Software', 'Software and subscriptions'),
    ('Expenses:IT:Hardware', 'Computers and devices'),
    ('Expenses:Professional-Services', 'Consulting, legal, accounting'),
    ('Expenses:Travel', 'Travel, hotels, transport'),
    ('Expenses:Facilities', 'Rent, utilities, cleaning, maintenance'),
    ('Expenses:Marketing', 'Advertising and events'),
    ('Expenses:Logistics', 'Freight and courier'),
    ('Expenses:Telecom', 'Phone and internet'),
    ('Expenses:Materials', 'Raw materials and parts'),
    ('Expenses:Catering', 'Food and drink');
