"""The take-home plan a client reads (issue #16, points 9 and 14): dates in words, no jargon,
the check-in a review set, each support on its own line, and a printable page that loads and
runs nothing."""

from __future__ import annotations

import re
import stat
from datetime import date, timedelta

from hrtui.client_plan import plan_markdown, render_plan, say_date, write_plan
from hrtui.domain.clients import ClientInput
from hrtui.domain.reviews import ReviewInput
from hrtui.plan_page import plan_page
from hrtui.store import goals as store
from hrtui.store import reviews as reviews_store
from hrtui.store.clients import add_client


def test_dates_are_written_out_with_the_year_only_when_it_is_another():
    assert say_date(date(2025, 12, 9), date(2025, 12, 2)) == "Tuesday 9 December"
    assert say_date(date(2027, 1, 1), date(2026, 12, 31)) == "Friday 1 January 2027"
    assert say_date(date(2028, 2, 29), date(2028, 2, 29)) == "Tuesday 29 February"


def alcohol_client(vault, today: date) -> int:
    client_id = add_client(vault, ClientInput("RIV-07", "Marisol")).id
    store.create_goal(vault, client_id, "reduce", {
        "substance": "Alcohol", "period": "use_days_per_week", "baseline_amount": "5",
        "target_amount": "3", "client_words": "Keep weekdays dry",
        "helpers": "My sister", "review_on": today + timedelta(days=21),
    })  # fmt: skip
    return client_id


def test_for_alcohol_the_plan_says_drinking_day_not_use_day(vault, clock):
    client_id = alcohol_client(vault, clock.today)
    store.create_goal(vault, client_id, "reduce", {
        "substance": "Cannabis", "period": "per_use_day", "unit": "joints",
        "target_amount": "2", "client_words": "Only in the evening",
    })  # fmt: skip
    text = plan_markdown(vault, client_id)
    assert "**What I'm aiming for:** 3 drinking days a week (it was 5)" in text
    assert "**What I'm aiming for:** 2 joints per use day" in text  # not alcohol: kept
    assert "use days a week" not in text
    assert re.search(r"\d{4}-\d\d-\d\d", text) is None  # every date in words


def test_the_check_in_a_review_set_is_the_next_check_in(vault, clock):
    today = clock.today
    client_id = alcohol_client(vault, today)
    # without a review: the goal's review date
    assert f"Next check-in: **{say_date(today + timedelta(days=21), today)}**" in plan_markdown(
        vault, client_id
    )
    started = reviews_store.start_review(vault, client_id, today - timedelta(days=1))
    reviews_store.save_review(
        vault, started.review_id,
        ReviewInput(day=today - timedelta(days=1), next_checkin="+7"),
    )  # fmt: skip
    text = plan_markdown(vault, client_id)
    assert f"Next check-in: **{say_date(today + timedelta(days=7), today)}**" in text
    assert say_date(today + timedelta(days=21), today) in text  # still the goal's own review


def test_a_check_in_gone_by_gives_way_to_the_goals_review_date():
    today = date(2027, 6, 9)
    text = render_plan("Marisol", [], today, review_checkin=today - timedelta(days=1))
    assert "Next check-in" not in text
    text = render_plan("Marisol", [], today, review_checkin=today)
    assert "Next check-in: **Wednesday 9 June**" in text


def test_a_support_added_in_a_review_is_a_line_of_its_own(vault, clock):
    today = clock.today
    client_id = alcohol_client(vault, today)
    [goal] = store.list_goals(vault, client_id)
    started = reviews_store.start_review(vault, client_id, today - timedelta(days=1))
    reviews_store.add_support_from_review(
        vault, started.review_id, goal.id, "Text my sister before going out"
    )
    text = plan_markdown(vault, client_id)
    helpers = text.split("## People and things that help me\n\n")[1].split("\n\n")[0]
    assert helpers.splitlines() == ["- My sister", "- Text my sister before going out"]


def test_the_page_is_plain_printable_html_that_loads_and_runs_nothing():
    markdown = render_plan("Marisol <b>", [], date(2027, 6, 9)) + (
        "\n<script>alert(1)</script> ![x](http://example.org/x.png) [y](https://example.org)\n"
    )
    page = plan_page(markdown)
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "<h1>My plan — Marisol &lt;b&gt;</h1>" in page
    assert "<script" not in page and "&lt;script&gt;" in page
    assert "<img" not in page and "<a " not in page and "src=" not in page
    assert "default-src 'none'" in page
    assert "**" not in page and "###" not in page


def test_written_as_a_page_by_default_and_as_markdown_for_md(vault, clock, tmp_path):
    client_id = alcohol_client(vault, clock.today)
    out = tmp_path / "out"
    out.mkdir()
    page = write_plan(vault, client_id, str(out / "plan"))  # no ending: .html added
    assert page == out / "plan.html"
    html = page.read_text(encoding="utf-8")
    assert "<h2>What I'm working on</h2>" in html and "Keep weekdays dry" in html
    assert stat.S_IMODE(page.stat().st_mode) == 0o600
    markdown = write_plan(vault, client_id, str(out / "plan.md"))
    assert markdown.read_text(encoding="utf-8").startswith("# My plan — Marisol\n")
    assert stat.S_IMODE(markdown.stat().st_mode) == 0o600
