"""Sessions: the rules of meetings, session notes, appointments and disclosures. No I/O.

**A session** is one meeting with a client: at most one per client and day (the day's session).
It starts in one of two ways, whichever comes first:

- the counselor starts it ("Start a session", Ctrl+S in the workspace, then Ctrl+N), or
- automatically, with the first write of the day to the client's record (a factor, a baseline,
  a readiness rating, a goal, a day of the use log, a review…): that write stamps the start.

**What changed in it** is gathered from the records themselves: everything of the client's
written or changed on the session's day (by their ``created_at`` / ``updated_at`` stamps), so
nothing has to be ticked off by hand. :func:`summary_text` puts it in words for the note's first
field.

**The note** follows the structure chosen once in the settings (DAP, SOAP or BIRP); a note keeps
the structure it was begun in. Notes are counselor-only: never in the client's take-home plan and
never in the client view. A note can be finished later (a draft); once signed it is kept as
written, and corrections are dated addenda.

**The next appointment** is set at the end of a session; it defaults to the next check-in of the
client's latest review. **Disclosures**: every export of a client's record asks for the
recipient, the purpose and whether the client consented, and the record keeps the list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from hrtui.domain.clients import RosterRow
from hrtui.domain.reviews import TimelineItem
from hrtui.domain.text import clean, control_char_problem, length_problem, one_line

KINDS: dict[str, str] = {
    "in_person": "In person",
    "outreach": "Outreach",
    "phone": "Phone",
    "video": "Video",
}
#: Places offered as examples (the field is free text; no address is needed).
PLACES = ("office", "street", "home visit", "drop-in", "clinic")

#: Every note field, in the order of the columns.
NOTE_FIELDS = (
    "data", "subjective", "objective", "behavior", "intervention", "response", "assessment",
    "plan",
)  # fmt: skip
#: structure → (its name, its fields with the heading and a hint for each).
STRUCTURES: dict[str, tuple[str, tuple[tuple[str, str, str], ...]]] = {
    "dap": (
        "DAP",
        (
            ("data", "Data", "What was said and done; what changed in the record"),
            ("assessment", "Assessment", "Your reading of it: progress, risks, strengths"),
            ("plan", "Plan", "What happens next, who does what, the next meeting"),
        ),
    ),
    "soap": (
        "SOAP",
        (
            ("subjective", "Subjective", "What the client said, in their words"),
            ("objective", "Objective", "What was observed or recorded"),
            ("assessment", "Assessment", "Your reading of it: progress, risks, strengths"),
            ("plan", "Plan", "What happens next, who does what, the next meeting"),
        ),
    ),
    "birp": (
        "BIRP",
        (
            ("behavior", "Behavior", "What the client said and did; what changed"),
            ("intervention", "Intervention", "What you offered or did"),
            ("response", "Response", "How the client took it"),
            ("plan", "Plan", "What happens next, who does what, the next meeting"),
        ),
    ),
}
STRUCTURE_CHOICES = (
    ("dap", "DAP: Data, Assessment, Plan"),
    ("soap", "SOAP: Subjective, Objective, Assessment, Plan"),
    ("birp", "BIRP: Behavior, Intervention, Response, Plan"),
)

DRAFT, SIGNED = "draft", "signed"
AUTO, COUNSELOR = "auto", "counselor"
PLANNED, REPLACED, CANCELLED = "planned", "replaced", "cancelled"

CONSENT: dict[str, str] = {
    "yes": "Yes, the client consented",
    "no": "No consent (disclosed without it)",
    "not_needed": "Not needed (the client's own copy)",
}
#: What an export gives, by format, in words.
WHAT: dict[str, str] = {
    "json": "Whole record (JSON)",
    "markdown": "Whole record (Markdown)",
    "plan": "Take-home plan",
    "tlfb": "Use log, day by day (TLFB CSV)",
}
#: The disclosure a take-home plan gets when nobody said otherwise: the client's own copy.
OWN_COPY_RECIPIENT = "The client"
OWN_COPY_PURPOSE = "Their own take-home plan"

PLACE_MAX = 60
PRESENT_MAX = 200
NOTE_MAX = 8000
ADDENDUM_MAX = 4000
RECIPIENT_MAX = 120
PURPOSE_MAX = 200
MAX_LENGTH_MINUTES = 720
TIME_HINT = "HH:MM, e.g. 14:30 (leave empty if no time was agreed)"


def structure_name(structure: str) -> str:
    return STRUCTURES.get(structure, STRUCTURES["dap"])[0]


def structure_fields(structure: str) -> tuple[tuple[str, str, str], ...]:
    """The note's fields in ``structure``: (field, heading, hint) each."""
    return STRUCTURES.get(structure, STRUCTURES["dap"])[1]


def summary_field(structure: str) -> str:
    """The field "what changed" is pulled into: the first one (Data, Objective, Behavior)."""
    if structure == "soap":
        return "objective"
    return structure_fields(structure)[0][0]


def kind_label(kind: str) -> str:
    return KINDS.get(kind, kind)


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# -- sessions ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionInput:
    """What the session form submits (texts as typed)."""

    start_time: str = ""  # "HH:MM"; '' keeps the stored time
    length_minutes: str = ""
    kind: str = "in_person"
    place: str = ""
    present: str = ""


def parse_time(text: str) -> str:
    """ "9:05" / "09:05" / "905" / "14.30" as "HH:MM"; '' for empty. ValueError with a message."""
    raw = (text or "").strip()
    if not raw:
        return ""
    match = re.fullmatch(r"(\d{1,2})[:.h]?(\d{2})", raw)
    if not match:
        raise ValueError(f"Type a time as {TIME_HINT}.")
    hour, minute = int(match.group(1)), int(match.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(f"Type a time as {TIME_HINT}.")
    return f"{hour:02d}:{minute:02d}"


def _text_problem(text: str, maximum: int, *, multiline: bool = False) -> str | None:
    return control_char_problem(text, multiline=multiline) or length_problem(text, maximum)


def validate_session(data: SessionInput) -> tuple[dict[str, object], dict[str, str]]:
    """Cleaned values ({start_time, length_minutes, kind, place, present}) and problems."""
    errors: dict[str, str] = {}
    out: dict[str, object] = {}
    try:
        out["start_time"] = parse_time(data.start_time)
    except ValueError as exc:
        errors["start_time"] = str(exc)
    raw = (data.length_minutes or "").strip()
    if not raw:
        out["length_minutes"] = None
    elif not raw.isdigit() or not 1 <= int(raw) <= MAX_LENGTH_MINUTES:
        errors["length_minutes"] = f"Minutes, 1–{MAX_LENGTH_MINUTES} (or leave it empty)."
    else:
        out["length_minutes"] = int(raw)
    if data.kind not in KINDS:
        errors["kind"] = "Choose in person, outreach, phone or video."
    out["kind"] = data.kind
    for name, maximum in (("place", PLACE_MAX), ("present", PRESENT_MAX)):
        text = one_line(getattr(data, name))
        problem = _text_problem(text, maximum)
        if problem:
            errors[name] = problem
        out[name] = text
    return out, errors


def describe_session(
    started_at: datetime, kind: str, place: str, length_minutes: int | None
) -> str:
    """ "10:30 · in person, office · 50 min" (what the timeline and lists show; never the note)."""
    parts = [started_at.strftime("%H:%M"), kind_label(kind).lower()]
    where = f"{parts[1]}, {place}" if place else parts[1]
    text = f"{parts[0]} · {where}"
    if length_minutes:
        text += f" · {length_minutes} min"
    return text


# -- notes -------------------------------------------------------------------------------------


def validate_note(values: dict[str, str], structure: str) -> tuple[dict[str, str], dict[str, str]]:
    """The note's fields of ``structure`` (others ''), trimmed at the ends; and problems."""
    wanted = {name for name, _, _ in structure_fields(structure)}
    out = {name: "" for name in NOTE_FIELDS}
    errors: dict[str, str] = {}
    for name in wanted:
        text = (values.get(name) or "").strip()
        text = "" if not clean(text) else text
        problem = _text_problem(text, NOTE_MAX, multiline=True)
        if problem:
            errors[name] = problem
        out[name] = text
    return out, errors


def sign_problem(values: dict[str, str], structure: str) -> str | None:
    """Why the note cannot be signed yet (an empty note), or None."""
    if not any(clean(values.get(name)) for name, _, _ in structure_fields(structure)):
        return "Write the note before signing it: a signed note cannot be changed."
    return None


def validate_addendum(text: str) -> tuple[str, str | None]:
    cleaned = (text or "").strip()
    if not clean(cleaned):
        return "", "Write the addendum (the correction or what to add)."
    return cleaned, _text_problem(cleaned, ADDENDUM_MAX, multiline=True)


def with_summary(current: str, summary: str) -> str:
    """``current`` with ``summary`` added below it (once: pulling it in again adds nothing)."""
    summary = summary.strip()
    if not summary or summary in current:
        return current
    return f"{current.rstrip()}\n\n{summary}" if current.strip() else summary


# -- what changed ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One thing that changed in the client's record during a session."""

    area: str  # intake | goals | uselog | review
    text: str


@dataclass
class DayLog:
    """Use-log entries written on the session's day, by the day they are about."""

    logged: set[date] = field(default_factory=set)  # the session day or the day before
    recalled: set[date] = field(default_factory=set)  # earlier days (calendar recall)
    changed: set[date] = field(default_factory=set)  # entries written before, changed now


def day_list(days: Iterable[date]) -> str:
    """Days as "Mon 7 Jun, Tue 8 Jun" (up to six), else "12 days, 1 May – 30 May"."""
    ordered = sorted(set(days))
    if len(ordered) <= 6:
        return ", ".join(_short_day(d) for d in ordered)
    return f"{len(ordered)} days, {_short_day(ordered[0])} – {_short_day(ordered[-1])}"


def _short_day(day: date) -> str:
    return f"{day.strftime('%a')} {day.day} {day.strftime('%b')}"


def log_changes(log: DayLog) -> list[Change]:
    out = []
    if log.logged:
        out.append(Change("uselog", f"Use log: {day_list(log.logged)} logged"))
    if log.recalled:
        out.append(Change("uselog", f"Recalled on the calendar: {day_list(log.recalled)}"))
    changed = log.changed - log.logged - log.recalled
    if changed:
        out.append(Change("uselog", f"Use log corrected: {day_list(changed)}"))
    return out


def classify_log_day(log: DayLog, entry_day: date, session_day: date, new: bool) -> None:
    if not new:
        log.changed.add(entry_day)
    elif entry_day >= session_day - timedelta(days=1):
        log.logged.add(entry_day)
    else:
        log.recalled.add(entry_day)


def summary_text(changes: Sequence[Change], day: date) -> str:
    """The "what changed" lines for the note, or a line saying nothing was recorded."""
    if not changes:
        return f"Nothing was added to the record on {_short_day(day)}."
    return "What changed in the record:\n" + "\n".join(f"- {c.text}" for c in changes)


# -- appointments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class AppointmentInput:
    day: str
    at_time: str = ""
    kind: str = "in_person"
    place: str = ""


def validate_appointment(
    data: AppointmentInput, today: date
) -> tuple[dict[str, object], dict[str, str]]:
    """Cleaned {day, at_time, kind, place} and problems. The day is today or later."""
    from hrtui.domain.parse import parse_day

    errors: dict[str, str] = {}
    out: dict[str, object] = {"kind": data.kind}
    try:
        day = parse_day(data.day, today, allow_future=True)
        if day < today:
            errors["day"] = "The next appointment is today or later."
        out["day"] = day
    except ValueError as exc:
        errors["day"] = str(exc)
    try:
        out["at_time"] = parse_time(data.at_time)
    except ValueError as exc:
        errors["at_time"] = str(exc)
    if data.kind not in KINDS:
        errors["kind"] = "Choose in person, outreach, phone or video."
    place = one_line(data.place)
    problem = _text_problem(place, PLACE_MAX)
    if problem:
        errors["place"] = problem
    out["place"] = place
    return out, errors


def default_appointment_day(next_checkin: date | None, today: date) -> date | None:
    """The day the appointment form offers: the latest review's next check-in if it is still
    ahead (or today), else none."""
    if next_checkin is not None and next_checkin >= today:
        return next_checkin
    return None


def when_text(day: date, at_time: str, today: date) -> str:
    """ "today 14:30", "tomorrow", "Thu 17 Jun 10:00", "Mon 3 Jan 2028" (other years)."""
    delta = (day - today).days
    if delta == 0:
        text = "today"
    elif delta == 1:
        text = "tomorrow"
    else:
        text = _short_day(day)
        if day.year != today.year:
            text += f" {day.year}"
    return f"{text} {at_time}".strip()


def appointment_text(day: date, at_time: str, kind: str, place: str, today: date) -> str:
    """ "Thu 17 Jun 10:00 · in person, office"."""
    where = kind_label(kind).lower() + (f", {place}" if place else "")
    return f"{when_text(day, at_time, today)} · {where}"


def appointment_sort_key(day: date, at_time: str) -> tuple[date, str]:
    return (day, at_time or "99:99")  # no time agreed: after the timed ones that day


# -- the roster --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduledRow(RosterRow):
    """A roster row with the client's next appointment (None: none planned)."""

    next_day: date | None = None
    next_time: str = ""

    def next_text(self, today: date) -> str:
        if self.next_day is None:
            return "—"
        return when_text(self.next_day, self.next_time, today)


def expected_today(rows: Iterable[RosterRow], today: date) -> list[RosterRow]:
    """The rows of clients with an appointment today, earliest time first."""
    found = [r for r in rows if getattr(r, "next_day", None) == today]
    return sorted(found, key=lambda r: appointment_sort_key(today, r.next_time))  # type: ignore[attr-defined]  # next_day is set (filtered above)


def by_next_appointment(rows: Iterable[RosterRow]) -> list[RosterRow]:
    """The rows by next appointment, soonest first; those with none keep their order, last."""
    rows = list(rows)
    planned = [r for r in rows if getattr(r, "next_day", None) is not None]
    planned.sort(key=lambda r: appointment_sort_key(r.next_day, r.next_time))  # type: ignore[attr-defined]  # next_day is set (filtered above)
    return planned + [r for r in rows if getattr(r, "next_day", None) is None]


# -- disclosures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DisclosureInput:
    """Who the record goes to, why, and whether the client consented."""

    recipient: str
    purpose: str
    consent: str  # yes | no | not_needed


def own_copy() -> DisclosureInput:
    """The disclosure of a plan handed to the client themselves."""
    return DisclosureInput(OWN_COPY_RECIPIENT, OWN_COPY_PURPOSE, "not_needed")


def parse_consent(text: str | None) -> str:
    """ "yes" / "no" / "not needed" (also "not-needed", "n/a") as stored; ValueError else."""
    raw = (text or "").strip().casefold().replace("-", " ").replace("_", " ")
    if raw in ("yes", "y"):
        return "yes"
    if raw in ("no", "n"):
        return "no"
    if raw in ("not needed", "n/a", "na", "own copy"):
        return "not_needed"
    raise ValueError("Say whether the client consented: yes, no or not needed.")


def validate_disclosure(data: DisclosureInput) -> tuple[DisclosureInput, dict[str, str]]:
    errors: dict[str, str] = {}
    recipient, purpose = one_line(data.recipient), one_line(data.purpose)
    if not recipient:
        errors["recipient"] = "Who receives the record? (a person or a service)"
    else:
        problem = _text_problem(recipient, RECIPIENT_MAX)
        if problem:
            errors["recipient"] = problem
    if not purpose:
        errors["purpose"] = "Why is it given? (e.g. a referral, the client's request)"
    else:
        problem = _text_problem(purpose, PURPOSE_MAX)
        if problem:
            errors["purpose"] = problem
    consent = data.consent
    if consent not in CONSENT:
        errors["consent"] = "Say whether the client consented: yes, no or not needed."
    return DisclosureInput(recipient, purpose, consent), errors


def consent_label(consent: str) -> str:
    return {"yes": "consented", "no": "no consent", "not_needed": "consent not needed"}.get(
        consent, consent
    )


def disclosure_line(
    disclosed_at: datetime, what: str, recipient: str, purpose: str, consent: str
) -> str:
    """ "2027-06-09 · Take-home plan · to The client · Their own take-home plan · consent not
    needed" (the client may read this: it holds nothing from the record itself)."""
    return (
        f"{disclosed_at.date().isoformat()} · {WHAT.get(what, what)} · to {recipient} · "
        f"{purpose} · {consent_label(consent)}"
    )


# -- the timeline ------------------------------------------------------------------------------

SESSION = "session"


@dataclass(frozen=True)
class SessionItem(TimelineItem):
    """A session on the timeline: first of its day (the meeting frames that day's work)."""

    @property
    def label(self) -> str:
        return "Session"

    def sort_key(self) -> tuple[date, int, int]:
        return (self.day, 9, self.ref_id or 0)


def session_item(
    session_id: int, day: date, started_at: datetime, kind: str, place: str,
    length_minutes: int | None, note_status: str | None,
) -> SessionItem:  # fmt: skip
    """The timeline's line for a session: when and how, and how far the note is (never the
    note's words)."""
    note = {None: "no note yet", DRAFT: "note in progress", SIGNED: "note signed"}.get(
        note_status, ""
    )
    text = describe_session(started_at, kind, place, length_minutes) + f" · {note}"
    return SessionItem(day, SESSION, text, session_id)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min)
