"""An actor: an armed group, an army or a state that took part in events."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, TypedDict

from heritage.messages import N_
from heritage.models import Actor
from heritage.records.definition import RecordDefinition, not_its_own
from heritage.records.fields import (
    MAX_LIST,
    Context,
    Field,
    FieldErrors,
    Key,
    Name,
    Naming,
    Reference,
    Text,
    check_list,
)
from heritage.text import fold


@dataclass(eq=False, slots=True)
class Aliases(Field):
    """Other names of the actor (ISIS, Daesh…), each a name, none twice (ignoring case and
    diacritics, as search does)."""

    max_items: int = MAX_LIST
    alias: Name = Name("alias")
    shape: ClassVar[str] = "strings"

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        aliases = check_list(errors, path, value, str, self.max_items)
        for index, alias in enumerate(aliases):
            self.alias.check(errors, f"{path}.{index}", alias, naming, context)
        errors.check(
            len({fold(a) for a in aliases}) == len(aliases), path, N_("An alias appears twice.")
        )

    def canonical(self, value: Any) -> Any:
        return [alias.strip() for alias in value]

    def read(self, record: Any) -> Any:
        return [entry.alias for entry in record.aliases]


ACTOR = RecordDefinition(
    type="actor",
    model=Actor,
    fields=(
        Key("key"),
        Name("name", required=True),
        Aliases("aliases"),
        Reference("part_of", service_name="part_of_id", record_type="actor"),
        Text("description", default=""),
    ),
    rules=(not_its_own("part_of", N_("An actor cannot be part of itself.")),),
)


class ActorInput(TypedDict, total=False):
    key: str | None
    name: str
    aliases: list[str]
    part_of_id: int | None
    description: str
