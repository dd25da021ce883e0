"""Clients: add, edit, archive, list. Every function validates, writes one transaction, and
records an audit event (what and when, never the content)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from hrtui import clock
from hrtui.domain.clients import ClientInput, RosterRow, validate_client
from hrtui.domain.vocab import OPEN_GOAL_STATUSES
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.models import AuditEvent, Client
from hrtui.store.vault import Vault


def client_in(session: Session, client_id: int) -> Client:
    """The client ``client_id``, or :class:`NotFound`: how every area checks it is there."""
    client = session.get(Client, client_id)
    if client is None:
        raise NotFound(f"client {client_id}")
    return client


def audit(session: Session, client_id: int | None, action: str, area: str = "client") -> None:
    session.add(AuditEvent(at=clock.now(), client_id=client_id, action=action, area=area))


def touch(session: Session, client_id: int) -> None:
    """Mark the client as having activity now (shown as "last activity" in the roster). A write
    to the record is a meeting: the first one of the day opens the day's session
    (:func:`hrtui.store.sessions.start_day_session`)."""
    from hrtui.store.sessions import start_day_session

    client = session.get(Client, client_id)
    if client is not None:
        client.last_activity_at = clock.now()
        session.add(client)
        start_day_session(session.connection(), client_id)


def stamp_text(at: datetime) -> str:
    """``at`` as SQLAlchemy stores a DateTime in SQLite, for rows written in plain SQL."""
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


def record_activity(conn: Any, client_id: int, action: str, area: str) -> None:
    """:func:`touch` and :func:`audit` in plain SQL, inside :meth:`Vault.transaction`."""
    at = stamp_text(clock.now())
    conn.execute(
        "UPDATE client SET last_activity_at = ? WHERE id = ? AND last_activity_at IS NOT ?",
        (at, client_id, at),
    )
    conn.execute(
        "INSERT INTO audit_event (at, client_id, action, area) VALUES (?, ?, ?, ?)",
        (at, client_id, action, area),
    )
    from hrtui.store.sessions import start_day_session

    start_day_session(conn, client_id)


def _checked(data: ClientInput) -> ClientInput:
    clean, errors = validate_client(data.code, data.display_name, data.pronouns, data.note)
    if errors:
        raise Invalid(errors)
    return clean


def _code_taken(session: Session, code: str, except_id: int | None = None) -> bool:
    query = select(Client.id).where(func.lower(Client.code) == code.lower())
    if except_id is not None:
        query = query.where(Client.id != except_id)
    return session.exec(query).first() is not None


def _duplicate(code: str) -> Invalid:
    return Invalid({"code": f"The code {code} is already in use; choose another."})


# The roster's one query: every client with their open-goal count and next appointment, in plain
# SQL read straight from the driver. It runs right after unlocking, over thousands of clients;
# building and compiling the ORM statement and its row objects took as long as the query itself.
# The next appointment is the earliest planned one from today on (no time agreed sorts last).
_ROSTER_SQL = """
SELECT c.id, c.code, c.display_name, c.pronouns, c.archived, c.last_activity_at,
       coalesce(g.n, 0),
       (SELECT a.day || ' ' || a.at_time FROM appointment AS a
        WHERE a.client_id = c.id AND a.status = 'planned' AND a.day >= ?
        ORDER BY a.day, a.at_time = '', a.at_time LIMIT 1)
FROM client AS c
LEFT JOIN (SELECT client_id, count(*) AS n FROM goal
           WHERE status IN ({statuses}) GROUP BY client_id) AS g ON g.client_id = c.id
ORDER BY c.last_activity_at DESC, c.code
""".format(statuses=", ".join("?" for _ in OPEN_GOAL_STATUSES))


_FIRST_RECORD_DAY_SQL = """
SELECT min(day) FROM (
    SELECT noted_on AS day FROM factor WHERE client_id = :client
    UNION ALL SELECT taken_on FROM substance_baseline WHERE client_id = :client
    UNION ALL SELECT rated_on FROM readiness_rating WHERE client_id = :client
    UNION ALL SELECT taken_on FROM auditc_result WHERE client_id = :client
    UNION ALL SELECT start_on FROM goal WHERE client_id = :client
    UNION ALL SELECT day FROM use_entry WHERE client_id = :client
    UNION ALL SELECT day FROM review WHERE client_id = :client)
"""


def date_added_from_record(vault: Vault, client_id: int) -> None:
    """Set when the client was added to the first day their record holds (9:00), for
    records brought in whole, like the demo's; otherwise "First added" would be the day the
    record was written in, months after its history begins. Nothing changes for a client
    whose record starts later than they were added."""
    with vault.session() as session:
        client = client_in(session, client_id)
        first = session.execute(text(_FIRST_RECORD_DAY_SQL), {"client": client_id}).scalar()
        if first is None:
            return
        added = datetime.combine(date.fromisoformat(first), datetime.min.time().replace(hour=9))
        if added < client.created_at:
            client.created_at = added
            session.add(client)


def list_roster(vault: Vault) -> list[RosterRow]:
    """Every client, archived too, most recent activity first, with their open-goal count and
    their next appointment (rows are :class:`hrtui.domain.sessions.ScheduledRow`)."""
    from hrtui.domain.sessions import ScheduledRow

    params = (clock.today().isoformat(), *OPEN_GOAL_STATUSES)
    with vault.session() as session:
        rows = session.connection().exec_driver_sql(_ROSTER_SQL, params).all()
    stamp, day = datetime.fromisoformat, date.fromisoformat
    out: list[RosterRow] = []
    for id_, code, name, pronouns, archived, at, goals, nxt in rows:
        next_day, _, next_time = (nxt or "").partition(" ")
        out.append(
            ScheduledRow(
                id_,
                code,
                name,
                pronouns,
                bool(archived),
                stamp(at) if at else None,
                goals,
                day(next_day) if next_day else None,
                next_time,
            )
        )
    return out


def list_clients(vault: Vault) -> list[Client]:
    """Every client, archived too, ordered by code."""
    with vault.session() as session:
        return list(session.exec(select(Client).order_by(Client.code)).all())


def get_client(vault: Vault, client_id: int) -> Client:
    with vault.session() as session:
        return client_in(session, client_id)


def find_client(vault: Vault, code: str) -> Client:
    """The client with this code (any case)."""
    with vault.session() as session:
        client = session.exec(select(Client).where(func.lower(Client.code) == code.lower())).first()
        if client is None:
            raise NotFound(f"No client with the code {code}.")
        return client


# The new client's id is worked out by SQLite inside the INSERT, under the write lock, so two
# programs adding clients at once always get different ids (an id chosen by an earlier SELECT
# raced: the second insert hit the first one's id). It is past every current client and every id
# in the audit trail: SQLite's own choice, max(id) + 1, would reuse the id of a deleted last
# client, and the newcomer would inherit the deleted client's audit trail (and "last session").
_INSERT_CLIENT_SQL = """
INSERT INTO client (id, code, display_name, pronouns, note, archived,
                    created_at, updated_at, last_activity_at)
VALUES (1 + max(coalesce((SELECT max(id) FROM client), 0),
                coalesce((SELECT max(client_id) FROM audit_event), 0)),
        ?, ?, ?, ?, 0, ?, ?, ?)
"""


def _code_clash(exc: Exception) -> bool:
    """True if ``exc`` is the UNIQUE constraint on the client's code (another client has it)."""
    return "client.code" in str(exc)


def add_client(vault: Vault, data: ClientInput) -> Client:
    """Add a client. A code another client has (in any case) is refused with :class:`Invalid`
    on ``code``; that is the vault's UNIQUE constraint speaking, so it holds for two programs
    adding clients at the same time too."""
    data = _checked(data)
    stamp = clock.now()
    at = stamp_text(stamp)
    try:
        with vault.transaction() as conn:
            client_id = conn.execute(
                _INSERT_CLIENT_SQL,
                (data.code, data.display_name, data.pronouns, data.note, at, at, at),
            ).lastrowid
            conn.execute(
                "INSERT INTO audit_event (at, client_id, action, area) VALUES (?, ?, ?, ?)",
                (at, client_id, "created", "client"),
            )
    except sqlcipher.IntegrityError as exc:
        if _code_clash(exc):
            raise _duplicate(data.code) from None
        raise
    return Client(
        id=client_id,
        code=data.code,
        display_name=data.display_name,
        pronouns=data.pronouns,
        note=data.note,
        created_at=stamp,
        updated_at=stamp,
        last_activity_at=stamp,
    )


def update_client(vault: Vault, client_id: int, data: ClientInput) -> Client:
    data = _checked(data)
    try:
        with vault.session() as session:
            client = client_in(session, client_id)
            if _code_taken(session, data.code, except_id=client_id):
                raise _duplicate(data.code)
            client.code = data.code
            client.display_name = data.display_name
            client.pronouns = data.pronouns
            client.note = data.note
            client.updated_at = client.last_activity_at = clock.now()
            session.add(client)
            audit(session, client_id, "changed")
    except IntegrityError:
        raise _duplicate(data.code) from None
    return client


def set_archived(vault: Vault, client_id: int, archived: bool) -> Client:
    with vault.session() as session:
        client = client_in(session, client_id)
        client.archived = archived
        client.updated_at = clock.now()
        session.add(client)
        audit(session, client_id, "archived" if archived else "unarchived")
    return client


def record_export(vault: Vault, client_ids: list[int]) -> None:
    """Note in each client's audit trail that their record was exported (one transaction)."""
    with vault.session() as session:
        for client_id in client_ids:
            audit(session, client_id, "exported", area="export")


def audit_trail(vault: Vault, client_id: int) -> list[AuditEvent]:
    """What happened to the client's record and when, oldest first: "created", "changed",
    "archived"/"unarchived", "exported", "opened", the areas' own events, and "deleted" (the
    trail outlives the record; ids are never reused). Never any content."""
    with vault.session() as session:
        return list(
            session.exec(
                select(AuditEvent)
                .where(AuditEvent.client_id == client_id)
                .order_by(col(AuditEvent.id))
            ).all()
        )


def record_visit(vault: Vault, client_id: int) -> None:
    """Note that the client's workspace was opened (a session); used for "new since last
    session". Not counted as activity on the record itself."""
    with vault.session() as session:
        audit(session, client_id, "opened", area="workspace")


def last_session_before(vault: Vault, client_id: int, day: date) -> date | None:
    """The most recent day before ``day`` on which the client's workspace was opened."""
    start = datetime.combine(day, datetime.min.time())
    with vault.session() as session:
        at = session.exec(
            select(func.max(AuditEvent.at)).where(
                AuditEvent.client_id == client_id,
                AuditEvent.action == "opened",
                AuditEvent.at < start,
            )
        ).first()
    return at.date() if at else None
