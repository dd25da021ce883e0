"""The Intake tab of a client's workspace: :class:`IntakePane`.

One pane, four views on number keys: 1 factors (internal and external, risks and strengths),
2 substance baselines (the current one per substance and the whole history), 3 readiness ratings,
4 AUDIT-C results. A summary above the factors shows the current baselines, the readiness trend
and the latest AUDIT-C; a line at the top says what is new since the last session.
"""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.widgets import (
    ContentSwitcher,
    DataTable,
    Static,
)

from hrtui.domain import vocab
from hrtui.domain.intake import (
    BALANCE_CELLS,
    EFFECT_MARKS,
    RULERS,
    auditc_band,
    auditc_score,
    baseline_line,
    number,
    since_line,
    since_tag,
    trend,
    weight_dots,
)
from hrtui.domain.parse import amount_with_unit
from hrtui.screens.base import VaultPane
from hrtui.screens.intake.cells import RISK_STYLE, STRENGTH_STYLE, effect_cell, tag_cell
from hrtui.screens.intake.forms import (
    AuditCForm,
    BalanceForm,
    BaselineForm,
    FactorForm,
    ReadinessForm,
)
from hrtui.widgets.fast_table import PlainTable


def one_line(text: str) -> str:
    """``text`` on one line (its table column cuts it, with "…", where it is too long)."""
    return " ".join((text or "").split())


VIEWS = {
    "factors": "Factors",
    "baselines": "Substances",
    "readiness": "Readiness",
    "auditc": "AUDIT-C",
    "balance": "Balance",
}
GROUP_KEY = "grp:"
#: A readiness table's heading row: what the ratings below it are about, with their trend.
SUBJECT_KEY = "subj:"


def ruler_trends(ratings: list[Any]) -> str:
    """ "Importance 5 → 7 · confidence 4 → 6 · readiness 6": each ruler's recent ratings."""
    return " · ".join(
        f"{title if i == 0 else title.lower()} {trend([getattr(r, key) for r in ratings])}"
        for i, (key, title) in enumerate(RULERS.items())
    )


def balance_subject(sheet: Any, titles: dict[int, str]) -> str:
    """What a decisional-balance sheet is about: the behaviour and/or the goal."""
    parts = [sheet.behaviour] if sheet.behaviour else []
    if sheet.goal_id is not None:
        parts.append(f"Goal: {titles.get(sheet.goal_id, '?')}")
    return " · ".join(parts) or "Change in general"


class IntakePane(VaultPane):
    HELP_TEXT = (
        "Intake: what plays a part in the client's use, mapped together and never finished. "
        "Keys 1–5 switch between factors, substance baselines, readiness ratings, AUDIT-C "
        "results and decisional balances. Enter on a factor edits it; Enter on a group line "
        "adds a factor to that group; Enter on a baseline retakes it (the earlier one stays "
        "in the history). "
        "Factors marked new or changed were added or changed since the last session. "
        "Readiness ratings are grouped by what they are about (a goal, a behaviour, or change "
        "in general), each with its own trend and follow-up answers. Key 5 shows the "
        "decisional-balance sheets (good and less good things about using and about "
        "changing, in the client's words): Ctrl+D writes a new one, Enter changes one."
    )
    BINDINGS = [
        Binding(
            "enter",
            "open_row",
            "Open",
            priority=True,
            key_display="⏎",
            tooltip="Edit the factor, or retake the baseline, on this row",
        ),
        Binding("ctrl+n", "new_factor", "New factor", tooltip="Add a factor (risk or strength)"),
        Binding("ctrl+b", "new_baseline", "Baseline", tooltip="Take a substance baseline"),
        Binding("ctrl+y", "new_readiness", "Readiness", tooltip="Add a readiness rating"),
        Binding("ctrl+t", "new_auditc", "AUDIT-C", tooltip="Answer the AUDIT-C"),
        Binding(
            "ctrl+d",
            "new_balance",
            "Balance",
            show=False,
            tooltip="A decisional-balance sheet (good and less good things)",
        ),
        *[
            Binding(str(i), f"view('{key}')", title, show=False, tooltip=f"Show {title.lower()}")
            for i, (key, title) in enumerate(VIEWS.items(), start=1)
        ],
    ]
    DEFAULT_CSS = """
    IntakePane { height: 1fr; }
    IntakePane #intake-since { height: auto; padding: 0 1; color: $text-muted; }
    IntakePane #intake-summary { height: auto; padding: 0 1; }
    IntakePane #intake-views { height: 1; padding: 0 1; }
    IntakePane ContentSwitcher { height: 1fr; }
    IntakePane DataTable { height: 1fr; }
    IntakePane #intake-detail { height: auto; max-height: 4; padding: 0 1; color: $text-muted; }
    """
    WORDS_WIDTH = 24

    def __init__(self, client_id: int) -> None:
        super().__init__(client_id)
        self.data: Any = None
        self.tags: dict[int, str] = {}
        self.view = "factors"

    def compose(self) -> ComposeResult:
        yield Static("", id="intake-since")
        yield Static("Loading…", id="intake-summary")
        yield Static("", id="intake-views")
        with ContentSwitcher(initial="factors", id="intake-switcher"):
            for key in VIEWS:
                yield PlainTable(id=key, cursor_type="row", zebra_stripes=True)
        yield Static("", id="intake-detail")

    def on_mount(self) -> None:
        columns = {
            "factors": [
                ("Effect", 10),
                ("Category", 16),
                ("In the client's words", self.WORDS_WIDTH),
                ("Now", 3),
                ("", 9),
            ],
            "baselines": [
                ("Substance", 16),
                ("Taken", 10),
                ("Usual amount", 18),
                ("Days/wk", 7),
                ("", 9),
            ],
            "readiness": [
                ("Date", 10),
                ("Importance", 10),
                ("Confidence", 10),
                ("Readiness", 9),
                ("Why not lower", 22),
            ],
            "auditc": [
                ("Date", 10),
                ("Q1", 2),
                ("Q2", 2),
                ("Q3", 2),
                ("Score", 7),
                ("What it means", 32),
            ],
            "balance": [
                ("Date", 10),
                ("About", 20),
                ("Good things about using", 20),
                ("Good things about changing", 20),
            ],
        }
        #: the columns of words (the client's, a substance, a category) that share the width
        #: the others leave free
        flex = {
            "factors": (1, 2),
            "baselines": (0, 2),
            "readiness": (4,),
            "auditc": (5,),
            "balance": (1, 2, 3),
        }
        for key, cols in columns.items():
            table = self.query_one(f"#{key}", PlainTable)
            for label, width in cols:
                table.add_column(label, width=width)
            table.flex(*flex[key])
        self.show_views()
        # VaultPane.on_mount runs next (Textual calls each class's handler) and loads the data.

    # -- data ----------------------------------------------------------------------------

    def reload(self, select: tuple[str, str] | None = None) -> None:
        self.call_store(_overview, self.client_id, done=lambda data: self._show(data, select))

    def _show(self, data: Any, select: tuple[str, str] | None = None) -> None:
        self.data = data
        self.tags = {
            f.id: since_tag(f.created_at, f.updated_at, data.last_session) for f in data.factors
        }
        self.fill_factors(select[1] if select and select[0] == "factors" else None)
        self.fill_baselines(select[1] if select and select[0] == "baselines" else None)
        self.fill_readiness(select[1] if select and select[0] == "readiness" else None)
        self.fill_auditc(select[1] if select and select[0] == "auditc" else None)
        self.fill_balance(select[1] if select and select[0] == "balance" else None)
        self.show_since()
        self.show_summary()
        self.show_detail()

    def _after(self, day: date | None, stamp: Any) -> bool:
        return day is not None and stamp.date() > day

    def show_since(self) -> None:
        data = self.data
        last = data.last_session
        line = since_line(
            last,
            self.tags.values(),
            baselines_added=sum(self._after(last, b.created_at) for b in data.baselines),
            ratings_added=sum(self._after(last, r.created_at) for r in data.readiness),
            auditc_added=sum(self._after(last, a.created_at) for a in data.auditc),
        )
        news = last is not None and "nothing added or changed" not in line
        self.query_one("#intake-since", Static).update(Text(line, style="bold" if news else ""))

    def show_summary(self) -> None:
        data = self.data
        text = Text()
        if data.current:
            for baseline in data.current[:3]:
                line = baseline_line(
                    baseline.substance,
                    baseline.amount,
                    baseline.unit,
                    baseline.days_per_week,
                    occasions=baseline.occasions_per_day,
                )
                text.append(f"{line} ", style="bold")
                text.append(f"(taken {baseline.taken_on.isoformat()})\n")
            if len(data.current) > 3:
                text.append(f"…and {len(data.current) - 3} more: press 2\n")
        else:
            text.append("No substance baseline yet (Ctrl+B takes one).\n")
        if data.readiness:
            for series in data.rulers[:2]:
                text.append(f"{series.label}: ", style="bold")
                text.append(ruler_trends(series.ratings) + "\n")
            if len(data.rulers) > 2:
                text.append(f"…readiness about {len(data.rulers) - 2} more: press 3\n")
        else:
            text.append("No readiness rating yet (Ctrl+Y).\n")
        if data.auditc:
            latest = data.auditc[-1]
            band = auditc_band(auditc_score(latest.q1, latest.q2, latest.q3), latest.cutoff)
            text.append(f"AUDIT-C {band.score} of 12", style="bold")
            text.append(f" ({latest.taken_on.isoformat()}): {band.short}")
        else:
            text.append("No AUDIT-C yet (optional; Ctrl+T).")
        self.query_one("#intake-summary", Static).update(text)

    def show_views(self) -> None:
        text = Text()
        for i, (key, title) in enumerate(VIEWS.items(), start=1):
            label = f" {i} {title} "
            if key == self.view:
                text.append(f"[{label.strip()}]", style="bold reverse")
            else:
                text.append(f" {label.strip()} ")
            text.append(" ")
        self.query_one("#intake-views", Static).update(text)
        self.query_one("#intake-summary", Static).display = self.view == "factors"

    # -- tables --------------------------------------------------------------------------

    def _refill(self, key: str, rows: list[tuple[str, list[Any]]], select: str | None) -> None:
        table = self.query_one(f"#{key}", DataTable)
        keep = select
        if keep is None and table.row_count:
            try:
                cell = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0))
                keep = str(cell.row_key.value)
            except Exception:
                keep = None
        table.clear()
        for row_key, cells in rows:
            table.add_row(*cells, key=row_key)
        if keep is not None:
            with contextlib.suppress(Exception):  # the row may be gone
                table.move_cursor(row=table.get_row_index(keep))

    def fill_factors(self, select: str | None = None) -> None:
        rows: list[tuple[str, list[Any]]] = []
        for grp, title in vocab.FACTOR_GROUPS.items():
            factors = [f for f in self.data.factors if f.grp == grp]
            strengths = sum(f.effect == "strength" for f in factors)
            risks = len(factors) - strengths
            summary = (
                f"{strengths} strength{'s' if strengths != 1 else ''}, "
                f"{risks} risk{'s' if risks != 1 else ''}"
                if factors
                else "none yet: Enter adds one"
            )
            rows.append(
                (
                    f"{GROUP_KEY}{grp}",
                    [
                        Text(title, style="bold underline"),
                        "",
                        Text(summary, style="italic"),
                        "",
                        "",
                    ],
                )
            )
            for f in factors:
                rows.append(
                    (
                        str(f.id),
                        [
                            effect_cell(f.effect),
                            one_line(f.category),
                            one_line(f.description),
                            weight_dots(f.weight),
                            tag_cell(self.tags.get(f.id, "")),
                        ],
                    )
                )
        self._refill("factors", rows, select)

    def fill_baselines(self, select: str | None = None) -> None:
        current = {b.id for b in self.data.current}
        rows = []
        for b in self.data.baselines:
            amount = amount_with_unit(b.amount, b.unit, "—")
            rows.append(
                (
                    str(b.id),
                    [
                        one_line(b.substance),
                        b.taken_on.isoformat(),
                        one_line(amount),
                        number(b.days_per_week),
                        tag_cell("current") if b.id in current else "",
                    ],
                )
            )
        self._refill("baselines", rows, select)

    def fill_readiness(self, select: str | None = None) -> None:
        """One group per subject (a goal, a behaviour, change in general): a heading row with
        what it is about and each ruler's trend, then its ratings, newest first."""
        rows: list[tuple[str, list[Any]]] = []
        for index, series in enumerate(self.data.rulers):
            trends = [
                Text(trend([getattr(r, key) for r in series.ratings], limit=2), style="italic")
                for key in RULERS
            ]
            rows.append(
                (
                    f"{SUBJECT_KEY}{index}",
                    [Text("Trend", style="bold"), *trends,
                     Text(one_line(series.label), style="bold underline")],
                )
            )  # fmt: skip
            for r in reversed(series.ratings):
                rows.append(
                    (
                        str(r.id),
                        [
                            r.rated_on.isoformat(),
                            str(r.importance),
                            str(r.confidence),
                            str(r.readiness),
                            one_line(r.why_not_lower or "—"),
                        ],
                    )
                )
        self._refill("readiness", rows, select)

    def fill_balance(self, select: str | None = None) -> None:
        titles = getattr(self.data, "goal_titles", {})
        rows = [
            (
                str(b.id),
                [
                    b.made_on.isoformat(),
                    one_line(balance_subject(b, titles)),
                    one_line(b.using_good or "—"),
                    one_line(b.change_good or "—"),
                ],
            )
            for b in reversed(self.data.balances)
        ]
        self._refill("balance", rows, select)

    def fill_auditc(self, select: str | None = None) -> None:
        rows = []
        for a in reversed(self.data.auditc):
            band = auditc_band(auditc_score(a.q1, a.q2, a.q3), a.cutoff)
            rows.append(
                (
                    str(a.id),
                    [
                        a.taken_on.isoformat(),
                        str(a.q1),
                        str(a.q2),
                        str(a.q3),
                        f"{band.score} of 12",
                        one_line(band.short),
                    ],
                )
            )
        self._refill("auditc", rows, select)

    # -- the highlighted row ---------------------------------------------------------------

    def current_key(self) -> str | None:
        table = self.query_one(f"#{self.view}", DataTable)
        if not table.row_count:
            return None
        try:
            return str(table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value)
        except Exception:
            return None

    def _find(self, rows: list[Any], key: str | None) -> Any | None:
        if key is None or key.startswith(GROUP_KEY):
            return None
        return next((r for r in rows if str(r.id) == key), None)

    @on(DataTable.RowHighlighted)
    def highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        if self.data is not None:
            self.show_detail()

    def show_detail(self) -> None:
        if self.data is None:
            return
        key = self.current_key()
        detail = self.query_one("#intake-detail", Static)
        detail.styles.max_height = 7 if self.view == "balance" else 4
        text = Text()
        if self.view == "factors":
            f = self._find(self.data.factors, key)
            if f is None:
                text.append("Enter adds a factor to this group · Ctrl+N new factor")
            else:
                text.append(f"{f.category} ({vocab.FACTOR_GROUPS.get(f.grp, f.grp).lower()}) · ")
                text.append(
                    EFFECT_MARKS.get(f.effect, f.effect),
                    style=STRENGTH_STYLE if f.effect == "strength" else RISK_STYLE,
                )
                text.append(f" · weighs {f.weight} of 3 · noted {f.noted_on.isoformat()}")
                if f.updated_at > f.created_at:
                    text.append(f" · changed {f.updated_at.date().isoformat()}")
                text.append(f"\n“{' '.join(f.description.split())}”")
                if f.note:
                    text.append(f"  Note: {' '.join(f.note.split())}")
        elif self.view == "baselines":
            b = self._find(self.data.baselines, key)
            if b is None:
                text.append("No baseline yet: Ctrl+B takes one.")
            else:
                last = b.last_use.isoformat() if b.last_use else "—"
                text.append(f"Routes: {b.routes or '—'} · last use {last}")
                if b.what_it_does:
                    text.append(f"\nWhat it does: {' '.join(b.what_it_does.split())}")
                text.append("\nEnter retakes this baseline (this one stays in the history).")
        elif self.view == "balance":
            b = self._find(self.data.balances, key)
            if b is None:
                text.append("No decisional balance yet: Ctrl+D writes one with the client.")
            else:
                for name, heading in BALANCE_CELLS.items():
                    words = " ".join(getattr(b, name).split()) or "—"
                    text.append(f"{heading}: ", style="bold")
                    text.append(f"{words}\n")
                text.append("Enter changes this sheet.")
        elif self.view == "readiness":
            r = self._find(self.data.readiness, key)
            if r is None and key and key.startswith(SUBJECT_KEY):
                series = self.data.rulers[int(key.removeprefix(SUBJECT_KEY))]
                text.append(f"{series.label}: ", style="bold")
                text.append(f"{len(series.ratings)} rating"
                            f"{'s' if len(series.ratings) != 1 else ''}; "
                            "Up/Down shows each one's answers.")  # fmt: skip
            elif r is None:
                text.append("No readiness rating yet: Ctrl+Y adds one.")
            else:
                text.append(f"Why not lower: {' '.join(r.why_not_lower.split()) or '—'}\n")
                text.append(f"One number up: {' '.join(r.one_up.split()) or '—'}")
        else:
            a = self._find(self.data.auditc, key)
            if a is None:
                text.append("No AUDIT-C yet (optional): Ctrl+T answers it.")
            else:
                band = auditc_band(auditc_score(a.q1, a.q2, a.q3), a.cutoff)
                text.append(band.explanation)
        detail.update(text)

    # -- actions -------------------------------------------------------------------------

    def action_view(self, view: str) -> None:
        if view not in VIEWS:
            return
        self.view = view
        self.query_one("#intake-switcher", ContentSwitcher).current = view
        self.query_one(f"#{view}", DataTable).focus()
        self.show_views()
        self.show_detail()

    def action_open_row(self) -> None:
        if self.data is None:
            return
        key = self.current_key()
        if self.view == "factors":
            if key is None:
                self.action_new_factor()
            elif key.startswith(GROUP_KEY):
                self.action_new_factor(key.removeprefix(GROUP_KEY))
            else:
                factor = self._find(self.data.factors, key)
                if factor is not None:
                    self._push_factor_form(
                        FactorForm(self.client_id, self.data.categories, factor=factor)
                    )
        elif self.view == "baselines":
            baseline = self._find(self.data.baselines, key)
            if baseline is None:
                self.action_new_baseline()
            else:
                self._push_baseline_form(start=baseline)
        elif self.view == "balance":
            sheet = self._find(self.data.balances, key)
            self._push_balance_form(sheet)
        elif self.view == "readiness":
            self.notify("Ratings are kept as given, with their date; Ctrl+Y adds a new one.")
        else:
            self.notify("Results are kept as given, with their date; Ctrl+T adds a new one.")

    def _push_factor_form(self, form: FactorForm) -> None:
        def saved(factor: Any) -> None:
            if factor is not None:
                self.notify("Factor saved.")
                self.reload(select=("factors", str(factor.id)))

        self.app.push_screen(form, saved)

    def action_new_factor(self, grp: str = "internal") -> None:
        if self.data is None:
            return
        if self.view != "factors":
            self.action_view("factors")
        self._push_factor_form(FactorForm(self.client_id, self.data.categories, grp=grp))

    def _push_baseline_form(self, start: Any | None = None) -> None:
        data = self.data
        units = {b.substance: b.unit for b in reversed(data.baselines)}
        usual = data.baselines[0].substance if data.baselines else None

        def saved(baseline: Any) -> None:
            if baseline is not None:
                self.notify(f"Baseline for {baseline.substance} saved.")
                self.action_view("baselines")
                self.reload(select=("baselines", str(baseline.id)))

        self.app.push_screen(
            BaselineForm(
                self.client_id,
                data.substances,
                data.routes,
                units,
                start=start,
                substance=usual,
            ),
            saved,
        )

    def action_new_baseline(self) -> None:
        if self.data is not None:
            self._push_baseline_form()

    def action_new_readiness(self) -> None:
        if self.data is None:
            return
        last = self.data.readiness[-1] if self.data.readiness else None

        def saved(rating: Any) -> None:
            if rating is not None:
                self.notify("Readiness rating saved.")
                self.action_view("readiness")
                self.reload(select=("readiness", str(rating.id)))

        self.app.push_screen(ReadinessForm(self.client_id, last), saved)

    def _push_balance_form(self, sheet: Any | None = None) -> None:
        def saved(balance: Any) -> None:
            if balance is not None:
                self.notify("Decisional balance saved.")
                self.action_view("balance")
                self.reload(select=("balance", str(balance.id)))

        self.app.push_screen(BalanceForm(self.client_id, sheet), saved)

    def action_new_balance(self) -> None:
        if self.data is not None:
            self._push_balance_form()

    def action_new_auditc(self) -> None:
        if self.data is None:
            return
        last = self.data.auditc[-1] if self.data.auditc else None

        def saved(result: Any) -> None:
            if result is not None:
                self.notify("AUDIT-C saved.")
                self.action_view("auditc")
                self.reload(select=("auditc", str(result.id)))

        self.app.push_screen(AuditCForm(self.client_id, last.cutoff if last else None), saved)


def _overview(vault: Any, client_id: int) -> Any:
    """(In a worker.) The intake overview, with the client's goal titles by id (what a
    decisional-balance sheet is about)."""
    from hrtui.store.goals import list_goals
    from hrtui.store.intake import overview

    data = overview(vault, client_id)
    data.goal_titles = {g.id: g.title for g in list_goals(vault, client_id) if g.id is not None}
    return data
