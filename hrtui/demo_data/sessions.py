"""Demo sessions for the fictional clients of :mod:`hrtui.demo`: a few months of meetings, about
every two weeks, each with a note written the way a counselor writes one (DAP: what was said
and done, the counselor's reading of it, what happens next), most of them signed, one with an
addendum, the latest one of a client still in progress; a next appointment for every active
client (two of them today); and a plan handed to a client and a referral as disclosures.
Everyone and everything here is made up; the notes follow the clients' stories in
:data:`hrtui.demo.DEMO_CLIENTS` and their demo intake, goals, use log and reviews.

Rows are written directly (their days lie in the past; the store would stamp them today) with
the same shapes the store writes; the demo builds its vault with automatic sessions off.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hrtui.store.models import Appointment, Disclosure, SessionAddendum, SessionNote, SessionRow
from hrtui.store.vault import Vault


@dataclass(frozen=True)
class DemoNote:
    data: str
    assessment: str
    plan: str


@dataclass(frozen=True)
class DemoSessions:
    start: time  # usual time of day
    kind: str
    place: str
    notes: tuple[DemoNote, ...]  # oldest first; one session per note, about every 14 days
    next_in: int  # days from today to the next appointment
    next_time: str
    last_draft: bool = False  # the latest note is still in progress


N = DemoNote

SESSIONS: dict[str, DemoSessions] = {
    "RIV-07": DemoSessions(
        time(16, 30),
        "in_person",
        "office",
        (
            N(
                "Marisol came straight from a night shift. Drinks most after night shifts, usually "
                "five or six. Wants to drink less on work nights; keeps Sundays free.",
                "Clear about what she wants; sleep and shift stress drive the evening drinking. "
                "Importance high, confidence middling.",
                "Baseline taken. Talked through the menu of options; she picked water between drinks "
                "to try this fortnight.",
            ),
            N(
                "Logged most days on paper and brought it in. Water between drinks on four of six "
                "work nights. Two nights at five drinks.",
                "Early progress: fewer drinks on the nights she used water. She called the five-drink "
                'nights "the bad ones"; reframed them as information.',
                "Goal set together: four drinks on work nights. Keep the water. Text reminder on "
                "shift days, as she prefers.",
            ),
            N(
                "A night above her target after a rough shift; we went through it as a review. She "
                "had moved her target to three a week earlier.",
                'Three was a bigger step than the week allowed. No sign of "I\'ve blown it" thinking '
                "today; she came back to the plan by herself.",
                "Target back to four on work nights. Extra night shifts added to the intake as a "
                "stressor. Next time: what helps after the hardest shifts.",
            ),
            N(
                "Four drinks or fewer on every work night logged since. Sleeping a little longer on "
                "days off.",
                "Steady. The water habit is holding and she sounds more confident.",
                "Keep the plan. Look at the month's figures together next time.",
            ),
        ),
        next_in=0,
        next_time="16:30",
        last_draft=True,
    ),
    "OAK-12": DemoSessions(
        time(11, 0),
        "outreach",
        "street",
        (
            N(
                "Met Devonte at the usual corner with the outreach van. Uses heroin daily; says the "
                'supply "hits different" lately.',
                "Fentanyl in the local supply is likely. Protective: his partner knows where the "
                "naloxone is.",
                "New naloxone kit given. Offered fentanyl test strips; he will think about it.",
            ),
            N(
                "Took test strips this time. Used one: it showed fentanyl. Used less and not alone.",
                "Strips are changing what he does, not only what he knows. Strong sign of engagement.",
                "More strips and two naloxone kits (one for his partner). Talked about a spotter plan.",
            ),
            N(
                "Spotter plan agreed with his partner: he texts before he uses on his own.",
                "Safer-use plan now has three parts he uses. Readiness to talk about cutting down is "
                "low and that is fine for now.",
                "Keep the supplies going. Ask how the spotter plan worked.",
            ),
        ),
        next_in=3,
        next_time="11:00",
    ),
    "ELM-03": DemoSessions(
        time(9, 0),
        "in_person",
        "office",
        (
            N(
                "Skyler uses methamphetamine to stay awake for the second job; sleeping about four "
                "hours on work days.",
                "Sleep is the main harm right now, more than the use itself. Prefers mornings; "
                "arrived on time and alert.",
                "Sleep diary this fortnight. Looked at the menu: eat first, drink water, plan a "
                "sleep window.",
            ),
            N(
                "Sleep diary kept on most days. Five hours on two nights after skipping a dose on a "
                "day off.",
                "The days off are where change is possible. Skyler named the second job as the real "
                "problem.",
                "Goal: no use on days off, and a fixed sleep window. Think about the second job's "
                "hours.",
            ),
            N(
                "No use on three of four days off. Asked the second job for fewer nights.",
                'Good progress, in their own words "I feel less fried".',
                "Keep the days off as they are. Talk about what the extra sleep makes possible.",
            ),
        ),
        next_in=7,
        next_time="09:00",
    ),
    "BAY-21": DemoSessions(
        time(15, 0),
        "video",
        "",
        (
            N(
                "Tomás brought his paper tracker. Cannabis most evenings, more before exams.",
                "Motivated by the exams; sees the evening use as a way to wind down.",
                "Goal set in his words: no cannabis on the five nights before an exam. Wind-down "
                "options listed.",
            ),
            N(
                "Kept to the plan before the first exam; used on the night after and enjoyed it.",
                "Goal is working as he set it. No concern about the night after.",
                "Same plan for the next exam block. Try the wind-down walk twice a week.",
            ),
        ),
        next_in=14,
        next_time="15:00",
    ),
    "FIR-09": DemoSessions(
        time(10, 30),
        "phone",
        "",
        (
            N(
                "Graciela is on the step-down with her prescriber. Anxiety higher in the evenings.",
                "Taper pace fits her; evenings are the hard time. Kept it short and practical, as she "
                "asked.",
                "Breathing exercise for evenings. She will tell the prescriber how the step went.",
            ),
            N(
                "The last step was too fast: poor sleep and more anxiety. She went back a step with "
                "her prescriber.",
                "Going back a step is part of a taper, not a setback in the plan. She needed to hear "
                "that.",
                "Stay at this step for three weeks. Evening routine: call her sister, then tea.",
            ),
        ),
        next_in=0,
        next_time="10:30",
    ),
    "LAK-15": DemoSessions(
        time(18, 0),
        "in_person",
        "office",
        (
            N(
                "Kwame uses cocaine on weekends with friends, with drinks. Spends more than he "
                "planned.",
                "Open about what it does for him (energy, feeling close to friends). Money is his "
                "own reason to change.",
                "Spending limit: cash only, card left at home. Ride-home plan before going out.",
            ),
            N(
                "Cash-only worked on two weekends out of three. Ride home planned every time.",
                "The ride plan is solid; the money plan works when he decides before going out.",
                "Keep both. Talk about the weekend the card came along.",
            ),
        ),
        next_in=10,
        next_time="18:00",
    ),
    "PIN-04": DemoSessions(
        time(13, 0),
        "in_person",
        "drop-in",
        (
            N(
                "Aiyana sometimes mixes alcohol, benzodiazepines and opioids. Housing unstable.",
                "Mixing depressants is the main risk; she has a cousin to call.",
                "Talked about not mixing depressants and never using alone. Naloxone kit given.",
            ),
            N(
                "A night of alcohol and benzodiazepines after a housing appointment fell through; "
                "reviewed together.",
                "Stress after the housing news was the trigger; she reached for both at once.",
                'Added "Tell someone your plan" to her safer-use plan. Referral to the housing '
                "worker, with her consent.",
            ),
        ),
        next_in=5,
        next_time="13:00",
    ),
    "CED-18": DemoSessions(
        time(14, 0),
        "in_person",
        "office",
        (
            N(
                "Junichi is doing well on methadone. Back from a hospital stay.",
                "Tolerance is lower after the stay. He knows that and has naloxone at home.",
                "Talked about the first nights home after a hospital stay. Brother as support.",
            ),
            N(
                "Heroin two days after the hospital stay, a small amount, naloxone at hand; reviewed "
                "together.",
                "What he did kept him safe. Pain and being alone at night set it off.",
                "Abstinence goal stays. His brother stays over the first nights after any hospital "
                "stay.",
            ),
        ),
        next_in=12,
        next_time="14:00",
    ),
}

#: An addendum to a signed note: (client code, which note, days after the session, text).
ADDENDA = (
    ("OAK-12", 1, 2, "Correction: two naloxone kits were given, not one; one is for his partner."),
)


def _session_days(today: date, count: int) -> list[date]:
    """``count`` meeting days about every two weeks, the last one two days ago."""
    return [today - timedelta(days=2 + 14 * (count - 1 - i)) for i in range(count)]


def populate(vault: Vault, ids: dict[str, int], today: date) -> None:
    """Write the demo sessions, notes, addenda, next appointments and disclosures."""
    with vault.session() as session:
        for code, plan in SESSIONS.items():
            client_id = ids.get(code)
            if client_id is None:
                continue
            days = _session_days(today, len(plan.notes))
            for number, (day, note) in enumerate(zip(days, plan.notes, strict=True)):
                start = datetime.combine(day, plan.start)
                row = SessionRow(
                    client_id=client_id, day=day, started_at=start, length_minutes=45,
                    kind=plan.kind, place=plan.place, present="The client",
                    started_by="counselor", created_at=start, updated_at=start,
                )  # fmt: skip
                session.add(row)
                session.flush()
                assert row.id is not None
                last = number == len(plan.notes) - 1
                written = start + timedelta(minutes=60)
                draft = last and plan.last_draft
                session.add(
                    SessionNote(
                        session_id=row.id, structure="dap",
                        status="draft" if draft else "signed",
                        data=note.data, assessment=note.assessment, plan=note.plan,
                        signed_at=None if draft else written,
                        created_at=written, updated_at=written,
                    )
                )  # fmt: skip
                for a_code, a_number, after, text in ADDENDA:
                    if a_code == code and a_number == number:
                        session.add(
                            SessionAddendum(
                                session_id=row.id, text=text,
                                written_at=written + timedelta(days=after),
                            )
                        )  # fmt: skip
            if plan.next_in is not None:
                stamp = datetime.combine(days[-1], plan.start) + timedelta(minutes=50)
                session.add(
                    Appointment(
                        client_id=client_id, day=today + timedelta(days=plan.next_in),
                        at_time=plan.next_time, kind=plan.kind, place=plan.place,
                        created_at=stamp, updated_at=stamp,
                    )
                )  # fmt: skip
        _disclosures(session, ids, today)


def _disclosures(session: object, ids: dict[str, int], today: date) -> None:
    from sqlmodel import Session

    assert isinstance(session, Session)
    if "RIV-07" in ids:
        at = datetime.combine(today - timedelta(days=16), time(17, 20))
        session.add(Disclosure(client_id=ids["RIV-07"], disclosed_at=at, what="plan",
                               recipient="The client", purpose="Their own take-home plan",
                               consent="not_needed"))  # fmt: skip
    if "PIN-04" in ids:
        at = datetime.combine(today - timedelta(days=2), time(14, 10))
        session.add(Disclosure(client_id=ids["PIN-04"], disclosed_at=at, what="markdown",
                               recipient="Housing support worker, city outreach team",
                               purpose="Referral for housing support", consent="yes"))  # fmt: skip
