"""Standard drinks: the size of one (a setting), the drinks table, the heavy-drinking day.

Grams of alcohol = volume (ml) × ABV × 0.789. One standard drink is 10 g in WHO materials and
in Australia, 14 g in the United States, 8 g in a UK unit and 13.45 g in Canada. A 355 ml can
at 5% holds 14 g: 1 US drink, 1.4 WHO drinks, 1.75 UK units.

An alcohol entry in "standard drinks" is taken as drinks of the vault's size; an entry in any
other unit converts when the drinks table knows that unit (volume and ABV), and is otherwise
named as not counted, never silently left out. Pure; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from hrtui.domain import vocab

ETHANOL_G_PER_ML = 0.789
ALCOHOL = "alcohol"


def is_alcohol(substance: str) -> bool:
    return substance.strip().casefold() == ALCOHOL


def is_standard_drinks(unit: str) -> bool:
    return unit.strip().casefold() == vocab.STANDARD_DRINKS


def _fmt(value: float) -> str:
    d = Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    text = f"{d:f}".rstrip("0").rstrip(".")
    return text or "0"


# -- the size of a standard drink --------------------------------------------------------------


@dataclass(frozen=True)
class DrinkSize:
    key: str
    grams: float
    label: str  # for a choice list
    name: str  # in sentences: "WHO drinks of 10 g"


SIZES: tuple[DrinkSize, ...] = (
    DrinkSize("who", 10.0, "10 g (WHO, Australia)", "WHO standard drinks of 10 g"),
    DrinkSize("us", 14.0, "14 g (United States)", "US standard drinks of 14 g"),
    DrinkSize("ca", 13.45, "13.45 g (Canada)", "Canadian standard drinks of 13.45 g"),
    DrinkSize("uk", 8.0, "8 g (UK unit)", "UK units of 8 g"),
)
#: The size a new vault starts with: the WHO's (and the AUDIT's) 10 g; changeable in settings.
DEFAULT_SIZE = "who"


def drink_size(key: str | None) -> DrinkSize:
    """The size stored under ``key``; the default for anything unknown."""
    for size in SIZES:
        if size.key == (key or "").strip().casefold():
            return size
    return next(s for s in SIZES if s.key == DEFAULT_SIZE)


# -- the drinks table --------------------------------------------------------------------------


@dataclass(frozen=True)
class Drink:
    """A unit alcohol can be logged in ("cans of beer"), with its volume and strength."""

    unit: str
    volume_ml: float
    abv: float  # percent, e.g. 5 for 5%

    @property
    def grams(self) -> float:
        return self.volume_ml * self.abv / 100 * ETHANOL_G_PER_ML

    def standard_drinks(self, size: DrinkSize) -> float:
        return self.grams / size.grams

    def describe(self, size: DrinkSize) -> str:
        return (
            f"{self.unit}: {_fmt(self.volume_ml)} ml at {_fmt(self.abv)}% = "
            f"{_fmt(self.grams)} g, {_fmt(self.standard_drinks(size))} {size.name}"
        )


#: Preloaded in a new vault (migration 007 inserts the same rows; a test checks they agree).
PRESET_DRINKS: tuple[Drink, ...] = (
    Drink("beers", 355, 5),
    Drink("cans of beer", 355, 5),
    Drink("bottles of beer", 330, 5),
    Drink("pints of beer", 568, 4.5),
    Drink("tall cans of beer", 473, 5),
    Drink("glasses of wine", 150, 12),
    Drink("bottles of wine", 750, 12),
    Drink("shots", 44, 40),
    Drink("bottles of spirits", 750, 40),
    Drink("cans of hard seltzer", 355, 5),
    Drink("cans of cider", 440, 4.5),
)

UNIT_MAX = 40
MAX_VOLUME_ML = 5000.0


def validate_drink(unit: str, volume: str | float, abv: str | float) -> tuple[Drink | None, dict]:
    """A drink as typed (unit words, ml, % ABV), or the problems per field."""
    from hrtui.domain.text import clean, control_char_problem

    errors: dict[str, str] = {}
    name = clean(str(unit))
    if not name:
        errors["unit"] = "Type the unit as it is logged, e.g. cans of beer."
    elif problem := control_char_problem(name):
        errors["unit"] = problem
    elif len(name) > UNIT_MAX:
        errors["unit"] = f"Keep the unit to {UNIT_MAX} characters."
    elif is_standard_drinks(name):
        errors["unit"] = "Standard drinks are already counted as they are."
    values: dict[str, float] = {}
    for key, raw, low, high, what in (
        ("volume_ml", volume, 0.0, MAX_VOLUME_ML, "ml"),
        ("abv", abv, 0.0, 100.0, "%"),
    ):
        try:
            number = float(str(raw).strip().replace(",", "."))
        except ValueError:
            errors[key] = f"Type a number ({what})."
            continue
        if not low < number <= high or number != number:
            errors[key] = f"Type a number above {_fmt(low)} and up to {_fmt(high)} {what}."
            continue
        values[key] = number
    if errors:
        return None, errors
    return Drink(name, values["volume_ml"], values["abv"]), {}


class DrinkTable:
    """The vault's drinks by unit (any case), with the standard-drink size in use."""

    def __init__(self, drinks: Iterable[Drink], size: DrinkSize) -> None:
        self.size = size
        self.by_unit: dict[str, Drink] = {d.unit.strip().casefold(): d for d in drinks}

    def knows(self, unit: str) -> bool:
        return is_standard_drinks(unit) or unit.strip().casefold() in self.by_unit

    def convert(self, amount: float | None, unit: str) -> float | None:
        """``amount`` of ``unit`` in standard drinks of the table's size; None if unknown."""
        if amount is None:
            return None
        if is_standard_drinks(unit):
            return float(amount)
        drink = self.by_unit.get(unit.strip().casefold())
        return None if drink is None else float(amount) * drink.standard_drinks(self.size)


def default_table(size: DrinkSize | None = None) -> DrinkTable:
    return DrinkTable(PRESET_DRINKS, size or drink_size(DEFAULT_SIZE))


# -- the heavy-drinking day --------------------------------------------------------------------


@dataclass(frozen=True)
class HeavyDefinition:
    key: str  # "who", "niaaa-women", "niaaa-men", or "drinks:6"
    grams: float | None  # a threshold in grams of alcohol, or
    drinks: float | None  # a number of standard drinks of the vault's size
    source: str  # what the figure is stated with

    def threshold(self, size: DrinkSize) -> float:
        """The threshold in standard drinks of ``size`` (a day at or above it is heavy)."""
        if self.drinks is not None:
            return self.drinks
        assert self.grams is not None
        return self.grams / size.grams

    def words(self, size: DrinkSize) -> str:
        """ "60 g or more (WHO), 6 drinks of 10 g" """
        amount = _fmt(self.threshold(size))
        if self.drinks is not None:
            return f"{amount} or more standard drinks ({self.source})"
        grams = _fmt(self.grams or 0)
        return f"{grams} g or more, {amount} drinks of {_fmt(size.grams)} g ({self.source})"


HEAVY_CHOICES: tuple[HeavyDefinition, ...] = (
    HeavyDefinition("who", 60.0, None, "WHO: 60 g or more"),
    HeavyDefinition("niaaa-women", 56.0, None, "NIAAA for women: 4 or more US drinks"),
    HeavyDefinition("niaaa-men", 70.0, None, "NIAAA for men: 5 or more US drinks"),
)
DEFAULT_HEAVY = "who"
MAX_HEAVY_DRINKS = 50


def heavy_definition(value: str | None) -> HeavyDefinition:
    """The stored definition ("who", "niaaa-women", "niaaa-men", "drinks:N"); the default for
    anything unusable."""
    text = (value or "").strip().casefold()
    for choice in HEAVY_CHOICES:
        if choice.key == text:
            return choice
    if text.startswith("drinks:"):
        try:
            number = float(text.split(":", 1)[1])
        except ValueError:
            number = 0
        if 0 < number <= MAX_HEAVY_DRINKS:
            return HeavyDefinition(f"drinks:{_fmt(number)}", None, number, "set in Settings")
    return next(c for c in HEAVY_CHOICES if c.key == DEFAULT_HEAVY)


def parse_heavy(text: str) -> str:
    """A heavy-day definition as typed: one of the keys, or a number of standard drinks.
    ValueError with a message otherwise. Returns the key to store."""
    typed = (text or "").strip().casefold()
    for choice in HEAVY_CHOICES:
        if choice.key == typed:
            return choice.key
    number_text = typed.removeprefix("drinks:")
    try:
        number = float(number_text.replace(",", "."))
    except ValueError:
        raise ValueError(
            "Choose WHO, NIAAA for women or for men, or type a number of standard drinks."
        ) from None
    if not 0 < number <= MAX_HEAVY_DRINKS:
        raise ValueError(f"Type a number of standard drinks above 0 and up to {MAX_HEAVY_DRINKS}.")
    return f"drinks:{_fmt(number)}"


def known_alcohol_units(table: DrinkTable) -> list[str]:
    return [vocab.STANDARD_DRINKS, *(d.unit for d in table.by_unit.values())]


def drinks_from(rows: Mapping[str, tuple[float, float]]) -> list[Drink]:
    """Drinks from ``{unit: (volume_ml, abv)}``."""
    return [Drink(unit, v, a) for unit, (v, a) in rows.items()]
