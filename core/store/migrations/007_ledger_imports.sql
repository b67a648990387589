-- Ledgers imported from another system and screened: their rows stay, so that an analyst
-- reviews their findings in the inbox as those on uploaded invoices, with the evidence drawn
-- from the rows and the decisions teaching the same detector weights.

CREATE SEQUENCE seq_ledger_imports START 1;

CREATE TABLE ledger_imports (
    id BIGINT PRIMARY KEY DEFAULT nextval('seq_ledger_imports'),
    file_name VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    data_rows INTEGER NOT NULL,
    screened INTEGER NOT NULL,
    base_currency VARCHAR NOT NULL,
    imported_by VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL
);

-- The screened rows, with the columns the mapping gave them; row is the 1-based data row.
CREATE TABLE ledger_rows (
    import_id BIGINT NOT NULL,
    row BIGINT NOT NULL,
    vendor VARCHAR,
    invoice_number VARCHAR,
    invoice_date DATE,
    currency VARCHAR,
    net_amount DECIMAL(18, 2),
    tax_amount DECIMAL(18, 2),
    total_amount DECIMAL(18, 2),
    account VARCHAR,
    iban VARCHAR,
    uploaded_by VARCHAR,
    approved_by VARCHAR,
    recorded_at TIMESTAMP,
    PRIMARY KEY (import_id, row)
);

-- Which findings are about an imported ledger, and which row (none: the vendor as a whole).
CREATE TABLE ledger_findings (
    finding_id BIGINT PRIMARY KEY,
    import_id BIGINT NOT NULL,
    row BIGINT
);
