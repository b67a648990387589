-- Vendor keys keep every letter, digit and mark of a name, in any script (core/names.py);
-- earlier versions kept only a-z and 0-9, so "Müller" and "Möller" shared a mapping and every
-- Cyrillic or Chinese name had the empty key. The mappings are re-keyed from their names.
CREATE TABLE vendor_accounts_rekeyed AS
    SELECT regexp_replace(replace(replace(lower(nfc_normalize(coalesce(vendor, ''))), 'ς', 'σ'), 'i̇', 'i'), '[^\p{L}\p{N}\p{M}]+', '', 'g') AS vendor_key, vendor, account, set_by, set_at
    FROM vendor_accounts;
DROP TABLE vendor_accounts;
CREATE TABLE vendor_accounts (
    vendor_key VARCHAR PRIMARY KEY,
    vendor VARCHAR NOT NULL,
    account VARCHAR NOT NULL,
    set_by VARCHAR NOT NULL,
    set_at TIMESTAMP NOT NULL
);
INSERT INTO vendor_accounts
    SELECT * FROM vendor_accounts_rekeyed
    QUALIFY row_number() OVER (PARTITION BY vendor_key ORDER BY set_at DESC) = 1;
DROP TABLE vendor_accounts_rekeyed;
