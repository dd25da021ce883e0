"""The drinks table: units alcohol is logged in, with volume and ABV, for standard drinks.

Not client data (no audit event): a list the counselor keeps, preloaded with common drinks by
migration 007. The size of one standard drink is a setting (:mod:`hrtui.store.settings`).
"""

from __future__ import annotations

from sqlmodel import Session, select

from hrtui import clock
from hrtui.domain.drinks import Drink, DrinkSize, DrinkTable, drink_size, validate_drink
from hrtui.domain.settings import DRINK_SIZE_KEY
from hrtui.store.errors import Invalid, NotFound
from hrtui.store.models import DrinkRow, Meta
from hrtui.store.vault import Vault


def _size(session: Session) -> DrinkSize:
    row = session.get(Meta, DRINK_SIZE_KEY)
    return drink_size(row.value if row else None)


def drink_table(session: Session) -> DrinkTable:
    """The vault's drinks with its standard-drink size, in an open session."""
    rows = session.exec(select(DrinkRow).order_by(DrinkRow.unit)).all()
    return DrinkTable([Drink(r.unit, r.volume_ml, r.abv) for r in rows], _size(session))


def load_table(vault: Vault) -> DrinkTable:
    with vault.session() as session:
        return drink_table(session)


def list_drinks(vault: Vault) -> list[tuple[int, Drink]]:
    """(id, drink) for every drink, by unit."""
    with vault.session() as session:
        rows = session.exec(select(DrinkRow).order_by(DrinkRow.unit)).all()
        return [(r.id or 0, Drink(r.unit, r.volume_ml, r.abv)) for r in rows]


def save_drink(
    vault: Vault, unit: str, volume_ml: str | float, abv: str | float, drink_id: int | None = None
) -> Drink:
    """Add a drink, or change drink ``drink_id``; :class:`Invalid` names the fields."""
    drink, errors = validate_drink(unit, volume_ml, abv)
    if drink is None:
        raise Invalid(errors)
    with vault.session() as session:
        same = session.exec(select(DrinkRow).where(DrinkRow.unit == drink.unit)).first()
        if same is not None and same.id != drink_id:
            raise Invalid({"unit": f"'{same.unit}' is already in the drinks table."})
        if drink_id is None:
            row = DrinkRow(unit=drink.unit, volume_ml=drink.volume_ml, abv=drink.abv,
                           created_at=clock.now())  # fmt: skip
        else:
            found = session.get(DrinkRow, drink_id)
            if found is None:
                raise NotFound("That drink is no longer in the table.")
            row = found
            row.unit, row.volume_ml, row.abv = drink.unit, drink.volume_ml, drink.abv
        session.add(row)
    return drink


def delete_drink(vault: Vault, drink_id: int) -> None:
    """Take a drink out of the table (entries in its unit are then named as not counted)."""
    with vault.session() as session:
        row = session.get(DrinkRow, drink_id)
        if row is None:
            raise NotFound("That drink is no longer in the table.")
        session.delete(row)
