"""Text a person typed is shown as typed on every screen, even when it looks like Rich markup
("[/]" would otherwise stop a table from drawing, "[b]" would turn text bold)."""

from __future__ import annotations

import pytest

from hrtui.demo import DEMO_PASSPHRASE, build_demo
from hrtui.store.vault import connect

from .pilot import make_app, open_workspace, screen_text, settle, unlock

MARKUP = "[/] [b]x[red]"

FREE_TEXT = {  # table: columns a counselor or client types freely
    "client": ("display_name", "note"),
    "factor": ("description", "note"),
    "substance_baseline": ("what_it_does",),
    "readiness_rating": ("why_not_lower", "one_up"),
    "goal": ("title", "client_words", "why_it_matters", "steps", "helpers", "obstacles",
             "working_when", "counselor_note"),
    "goal_strategy": ("note",),
    "goal_revision": ("reason",),
    "use_entry": ("setting", "with_whom", "note"),
    "memory_cue": ("label",),
    "review": ("what_happened", "place", "with_whom", "what_used", "thoughts_before",
               "thoughts_after", "self_talk", "warning_signs", "what_reduced_harm",
               "consequences", "learned"),
    "review_trigger": ("label",),
    "review_stressor": ("text",),
}  # fmt: skip


def markup_everywhere(path) -> None:
    conn = connect(path, DEMO_PASSPHRASE)
    try:
        for table, columns in FREE_TEXT.items():
            sets = ", ".join(f"{column} = ?" for column in columns)
            conn.execute(f"UPDATE {table} SET {sets}", (MARKUP,) * len(columns))
        conn.commit()
    finally:
        conn.close()


async def test_text_that_looks_like_markup_is_shown_as_typed_on_every_tab(tmp_path):
    path = tmp_path / "demo.db"
    build_demo(path, DEMO_PASSPHRASE)
    markup_everywhere(path)
    app = make_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot, DEMO_PASSPHRASE)
        assert MARKUP in screen_text(app)  # the roster's names
        await open_workspace(pilot, "riv")
        seen = {}
        for key in ("f2", "f3", "f4", "f5", "f6", "f10"):
            await pilot.press(key)
            await settle(pilot)
            seen[key] = screen_text(app)
            if key in ("f4", "f6", "f10"):  # lists: open the first item as well
                await pilot.press("enter")
                await settle(pilot)
                seen[key + " open"] = screen_text(app)
                await pilot.press("escape")
                await settle(pilot)
        await pilot.press("f5", "ctrl+g")  # the calendar names memory cues
        await settle(pilot)
        seen["calendar"] = screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        for where, text in seen.items():
            assert "Something went wrong" not in text, where
        shown_as_typed = [where for where, text in seen.items() if MARKUP in text]
        assert {"f2", "f3", "f4", "f6 open"} <= set(shown_as_typed), shown_as_typed


async def test_an_unexpected_error_ends_the_app_with_one_line_and_no_record_text(
    tmp_path, capsys
):
    from hrtui.app import CRASH_LINE

    path = tmp_path / "demo.db"
    build_demo(path, DEMO_PASSPHRASE)
    app = make_app(path)
    with pytest.raises(RuntimeError):
        async with app.run_test(size=(100, 30)) as pilot:
            await unlock(pilot, DEMO_PASSPHRASE)

            def broken() -> None:
                secret = "Marisol's words"  # a local, as a real error would have
                raise RuntimeError(secret)

            app.call_later(broken)
            await pilot.pause()
    assert app.return_code == 1
    printed = capsys.readouterr()
    terminal = " ".join((printed.out + printed.err).split())
    assert CRASH_LINE in terminal
    assert "Marisol" not in terminal and "Traceback" not in terminal
