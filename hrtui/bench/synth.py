"""A synthetic vault at agency scale, written straight with SQL through the app's own Vault.

Everything in it is made up from fixed word lists and a seeded random generator: codes like
``NE-00042``, first names with an initial, intakes, goals, daily use logs, reviews. The vault
is built once per size and schema and kept in a cache directory, so re-runs start at once.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from hrtui import clock
from hrtui.domain import vocab

#: Bumped whenever the generator writes different data, so cached vaults are rebuilt.
GENERATOR_VERSION = 1
PASSPHRASE = "bench passphrase"
CHUNK = 50_000


@dataclass(frozen=True)
class Size:
    name: str
    clients: int
    heavy: int  # clients with daily entries for three substances
    years: int  # how far back their daily log goes


FULL = Size("full", clients=5_000, heavy=200, years=10)
QUICK = Size("quick", clients=1_000, heavy=20, years=3)
TINY = Size("tiny", clients=40, heavy=2, years=1)


@dataclass(frozen=True)
class BenchVault:
    path: Path
    passphrase: str
    size: Size
    heaviest_id: int  # the client with the most log entries
    heaviest_code: str
    heaviest_entries: int
    counts: dict[str, int]  # rows per table
    built_seconds: float

    def to_json(self) -> dict[str, object]:
        out = asdict(self)
        out["path"] = str(self.path)
        return out


FIRST = (
    "Alex",
    "Sam",
    "Jordan",
    "Riley",
    "Casey",
    "Morgan",
    "Taylor",
    "Jamie",
    "Robin",
    "Avery",
    "Quinn",
    "Dana",
    "Kai",
    "Rowan",
    "Sky",
    "Jesse",
    "Noor",
    "Amal",
    "Mina",
    "Tomas",
    "Lea",
    "Marek",
    "Ines",
    "Yusuf",
    "Hana",
    "Omar",
    "Sofia",
    "Luca",
    "Aiko",
    "Ravi",
    "Priya",
    "Nia",
    "Eli",
    "Mae",
    "Theo",
    "Ada",
    "Iris",
    "Leon",
    "Vera",
    "Otto",
    "Zoe",
    "Ivan",
    "Maya",
    "Finn",
)
INITIALS = "ABCDEFGHIJKLMNOPRSTVWZ"
SITES = ("NE", "SW", "CT", "RV", "HB", "MK", "ST", "WD")
PRONOUNS = ("she/her", "he/him", "they/them", "", "", "she/they", "he/they")
PAIRS = (  # three substances per heavy client, with their usual amounts
    (("Alcohol", 6.0), ("Cannabis", 2.0), ("Tobacco / nicotine", 12.0)),
    (("Fentanyl", 3.0), ("Methamphetamine", 2.0), ("Benzodiazepines", 2.0)),
    (("Alcohol", 8.0), ("Cocaine", 3.0), ("Tobacco / nicotine", 15.0)),
    (("Opioids (heroin)", 4.0), ("Crack cocaine", 3.0), ("Cannabis", 1.0)),
)
REASONS = (
    "The target felt too big after a hard month; we chose a smaller step together.",
    "Things are going well; the person wants to take the next step.",
    "Work hours changed, so the plan moved to weekends.",
)


def _ts(day: date, rng: random.Random) -> str:
    """A stored date-time as SQLAlchemy writes it for SQLite."""
    moment = datetime.combine(day, datetime.min.time()) + timedelta(
        seconds=rng.randrange(8 * 3600, 19 * 3600)
    )
    return moment.strftime("%Y-%m-%d %H:%M:%S.000000")


def _schema_digest() -> str:
    from hrtui.store.schema import MIGRATIONS

    digest = hashlib.sha256(str(GENERATOR_VERSION).encode())
    for _, script in MIGRATIONS:
        digest.update(script.encode())
    return digest.hexdigest()[:12]


def cache_dir(size: Size, base: Path | None = None) -> Path:
    """Where the vault of ``size`` is kept: keyed by the size and the schema."""
    import tempfile

    root = base or Path(tempfile.gettempdir()) / "hrtui-bench"
    return root / f"{size.name}-{size.clients}-{size.heavy}-{size.years}-{_schema_digest()}"


def synthetic_vault(size: Size, base: Path | None = None, *, log=None) -> BenchVault:
    """The cached synthetic vault of ``size``, built first if needed."""
    folder = cache_dir(size, base)
    info_file = folder / "vault.json"
    if info_file.is_file():
        try:
            data = json.loads(info_file.read_text())
            data["path"] = Path(data["path"])
            data["size"] = Size(**data["size"])
            cached = BenchVault(**data)
        except (ValueError, TypeError, KeyError):
            cached = None  # written by another version of this module: build again
        if cached is not None and cached.path.is_file():
            return cached
    for stale in folder.parent.glob(f"{size.name}-*"):  # other schema or size: no use now
        if stale != folder and (stale / "vault.json").exists() or stale == folder:
            shutil.rmtree(stale, ignore_errors=True)
    folder.mkdir(parents=True, mode=0o700)
    if log:
        log(
            f"Building a synthetic vault ({size.clients:,} clients, {size.heavy} with "
            f"{size.years} years of daily entries); it is cached for later runs…"
        )
    info = build(folder / "vault.db", size)
    info_file.write_text(json.dumps(info.to_json(), indent=1))
    return info


def build(path: Path, size: Size, *, today: date | None = None, seed: int = 8) -> BenchVault:
    """Write a synthetic vault of ``size`` at ``path`` (which must not exist)."""
    from hrtui.store.vault import Vault

    started = time.perf_counter()
    today = today or clock.today()
    rng = random.Random(seed)
    vault = Vault.create(path, PASSPHRASE)
    counts: dict[str, int] = {}
    try:
        with vault.raw() as conn:
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("PRAGMA foreign_keys = OFF")  # rows are flushed table by table
            conn.execute("PRAGMA cache_size = -65536")
            writer = _Writer(conn, counts)
            heaviest = _populate(writer, size, today, rng)
            conn.commit()
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = FULL")
            broken = conn.execute("PRAGMA foreign_key_check").fetchall()
            if broken:  # pragma: no cover - a generator bug
                raise RuntimeError(f"synthetic vault has {len(broken)} dangling references")
            conn.execute("ANALYZE")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            code = conn.execute("SELECT code FROM client WHERE id = ?", (heaviest,)).fetchone()[0]
            entries = conn.execute(
                "SELECT count(*) FROM use_entry WHERE client_id = ?", (heaviest,)
            ).fetchone()[0]
    finally:
        vault.close()
    return BenchVault(
        path,
        PASSPHRASE,
        size,
        heaviest,
        code,
        entries,
        counts,
        round(time.perf_counter() - started, 1),
    )


class _Writer:
    """Buffers rows per table and writes them with executemany, in the open transaction."""

    def __init__(self, conn, counts: dict[str, int]) -> None:
        self.conn = conn
        self.counts = counts
        self.buffers: dict[str, list[tuple]] = {}
        self.sql: dict[str, str] = {}
        self.next_ids: dict[str, int] = {}

    def table(self, name: str, columns: str) -> None:
        cols = [c.strip() for c in columns.split(",")]
        marks = ", ".join("?" for _ in cols)
        self.sql[name] = f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({marks})"
        self.buffers[name] = []
        self.counts[name] = 0
        self.next_ids[name] = 1

    def new_id(self, name: str) -> int:
        value = self.next_ids[name]
        self.next_ids[name] = value + 1
        return value

    def add(self, name: str, row: tuple) -> None:
        buffer = self.buffers[name]
        buffer.append(row)
        if len(buffer) >= CHUNK:
            self.flush(name)

    def flush(self, name: str | None = None) -> None:
        for table in [name] if name else list(self.buffers):
            rows = self.buffers[table]
            if rows:
                self.conn.executemany(self.sql[table], rows)
                self.counts[table] += len(rows)
                rows.clear()


def _days(start: date, end: date) -> Iterator[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def _populate(w: _Writer, size: Size, today: date, rng: random.Random) -> int:
    w.table(
        "client",
        "id, code, display_name, pronouns, note, archived, created_at, updated_at,"
        " last_activity_at",
    )
    w.table("audit_event", "at, client_id, action, area")
    w.table(
        "factor",
        "id, client_id, grp, category, description, effect, weight, note, noted_on,"
        " created_at, updated_at",
    )
    w.table(
        "substance_baseline",
        "client_id, substance, routes, amount, unit, days_per_week,"
        " last_use, what_it_does, taken_on, created_at",
    )
    w.table(
        "readiness_rating",
        "client_id, rated_on, importance, confidence, readiness, why_not_lower, one_up, created_at",
    )
    w.table("auditc_result", "client_id, taken_on, q1, q2, q3, created_at")
    w.table(
        "goal",
        "id, client_id, kind, status, title, client_words, why_it_matters, substance,"
        " baseline_amount, target_amount, unit, period, life_area, start_on,"
        " review_on, created_at, updated_at",
    )
    w.table("goal_factor", "goal_id, factor_id")
    w.table("goal_step", "goal_id, position, starts_on, amount, unit, note")
    w.table("goal_strategy", "goal_id, concern, label, custom, note, added_on")
    w.table("goal_revision", "goal_id, revised_on, reason, changes, review_id, created_at")
    w.table(
        "use_entry",
        "id, client_id, day, substance, no_use, amount, unit, route, setting,"
        " with_whom, craving, mood, note, created_at, updated_at",
    )
    w.table("use_entry_strategy", "entry_id, strategy")
    w.table("memory_cue", "client_id, day, label, created_at")
    w.table(
        "review",
        "id, client_id, day, status, what_happened, place, with_whom, what_used,"
        " thoughts_before, thoughts_after, self_talk, warning_signs,"
        " what_reduced_harm, consequences, too_ambitious, too_ambitious_note,"
        " learned, next_checkin, created_at, updated_at",
    )
    w.table("review_entry", "review_id, entry_id")
    w.table("review_goal", "review_id, goal_id")
    w.table("review_trigger", "review_id, factor_id, label")
    w.table("review_stressor", "review_id, text, factor_id")

    heavy_ids = set(rng.sample(range(1, size.clients + 1), size.heavy))
    heaviest = min(heavy_ids)
    for client_id in range(1, size.clients + 1):
        heavy = client_id in heavy_ids
        years = size.years if heavy else rng.choice((0, 0, 1, 1, 2))
        first_day = today - timedelta(days=365 * years + rng.randrange(10, 200))
        substances = PAIRS[client_id % len(PAIRS)]
        _client(w, rng, client_id, first_day, today, heavy)
        factors = _intake(w, rng, client_id, first_day, substances)
        goals = _goals(w, rng, client_id, first_day, today, substances, factors, heavy)
        if heavy:
            # the heaviest client's log reaches a month further back than the others'
            extra_days = 30 if client_id == heaviest else 0
            log_start = today - timedelta(days=365 * size.years - 1 + extra_days)
            entries = _daily_log(
                w, rng, client_id, log_start, today, substances, extra=client_id == heaviest
            )
        else:
            start = today - timedelta(days=rng.randrange(0, 90))
            entries = _daily_log(w, rng, client_id, start, today, substances[:1], extra=False)
        _reviews(w, rng, client_id, entries, goals, factors, today, 12 if heavy else 1)
    w.flush()
    return heaviest


def _client(
    w: _Writer, rng: random.Random, client_id: int, first: date, today: date, heavy: bool
) -> None:
    code = f"{SITES[client_id % len(SITES)]}-{client_id:05d}"
    name = f"{rng.choice(FIRST)} {rng.choice(INITIALS)}."
    last = today - timedelta(days=rng.randrange(0, 30 if heavy else 700))
    archived = 0 if heavy else int(rng.random() < 0.06)
    note = "Prefers text reminders." if rng.random() < 0.2 else ""
    w.add(
        "client",
        (
            client_id,
            code,
            name,
            rng.choice(PRONOUNS),
            note,
            archived,
            _ts(first, rng),
            _ts(last, rng),
            _ts(last, rng),
        ),
    )
    w.add("audit_event", (_ts(first, rng), client_id, "created", "client"))
    for _ in range(rng.randrange(1, 6)):
        day = first + timedelta(days=rng.randrange(0, max(1, (today - first).days)))
        w.add("audit_event", (_ts(day, rng), client_id, "opened", "workspace"))


def _intake(
    w: _Writer,
    rng: random.Random,
    client_id: int,
    first: date,
    substances: tuple[tuple[str, float], ...],
) -> list[int]:
    stamp = _ts(first, rng)
    day = first.isoformat()
    factors = []
    for _ in range(rng.randrange(4, 9)):
        grp = rng.choice(("internal", "external"))
        category = rng.choice(vocab.FACTOR_CATEGORIES[grp])
        effect = rng.choice(("risk", "risk", "strength"))
        factor_id = w.new_id("factor")
        factors.append(factor_id)
        w.add(
            "factor",
            (
                factor_id,
                client_id,
                grp,
                category,
                f"{category}: in the person's words",
                effect,
                rng.randrange(0, 4),
                "",
                day,
                stamp,
                stamp,
            ),
        )
    for substance, amount in substances:
        unit = vocab.usual_unit(substance)
        w.add(
            "substance_baseline",
            (
                client_id,
                substance,
                "Smoked",
                amount,
                unit,
                float(rng.randrange(2, 8)),
                day,
                "Helps with stress and sleep.",
                day,
                stamp,
            ),
        )
    rated = first
    for _ in range(rng.randrange(1, 5)):
        w.add(
            "readiness_rating",
            (
                client_id,
                rated.isoformat(),
                rng.randrange(3, 11),
                rng.randrange(2, 10),
                rng.randrange(2, 10),
                "It matters for my kids.",
                "A place of my own.",
                _ts(rated, rng),
            ),
        )
        rated += timedelta(days=rng.randrange(30, 120))
    if any(s == "Alcohol" for s, _ in substances):
        w.add(
            "auditc_result",
            (client_id, day, rng.randrange(1, 5), rng.randrange(1, 5), rng.randrange(0, 5), stamp),
        )
    return factors


def _goals(
    w: _Writer,
    rng: random.Random,
    client_id: int,
    first: date,
    today: date,
    substances: tuple[tuple[str, float], ...],
    factors: list[int],
    heavy: bool,
) -> list[int]:
    goals = []
    for index in range(rng.randrange(3, 7) if heavy else rng.randrange(1, 4)):
        kind = ("reduce", "stepdown", "safer", "life", "abstinence")[index % 5]
        substance, amount = substances[index % len(substances)]
        unit = vocab.usual_unit(substance)
        start = first + timedelta(days=rng.randrange(0, max(1, (today - first).days)))
        status = rng.choice(("active", "active", "progressing", "achieved", "revised", "paused"))
        goal_id = w.new_id("goal")
        goals.append(goal_id)
        target = max(0.0, amount - rng.randrange(1, 4))
        values = {
            "reduce": (substance, amount, target, unit, "per_use_day", None),
            "stepdown": (substance, amount, 0.0, unit, "per_use_day", None),
            "safer": (substance, None, None, None, None, None),
            "life": (None, None, None, None, None, rng.choice(vocab.LIFE_AREAS)),
            "abstinence": (substance, None, None, None, None, None),
        }[kind]
        title = {
            "reduce": f"Fewer {unit} on use days",
            "stepdown": f"Step down {substance.lower()} week by week",
            "safer": "Safer use when I do use",
            "life": "Steadier days",
            "abstinence": f"A break from {substance.lower()}",
        }[kind]
        stamp = _ts(start, rng)
        review_on = (start + timedelta(days=28)).isoformat()
        w.add(
            "goal",
            (
                goal_id,
                client_id,
                kind,
                status,
                title,
                "In my own words: a bit less.",
                "My health and my family.",
                *values,
                start.isoformat(),
                review_on,
                stamp,
                stamp,
            ),
        )
        for factor_id in rng.sample(factors, min(2, len(factors))):
            w.add("goal_factor", (goal_id, factor_id))
        if kind == "stepdown":
            for position in range(4):
                step_day = (start + timedelta(weeks=2 * position)).isoformat()
                step_amount = max(0.0, amount - position * amount / 4)
                w.add("goal_step", (goal_id, position, step_day, step_amount, unit, ""))
        if kind in ("safer", "reduce"):
            for concern in ("Overdose", "General"):
                label = rng.choice(vocab.STRATEGIES[concern])
                w.add("goal_strategy", (goal_id, concern, label, 0, "", start.isoformat()))
        if status == "revised" or (heavy and rng.random() < 0.5):
            revised = start + timedelta(days=rng.randrange(14, 60))
            changes = json.dumps({"target_amount": [amount, target]})
            w.add(
                "goal_revision",
                (
                    goal_id,
                    revised.isoformat(),
                    rng.choice(REASONS),
                    changes,
                    None,
                    _ts(revised, rng),
                ),
            )
    return goals


MOODS = vocab.MOODS
SETTINGS = ("At home", "At a friend's place", "Out", "At work", "")


def _daily_log(
    w: _Writer,
    rng: random.Random,
    client_id: int,
    start: date,
    end: date,
    substances: tuple[tuple[str, float], ...],
    *,
    extra: bool,
) -> list[tuple[int, str]]:
    """One entry per substance per day from ``start`` to ``end``: an amount, or no use.
    Returns (entry id, day) of days with use, for reviews to link."""
    used_days: list[tuple[int, str]] = []
    strategies = [s for group in vocab.STRATEGIES.values() for s in group]
    for day in _days(start, end):
        iso = day.isoformat()
        stamp = _ts(day, rng)
        for substance, usual in substances:
            entry_id = w.new_id("use_entry")
            unit = vocab.usual_unit(substance)
            if rng.random() < 0.55:
                amount = round(max(0.5, rng.gauss(usual, usual / 3)) * 2) / 2
                craving = rng.randrange(0, 11)
                w.add(
                    "use_entry",
                    (
                        entry_id,
                        client_id,
                        iso,
                        substance,
                        0,
                        amount,
                        unit,
                        "Smoked",
                        rng.choice(SETTINGS),
                        "",
                        craving,
                        rng.choice(MOODS),
                        "",
                        stamp,
                        stamp,
                    ),
                )
                used_days.append((entry_id, iso))
                if rng.random() < 0.2:
                    w.add("use_entry_strategy", (entry_id, rng.choice(strategies)))
            else:
                w.add(
                    "use_entry",
                    (
                        entry_id,
                        client_id,
                        iso,
                        substance,
                        1,
                        None,
                        unit,
                        "",
                        "",
                        "",
                        rng.randrange(0, 6),
                        rng.choice(MOODS),
                        "",
                        stamp,
                        stamp,
                    ),
                )
        if extra and day.day == 1:
            w.add("memory_cue", (client_id, iso, "Payday", stamp))
    return used_days


def _reviews(
    w: _Writer,
    rng: random.Random,
    client_id: int,
    entries: list[tuple[int, str]],
    goals: list[int],
    factors: list[int],
    today: date,
    count: int,
) -> None:
    if not entries:
        return
    for entry_id, day in sorted(rng.sample(entries, min(count, len(entries))), key=lambda e: e[1]):
        review_id = w.new_id("review")
        stamp = f"{day} 16:00:00.000000"
        finished = rng.random() < 0.8
        w.add(
            "review",
            (
                review_id,
                client_id,
                day,
                "finished" if finished else "draft",
                "Met old friends after work; it was a long week.",
                "A friend's place",
                "Friends",
                "More than planned",
                "I deserve a break.",
                "Tired, and kind to myself about it.",
                "Noticed an 'I've blown it' thought and let it pass.",
                "Skipped dinner; little sleep.",
                "Had naloxone with me; did not use alone.",
                "Missed work the next morning.",
                rng.choice(("yes", "no", "not_sure")),
                "",
                "Plan the evening before it starts.",
                (date.fromisoformat(day) + timedelta(days=7)).isoformat() if not finished else None,
                stamp,
                stamp,
            ),
        )
        w.add("review_entry", (review_id, entry_id))
        if goals:
            w.add("review_goal", (review_id, rng.choice(goals)))
        if factors:
            w.add("review_trigger", (review_id, rng.choice(factors), "Payday"))
        w.add("review_stressor", (review_id, "Money worries", None))
