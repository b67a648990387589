-- Vendor keys keep every letter, digit and mark of a name, in any script (core/names.py);
-- earlier versions kept only a-z and 0-9, so "Müller" and "Möller" shared a mapping and every
-- Cyrillic or Chinese name had the empty key. The mappings are re-keyed from their names.
UPDATE vendor_accounts SET vendor_key = regexp_replace(replace(replace(lower(nfc_normalize(coalesce(vendor, ''))), 'ς', 'σ'), 'i̇', 'i'), '[^\p{L}\p{N}\p{M}]+', '', 'g');
