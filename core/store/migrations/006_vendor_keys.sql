-- Vendor keys keep every letter, digit and mark of a name, in any script (core/names.py);
-- earlier versions kept only a-z and 0-9, so "Müller" and "Möller" shared a mapping and every
-- Cyrillic or Chinese name had the empty key. The mappings are re-keyed from their names.
-- Rows that now share a key (the same name stored twice under earlier keys, e.g. composed and
-- decomposed) keep the one set last; a mapping two vendors shared stays with its vendor name.
DELETE FROM vendor_accounts WHERE vendor_key IN (
    SELECT vendor_key FROM (
        SELECT vendor_key, row_number() OVER (
            PARTITION BY regexp_replace(replace(replace(lower(nfc_normalize(coalesce(vendor, ''))), 'ς', 'σ'), 'i̇', 'i'), '[^\p{L}\p{N}\p{M}]+', '', 'g') ORDER BY set_at DESC, vendor_key) AS newer
        FROM vendor_accounts)
    WHERE newer > 1);
UPDATE vendor_accounts SET vendor_key = regexp_replace(replace(replace(lower(nfc_normalize(coalesce(vendor, ''))), 'ς', 'σ'), 'i̇', 'i'), '[^\p{L}\p{N}\p{M}]+', '', 'g');
