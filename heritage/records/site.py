"""A site: a place of heritage, possibly inside another (a temple in Palmyra)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, TypedDict

from heritage.messages import N_
from heritage.models import Site
from heritage.records.definition import RecordDefinition, not_its_own
from heritage.records.fields import (
    LANGUAGE_TAG,
    MAX_LIST,
    Context,
    Field,
    FieldErrors,
    Flag,
    HistoricEdtf,
    Key,
    Name,
    Naming,
    Reference,
    SiteKind,
    Text,
    check_choice,
    check_list,
)
from heritage.vocab import Designation, IdentifierScheme, LocationCertainty, NameType

# What a valid identifier looks like in each scheme.
IDENTIFIER_FORMATS: dict[str, tuple[re.Pattern[str], str]] = {
    IdentifierScheme.WIKIDATA: (
        re.compile(r"^Q[1-9]\d*\Z"),
        N_("a Wikidata item id such as Q5747"),
    ),
    IdentifierScheme.PLEIADES: (re.compile(r"^[1-9]\d*\Z"), N_("a Pleiades place number")),
    IdentifierScheme.UNESCO: (
        re.compile(r"^[1-9]\d*(bis|ter|quater)?\Z"),
        N_("a World Heritage List number such as 23 or 1021bis"),
    ),
    IdentifierScheme.GEONAMES: (re.compile(r"^[1-9]\d*\Z"), N_("a GeoNames feature number")),
}


@dataclass(eq=False, slots=True)
class SiteNames(Field):
    """The site's other names, each with its language and type; a name in one language once."""

    max_items: int = MAX_LIST
    name_field: Name = Name("name", required=True)
    shape: ClassVar[str] = "names"

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        seen: set[tuple[str, str]] = set()
        for index, entry in enumerate(check_list(errors, path, value, dict, self.max_items)):
            prefix = f"{path}.{index}"
            name = entry.get("name")
            if name is None:
                errors.add(f"{prefix}.name", N_("Required, and must not be blank."))
                continue
            self.name_field.check(errors, f"{prefix}.name", name, naming, context)
            lang = entry.get("lang", "und")
            if not isinstance(lang, str) or not LANGUAGE_TAG.match(lang):
                errors.add(f"{prefix}.lang", N_("A BCP 47 language tag such as en, ar or ar-Latn."))
            check_choice(errors, f"{prefix}.type", entry.get("type", "alternative"), NameType)
            if isinstance(name, str):
                pair = (name.strip(), str(lang))
                errors.check(
                    pair not in seen,
                    f"{prefix}.name",
                    N_("The same name and language appear twice."),
                )
                seen.add(pair)

    def canonical(self, value: Any) -> Any:
        return [
            {
                "name": entry["name"].strip(),
                "lang": entry.get("lang", "und"),
                "type": entry.get("type", NameType.ALTERNATIVE.value),
            }
            for entry in value
        ]

    def read(self, record: Any) -> Any:
        return [{"name": n.name, "lang": n.lang, "type": n.type} for n in record.names]


@dataclass(eq=False, slots=True)
class Location(Field):
    """A point (WGS 84) and how certain it is."""

    shape: ClassVar[str] = "location"

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        if not isinstance(value, Mapping):
            errors.add(path, N_("An object with latitude, longitude and certainty, or null."))
            return
        for axis, bound in (("latitude", 90), ("longitude", 180)):
            number = value.get(axis)
            if not isinstance(number, int | float) or isinstance(number, bool):
                errors.add(f"{path}.{axis}", N_("Required, a number."))
            elif not -bound <= number <= bound:
                errors.add(
                    f"{path}.{axis}", N_("Must lie between -%(bound)s and %(bound)s.", bound=bound)
                )
        certainty = value.get("certainty", LocationCertainty.EXACT.value)
        check_choice(errors, f"{path}.certainty", certainty, LocationCertainty)

    def read(self, record: Any) -> Any:
        """The exact point (the export shows each reader what they may see: services.sites)."""
        if record.latitude is None:
            return None
        return {
            "latitude": record.latitude,
            "longitude": record.longitude,
            "certainty": record.location_certainty,
        }

    def canonical(self, value: Any) -> Any:
        return {
            "latitude": value["latitude"],
            "longitude": value["longitude"],
            "certainty": value.get("certainty", LocationCertainty.EXACT.value),
        }


@dataclass(eq=False, slots=True)
class Identifiers(Field):
    """The site in other registers (Wikidata, Pleiades, UNESCO, GeoNames): one per scheme."""

    shape: ClassVar[str] = "identifiers"

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        seen: set[str] = set()
        entries = check_list(errors, path, value, dict, len(IdentifierScheme))
        for index, entry in enumerate(entries):
            scheme, text = entry.get("scheme"), entry.get("value")
            check_choice(errors, f"{path}.{index}.scheme", scheme, IdentifierScheme)
            if scheme not in IDENTIFIER_FORMATS:
                continue
            pattern, description = IDENTIFIER_FORMATS[scheme]
            if not isinstance(text, str) or not pattern.match(text):
                errors.add(
                    f"{path}.{index}.value",
                    N_("'%(text)s' is not %(description)s.", text=text, description=description),
                )
            if scheme in seen:
                errors.add(
                    f"{path}.{index}.scheme",
                    N_("Only one %(scheme)s identifier per site.", scheme=scheme),
                )
            seen.add(scheme)

    def canonical(self, value: Any) -> Any:
        return [{"scheme": entry["scheme"], "value": entry["value"]} for entry in value]

    def read(self, record: Any) -> Any:
        return [{"scheme": i.scheme, "value": i.value} for i in record.identifiers]


@dataclass(eq=False, slots=True)
class Designations(Field):
    """The protections a site holds (World Heritage, national register…), each once."""

    shape: ClassVar[str] = "designations"

    def check(
        self, errors: FieldErrors, path: str, value: Any, naming: Naming, context: Context
    ) -> None:
        entries = check_list(errors, path, value, str, MAX_LIST)
        for index, designation in enumerate(entries):
            check_choice(errors, f"{path}.{index}", designation, Designation)
        errors.check(len(set(entries)) == len(entries), path, N_("A designation appears twice."))

    def canonical(self, value: Any) -> Any:
        return list(value)

    def read(self, record: Any) -> Any:
        return [entry.designation for entry in record.designations]


SITE = RecordDefinition(
    type="site",
    model=Site,
    fields=(
        Key("key"),
        Name("name", required=True),
        SiteKind("kind", required=True, description="A site kind: GET /api/v1/site-kinds."),
        Reference("parent", service_name="parent_id", record_type="site"),
        SiteNames("names"),
        Location("location"),
        Identifiers("identifiers"),
        Designations("designations"),
        HistoricEdtf(
            "built",
            description="When it was built or dedicated, in EDTF: 0032 (AD 32), -0031"
            " (32 BC), 01XX (the 2nd century), 0193/0211, 0130~.",
        ),
        Text("description", default=""),
        Flag(
            "restricted",
            default=False,
            description="A sensitive place: below editor, coordinates are rounded.",
        ),
    ),
    rules=(not_its_own("parent", N_("A site cannot be its own parent.")),),
)


class SiteNameInput(TypedDict, total=False):
    name: str
    lang: str
    type: str


class LocationInput(TypedDict, total=False):
    latitude: float
    longitude: float
    certainty: str


class IdentifierInput(TypedDict):
    scheme: str
    value: str


class SiteInput(TypedDict, total=False):
    """What the services take to make or change a site: the fields to set (all required
    ones when making it); lists replace the stored ones whole."""

    key: str | None
    name: str
    kind: str
    parent_id: int | None
    names: list[SiteNameInput]
    location: LocationInput | None
    identifiers: list[IdentifierInput]
    designations: list[str]
    built: str | None  # EDTF
    description: str
    restricted: bool
