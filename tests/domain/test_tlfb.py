"""Timeline Followback in and out: the CSV checked whole, written in one transaction, and read
back day by day (issue #15)."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from conftest import PASSPHRASE
from helpers import cli_env

from hrtui import cli
from hrtui.domain.clients import ClientInput
from hrtui.domain.drinks import default_table
from hrtui.domain.tlfb import LoggedEntry, TlfbProblem, parse_tlfb, tlfb_rows
from hrtui.domain.uselog import EntryInput
from hrtui.store import tlfb, uselog
from hrtui.store.clients import add_client
from hrtui.store.vault import Vault

D = date.fromisoformat
TODAY = D("2025-03-16")
DR = "standard drinks"

GOOD = """date,substance,amount,unit,note,route
2025-03-03,Alcohol,4,standard drinks,,
2025-03-03,Cannabis,2,joints,,Smoked
2025-03-04,Alcohol,3,cans of beer,after work,
2025-03-05,Alcohol,0,,,
2025-03-06,,0,,,
2025-03-07,Alcohol,2,standard drinks,,
2025-03-07,Alcohol,1,glasses of wine,,
"""


def units_for(substance: str) -> list[str]:
    if substance.casefold() == "alcohol":
        return [DR, "cans of beer", "glasses of wine"]
    return ["joints"]


def parse(text: str) -> list:
    return parse_tlfb(text, today=TODAY, units_for=units_for)


# -- the file, checked whole -------------------------------------------------------------------


def test_a_good_file_parses_row_by_row():
    rows = parse(GOOD)
    assert [(r.line, r.day.day, r.substance, r.amount, r.unit) for r in rows] == [
        (2, 3, "Alcohol", 4, DR), (3, 3, "Cannabis", 2, "joints"),
        (4, 4, "Alcohol", 3, "cans of beer"), (5, 5, "Alcohol", 0, ""), (6, 6, "", 0, ""),
        (7, 7, "Alcohol", 2, DR), (8, 7, "Alcohol", 1, "glasses of wine"),
    ]  # fmt: skip
    assert rows[1].route == "Smoked" and rows[2].note == "after work"
    assert rows[3].no_use and rows[4].no_use and not rows[0].no_use


REFUSALS = [
    ("bad date", "2025-03-32,Alcohol,4,standard drinks", 2,
     "'2025-03-32' is not a date (write it as YYYY-MM-DD)"),
    ("future", "2025-03-17,Alcohol,4,standard drinks", 2, "2025-03-17 is in the future"),
    ("bad amount", "2025-03-03,Alcohol,four,standard drinks", 2,
     "'four' is not a number (0 is a day with no use)"),
    ("negative", "2025-03-03,Alcohol,-1,standard drinks", 2,
     "the amount -1 is out of range (0 to 10000)"),
    ("no amount", "2025-03-03,Alcohol,,standard drinks", 2, "no amount (0 is a day with no use)"),
    ("unknown unit", "2025-03-03,Alcohol,2,buckets", 2,
     "unknown unit 'buckets' for Alcohol (known: standard drinks; cans of beer; glasses of wine)"),
    ("no unit", "2025-03-03,Cannabis,2,", 2, "no unit for 2 of Cannabis"),
    ("amount without substance", "2025-03-03,,2,joints", 2,
     "an amount without a substance (an empty substance with amount 0 is a day with no use "
     "of anything)"),
    ("use and no use of one substance", "2025-03-03,Alcohol,0,\n2025-03-03,alcohol,2,cans of beer",
     3, "2025-03-03 says both use and no use of alcohol (line 2 and this one)"),
    ("use on a day of no use of anything", "2025-03-03,,0,\n2025-03-03,Cannabis,1,joints",
     3, "2025-03-03 says both use and no use of anything (line 2 and this one)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "body", "line", "message"), REFUSALS, ids=[r[0] for r in REFUSALS]
)  # noqa: E501
def test_one_bad_row_names_its_line_and_the_problem(name, body, line, message):
    with pytest.raises(TlfbProblem) as caught:
        parse("date,substance,amount,unit\n" + body + "\n")
    assert (caught.value.line, caught.value.message) == (line, message)
    assert str(caught.value) == f"line {line}: {message}"


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("date,substance,amount", "the header needs the column(s) unit"),
        ("date,substance,amount,unit,mood", "unknown column 'mood'"),
        ("", "the header needs the column(s) date, substance, amount, unit"),
    ],
)
def test_the_header_is_checked_first(header, message):
    with pytest.raises(TlfbProblem) as caught:
        parse(header + "\n2025-03-03,Alcohol,4,standard drinks\n")
    assert caught.value.line == 1 and caught.value.message.startswith(message)


# -- out: every day, recorded or not -----------------------------------------------------------


def test_export_rows_cover_every_day_and_substance():
    entries = [
        LoggedEntry(D("2025-03-03"), "Alcohol", False, 3, "cans of beer"),
        LoggedEntry(D("2025-03-03"), "Alcohol", False, 1, DR),
        LoggedEntry(D("2025-03-04"), "", True, None, ""),
        LoggedEntry(D("2025-03-05"), "Alcohol", True, None, ""),
    ]
    rows = tlfb_rows(entries, D("2025-03-03"), D("2025-03-06"), ["Alcohol", "Cannabis"],
                     default_table())  # fmt: skip
    # 3 cans of 355 ml at 5%: 3 x 14.0 g = 42.0 g = 4.2 drinks of 10 g
    assert rows == [
        ("2025-03-03", "Alcohol", "3", "cans of beer", "4.201", "use"),
        ("2025-03-03", "Alcohol", "1", DR, "1", "use"),
        ("2025-03-03", "Cannabis", "", "", "", "not recorded"),
        ("2025-03-04", "Alcohol", "0", "", "0", "no use"),
        ("2025-03-04", "Cannabis", "0", "", "", "no use"),
        ("2025-03-05", "Alcohol", "0", "", "0", "no use"),
        ("2025-03-05", "Cannabis", "", "", "", "not recorded"),
        ("2025-03-06", "Alcohol", "", "", "", "not recorded"),
        ("2025-03-06", "Cannabis", "", "", "", "not recorded"),
    ]


# -- the store: one transaction, round trip ----------------------------------------------------


@pytest.fixture
def cid(vault):
    return add_client(vault, ClientInput("AB1", "Sam")).id


def content(vault) -> list:
    """Everything in the vault's tables (the audit trail included)."""
    with vault.session() as s:
        conn = s.connection().connection.driver_connection
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return [(n, sorted(map(repr, conn.execute(f"SELECT * FROM {n}")))) for n in sorted(names)]


def by_day(text: str) -> dict:
    return {
        (r["date"], r["substance"], r["unit"]): (r["amount"], r["standard_drinks"], r["status"])
        for r in csv.DictReader(io.StringIO(text))
    }


def test_import_then_export_gives_back_every_day(vault, cid):
    assert tlfb.import_tlfb(vault, cid, GOOD, today=TODAY) == 7
    out = tlfb.export_tlfb(vault, cid, D("2025-03-02"), D("2025-03-08"), today=TODAY)
    lines = out.splitlines()
    assert lines[0] == "date,substance,amount,unit,standard_drinks,status"
    assert len(lines) == 1 + 7 * 2 + 1  # two substances a day, and 7 Mar has two alcohol units
    got = by_day(out)
    assert got[("2025-03-02", "Alcohol", "")] == ("", "", "not recorded")
    assert got[("2025-03-03", "Alcohol", DR)] == ("4", "4", "use")
    assert got[("2025-03-03", "Cannabis", "joints")] == ("2", "", "use")
    assert got[("2025-03-04", "Alcohol", "cans of beer")] == ("3", "4.201", "use")
    assert got[("2025-03-04", "Cannabis", "")] == ("", "", "not recorded")
    assert got[("2025-03-05", "Alcohol", "")] == ("0", "0", "no use")
    assert got[("2025-03-06", "Alcohol", "")] == ("0", "0", "no use")
    assert got[("2025-03-06", "Cannabis", "")] == ("0", "", "no use")
    assert got[("2025-03-07", "Alcohol", "glasses of wine")] == ("1", "1.42", "use")

    # and the export reads back into another client's log, day for day
    other = add_client(vault, ClientInput("AB2", "Kim")).id
    tlfb.import_tlfb(vault, other, out, today=TODAY)
    again = tlfb.export_tlfb(vault, other, D("2025-03-02"), D("2025-03-08"), today=TODAY)
    assert by_day(again) == got


@pytest.mark.parametrize(
    ("body", "line", "problem"),
    [
        (
            "2025-03-03,Alcohol,4,standard drinks\n2025-03-04,Alcohol,x,standard drinks",
            3,
            "'x' is not a number",
        ),
        (
            "2025-03-03,Alcohol,4,standard drinks\n2025-03-10,Alcohol,2,buckets",
            3,
            "unknown unit 'buckets'",
        ),
        (
            "2025-03-03,Alcohol,4,standard drinks\n2025-03-05,Alcohol,2,standard drinks",
            3,
            "2025-03-05: the log already has an entry that contradicts it (no use is recorded "
            "that day)",
        ),
        (
            "2025-03-03,Alcohol,4,standard drinks\n2025-03-3,Alcohol,2,standard drinks",
            3,
            "'2025-03-3' is not a date",
        ),
        (
            "2025-03-09,Alcohol,0,\n2025-03-09,Alcohol,2,standard drinks",
            3,
            "2025-03-09 says both use and no use of Alcohol",
        ),
    ],
)
def test_a_refused_import_leaves_the_vault_content_identical(vault, cid, body, line, problem):
    uselog.record_no_use(vault, cid, D("2025-03-05"), today=TODAY)
    uselog.add_entry(vault, cid, EntryInput(day="2025-03-01", substance="Alcohol", amount="2",
                                            unit=DR), today=TODAY)  # fmt: skip
    before = content(vault)
    with pytest.raises(TlfbProblem) as caught:
        tlfb.import_tlfb(vault, cid, "date,substance,amount,unit\n" + body + "\n", today=TODAY)
    assert caught.value.line == line and caught.value.message.startswith(problem)
    assert content(vault) == before


# -- the command line --------------------------------------------------------------------------


def test_hrtui_import_and_export_tlfb(tmp_path, monkeypatch, capsys, clock):
    cli_env(monkeypatch, tmp_path)
    db = tmp_path / "v.db"
    v = Vault.create(db, PASSPHRASE)
    add_client(v, ClientInput("AB1", "Sam"))
    v.close()
    monkeypatch.setenv("HRTUI_PASSPHRASE", PASSPHRASE)
    day = clock.today.isoformat()
    good = tmp_path / "in.csv"
    good.write_text(f"date,substance,amount,unit\n{day},Alcohol,3,cans of beer\n")
    assert cli.main(["import", "--db", str(db), "--client", "AB1", str(good)]) == 0
    assert capsys.readouterr().out == "Imported 1 entry for AB1.\n"

    bad = tmp_path / "bad.csv"
    bad.write_text(f"date,substance,amount,unit\n{day},Alcohol,1,shots\n{day},Alcohol,lots,shots\n")
    assert cli.main(["import", "--db", str(db), "--client", "AB1", str(bad)]) == cli.EXIT_ERROR
    err = capsys.readouterr().err.splitlines()
    assert err == [f"hrtui: {bad}: line 3: 'lots' is not a number (0 is a day with no use); "
                   "nothing imported"]  # fmt: skip

    code = cli.main(["export", "--db", str(db), "--client", "AB1", "--format", "tlfb",
                     "--from", day, "--to", day, "--recipient", "a research team",
                     "--purpose", "a study the client joined", "--consent", "yes"])  # fmt: skip
    assert code == 0
    assert capsys.readouterr().out == (
        "date,substance,amount,unit,standard_drinks,status\n"
        f"{day},Alcohol,3,cans of beer,4.201,use\n"
    )
    assert cli.main(["export", "--db", str(db), "--format", "tlfb"]) == cli.EXIT_USAGE
