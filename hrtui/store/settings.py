"""Settings stored in the vault's meta table."""

from __future__ import annotations

from hrtui.domain.settings import LOCK_AFTER_KEY, lock_minutes_to_seconds, stored_lock_after
from hrtui.store.errors import Invalid
from hrtui.store.meta import get_meta, set_meta
from hrtui.store.vault import Vault


def lock_after(vault: Vault) -> int:
    """Seconds of idle time before the app locks itself."""
    return stored_lock_after(get_meta(vault, LOCK_AFTER_KEY))


def set_lock_minutes(vault: Vault, text: str) -> int:
    try:
        seconds = lock_minutes_to_seconds(text)
    except ValueError as exc:
        raise Invalid({"lock_minutes": str(exc)}) from None
    set_meta(vault, LOCK_AFTER_KEY, str(seconds))
    return seconds


def note_structure(vault: Vault) -> str:
    """The structure new session notes are written in: "dap", "soap" or "birp"."""
    from hrtui.domain.settings import NOTE_STRUCTURE_KEY, stored_note_structure

    return stored_note_structure(get_meta(vault, NOTE_STRUCTURE_KEY))


def set_note_structure(vault: Vault, structure: str) -> str:
    from hrtui.domain.settings import NOTE_STRUCTURE_KEY, NOTE_STRUCTURES

    if structure not in NOTE_STRUCTURES:
        raise Invalid({"structure": "Choose DAP, SOAP or BIRP."})
    set_meta(vault, NOTE_STRUCTURE_KEY, structure)
    return structure


# -- safety prompts (issue #17) ------------------------------------------------------------------


def tolerance_days(vault: Vault) -> int:
    """Days without use after which use of opioids or other depressants shows the tolerance
    prompt (default 7)."""
    from hrtui.domain.settings import TOLERANCE_DAYS_KEY, stored_tolerance_days

    return stored_tolerance_days(get_meta(vault, TOLERANCE_DAYS_KEY))


def set_tolerance_days(vault: Vault, text: str) -> int:
    """Keep the number of days typed (1-90); :class:`Invalid` names ``tolerance_days``."""
    from hrtui.domain.settings import TOLERANCE_DAYS_KEY
    from hrtui.domain.settings import tolerance_days as parse_days

    try:
        days = parse_days(text)
    except ValueError as exc:
        raise Invalid({"tolerance_days": str(exc)}) from None
    set_meta(vault, TOLERANCE_DAYS_KEY, str(days))
    return days


def overdose_line(vault: Vault) -> str:
    """The service's overdose-prevention line as typed ("" when not set)."""
    from hrtui.domain.settings import OVERDOSE_LINE_KEY

    return get_meta(vault, OVERDOSE_LINE_KEY) or ""


def set_overdose_line(vault: Vault, text: str) -> str:
    """Keep the service's overdose-prevention line ("" clears it); :class:`Invalid` names
    ``overdose_line``."""
    from hrtui.domain.settings import OVERDOSE_LINE_KEY, overdose_line_problem
    from hrtui.domain.text import clean

    line = clean(text)
    problem = overdose_line_problem(line)
    if problem:
        raise Invalid({"overdose_line": problem})
    set_meta(vault, OVERDOSE_LINE_KEY, line)
    return line


# -- progress: standard drinks and the heavy-drinking day (issue #15) ----------------------------


def drink_size(vault: Vault):  # -> hrtui.domain.drinks.DrinkSize
    """The size of one standard drink this vault counts in (default: 10 g, WHO)."""
    from hrtui.domain.drinks import drink_size as stored_size
    from hrtui.domain.settings import DRINK_SIZE_KEY

    return stored_size(get_meta(vault, DRINK_SIZE_KEY))


def set_drink_size(vault: Vault, key: str):  # -> DrinkSize
    """Keep the standard-drink size ``key`` (who, us, ca, uk); :class:`Invalid` names
    ``drink_size``. Every alcohol figure is worked out again in the new size."""
    from hrtui.domain.drinks import SIZES
    from hrtui.domain.settings import DRINK_SIZE_KEY

    size = next((s for s in SIZES if s.key == (key or "").strip().casefold()), None)
    if size is None:
        raise Invalid({"drink_size": "Choose one of the standard-drink sizes."})
    set_meta(vault, DRINK_SIZE_KEY, size.key)
    return size


def heavy_day(vault: Vault):  # -> hrtui.domain.drinks.HeavyDefinition
    """What counts as a heavy-drinking day (default: WHO, 60 g)."""
    from hrtui.domain.drinks import heavy_definition
    from hrtui.domain.settings import HEAVY_DAY_KEY

    return heavy_definition(get_meta(vault, HEAVY_DAY_KEY))


def set_heavy_day(vault: Vault, text: str):  # -> HeavyDefinition
    """Keep the heavy-day definition typed or chosen (who, niaaa-women, niaaa-men, or a number
    of standard drinks); :class:`Invalid` names ``heavy_day``."""
    from hrtui.domain.drinks import heavy_definition, parse_heavy
    from hrtui.domain.settings import HEAVY_DAY_KEY

    try:
        key = parse_heavy(text)
    except ValueError as exc:
        raise Invalid({"heavy_day": str(exc)}) from None
    set_meta(vault, HEAVY_DAY_KEY, key)
    return heavy_definition(key)


# -- the look: the colour theme (issue #16) ----------------------------------------------------


def theme(vault: Vault) -> str | None:
    """The name of the colour theme chosen in this vault, or None (the default)."""
    from hrtui.domain.settings import THEME_KEY, stored_theme

    return stored_theme(get_meta(vault, THEME_KEY))


def set_theme(vault: Vault, name: str) -> str:
    """Keep the colour theme ``name``; :class:`Invalid` names ``theme``."""
    from hrtui.domain.settings import THEME_KEY, theme_name_problem

    problem = theme_name_problem(name)
    if problem:
        raise Invalid({"theme": problem})
    set_meta(vault, THEME_KEY, name)
    return name
