"""The pipeline on real generated files and a real DuckDB file."""

from __future__ import annotations

from decimal import Decimal

from core.demo.generator import GeneratedDoc
from core.services import REFUSED, SKIPPED, STORED, Pipeline, ingest_uploads
from core.store import Database, audit


def test_a_generated_pdf_becomes_a_stored_balanced_entry(
    db: Database, pdf_docs: list[GeneratedDoc]
) -> None:
    doc = pdf_docs[0]
    result = Pipeline(db).ingest_bytes(doc.path.read_bytes(), doc.path.name, "alex.clerk")
    assert result.status == STORED, result.message
    truth = doc.truth
    row = db.query_dicts("SELECT * FROM invoices WHERE id = ?", [result.invoice_id])[0]
    assert row["invoice_number"] == truth["invoice_number"]
    assert row["total_amount"] == Decimal(str(truth["amount"])).quantize(Decimal("0.01"))
    lines = db.query(
        "SELECT sum(debit), sum(credit), count(*) FROM journal_lines l JOIN journal_entries e"
        " ON e.id = l.entry_id WHERE e.invoice_id = ?",
        [result.invoice_id],
    )[0]
    assert lines[0] == lines[1] == row["net_amount"] + row["tax_amount"]
    assert lines[2] >= 2
    # the decision trail: a task, its bids and the award are kept
    assert db.scalar("SELECT count(*) FROM bids") >= 1
    assert db.scalar("SELECT agent FROM awards") == result.agent
    assert audit.verify(db).ok


def test_same_file_twice_is_skipped_not_duplicated(
    db: Database, pdf_docs: list[GeneratedDoc]
) -> None:
    data = pdf_docs[1].path.read_bytes()
    pipeline = Pipeline(db)
    assert pipeline.ingest_bytes(data, "a.pdf", "alex.clerk").status == STORED
    again = pipeline.ingest_bytes(data, "copy-of-a.pdf", "alex.clerk")
    assert again.status == SKIPPED and "already stored" in again.message
    assert db.scalar("SELECT count(*) FROM invoices") == 1


def test_bad_files_are_refused_alone_while_the_batch_goes_on(
    db: Database, pdf_docs: list[GeneratedDoc]
) -> None:
    good = pdf_docs[2]
    files = [
        ("empty.pdf", b""),
        ("notes.pdf", b"this is just a text file pretending to be a PDF\n" * 3),
        (good.path.name, good.path.read_bytes()),
        ("photo.heic", b"\x00\x01binary"),
    ]
    results = ingest_uploads(db, files, "alex.clerk")
    by_name = {r.filename: r for r in results}
    assert by_name[good.path.name].status == STORED
    assert by_name["empty.pdf"].status == REFUSED and "empty" in by_name["empty.pdf"].message
    assert "empty.pdf" in by_name["empty.pdf"].message
    assert "not a PDF" in by_name["notes.pdf"].message and "text" in by_name["notes.pdf"].message
    assert "unsupported file type" in by_name["photo.heic"].message
    assert db.scalar("SELECT count(*) FROM invoices") == 1
    assert db.scalar("SELECT count(*) FROM refusals") == 3
    assert db.scalar("SELECT count(*) FROM documents") == 1


def test_validation_outcome_moves_the_winners_reputation(
    db: Database, pdf_docs: list[GeneratedDoc]
) -> None:
    pipeline = Pipeline(db)
    for doc in pdf_docs[:3]:
        pipeline.ingest_bytes(doc.path.read_bytes(), doc.path.name, "alex.clerk")
    n, r, s = db.query("SELECT sum(n), sum(r), sum(s) FROM reputations WHERE context = '*'")[0]
    assert n == 3
    assert r > s  # generated invoices validate well, so evidence is mostly positive


def test_a_csv_list_of_invoices_becomes_one_invoice_per_row(db: Database) -> None:
    csv = (
        b"Vendor;Invoice No;Invoice Date;Currency;Net;VAT;Total\n"
        b"Acme GmbH;A-1;2026-03-02;EUR;100,00;19,00;119,00\n"
        b"Acme GmbH;A-2;2026-03-09;EUR;200,00;38,00;238,00\n"
        b"Blue Ltd;B-7;2026-03-10;GBP;50,00;10,00;60,00\n"
    )
    result = Pipeline(db).ingest_bytes(csv, "export.csv", "alex.clerk")
    assert result.status == STORED, result.message
    assert "3 invoices (one per row)" in result.message
    rows = db.query(
        "SELECT invoice_number, issuer, total_amount, currency FROM invoices ORDER BY id"
    )
    assert rows == [
        ("A-1", "Acme GmbH", Decimal("119.00"), "EUR"),
        ("A-2", "Acme GmbH", Decimal("238.00"), "EUR"),
        ("B-7", "Blue Ltd", Decimal("60.00"), "GBP"),
    ]
    assert db.scalar("SELECT count(*) FROM documents") == 1
    assert db.scalar("SELECT count(DISTINCT invoice_id) FROM journal_entries") == 3
