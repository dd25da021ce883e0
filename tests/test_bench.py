"""The benchmark's parts on a tiny synthetic vault: what it builds, what it reports, and that it
leaves the vault as it found it. No timing is asserted (that depends on the machine)."""

from __future__ import annotations

import json
import math

import pytest

import hrtui.bench as bench
from hrtui.bench import BUDGETS, MEASURES, Results, measure
from hrtui.bench.__main__ import main as bench_main
from hrtui.bench.appdriver import keystrokes
from hrtui.bench.synth import TINY, Size, build, synthetic_vault
from hrtui.store.clients import list_roster
from hrtui.store.vault import Vault, connect

TABLES = ("client", "use_entry", "audit_event", "factor", "goal", "review", "review_entry")


def counts(info) -> dict[str, int]:
    conn = connect(info.path, info.passphrase)
    try:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return synthetic_vault(TINY, tmp_path_factory.mktemp("bench-cache"))


def test_synthetic_vault_has_every_area_and_a_heaviest_client(tiny):
    conn = connect(tiny.path, tiny.passphrase)
    try:
        per_client = dict(
            conn.execute("SELECT client_id, count(*) FROM use_entry GROUP BY client_id")
        )
        for table in (
            "factor",
            "substance_baseline",
            "readiness_rating",
            "auditc_result",
            "goal",
            "goal_step",
            "goal_strategy",
            "goal_revision",
            "review",
            "review_entry",
            "review_goal",
            "review_trigger",
            "review_stressor",
        ):
            assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0, table
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        heavy_days = conn.execute(
            "SELECT count(DISTINCT day), count(DISTINCT substance) FROM use_entry"
            " WHERE client_id = ?",
            (tiny.heaviest_id,),
        ).fetchone()
    finally:
        conn.close()
    assert per_client[tiny.heaviest_id] == max(per_client.values()) == tiny.heaviest_entries
    assert sorted(per_client.values())[-2] < tiny.heaviest_entries  # one clear heaviest
    assert heavy_days[0] >= 365 * TINY.years and heavy_days[1] == 3
    vault = Vault.open(tiny.path, tiny.passphrase)  # the app reads it like any vault
    try:
        assert len(list_roster(vault)) == TINY.clients
    finally:
        vault.close()


def test_cached_vault_is_reused_and_another_size_gets_its_own(tiny, tmp_path):
    again = synthetic_vault(TINY, tiny.path.parent.parent)
    assert again.path == tiny.path and again.counts == tiny.counts
    other = build(tmp_path / "small.db", Size("other", clients=5, heavy=1, years=1))
    assert other.counts["client"] == 5


def test_save_measure_leaves_the_vault_as_built(tiny):
    before = counts(tiny)
    saved = measure.save(tiny, runs=3)
    assert set(saved) == {"save_ratio", "save_ms", "save_reference_ms"}
    assert all(isinstance(v, float) and v > 0 for v in saved.values())
    assert counts(tiny) == before


def test_typing_returns_to_an_empty_search():
    keys = keystrokes(["NE-00001"], rounds=2)
    typed = [k for k in keys if k != "backspace"]
    assert len(typed) == keys.count("backspace") > 20
    assert "minus" in keys and "space" in keys  # codes and two-word searches


def test_full_run_reports_every_measure_as_a_number(tiny, tmp_path, capsys):
    results = bench.run(
        TINY,
        cache=tiny.path.parent.parent,
        startup_runs=1,
        save_runs=2,
        max_keys=12,
        idle=0.2,
    )
    for name in MEASURES:
        value = results.numbers[name]
        assert isinstance(value, float) and math.isfinite(value) and value >= 0, name
    assert results.numbers["startup_ms"] > 0 and results.numbers["kdf_ms"] > 0
    table = results.table()
    for name in MEASURES:
        assert name in table
    assert "PASS" in table or "OVER" in table


def test_verdicts_follow_the_budgets():
    results = Results(TINY, {"unlock_ms": 120.0, "save_ratio": 3.5, "uselog_open_ms": None})
    assert results.verdict("unlock_ms") == "PASS"
    assert results.verdict("save_ratio") == "OVER"
    assert results.verdict("uselog_open_ms") == "not measured"
    assert set(BUDGETS) == set(MEASURES)
    assert "—" in results.table()


def test_command_line_writes_numbers_as_json(monkeypatch, tmp_path, capsys):
    numbers = {name: 1.0 for name in MEASURES} | {"uselog_open_ms": None}
    monkeypatch.setattr("hrtui.bench.__main__.run", lambda size, **kw: Results(size, dict(numbers)))
    out = tmp_path / "bench.json"
    assert bench_main(["--quick", "--json", str(out)]) == 0
    assert json.loads(out.read_text()) == numbers
    assert "startup_ratio" in capsys.readouterr().out
