"""The analyst's side: screening stored invoices, the inbox, decisions that move the detector
weights (audit-logged), exports, and screening an imported CSV from the command line."""

from __future__ import annotations

import csv
import io
import json
import math
import random
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

from core.anomalies import ScanConfig, risk
from core.cli import main
from core.services import anomaly_review as review
from core.store import audit
from core.store.db import Database

AS_OF = ScanConfig(as_of=date(2026, 1, 1))


def _insert(
    db: Database,
    vendor: str,
    number: str,
    day: date,
    total: str,
    up: str = "alex.clerk",
    ap: str | None = "blair.approver",
) -> int:
    with db.transaction() as cur:
        row = cur.execute(
            "INSERT INTO invoices (document_sha256, extraction_id, issuer, invoice_number,"
            " issue_date, currency, total_amount, doc_type, validation_score, status,"
            " uploaded_by, approved_by, created_at) VALUES (?, 0, ?, ?, ?, 'EUR', ?, 'invoice',"
            " 1.0, 'approved', ?, ?, ?) RETURNING id",
            [
                f"sha-{vendor}-{number}",
                vendor,
                number,
                day,
                Decimal(total),
                up,
                ap,
                datetime(2024, 1, 1) + timedelta(days=(day - date(2024, 1, 1)).days + 2),
            ],
        ).fetchone()
    return int(row[0])


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = Database(tmp_path / "anomalies.duckdb")
    rng = random.Random(4)
    day = date(2024, 1, 2)
    for k in range(40):
        while day.weekday() >= 5:
            day += timedelta(1)
        _insert(
            database, "Acme GmbH", f"A-{100 + k}", day, f"{400 * (0.8 + 0.4 * rng.random()):.2f}"
        )
        day += timedelta(3)
    yield database
    database.close()


def _ids(df, detector: str) -> set[int]:  # type: ignore[no-untyped-def]
    return set(df[df["detector"] == detector]["invoice_id"].astype(int))


def test_screen_stores_findings_once_and_inbox_sorts_by_risk(db: Database) -> None:
    original = _insert(db, "Acme GmbH", "A-900", date(2024, 6, 4), "777.70")
    copy = _insert(
        db, "ACME GmbH", "A-900", date(2024, 6, 6), "777.70", up="dana.admin", ap="dana.admin"
    )
    outlier = _insert(db, "Acme GmbH", "A-901", date(2024, 6, 11), "25000.00")
    assert review.screen(db, "casey.analyst", AS_OF) >= 3
    assert review.screen(db, "casey.analyst", AS_OF) == 0
    inbox = review.inbox(db)
    assert list(inbox["risk"]) == sorted(inbox["risk"], reverse=True)
    assert _ids(inbox, "duplicate") == {copy}
    assert _ids(inbox, "sod_breach") == {copy}
    assert outlier in _ids(inbox, "amount_outlier")
    assert inbox.iloc[0]["invoice_id"] == copy  # two findings make it the riskiest invoice
    only = review.inbox(db, detectors=["duplicate"])
    assert set(only["detector"]) == {"duplicate"}
    assert review.inbox(db, vendor="nobody").empty
    assert (
        review.inbox(db, date_from=date(2024, 6, 5), date_to=date(2024, 6, 30))["invoice_id"]
        .astype(int)
        .isin([copy, outlier])
        .all()
    )
    detail = review.finding_detail(db, int(only.iloc[0]["id"]))
    assert set(detail["related"]["id"]) == {original, copy}
    pair = review.side_by_side(detail["related"]).set_index("field")
    assert list(pair.columns) == [f"#{original}", f"#{copy}", "differs"]
    assert pair.loc["invoice_date"].tolist() == ["2024-06-04", "2024-06-06", True]
    assert pair.loc["total_amount"].tolist() == ["777.70", "777.70", False]  # to the cent
    assert pair.loc["vendor"].tolist() == ["Acme GmbH", "ACME GmbH", True]
    assert pair.loc["iban"].tolist() == ["", "", False]  # none recorded: blank, not 'None'
    hist = review.finding_detail(
        db,
        int(
            inbox[(inbox["detector"] == "amount_outlier") & (inbox["invoice_id"] == outlier)].iloc[
                0
            ]["id"]
        ),
    )
    assert hist["history"]["this"].sum() == 1 and len(hist["history"]) >= 40


def test_decisions_move_weights_keep_history_and_are_audited(db: Database) -> None:
    _insert(db, "Acme GmbH", "A-900", date(2024, 6, 4), "777.77")
    _insert(db, "Acme GmbH", "A-900", date(2024, 6, 6), "777.77")
    _insert(db, "Acme GmbH", "A-950", date(2024, 6, 8), "450.00")  # a Saturday
    review.screen(db, "casey.analyst", AS_OF)
    inbox = review.inbox(db)
    dup = int(inbox[inbox["detector"] == "duplicate"].iloc[0]["id"])
    weekend = int(inbox[inbox["detector"] == "weekend_date"].iloc[0]["id"])
    before = review.weights(db).set_index("detector")["weight"]
    assert review.decide(db, [dup], "confirmed", "casey.analyst") == 1
    assert review.decide(db, [weekend], "dismissed", "casey.analyst") == 1
    after = review.weights(db).set_index("detector")["weight"]
    assert after["duplicate"] > before["duplicate"]
    assert after["weekend_date"] < before["weekend_date"]
    assert after["benford"] == before["benford"]
    history = review.weights_history(db)
    assert list(history["detector"]) == ["duplicate", "weekend_date"]
    assert list(history["decision"]) == ["confirmed", "dismissed"]
    statuses = review.inbox(db).set_index("id")["status"]
    assert statuses[dup] == "confirmed" and statuses[weekend] == "dismissed"
    # changing one's mind takes the old decision out of the posterior
    review.decide(db, [weekend], "confirmed", "casey.analyst")
    w = review.weights(db).set_index("detector")
    assert w.loc["weekend_date", "dismissed"] == 0 and w.loc["weekend_date", "confirmed"] == 1
    chain = audit.verify(db)
    assert chain.ok
    actions = [r[0] for r in db.query("SELECT action FROM audit_log WHERE entity = 'finding'")]
    assert actions == ["confirmed", "dismissed", "confirmed"]
    with pytest.raises(ValueError, match="decision must be"):
        review.decide(db, [dup], "maybe", "casey.analyst")
    with pytest.raises(ValueError, match="no anomaly finding"):
        review.decide(db, [999_999], "dismissed", "casey.analyst")


def test_export_and_settings(db: Database) -> None:
    _insert(db, "Acme GmbH", "A-950", date(2024, 6, 8), "9950.00")
    review.update_settings(db, "dana.admin", approval_limit=Decimal("20000"))
    assert review.settings(db)["approval_limit"] == Decimal("20000")
    review.screen(db, "casey.analyst", review.scan_config(db, date(2026, 1, 1)))
    rows = list(csv.DictReader(io.StringIO(review.export_findings(db).decode("utf-8-sig"))))
    assert rows and {"risk", "detector", "reason", "vendor"} <= set(rows[0])
    assert "below_limit" not in {r["detector"] for r in rows}  # 9,950 is far below 20,000
    for bad in ("0", "1e14"):  # nothing would be under it; the band sums would overflow
        with pytest.raises(review.SettingError, match=r"must be an amount from 0\.01"):
            review.update_settings(db, "dana.admin", approval_limit=Decimal(bad))
    assert review.settings(db)["approval_limit"] == Decimal("20000")


def test_mapping_guess_from_foreign_headers() -> None:
    mapping = review.guess_mapping(
        [
            "Lieferant",
            "Rechnungsnummer",
            "Rechnungsdatum",
            "Betrag",
            "Währung",
            "Sachkonto",
            "Freigabe",
        ]
    )
    assert mapping["vendor"] == "Lieferant"
    assert mapping["invoice_number"] == "Rechnungsnummer"
    assert mapping["invoice_date"] == "Rechnungsdatum"
    assert mapping["total_amount"] == "Betrag"
    assert mapping["currency"] == "Währung"
    assert mapping["account"] == "Sachkonto"
    assert mapping["approved_by"] == "Freigabe"
    assert mapping["iban"] is None


def _working_days(first: date, n: int, step: int) -> list[date]:
    """n dates step days apart, each moved off a weekend to the Monday."""
    days, day = [], first
    while len(days) < n:
        while day.weekday() >= 5:
            day += timedelta(1)
        days.append(day)
        day += timedelta(step)
    return days


def _screen_csv(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], lines: list[str], *extra: str
) -> tuple[list[dict], str]:
    """Write lines as a CSV, screen it with the CLI (--json); its findings and stderr."""
    path = tmp_path / "ledger.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = ["anomalies", "--import-csv", str(path), "--json", "--as-of", "2026-01-01"]
    assert main([*args, *extra]) == 0
    out, err = capsys.readouterr()
    return [json.loads(line) for line in out.splitlines()], err


def test_cli_screens_an_imported_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = ["vendor,invoice_number,invoice_date,total_amount,currency,uploaded_by,approved_by"]
    for k, day in enumerate(_working_days(date(2024, 1, 2), 30, 4)):
        lines.append(f"Acme,A-{k},{day},{300 + k}.25,EUR,ann,bob")
    lines.append(lines[6].replace(",ann,bob", ",ann,ann"))  # row 31: duplicate of row 6, SoD
    lines.append("Acme,A-99,05.03.2024,1.234,EUR,ann,bob")  # row 32: malformed
    lines.append("Acme,A-100")  # row 33: short
    found, err = _screen_csv(tmp_path, capsys, lines)
    assert all({"row", "detector", "score", "reason"} <= set(f) for f in found)
    assert {(f["row"], f["detector"]) for f in found} >= {(31, "duplicate"), (31, "sod_breach")}
    assert "row 32: invoice_date '05.03.2024' is not an ISO date" in err
    assert "row 33: expected 7 fields, found 2" in err
    assert not any(f["row"] in (32, 33) for f in found)


def test_the_cli_reads_a_german_export_as_it_reads_the_same_ledger_with_decimal_points(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(6)
    rows = [
        ("Acme", f"A-{k}", day, 300 * rng.lognormvariate(0, 0.4))
        for k, day in enumerate(_working_days(date(2024, 1, 2), 60, 3))
    ]
    rows.append(("Acme", "A-90", date(2024, 9, 3), 9940.5))  # just under the limit
    rows.append(("Acme", "A-91", date(2024, 9, 4), 14250.0))  # an outlier, in thousands
    plain = ["vendor,invoice_number,invoice_date,total_amount"]
    plain += [f"{v},{n},{d},{a:.2f}" for v, n, d, a in rows]
    german = ["vendor;invoice_number;invoice_date;total_amount"]
    german += [f"{v};{n};{d};{a:,.2f}".translate(str.maketrans(",.", ".,")) for v, n, d, a in rows]
    assert german[-1].endswith(";14.250,00")
    found, err = _screen_csv(tmp_path, capsys, plain)
    found_de, err_de = _screen_csv(tmp_path, capsys, german)
    assert {(f["row"], f["detector"]) for f in found} >= {
        (61, "below_limit"),
        (62, "amount_outlier"),
    }
    assert found_de == found
    assert "0 skipped" in err_de and "decimal comma" in err_de and "decimal comma" not in err


def test_a_ledger_kept_in_dollars_is_judged_in_dollars(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(4)
    lines = ["vendor,invoice_number,invoice_date,total_amount,currency"]
    for k, day in enumerate(_working_days(date(2024, 1, 2), 60, 5)):
        lines.append(f"Acme,A-{k},{day},{400 * rng.lognormvariate(0, 0.3):.2f},USD")
    lines.append("Acme,A-900,2024-07-09,9905.00,USD")  # row 61: 1 % under the limit
    lines.append("Other,O-1,2024-07-10,9905.00,EUR")  # row 62: a foreign invoice, not judged

    def limit_rows(*extra: str) -> tuple[set[int], str]:
        found, err = _screen_csv(tmp_path, capsys, lines, *extra)
        return {f["row"] for f in found if f["detector"] == "below_limit"}, err

    rows, err = limit_rows()
    assert rows == {61}
    # the default limit is 10,000 in the ledger's base currency, not a limit set for EUR
    assert "Approval limit 10,000.00 and amount tests applied in USD (the ledger's main" in err
    assert "check that it suits" not in err
    rows, err = limit_rows("--approval-limit", "10000")
    assert rows == {61} and "check that it suits" not in err
    rows, err = limit_rows("--base-currency", "eur")
    assert rows == {62}
    assert "applied in EUR (as given)" in err
    rows, err = limit_rows("--base-currency", "JPY")
    assert rows == set() and "No row of the ledger is in JPY" in err
    path = tmp_path / "ledger.csv"
    assert main(["anomalies", "--import-csv", str(path), "--base-currency", "dollars"]) == 2
    assert "'dollars' is not a 3-letter currency code" in capsys.readouterr().err
    for bad in ("NaN", "Infinity", "0", "0.001", "-5", "100000000000000"):
        assert main(["anomalies", "--import-csv", str(path), "--approval-limit", bad]) == 2
        assert "must be an amount from 0.01 to 1,000,000,000,000" in capsys.readouterr().err


def test_a_regional_holiday_given_on_the_command_line_or_configured_is_a_holiday(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], db: Database
) -> None:
    # a Canadian ledger: Ontario's calendar has no Civic Holiday (5 August 2024), which this
    # firm keeps; a vendor billing every working day dates one invoice on it
    lines = ["vendor,invoice_number,invoice_date,total_amount,currency"]
    closed = {date(2024, 7, 1), date(2024, 9, 2)}  # Canada Day, Labour Day
    days = [d for d in _working_days(date(2024, 6, 3), 80, 1) if d not in closed]
    for k, day in enumerate(days):
        lines.append(f"Maple,M-{k},{day},{400 + 3 * k}.25,CAD")
    civic = next(k for k, day in enumerate(days, start=1) if day == date(2024, 8, 5))

    def holidays(*extra: str) -> set[int]:
        found, _ = _screen_csv(tmp_path, capsys, lines, *extra)
        return {f["row"] for f in found if f["detector"] == "holiday_date"}

    assert holidays() == set()
    assert holidays("--holidays", "2024-08-05, 2023-08-07") == {civic}
    path = tmp_path / "ledger.csv"
    assert main(["anomalies", "--import-csv", str(path), "--holidays", "5.8.2024"]) == 2
    assert "--holidays: '5.8.2024' is not a date (YYYY-MM-DD)" in capsys.readouterr().err
    # configured once for the firm: kept as dates, audited, and applied to imported ledgers;
    # a ledger kept before is a new reading once the holidays change
    data = "\n".join(lines).encode()
    parsed = review.read_import(data)

    def keep() -> review.ImportScreening:
        into = review.KeepImport(db, "maple.csv", data, "casey.analyst")
        config = review.scan_config(db, date(2026, 1, 1))
        return review.screen_import(parsed, review.guess_mapping(parsed.headers), config, keep=into)

    before = keep()
    assert before.kept is not None and before.kept.new
    review.update_settings(db, "dana.admin", extra_holidays=review.parse_holidays("2024-08-05"))
    again = keep()
    assert again.kept is not None and again.kept.new
    assert again.kept.import_id != before.kept.import_id
    assert review.settings(db)["extra_holidays"] == (date(2024, 8, 5),)
    assert review.scan_config(db).extra_holidays == (date(2024, 8, 5),)
    result = review.screen_import(
        parsed, review.guess_mapping(parsed.headers), review.scan_config(db, date(2026, 1, 1))
    )
    assert {d.invoice_id for d in result.findings if d.detector == "holiday_date"} == {civic}
    after = db.query(
        "SELECT after FROM audit_log WHERE entity = 'anomaly_settings' ORDER BY seq DESC LIMIT 1"
    )[0][0]
    assert "2024-08-05" in str(after)
    with pytest.raises(review.SettingError, match="'2024-13-01' is not a date"):
        review.parse_holidays("2024-08-05 2024-13-01")


def test_a_limit_set_for_the_imported_ledger_replaces_the_configured_one() -> None:
    lines = ["vendor,invoice_number,invoice_date,total_amount,currency"]
    for k, day in enumerate(_working_days(date(2024, 1, 2), 40, 4)):
        lines.append(f"Acme,A-{k},{day},{100 + 2 * k}.25,USD")
    lines.append("Acme,A-90,2024-05-06,488.00,USD")  # row 41: 2.4 % under 500
    parsed = review.read_import("\n".join(lines).encode())
    mapping = review.guess_mapping(parsed.headers)

    def limit_rows(result: review.ImportScreening) -> set[int]:
        return {d.invoice_id for d in result.findings if d.detector == "below_limit"}

    configured = review.screen_import(parsed, mapping, ScanConfig())
    assert limit_rows(configured) == set()
    assert any("check that it suits amounts in USD" in w for w in configured.currency_warnings)
    own = review.screen_import(parsed, mapping, ScanConfig(), None, Decimal("500"))
    assert limit_rows(own) == {41}
    assert own.currency_note.startswith("Approval limit 500.00 and amount tests applied in USD")
    assert own.currency_warnings == []
    for bad in (Decimal("0"), Decimal("NaN"), Decimal("1e13")):
        with pytest.raises(review.SettingError, match=r"must be an amount from 0\.01"):
            review.screen_import(parsed, mapping, ScanConfig(), None, bad)


def test_an_imported_ledgers_findings_name_their_invoice_riskiest_first_and_export() -> None:
    lines = ["vendor,invoice_number,invoice_date,total_amount,currency"]
    for k, day in enumerate(_working_days(date(2024, 1, 2), 40, 4)):
        lines.append(f"Acme,A-{k},{day},{100 + 2 * k}.25,USD")
    lines.append("Acme,A-7,2024-02-19,114.25,USD")  # row 41: A-7 again, a week later
    lines.append("Acme,A-91,2024-06-01,130.25,USD")  # row 42: a Saturday
    lines.append("=HYPERLINK(1),H-1,2024-06-02,99.10,USD")  # row 43: a Sunday, a hostile name
    parsed = review.read_import("\n".join(lines).encode())
    result = review.screen_import(parsed, review.guess_mapping(parsed.headers), ScanConfig())
    table = result.table()
    assert list(table.columns) == review.IMPORT_COLUMNS
    assert list(table["score"]) == sorted(table["score"], reverse=True)
    copy = table[table["detector"] == "duplicate"].iloc[0]
    assert (copy["row"], copy["vendor"], copy["invoice_number"]) == (41, "Acme", "A-7")
    assert (copy["invoice_date"], copy["total_amount"]) == (date(2024, 2, 19), Decimal("114.25"))
    assert copy["currency"] == "USD"
    assert copy["detector_label"] == "Duplicate invoice (exact or fuzzy)"
    weekend = table[table["detector"] == "weekend_date"].iloc[0]
    assert (weekend["row"], weekend["invoice_number"]) == (42, "A-91")
    exported = pd.read_csv(io.BytesIO(result.csv()))
    assert list(exported.columns) == review.IMPORT_COLUMNS
    assert len(exported) == len(result.findings)
    assert set(exported.loc[exported["row"] == 41, "invoice_number"]) == {"A-7"}
    # a spreadsheet opening the export shows the name as text, never runs it as a formula
    assert set(exported.loc[exported["row"] == 43, "vendor"]) == {"'=HYPERLINK(1)"}


def test_cli_json_gives_every_finding_a_row_and_a_vendor_failing_benford_each_of_its_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rng = random.Random(9)
    lines = ["vendor,invoice_number,invoice_date,total_amount"]
    for k, day in enumerate(_working_days(date(2023, 1, 2), 600, 1)):
        lines.append(f"Natural,NA-{k},{day},{10 ** rng.uniform(1.5, 4.5):.2f}")
    made_up = []
    for k, day in enumerate(_working_days(date(2023, 1, 2), 300, 2)):
        made_up.append(len(lines))  # its data row number (the header is line 0)
        amount = (k % 9 + 1 + rng.random()) * 10 ** rng.randint(2, 3)  # flat first digits
        lines.append(f"Made Up,MU-{k},{day},{amount:.2f}")
    found, err = _screen_csv(tmp_path, capsys, lines)
    assert all(isinstance(f["row"], int) for f in found)
    assert f"({len(found)} JSON line(s))" in err
    benford = [f for f in found if f["detector"] == "benford"]
    assert sorted(f["row"] for f in benford) == made_up
    assert {f["subject"] for f in benford} == {"Made Up"}
    # the screen's table keeps the vendor-wide finding as one line with no row of its own
    parsed = review.read_import("\n".join(lines).encode())
    result = review.screen_import(
        parsed, review.guess_mapping(parsed.headers), ScanConfig(as_of=date(2026, 1, 1))
    )
    vendor_wide = result.table()[result.table()["detector"] == "benford"]
    assert list(vendor_wide["vendor"]) == ["Made Up"] and vendor_wide["row"].isna().all()
    exported = list(csv.DictReader(io.StringIO(result.csv().decode("utf-8-sig"))))
    assert {r["row"] for r in exported if r["detector"] == "benford"} == {""}
    assert all(r["row"].isdigit() for r in exported if r["detector"] != "benford")


def test_cli_reports_a_missing_required_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("vendor,date\nAcme,2024-01-01\n", encoding="utf-8")
    assert main(["anomalies", "--import-csv", str(path), "--json"]) == 1
    assert "no column mapped to invoice_number, total_amount" in capsys.readouterr().err
    # two headers that read as one field's name: the command line has no mapping step to
    # choose, so it refuses rather than take either
    path.write_text(
        "vendor,invoice_number,invoice_date,total_amount,Total Amount\nA,1,2024-01-02,1,9999\n",
        encoding="utf-8",
    )
    assert main(["anomalies", "--import-csv", str(path), "--json"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "the headers 'total_amount' and 'Total Amount' read as one column's name" in err


def test_an_outlier_folded_into_a_limit_finding_keeps_its_amount_history(db: Database) -> None:
    pushed = _insert(db, "Acme GmbH", "A-950", date(2024, 7, 9), "9960.00")
    review.screen(db, "casey.analyst", AS_OF)
    inbox = review.inbox(db)
    on_it = inbox[inbox["invoice_id"] == pushed]
    assert "below_limit" in set(on_it["detector"])
    assert "amount_outlier" not in set(on_it["detector"])
    limit = on_it[on_it["detector"] == "below_limit"]
    detail = review.finding_detail(db, int(limit.iloc[0]["id"]))
    assert "amount_outlier" in detail["finding"]["evidence"]
    assert detail["history"]["this"].sum() == 1 and len(detail["history"]) >= 40


def test_decisions_at_one_vendor_move_that_vendors_weight_most(
    db: Database,
) -> None:
    # two Saturdays and a Sunday: too few for the detector to call either day a habit
    weekend = [date(2024, 7, 6), date(2024, 7, 14), date(2024, 7, 20)]
    acme = [_insert(db, "Acme GmbH", f"A-S{k}", day, "410.00") for k, day in enumerate(weekend)]
    beta = [_insert(db, "Beta AG", f"B-S{k}", day, f"5{k}0.00") for k, day in enumerate(weekend)]
    review.screen(db, "casey.analyst", AS_OF)
    inbox = review.inbox(db, detectors=["weekend_date"])
    ids = dict(zip(inbox["invoice_id"].astype(int), inbox["id"].astype(int), strict=True))
    prior = risk.weight(*risk.prior("weekend_date"))
    assert set(inbox["weight"].round(6)) == {round(prior, 6)}
    # Acme dates at weekends as a matter of course: the analyst dismisses two of its findings
    review.decide(db, [ids[acme[0]], ids[acme[1]]], "dismissed", "casey.analyst")
    weight = review.inbox(db, detectors=["weekend_date"]).set_index("invoice_id")["weight"]
    alpha, beta_ = risk.prior("weekend_date")
    assert weight[acme[2]] == pytest.approx(risk.vendor_weight(alpha, beta_ + 2, 0, 2))
    assert weight[acme[2]] == pytest.approx((4 * prior) / (4 + 2))  # its own decisions count
    assert weight[beta[0]] == pytest.approx(risk.weight(alpha, beta_ + 2))  # the detector's
    assert weight[acme[2]] < weight[beta[0]]
    learnt = review.finding_detail(db, ids[acme[2]])["vendor_learning"]
    assert (learnt["confirmed"], learnt["dismissed"]) == (0, 2)
    assert learnt["weight"] == pytest.approx(weight[acme[2]])
    assert review.finding_detail(db, ids[beta[0]])["vendor_learning"] is None
    # a confirmation at Beta lifts Beta's most; Acme's prior, the detector elsewhere, a little
    review.decide(db, [ids[beta[1]]], "confirmed", "casey.analyst")
    after = review.inbox(db, detectors=["weekend_date"]).set_index("invoice_id")["weight"]
    assert after[beta[0]] == pytest.approx(risk.vendor_weight(alpha + 1, beta_ + 2, 1, 0))
    assert after[acme[2]] == pytest.approx(risk.vendor_weight(alpha + 1, beta_ + 2, 0, 2))
    assert after[beta[0]] - weight[beta[0]] > after[acme[2]] - weight[acme[2]] > 0
    # findings naming no vendor (or one of punctuation only) learn nothing of each other
    with db.transaction() as cur:
        for evidence in ("{}", '{"vendor": "!!!"}', '{"vendor": "???"}'):
            cur.execute(
                "INSERT INTO findings (invoice_id, check_name, category, score, reason, evidence,"
                " status, created_at) VALUES (NULL, 'weekend_date', 'anomaly', 0.5, 'x', ?,"
                " 'dismissed', ?)",
                [evidence, datetime(2024, 8, 1)],
            )
    nameless = review.inbox(db, detectors=["weekend_date"])
    nameless = nameless[nameless["invoice_id"].isna()]
    assert len(nameless) == 3
    assert set(nameless["weight"].round(6)) == {round(risk.weight(alpha + 1, beta_ + 2), 6)}


def test_a_benford_failure_folded_into_a_limit_bunch_keeps_its_chart(db: Database) -> None:
    # 45 amounts around 1,500 span under a decade; six kept under the 10,000 limit widen them
    # to one and lead with 9s: the failed Benford test is the bunch's symptom, folded into it
    rng = random.Random(15)
    day = date(2024, 1, 2)
    for k in range(45):
        amount = 1500 * math.exp(0.58 * rng.gauss(0, 1))
        _insert(db, "Narrow GmbH", f"N-{k}", day + timedelta(9 * k), f"{amount:.2f}")
    kept = [
        _insert(
            db,
            "Narrow GmbH",
            f"NW-{k}",
            date(2024, 3, 4) + timedelta(50 * k),
            f"{9050 + 150 * k}.40",
        )
        for k in range(6)
    ]
    review.screen(db, "casey.analyst", AS_OF)
    inbox = review.inbox(db)
    assert "benford" not in set(inbox["detector"])
    limit = inbox[(inbox["invoice_id"] == kept[0]) & (inbox["detector"] == "below_limit")]
    detail = review.finding_detail(db, int(limit.iloc[0]["id"]))
    first = detail["benford"]["first"]
    assert first["observed"].sum() == pytest.approx(1.0)
    assert detail["benford"]["verdicts"]["first"]["n"] == 51


def _acme_ledger() -> bytes:
    """40 ordinary invoices of Acme, then A-7 again a week later (row 41), an amount 60 times
    the usual (row 42), and a row with no ISO date (row 43)."""
    lines = ["vendor,invoice_number,invoice_date,total_amount,currency"]
    for k, day in enumerate(_working_days(date(2024, 1, 2), 40, 4)):
        lines.append(f"Acme,A-{k},{day},{100 + 2 * k}.25,USD")
    lines.append("Acme,A-7,2024-02-19,114.25,USD")
    lines.append("Acme,A-90,2024-06-04,8130.25,USD")
    lines.append("Acme,A-91,04.06.2024,120.25,USD")
    return "\n".join(lines).encode()


def _keep(db: Database, data: bytes, name: str = "acme.csv") -> review.ImportScreening:
    parsed = review.read_import(data)
    return review.screen_import(
        parsed,
        review.guess_mapping(parsed.headers),
        AS_OF,
        keep=review.KeepImport(db, name, data, "casey.analyst"),
    )


def test_a_kept_ledger_is_reviewed_in_the_inbox_as_uploaded_invoices_are(db: Database) -> None:
    stored = review.screen(db, "casey.analyst", AS_OF)
    result = _keep(db, _acme_ledger())
    kept = result.kept
    assert kept is not None and kept.new and kept.file_name == "acme.csv"
    # the screened rows are kept, the malformed one is not
    assert db.query("SELECT count(*) FROM ledger_rows")[0][0] == 42
    inbox = review.inbox(db, source=kept.import_id)
    assert len(inbox) == len(result.findings)
    assert set(inbox["source"]) == {"acme.csv"} and inbox["invoice_id"].isna().all()
    copy = inbox[inbox["detector"] == "duplicate"].iloc[0]
    assert (copy["row"], copy["vendor"], copy["invoice_number"]) == (41, "Acme", "A-7")
    assert copy["total_amount"] == 114.25 and str(copy["invoice_date"])[:10] == "2024-02-19"
    # the uploaded invoices' findings keep their own source, and a rescreen of them adds
    # nothing: the imported findings are about other rows, not missing stored ones
    assert len(review.inbox(db, source=review.INVOICES)) == stored
    assert review.screen(db, "casey.analyst", AS_OF) == 0
    assert len(review.inbox(db)) == stored + len(result.findings)

    detail = review.finding_detail(db, int(copy["id"]))
    assert detail["finding"]["source"] == "acme.csv" and detail["finding"]["row"] == 41
    assert detail["invoice"]["invoice_number"] == "A-7"
    pair = review.side_by_side(detail["related"], detail["heading"]).set_index("field")
    assert list(pair.columns) == ["row 8", "row 41", "differs"]
    assert pair.loc["invoice_date"].tolist() == ["2024-02-05", "2024-02-19", True]
    outlier = inbox[(inbox["detector"] == "amount_outlier") & (inbox["row"] == 42)].iloc[0]
    history = review.finding_detail(db, int(outlier["id"]))["history"]
    assert len(history) == 42 and history.loc[history["this"], "id"].tolist() == [42]

    # a decision on an imported finding teaches the detector as any other
    before = review.weights(db).set_index("detector").loc["duplicate", "dismissed"]
    assert review.decide(db, [int(copy["id"])], "dismissed", "casey.analyst") == 1
    assert review.weights(db).set_index("detector").loc["duplicate", "dismissed"] == before + 1
    exported = list(csv.DictReader(io.StringIO(review.export_findings(db).decode("utf-8-sig"))))
    mine = [r for r in exported if r["source"] == "acme.csv"]
    assert len(mine) == len(result.findings)
    dup = next(r for r in mine if r["detector"] == "duplicate")
    assert (dup["row"], dup["invoice_number"], dup["status"]) == ("41", "A-7", "dismissed")
    listed = review.imports(db).iloc[0]
    assert (listed["file_name"], listed["screened"], listed["findings"]) == (
        "acme.csv",
        42,
        len(result.findings),
    )
    assert listed["open"] == len(result.findings) - 1
    assert audit.verify(db).ok
    assert db.query("SELECT count(*) FROM audit_log WHERE action = 'import'")[0][0] == 1


def test_the_same_file_is_kept_once_and_another_file_apart(db: Database) -> None:
    data = _acme_ledger()
    first = _keep(db, data).kept
    again = _keep(db, data, "renamed.csv").kept
    assert first is not None and again is not None
    assert (again.new, again.import_id, again.file_name) == (False, first.import_id, "acme.csv")
    other = _keep(db, data.replace(b"8130.25", b"8130.26"), "other.csv").kept
    assert other is not None and other.new and other.import_id != first.import_id
    counts = dict(db.query("SELECT import_id, count(*) FROM ledger_rows GROUP BY ALL"))
    assert counts == {first.import_id: 42, other.import_id: 42}
    # the same file read another way (a limit of its own) is a new reading, kept apart
    parsed = review.read_import(data)
    keep = review.KeepImport(db, "acme.csv", data, "casey.analyst")
    mapping = review.guess_mapping(parsed.headers)
    limited = review.screen_import(parsed, mapping, AS_OF, None, Decimal("5000"), keep).kept
    assert limited is not None and limited.new
    assert limited.import_id not in (first.import_id, other.import_id)
    assert len(review.inbox(db, source=first.import_id)) == len(
        review.inbox(db, source=other.import_id)
    )


def test_a_ledger_that_fails_to_be_kept_leaves_nothing_half_written(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A fault injected after the rows and findings are written (the disk cannot fail here).
    def fail(*args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(review.imports_repo, "link", fail)
    with pytest.raises(OSError, match="disk full"):
        _keep(db, _acme_ledger())
    for table in ("ledger_imports", "ledger_rows", "ledger_findings"):
        assert db.query(f"SELECT count(*) FROM {table}")[0][0] == 0
    assert review.inbox(db, source=review.INVOICES).equals(review.inbox(db))


def test_a_vendor_failing_benford_in_a_kept_ledger_does_not_hide_it_in_the_stored_invoices(
    tmp_path: Path,
) -> None:
    # amounts that all begin with 6 to 9: a vendor-wide finding (no invoice of its own)
    days = _working_days(date(2024, 1, 2), 150, 2)
    amounts = [
        f"{(6 + k % 4 + (k * 13) % 97 / 100) * 10 ** (1 + k // 4 % 2):.2f}" for k in range(150)
    ]
    lines = ["vendor,invoice_number,invoice_date,total_amount"]
    lines += [
        f"Fabrik AG,F-{k},{d},{a}" for k, (d, a) in enumerate(zip(days, amounts, strict=True))
    ]
    database = Database(tmp_path / "benford.duckdb")
    try:
        data = "\n".join(lines).encode()
        kept = _keep(database, data)
        assert any(d.detector == "benford" and d.subject == "Fabrik AG" for d in kept.findings)
        for k, (day, amount) in enumerate(zip(days, amounts, strict=True)):
            _insert(database, "Fabrik AG", f"F-{k}", day, amount)
        review.screen(database, "casey.analyst", AS_OF)
        stored = review.inbox(database, source=review.INVOICES)
        assert "Fabrik AG" in set(stored.loc[stored["detector"] == "benford", "vendor"])
    finally:
        database.close()
