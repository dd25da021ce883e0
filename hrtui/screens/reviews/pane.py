"""The Reviews tab of a client's workspace: :class:`ReviewsPane`.

It lists the client's reviews of a return to use with a short detail of the selected one.
Ctrl+N starts a review of a day (:class:`~hrtui.screens.reviews.dialogs.StartReviewForm`), Enter
opens its :class:`~hrtui.screens.reviews.worksheet.ReviewWorksheet`, Delete removes a review that
changed no goal (after asking).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import (
    DataTable,
    Static,
)

from hrtui.domain import reviews as rules
from hrtui.screens.base import VaultPane
from hrtui.screens.confirm import Confirm
from hrtui.screens.reviews.dialogs import StartReviewForm
from hrtui.screens.reviews.worksheet import ReviewWorksheet
from hrtui.widgets.fast_table import PlainTable


class ReviewTable(PlainTable):
    BINDINGS = [
        Binding("enter", "select_cursor", "Open", key_display="⏎", tooltip="Open the worksheet"),
    ]


class ReviewsPane(VaultPane):
    HELP_TEXT = (
        "Reviews of a return to use. A lapse is met with curiosity, not blame: what set it "
        "off, what helped, whether the goals asked too much, what to change. Treatment goes "
        "on: a review never closes the record or a goal. Ctrl+N starts a review of a day (the "
        "day's log entries are linked and fill in what happened); in the use log's calendar, "
        "r does the same for the selected day. Enter opens the selected review; Delete "
        "removes a review that changed no goal."
    )
    BINDINGS = [
        Binding("ctrl+n", "start", "Start review", tooltip="Start a review of a day"),
        Binding("delete", "delete", "Delete", show=False, tooltip="Delete the selected review"),
    ]
    DEFAULT_CSS = """
    ReviewsPane #reviews-table { height: 1fr; min-height: 4; }
    ReviewsPane #review-detail {
        height: 6;
        border-top: solid $primary-darken-2;
        padding: 0 1;
    }
    ReviewsPane #reviews-status { height: 1; color: $text-muted; padding: 0 1; }
    """

    def __init__(self, client_id: int) -> None:
        super().__init__(client_id)
        self.rows: list[Any] = []
        #: review id → what kind of day it looks at (issue #17)

    def compose(self) -> ComposeResult:
        yield ReviewTable(id="reviews-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="review-detail"):
            yield Static("", id="review-detail-text")
        yield Static("Loading…", id="reviews-status")

    def on_mount(self) -> None:
        table = self.query_one("#reviews-table", ReviewTable)
        table.add_column("Day", key="day", width=10)
        table.add_column("Kind of day", key="kind", width=22)
        table.add_column("Status", key="status", width=11)
        table.add_column("Goals it touches", key="goals", width=30)
        table.add_column("Next check-in", key="next", width=13)
        table.flex("goals")  # the goals' titles take the width there is

    def on_show(self) -> None:
        self.reload()

    def reload(self, select_id: int | None = None) -> None:
        from hrtui.store.reviews import list_reviews

        keep = select_id if select_id is not None else self.selected_id()
        self.call_store(list_reviews, self.client_id, done=lambda rows: self._loaded(rows, keep))

    def _loaded(self, rows: list[Any], keep: int | None) -> None:
        self.rows = rows
        table = self.query_one("#reviews-table", DataTable)
        table.clear()
        for row in rows:
            style = "bold" if row.status == rules.DRAFT else ""
            table.add_row(
                row.day.isoformat(),
                rules.kind_label(row.kind),
                Text(row.status_label, style=style),
                ", ".join(row.goals) or "—",
                row.next_checkin.isoformat() if row.next_checkin else "—",
                key=str(row.id),
            )
        for index, row in enumerate(rows):
            if row.id == keep:
                table.move_cursor(row=index)
        drafts = sum(1 for r in rows if r.status == rules.DRAFT)
        if rows:
            status = f"{len(rows)} review{'s' if len(rows) != 1 else ''}"
            status += f", {drafts} in progress" if drafts else ""
            status += " · Enter opens · Ctrl+N start · F1 keys"
        else:
            status = "No reviews. Ctrl+N starts one for a day with a return to use."
        self.query_one("#reviews-status", Static).update(status)
        self._show_detail()

    def selected(self) -> Any | None:
        table = self.query_one("#reviews-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def selected_id(self) -> int | None:
        row = self.selected()
        return row.id if row else None

    def _show_detail(self) -> None:
        row = self.selected()
        text = self.query_one("#review-detail-text", Static)
        if row is None:
            text.update(
                "A return to use is reviewed, not punished: were the goals too ambitious? New "
                "stressors? What did we learn about triggers and needs? The work goes on."
            )
            return
        title = rules.review_title(row.day, row.kind)
        lines = Text.assemble((title, "bold"), f"  ({row.status_label})")
        if row.what_used:
            lines.append(f"\nUsed: {row.what_used}")
        if row.triggers:
            lines.append(f"\nTriggers: {', '.join(row.triggers)}")
        if row.learned:
            lines.append(f"\nLearned: {' '.join(row.learned.split())}")
        if row.plan_changes:
            n = row.plan_changes
            lines.append(f"\nPlan changes: {n} goal revision{'s' if n != 1 else ''}")
        text.update(lines)

    @on(DataTable.RowHighlighted, "#reviews-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#reviews-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.selected()
        if row is not None:
            self.open(row.id)

    def open(self, review_id: int) -> None:
        self.app.push_screen(ReviewWorksheet(review_id), lambda _: self.reload(review_id))

    def action_start(self) -> None:
        from hrtui.store.reviews import start_defaults

        def loaded(defaults: Any) -> None:
            def started(result: Any) -> None:
                if result is None:
                    return
                if not result.created:
                    self.notify("That day already has a review; it is opened.")
                self.open(result.review_id)

            self.app.push_screen(StartReviewForm(self.client_id, defaults), started)

        self.call_store(start_defaults, self.client_id, done=loaded)

    def action_delete(self) -> None:
        row = self.selected()
        if row is None:
            return
        from hrtui.store.reviews import delete_review

        def failed(exc: BaseException) -> bool:
            from hrtui.store.errors import Invalid

            if isinstance(exc, Invalid):
                self.notify(" ".join(exc.errors.values()), severity="warning", timeout=8)
                return True
            return False

        def answered(yes: bool | None) -> None:
            if yes:
                self.call_store(delete_review, row.id, done=lambda _: self.reload(), failed=failed)

        self.app.push_screen(
            Confirm(
                f"Delete the review of {row.day.isoformat()}? The log entries, goals and "
                "intake factors stay as they are.",
                yes="Delete",
                no="Keep",
            ),
            answered,
        )
