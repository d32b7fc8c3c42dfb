"""An event: what happened at one or more sites, when, and who took part."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, TypedDict

from heritage.messages import N_
from heritage.models import Event
from heritage.records.definition import RecordDefinition, View
from heritage.records.fields import (
    Choice,
    Context,
    Edtf,
    Field,
    FieldErrors,
    Key,
    Naming,
    References,
    Resolve,
    Text,
    allowed,
    check_choice,
    check_list,
    check_reference,
)
from heritage.vocab import (
    CATEGORY_OF_TYPE,
    ActorRole,
    EventCategory,
    EventType,
    FoundCondition,
    Grade,
    Status,
)

MAX_SITES_PER_EVENT = 200
MAX_ACTORS_PER_EVENT = 50


@dataclass(eq=False, slots=True)
class EventActors(Field):
    """Who took part, each with a role (perpetrator, controller…); an actor once per role."""

    max_items: int = MAX_ACTORS_PER_EVENT
    shape: ClassVar[str] = "event_actors"

    @staticmethod
    def actor_name(naming: Naming) -> str:
        return "actor_id" if naming is Naming.SERVICE else "actor"

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        actor = self.actor_name(naming)
        entries = check_list(errors, path, value, dict, self.max_items)
        pairs = [(entry.get(actor), entry.get("role")) for entry in entries]
        errors.check(
            len(set(pairs)) == len(pairs), path, N_("The same actor and role appear twice.")
        )
        for index, entry in enumerate(entries):
            check_choice(errors, f"{path}.{index}.role", entry.get("role"), ActorRole)
            if entry.get(actor) is None:
                errors.add(f"{path}.{index}.{actor}", N_("Required."))
            else:
                check_reference(errors, f"{path}.{index}.{actor}", entry[actor], naming, "actor")

    def canonical(self, value: Any) -> Any:
        return sorted(
            ({"actor": entry["actor"], "role": entry["role"]} for entry in value),
            key=lambda entry: (entry["actor"], entry["role"]),
        )

    def references(self, value: Any) -> Iterator[tuple[str, str, Any]]:
        for index, entry in enumerate(value if isinstance(value, list) else ()):
            if isinstance(entry, dict) and entry.get("actor") is not None:
                yield f"{self.name}.{index}.actor", "actor", entry["actor"]

    def read(self, record: Any) -> Any:
        return [{"actor": link.actor_id, "role": link.role} for link in record.actors]

    def to_service(self, value: Any, resolve: Resolve) -> Any:
        return [
            {"actor_id": resolve("actor", entry["actor"]), "role": entry["role"]} for entry in value
        ]


def _type_of_its_category(errors: FieldErrors, view: View) -> None:
    """A category sent must be the type's own (it is derived from the type otherwise)."""
    event_type, category = view.get("event_type"), view.data.get(view.path("category"))
    if category is None or not isinstance(event_type, str) or event_type not in allowed(EventType):
        return
    if isinstance(category, str) and category in allowed(EventCategory):
        errors.check(
            CATEGORY_OF_TYPE[EventType(event_type)] == category,
            view.path("event_type"),
            N_(
                "'%(type)s' is not a type of the '%(category)s' category.",
                type=event_type,
                category=category,
            ),
        )


def _what_the_type_needs(errors: FieldErrors, view: View) -> None:
    """An assessment states the condition it found (and no other type does); a context
    event is its description."""
    event_type = view.get("event_type")
    if view.sent("condition_found"):
        found = view.data[view.path("condition_found")]
    else:  # changing the type away from an assessment drops its finding
        found = view.stored.get("condition_found") if event_type == EventType.ASSESSED else None
    if event_type == EventType.ASSESSED:
        errors.check(
            found is not None,
            "condition_found",
            N_("Required for an assessment: the condition found."),
        )
    elif found is not None:
        errors.add("condition_found", N_("Only an assessment states a condition found."))
    description = view.get("description")
    if event_type == EventType.OTHER and (
        not isinstance(description, str) or not description.strip()
    ):
        errors.add("description", N_("Required for a context event: say what happened."))


def _override_has_its_reason(errors: FieldErrors, view: View) -> None:
    """A reviewer's override comes with its reason, in the same change."""
    if view.sent("grade_override") and view.get("grade_override") is not None:
        reason = view.data.get(view.path("grade_override_reason"))
        errors.check(
            isinstance(reason, str) and bool(reason.strip()),
            "grade_override_reason",
            N_("A reviewer's override needs its reason."),
        )


def _category_of_its_type(record: dict[str, Any]) -> None:
    record["category"] = CATEGORY_OF_TYPE[EventType(record["event_type"])].value


EVENT = RecordDefinition(
    type="event",
    model=Event,
    fields=(
        Key("key"),
        Choice("event_type", service_name="type", required=True, vocabulary=EventType),
        Choice(
            "category", vocabulary=EventCategory, description="Derived from the type if omitted."
        ),
        Edtf(
            "date",
            required=True,
            description="EDTF: 2015-08-30, 2015-05, 2015-08~, 2015-08-23/2015-08-30.",
        ),
        References(
            "sites",
            service_name="site_ids",
            required=True,
            record_type="site",
            max_items=MAX_SITES_PER_EVENT,
            description="The sites where it happened (at least one).",
        ),
        EventActors("actors"),
        Text("description", default=""),
        Choice(
            "condition_found",
            vocabulary=FoundCondition,
            description="Required for `assessed` (and only there): what was found.",
        ),
        Choice("status", vocabulary=Status),
        Choice(
            "grade_override",
            vocabulary=Grade,
            description="A reviewer's grade, replacing the computed one.",
        ),
        Text("grade_override_reason"),
    ),
    rules=(_type_of_its_category, _what_the_type_needs, _override_has_its_reason),
    derive=_category_of_its_type,
)


class EventActorInput(TypedDict):
    actor_id: int
    role: str


class EventInput(TypedDict, total=False):
    key: str | None
    type: str
    category: str
    date: str
    site_ids: list[int]
    actors: list[EventActorInput]
    description: str
    condition_found: str | None
    status: str
    grade_override: str | None
    grade_override_reason: str | None
