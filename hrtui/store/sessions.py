"""Sessions: one per meeting, with a counselor-only note, dated addenda, the next appointment,
and the list of disclosures of the client's record. Imports no Textual.

How a session starts (see :mod:`hrtui.domain.sessions`): :func:`start_session` when the counselor
starts it, or :func:`start_day_session` from :func:`hrtui.store.clients.touch` /
:func:`~hrtui.store.clients.record_activity`, the calls every area makes when it writes a
client's record, so the first write of the day opens the day's session (``started_by`` "auto").
Writes in this area (notes, addenda, appointments) never start one: a note written today about
yesterday's meeting is not a meeting today.

Every write validates first (:class:`Invalid`, a message per field, nothing saved), writes one
transaction, marks the client's activity and adds an audit event (areas "session",
"appointment", "disclosure"; never content). A signed note is never changed: the store refuses,
and later corrections are addenda with their date.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, delete, func, select

from hrtui import clock
from hrtui.domain import sessions as rules
from hrtui.domain.reviews import review_title
from hrtui.domain.sessions import (
    AppointmentInput,
    Change,
    DayLog,
    DisclosureInput,
    SessionInput,
)
from hrtui.store.clients import audit, client_in, stamp_text
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.models import (
    Appointment,
    AuditCResult,
    Client,
    Disclosure,
    Factor,
    Goal,
    GoalRevision,
    ReadinessRating,
    Review,
    SessionAddendum,
    SessionNote,
    SessionRow,
    SubstanceBaseline,
    UseEntry,
)
from hrtui.store.vault import Vault

AREA = "session"

# -- starting a session automatically ------------------------------------------------------------

_AUTOMATIC: ContextVar[bool] = ContextVar("hrtui_automatic_sessions", default=True)

_DAY_SESSION_SQL = """
INSERT INTO session (client_id, day, started_at, length_minutes, kind, place, present,
                     started_by, created_at, updated_at)
SELECT ?, ?, ?, NULL, 'in_person', '', '', 'auto', ?, ?
WHERE NOT EXISTS (SELECT 1 FROM session WHERE client_id = ? AND day = ?)
"""


def start_day_session(conn: Any, client_id: int) -> None:
    """Open today's session of the client if there is none (a write to their record is being
    made: that is a meeting). ``conn`` is a DB-API connection or an SQLAlchemy connection,
    inside the write's own transaction."""
    if not _AUTOMATIC.get():
        return
    now = clock.now()
    at, day = stamp_text(now), now.date().isoformat()
    params = (client_id, day, at, at, at, client_id, day)
    if hasattr(conn, "exec_driver_sql"):
        conn.exec_driver_sql(_DAY_SESSION_SQL, params)
    else:
        conn.execute(_DAY_SESSION_SQL, params)


@contextmanager
def no_automatic_sessions() -> Iterator[None]:
    """Writes in this block open no session (records brought in whole, like the demo's)."""
    token = _AUTOMATIC.set(False)
    try:
        yield
    finally:
        _AUTOMATIC.reset(token)


# -- read models -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionListRow:
    """One session in the list: when, how, and how far its note is (never the note)."""

    id: int
    day: date
    started_at: datetime
    length_minutes: int | None
    kind: str
    place: str
    present: str
    started_by: str
    note_status: str | None  # None: no note yet | draft | signed
    addenda: int = 0

    @property
    def note_label(self) -> str:
        if self.note_status is None:
            return "no note yet"
        if self.note_status == rules.SIGNED:
            if not self.addenda:
                return "signed"
            return f"signed + {rules.plural(self.addenda, 'addendum', 'addenda')}"
        return "in progress"

    @property
    def how(self) -> str:
        return rules.describe_session(self.started_at, self.kind, self.place, self.length_minutes)


@dataclass(frozen=True)
class AppointmentView:
    id: int
    day: date
    at_time: str
    kind: str
    place: str

    def text(self, today: date) -> str:
        return rules.appointment_text(self.day, self.at_time, self.kind, self.place, today)


@dataclass(frozen=True)
class DisclosureView:
    id: int
    disclosed_at: datetime
    what: str
    recipient: str
    purpose: str
    consent: str

    @property
    def line(self) -> str:
        return rules.disclosure_line(
            self.disclosed_at, self.what, self.recipient, self.purpose, self.consent
        )


@dataclass(frozen=True)
class AddendumView:
    id: int
    written_at: datetime
    text: str


@dataclass
class SessionDetail:
    """One session with its note, addenda and what changed in the record that day."""

    session: SessionRow
    client_code: str
    structure: str  # the note's, or the setting's for a note not yet begun
    note: SessionNote | None
    addenda: list[AddendumView] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def id(self) -> int:
        assert self.session.id is not None
        return self.session.id

    @property
    def signed(self) -> bool:
        return self.note is not None and self.note.status == rules.SIGNED

    @property
    def summary(self) -> str:
        return rules.summary_text(self.changes, self.session.day)

    def note_values(self) -> dict[str, str]:
        note = self.note
        return {name: getattr(note, name) if note else "" for name in rules.NOTE_FIELDS}


@dataclass(frozen=True)
class AppointmentDefaults:
    """What the appointment form offers."""

    current: AppointmentView | None  # the next appointment already planned
    suggested_day: date | None  # the latest review's next check-in, if still ahead
    kind: str
    place: str


@dataclass(frozen=True)
class ClientSessions:
    """What the workspace's details show: the next appointment, the last session, and the
    disclosures (the client may see all three; never a note)."""

    next_appointment: AppointmentView | None
    last_session: SessionListRow | None
    sessions: int
    disclosures: list[DisclosureView]


# -- helpers -----------------------------------------------------------------------------------


def _session(session: Session, session_id: int) -> SessionRow:
    row = session.get(SessionRow, session_id)
    if row is None:
        raise NotFound("That session no longer exists.")
    return row


def _record(session: Session, client_id: int, action: str, area: str = AREA) -> None:
    """Activity and an audit event, without opening a session (see the module's notes)."""
    client = session.get(Client, client_id)
    if client is not None:
        client.last_activity_at = clock.now()
        session.add(client)
    audit(session, client_id, action, area=area)


def _row(s: SessionRow, note_status: str | None, addenda: int) -> SessionListRow:
    return SessionListRow(
        s.id or 0, s.day, s.started_at, s.length_minutes, s.kind, s.place, s.present,
        s.started_by, note_status, addenda,
    )  # fmt: skip


def _window(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min)
    return start, start + timedelta(days=1)


def _appointment_view(a: Appointment) -> AppointmentView:
    return AppointmentView(a.id or 0, a.day, a.at_time, a.kind, a.place)


def _next(session: Session, client_id: int, today: date) -> Appointment | None:
    return session.exec(
        select(Appointment)
        .where(
            Appointment.client_id == client_id,
            Appointment.status == rules.PLANNED,
            Appointment.day >= today,
        )
        .order_by(col(Appointment.day), col(Appointment.at_time) == "", col(Appointment.at_time))
    ).first()


# -- sessions ----------------------------------------------------------------------------------


def list_sessions(vault: Vault, client_id: int) -> list[SessionListRow]:
    """The client's sessions, the most recent first, with their notes' status."""
    with vault.session() as session:
        client_in(session, client_id)
        rows = session.exec(
            select(SessionRow, SessionNote.status)
            .join(SessionNote, col(SessionNote.session_id) == SessionRow.id, isouter=True)
            .where(SessionRow.client_id == client_id)
            .order_by(col(SessionRow.day).desc())
        ).all()
        counts: dict[int | None, int] = dict(
            session.exec(
                select(SessionAddendum.session_id, func.count())
                .join(SessionRow, col(SessionRow.id) == SessionAddendum.session_id)
                .where(SessionRow.client_id == client_id)
                .group_by(col(SessionAddendum.session_id))
            ).all()
        )
    return [_row(s, status, counts.get(s.id, 0)) for s, status in rows]


def session_on(vault: Vault, client_id: int, day: date) -> int | None:
    """The id of the client's session on ``day``, if there is one."""
    with vault.session() as session:
        return session.exec(
            select(SessionRow.id).where(SessionRow.client_id == client_id, SessionRow.day == day)
        ).first()


def start_session(vault: Vault, client_id: int) -> SessionDetail:
    """Start today's session with the client, now; if there is one today already (started by
    the counselor or by the first write of the day), that one is returned."""
    now = clock.now()
    with vault.session() as session:
        client_in(session, client_id)
        existing = session.exec(
            select(SessionRow).where(
                SessionRow.client_id == client_id, SessionRow.day == now.date()
            )
        ).first()
        if existing is None:
            existing = SessionRow(
                client_id=client_id, day=now.date(), started_at=now, started_by=rules.COUNSELOR,
                created_at=now, updated_at=now,
            )  # fmt: skip
            session.add(existing)
            session.flush()
            _record(session, client_id, "started")
        session_id = existing.id
    assert session_id is not None
    return session_detail(vault, session_id)


def update_session(vault: Vault, session_id: int, data: SessionInput) -> SessionDetail:
    """Save when it started, how long, what kind, where and who was there."""
    values, errors = rules.validate_session(data)
    if errors:
        raise Invalid(errors)
    with vault.session() as session:
        row = _session(session, session_id)
        if values["start_time"]:
            hour, minute = (int(x) for x in str(values["start_time"]).split(":"))
            row.started_at = datetime.combine(row.day, time(hour, minute))
        row.length_minutes = values["length_minutes"]  # type: ignore[assignment]  # validated: int or None
        row.kind = str(values["kind"])
        row.place = str(values["place"])
        row.present = str(values["present"])
        row.updated_at = clock.now()
        session.add(row)
        _record(session, row.client_id, "changed")
    return session_detail(vault, session_id)


def delete_session(vault: Vault, session_id: int) -> None:
    """Delete a session opened by mistake (its draft note goes with it). A session whose note
    is signed is kept: it is part of the record."""
    with vault.session() as session:
        row = _session(session, session_id)
        note = session.get(SessionNote, session_id)
        if note is not None and note.status == rules.SIGNED:
            raise Invalid({"session": "This session's note is signed; it stays in the record."})
        if note is not None:
            session.delete(note)
        session.exec(delete(SessionAddendum).where(col(SessionAddendum.session_id) == session_id))
        for appointment in session.exec(
            select(Appointment).where(Appointment.session_id == session_id)
        ).all():
            appointment.session_id = None
            session.add(appointment)
        session.delete(row)
        _record(session, row.client_id, "deleted")


def session_detail(vault: Vault, session_id: int) -> SessionDetail:
    """The session with its note, addenda and what changed in the record that day."""
    from hrtui.store.settings import note_structure

    with vault.session() as session:
        row = _session(session, session_id)
        client = client_in(session, row.client_id)
        note = session.get(SessionNote, session_id)
        addenda = session.exec(
            select(SessionAddendum)
            .where(SessionAddendum.session_id == session_id)
            .order_by(col(SessionAddendum.written_at), col(SessionAddendum.id))
        ).all()
        changes = _changes(session, row.client_id, row.day, row.created_at)
    structure = note.structure if note is not None else note_structure(vault)
    return SessionDetail(
        session=row,
        client_code=client.code,
        structure=structure,
        note=note,
        addenda=[AddendumView(a.id or 0, a.written_at, a.text) for a in addenda],
        changes=changes,
    )


# -- what changed ------------------------------------------------------------------------------


def _changes(
    session: Session, client_id: int, day: date, since: datetime | None = None
) -> list[Change]:
    """Everything of the client's written or changed on ``day`` (from ``since``, when the
    session was opened: the first write of the day opens it, so nothing of the meeting is
    missed, while a record brought in whole before, like the demo's, is left out), in words."""
    start, end = _window(day)
    if since is not None and start < since < end:
        start = since.replace(microsecond=0)

    def within(column: Any) -> Any:
        return (column >= start) & (column < end)

    out: list[Change] = []
    factors = session.exec(
        select(Factor)
        .where(Factor.client_id == client_id, within(col(Factor.updated_at)))
        .order_by(col(Factor.created_at), col(Factor.id))
    ).all()
    for f in factors:
        what = "Factor added" if f.created_at >= start else "Factor changed"
        mark = "strength" if f.effect == "strength" else "risk"
        out.append(Change("intake", f"{what}: {f.grp} · {f.category}: {f.description} ({mark})"))
    for b in session.exec(
        select(SubstanceBaseline)
        .where(SubstanceBaseline.client_id == client_id, within(col(SubstanceBaseline.created_at)))
        .order_by(col(SubstanceBaseline.id))
    ).all():
        amount = rules_amount(b.amount, b.unit)
        days = f", {_num(b.days_per_week)} days a week" if b.days_per_week is not None else ""
        out.append(Change("intake", f"Baseline taken: {b.substance}{amount}{days}"))
    for r in session.exec(
        select(ReadinessRating)
        .where(ReadinessRating.client_id == client_id, within(col(ReadinessRating.created_at)))
        .order_by(col(ReadinessRating.id))
    ).all():
        out.append(
            Change(
                "intake",
                f"Readiness: importance {r.importance}, confidence {r.confidence}, "
                f"readiness {r.readiness}",
            )
        )
    for a in session.exec(
        select(AuditCResult)
        .where(AuditCResult.client_id == client_id, within(col(AuditCResult.created_at)))
        .order_by(col(AuditCResult.id))
    ).all():
        out.append(Change("intake", f"AUDIT-C answered: score {a.q1 + a.q2 + a.q3} of 12"))
    for g in session.exec(
        select(Goal)
        .where(Goal.client_id == client_id, within(col(Goal.created_at)))
        .order_by(col(Goal.id))
    ).all():
        out.append(Change("goals", f"Goal set: {g.title}"))
    for rev, title in session.exec(
        select(GoalRevision, Goal.title)
        .join(Goal, col(Goal.id) == GoalRevision.goal_id)
        .where(Goal.client_id == client_id, within(col(GoalRevision.created_at)))
        .order_by(col(GoalRevision.id))
    ).all():
        out.append(Change("goals", f"Goal revised: {title} ({_short(rev.reason)})"))
    log = DayLog()
    for entry_day, created in session.exec(
        select(col(UseEntry.day), col(UseEntry.created_at)).where(
            UseEntry.client_id == client_id, within(col(UseEntry.updated_at))
        )
    ).all():
        rules.classify_log_day(log, entry_day, day, created >= start)
    out += rules.log_changes(log)
    for review in session.exec(
        select(Review)
        .where(Review.client_id == client_id, within(col(Review.updated_at)))
        .order_by(col(Review.day), col(Review.id))
    ).all():
        of = f"review ({review_title(review.day, review.kind)})"
        new = review.created_at >= start
        if review.status == "finished":
            text = f"{'Started and finished' if new else 'Finished'} the {of}"
        else:
            text = f"{'Started' if new else 'Worked on'} the {of}"
        out.append(Change("review", text))
    return out


def _num(value: float) -> str:
    return f"{value:g}"


def rules_amount(amount: float | None, unit: str) -> str:
    return f", {_num(amount)} {unit}".rstrip() if amount is not None else ""


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def changes_on(vault: Vault, client_id: int, day: date) -> list[Change]:
    """What changed in the client's record on ``day`` (for tests and the export)."""
    with vault.session() as session:
        client_in(session, client_id)
        return _changes(session, client_id, day)


# -- notes -------------------------------------------------------------------------------------


def save_note(
    vault: Vault, session_id: int, values: dict[str, str], *, sign: bool = False
) -> SessionDetail:
    """Save the session's note (begun in the structure of the settings; a begun note keeps
    its own). ``sign`` signs it: from then on it is kept as written (:func:`add_addendum`
    for corrections). A signed note is never changed: :class:`Invalid` on "note"."""
    from hrtui.store.settings import note_structure

    structure_setting = note_structure(vault)
    with vault.session() as session:
        row = _session(session, session_id)
        note = session.get(SessionNote, session_id)
        if note is not None and note.status == rules.SIGNED:
            raise Invalid(
                {"note": "This note is signed and kept as written; add an addendum instead."}
            )
        structure = note.structure if note is not None else structure_setting
        cleaned, errors = rules.validate_note(values, structure)
        if sign and not errors:
            problem = rules.sign_problem(cleaned, structure)
            if problem:
                errors["note"] = problem
        if errors:
            raise Invalid(errors)
        now = clock.now()
        if note is None:
            note = SessionNote(
                session_id=session_id, structure=structure, created_at=now, updated_at=now
            )
        for name in rules.NOTE_FIELDS:
            setattr(note, name, cleaned[name])
        note.updated_at = now
        if sign:
            note.status = rules.SIGNED
            note.signed_at = now
        session.add(note)
        _record(session, row.client_id, "note signed" if sign else "note saved")
    return session_detail(vault, session_id)


def sign_note(vault: Vault, session_id: int, values: dict[str, str]) -> SessionDetail:
    """Save the note as typed and sign it."""
    return save_note(vault, session_id, values, sign=True)


def add_addendum(vault: Vault, session_id: int, text: str) -> SessionDetail:
    """A dated addendum to a signed note (a correction or a later addition)."""
    cleaned, problem = rules.validate_addendum(text)
    if problem:
        raise Invalid({"addendum": problem})
    with vault.session() as session:
        row = _session(session, session_id)
        note = session.get(SessionNote, session_id)
        if note is None or note.status != rules.SIGNED:
            raise Invalid(
                {"addendum": "The note is not signed yet: change the note itself instead."}
            )
        session.add(SessionAddendum(session_id=session_id, text=cleaned, written_at=clock.now()))
        _record(session, row.client_id, "addendum")
    return session_detail(vault, session_id)


# -- appointments ------------------------------------------------------------------------------


def next_appointment(
    vault: Vault, client_id: int, today: date | None = None
) -> AppointmentView | None:
    """The client's next appointment: the earliest planned one from today on."""
    today = today or clock.today()
    with vault.session() as session:
        found = _next(session, client_id, today)
        return _appointment_view(found) if found else None


def appointment_defaults(
    vault: Vault, client_id: int, today: date | None = None
) -> AppointmentDefaults:
    """The planned next appointment, if any, and the day to offer: the next check-in of the
    client's latest review (if still ahead). Kind and place follow the latest session."""
    today = today or clock.today()
    with vault.session() as session:
        client_in(session, client_id)
        current = _next(session, client_id, today)
        checkin = session.exec(
            select(col(Review.next_checkin))
            .where(Review.client_id == client_id, col(Review.next_checkin).is_not(None))
            .order_by(col(Review.day).desc(), col(Review.id).desc())
        ).first()
        last = session.exec(
            select(SessionRow)
            .where(SessionRow.client_id == client_id)
            .order_by(col(SessionRow.day).desc())
        ).first()
    return AppointmentDefaults(
        current=_appointment_view(current) if current else None,
        suggested_day=rules.default_appointment_day(checkin, today),
        kind=last.kind if last else "in_person",
        place=last.place if last else "",
    )


def set_next_appointment(
    vault: Vault,
    client_id: int,
    data: AppointmentInput,
    session_id: int | None = None,
    today: date | None = None,
) -> AppointmentView:
    """Plan the next appointment (usually at the end of a session, ``session_id``); planned
    appointments from today on that it replaces are marked "replaced"."""
    today = today or clock.today()
    values, errors = rules.validate_appointment(data, today)
    if errors:
        raise Invalid(errors)
    now = clock.now()
    with vault.session() as session:
        client_in(session, client_id)
        if session_id is not None and _session(session, session_id).client_id != client_id:
            raise NotFound("That session is not this client's.")
        for earlier in session.exec(
            select(Appointment).where(
                Appointment.client_id == client_id,
                Appointment.status == rules.PLANNED,
                Appointment.day >= today,
            )
        ).all():
            earlier.status = rules.REPLACED
            earlier.updated_at = now
            session.add(earlier)
        day = values["day"]
        assert isinstance(day, date)  # validated above
        appointment = Appointment(
            client_id=client_id, day=day, at_time=str(values["at_time"]),
            kind=str(values["kind"]), place=str(values["place"]), session_id=session_id,
            created_at=now, updated_at=now,
        )  # fmt: skip
        session.add(appointment)
        session.flush()
        _record(session, client_id, "set", area="appointment")
        return _appointment_view(appointment)


def cancel_next_appointment(vault: Vault, client_id: int, today: date | None = None) -> bool:
    """Cancel the next appointment; False if none was planned."""
    today = today or clock.today()
    with vault.session() as session:
        found = _next(session, client_id, today)
        if found is None:
            return False
        found.status = rules.CANCELLED
        found.updated_at = clock.now()
        session.add(found)
        _record(session, client_id, "cancelled", area="appointment")
        return True


def next_appointments(vault: Vault, today: date | None = None) -> dict[int, tuple[date, str]]:
    """client id → (day, time) of their next appointment, for every client with one."""
    today = today or clock.today()
    with vault.session() as session:
        rows = session.exec(
            select(
                col(Appointment.client_id), col(Appointment.day), col(Appointment.at_time)
            ).where(Appointment.status == rules.PLANNED, Appointment.day >= today)
        ).all()
    out: dict[int, tuple[date, str]] = {}
    for client_id, day, at_time in rows:
        key = rules.appointment_sort_key(day, at_time)
        if client_id not in out or key < rules.appointment_sort_key(*out[client_id]):
            out[client_id] = (day, at_time)
    return out


# -- disclosures -------------------------------------------------------------------------------


def checked_disclosure(data: DisclosureInput) -> DisclosureInput:
    """The disclosure cleaned, or :class:`Invalid` (recipient, purpose, consent)."""
    cleaned, errors = rules.validate_disclosure(data)
    if errors:
        raise Invalid(errors)
    return cleaned


def record_disclosures(
    vault: Vault, client_ids: Sequence[int], what: str, data: DisclosureInput
) -> list[DisclosureView]:
    """Record that the record of each client in ``client_ids`` was given out (``what``: the
    export's format) to ``data.recipient`` for ``data.purpose``; one transaction."""
    checked = checked_disclosure(data)
    now = clock.now()
    rows = []
    with vault.session() as session:
        for client_id in client_ids:
            client_in(session, client_id)
            row = Disclosure(
                client_id=client_id, disclosed_at=now, what=what, recipient=checked.recipient,
                purpose=checked.purpose, consent=checked.consent,
            )  # fmt: skip
            session.add(row)
            rows.append(row)
            audit(session, client_id, "recorded", area="disclosure")
        session.flush()
        return [_disclosure_view(r) for r in rows]


def withdraw_disclosures(vault: Vault, ids: Sequence[int]) -> None:
    """Take back disclosures recorded for an export that was then not written (the file could
    not be written); audited."""
    if not ids:
        return
    with vault.session() as session:
        for row in session.exec(select(Disclosure).where(col(Disclosure.id).in_(list(ids)))).all():
            audit(session, row.client_id, "withdrawn", area="disclosure")
            session.delete(row)


def _disclosure_view(d: Disclosure) -> DisclosureView:
    return DisclosureView(d.id or 0, d.disclosed_at, d.what, d.recipient, d.purpose, d.consent)


def list_disclosures(vault: Vault, client_id: int) -> list[DisclosureView]:
    """Every time the client's record was given out, the most recent first."""
    with vault.session() as session:
        client_in(session, client_id)
        rows = session.exec(
            select(Disclosure)
            .where(Disclosure.client_id == client_id)
            .order_by(col(Disclosure.disclosed_at).desc(), col(Disclosure.id).desc())
        ).all()
    return [_disclosure_view(d) for d in rows]


# -- for other areas ---------------------------------------------------------------------------


def client_sessions(vault: Vault, client_id: int, today: date | None = None) -> ClientSessions:
    """The next appointment, the last session and the disclosures (for the details tab)."""
    today = today or clock.today()
    sessions = list_sessions(vault, client_id)
    return ClientSessions(
        next_appointment=next_appointment(vault, client_id, today),
        last_session=sessions[0] if sessions else None,
        sessions=len(sessions),
        disclosures=list_disclosures(vault, client_id),
    )


def sessions_for_export(vault: Vault, client_id: int) -> list[SessionDetail]:
    """Every session of the client as a detail, oldest first (for the export)."""
    with vault.session() as session:
        ids = session.exec(
            select(col(SessionRow.id))
            .where(SessionRow.client_id == client_id)
            .order_by(col(SessionRow.day))
        ).all()
    return [session_detail(vault, session_id) for session_id in ids if session_id is not None]


def appointments_for_export(vault: Vault, client_id: int) -> list[Appointment]:
    """Every appointment of the client, planned or not, by day."""
    with vault.session() as session:
        return list(
            session.exec(
                select(Appointment)
                .where(Appointment.client_id == client_id)
                .order_by(col(Appointment.day), col(Appointment.at_time), col(Appointment.id))
            ).all()
        )
