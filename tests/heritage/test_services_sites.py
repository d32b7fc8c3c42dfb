"""Sites through the services: hierarchy, location, identifiers, deletion and search."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from heritage.auth import ANONYMOUS, SYSTEM
from heritage.errors import Conflict, InvalidInput, NotFound
from heritage.models import Site
from heritage.services import events, sites
from tests.heritage import builders as b


def parent_of(session: Session, site: Site) -> int | None:
    return session.scalar(select(Site.parent_id).where(Site.id == site.id))


def field_errors(error: pytest.ExceptionInfo[InvalidInput]) -> list[str]:
    return sorted(error.value.errors)


# Hierarchy


def test_a_site_cannot_be_moved_under_its_own_descendant(session: Session) -> None:
    city = b.site(session, "Palmyra", "city")
    temple = b.site(session, "Temple of Bel", "temple", parent=city)
    cella = b.site(session, "Cella", "temple", parent=temple)
    with pytest.raises(InvalidInput) as refused:
        sites.update_site(session, SYSTEM, city.id, {"parent_id": cella.id, "name": "Renamed"})
    assert field_errors(refused) == ["parent_id"]
    session.expire_all()
    assert parent_of(session, city) is None
    assert sites.get_site(session, ANONYMOUS, city.id).name == "Palmyra"


def test_a_site_cannot_be_its_own_parent(session: Session) -> None:
    city = b.site(session, "Palmyra", "city")
    with pytest.raises(InvalidInput) as refused:
        sites.update_site(session, SYSTEM, city.id, {"parent_id": city.id})
    assert field_errors(refused) == ["parent_id"]
    session.expire_all()
    assert parent_of(session, city) is None


def test_a_site_can_be_moved_under_another_branch(session: Session) -> None:
    palmyra = b.site(session, "Palmyra", "city")
    tadmur = b.site(session, "Tadmur", "town")
    museum = b.site(session, "Palmyra Museum", "museum", parent=palmyra)
    sites.update_site(session, SYSTEM, museum.id, {"parent_id": tadmur.id})
    assert sites.ancestor_ids(session, museum.id) == [tadmur.id]
    assert sites.descendant_ids(session, palmyra.id) == []


def test_a_missing_parent_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        b.site(session, "Temple of Bel", "temple", parent_id=999_999)
    assert field_errors(refused) == ["parent_id"]


def test_ancestors_are_listed_nearest_first_and_descendants_at_any_depth(
    session: Session,
) -> None:
    region = b.site(session, "Homs", "other")
    city = b.site(session, "Palmyra", "city", parent=region)
    temple = b.site(session, "Temple of Bel", "temple", parent=city)
    cella = b.site(session, "Cella", "temple", parent=temple)
    assert sites.ancestor_ids(session, cella.id) == [temple.id, city.id, region.id]
    assert sorted(sites.descendant_ids(session, region.id)) == sorted(
        [city.id, temple.id, cella.id]
    )


# Fields


def test_every_bad_field_is_reported_at_once(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        sites.create_site(
            session, SYSTEM, {"name": " ", "kind": "ziggurat", "designations": ["famous"]}
        )
    assert field_errors(refused) == ["designations.0", "kind", "name"]


@pytest.mark.parametrize(
    ("location", "field"),
    [
        ({"latitude": 91, "longitude": 38.27}, "location.latitude"),
        ({"latitude": -90.5, "longitude": 38.27}, "location.latitude"),
        ({"latitude": 34.55, "longitude": 181}, "location.longitude"),
        ({"latitude": "34.55", "longitude": 38.27}, "location.latitude"),
        ({"latitude": 34.55}, "location.longitude"),
        ({"latitude": 34.55, "longitude": 38.27, "certainty": "sure"}, "location.certainty"),
    ],
)
def test_a_location_off_the_globe_is_refused(
    session: Session, location: dict[str, object], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        b.site(session, location=location)
    assert field_errors(refused) == [field]
    assert session.scalar(select(Site.id)) is None


def test_a_location_defaults_to_exact_and_can_be_removed(session: Session) -> None:
    temple = b.site(
        session, "Temple of Bel", "temple", location={"latitude": 34.55, "longitude": 38.27}
    )
    assert (temple.latitude, temple.longitude, temple.location_certainty) == (34.55, 38.27, "exact")
    sites.update_site(session, SYSTEM, temple.id, {"location": None})
    assert (temple.latitude, temple.longitude, temple.location_certainty) == (None, None, None)


def test_a_site_key_is_unique(session: Session) -> None:
    first = b.site(session, "Temple of Bel", "temple", key="temple-of-bel")
    with pytest.raises(Conflict) as refused:
        b.site(session, "Bel Temple", "temple", key="temple-of-bel")
    assert refused.value.existing == ("site", first.id)
    assert refused.value.field == "key"


def test_a_malformed_key_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        b.site(session, key="Temple of Bel")
    assert field_errors(refused) == ["key"]


# Identifiers


@pytest.mark.parametrize(
    ("scheme", "value"),
    [
        ("wikidata", "Q5747"),
        ("pleiades", "668331"),
        ("unesco", "23"),
        ("unesco", "1021bis"),
        ("geonames", "170654"),
    ],
)
def test_well_formed_identifiers_are_stored(session: Session, scheme: str, value: str) -> None:
    site = b.site(session, identifiers=[{"scheme": scheme, "value": value}])
    assert [
        (i.scheme, i.value) for i in sites.get_site(session, ANONYMOUS, site.id).identifiers
    ] == [(scheme, value)]


@pytest.mark.parametrize(
    ("scheme", "value"),
    [
        ("wikidata", "5747"),
        ("wikidata", "q5747"),
        ("wikidata", "Q05747"),
        ("wikidata", "https://www.wikidata.org/wiki/Q5747"),
        ("pleiades", "places/668331"),
        ("unesco", "23x"),
        ("geonames", "0"),
        ("geonames", 170654),
    ],
)
def test_malformed_identifiers_are_refused(session: Session, scheme: str, value: object) -> None:
    with pytest.raises(InvalidInput) as refused:
        b.site(
            session,
            identifiers=[
                {"scheme": "unesco" if scheme == "pleiades" else "pleiades", "value": "23"},
                {"scheme": scheme, "value": value},
            ],
        )
    assert field_errors(refused) == ["identifiers.1.value"]


def test_an_unknown_identifier_scheme_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        b.site(session, identifiers=[{"scheme": "osm", "value": "123"}])
    assert field_errors(refused) == ["identifiers.0.scheme"]


def test_a_site_has_one_identifier_per_scheme(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        b.site(
            session,
            identifiers=[
                {"scheme": "wikidata", "value": "Q1"},
                {"scheme": "wikidata", "value": "Q2"},
            ],
        )
    assert field_errors(refused) == ["identifiers.1.scheme"]


def test_an_identifier_names_one_site_only(session: Session) -> None:
    palmyra = b.site(session, "Palmyra", identifiers=[{"scheme": "wikidata", "value": "Q5747"}])
    with pytest.raises(Conflict) as refused:
        b.site(session, "Tadmor", identifiers=[{"scheme": "wikidata", "value": "Q5747"}])
    assert refused.value.existing == ("site", palmyra.id)
    assert refused.value.field == "identifiers"


def test_an_identifier_taken_by_another_site_cannot_be_added_by_update(session: Session) -> None:
    palmyra = b.site(session, "Palmyra", identifiers=[{"scheme": "unesco", "value": "23"}])
    other = b.site(session, "Bosra")
    with pytest.raises(Conflict) as refused:
        sites.update_site(
            session, SYSTEM, other.id, {"identifiers": [{"scheme": "unesco", "value": "23"}]}
        )
    assert refused.value.existing == ("site", palmyra.id)


def test_the_same_number_in_different_schemes_is_no_conflict(session: Session) -> None:
    b.site(session, "Palmyra", identifiers=[{"scheme": "pleiades", "value": "668331"}])
    other = b.site(session, "Bosra", identifiers=[{"scheme": "geonames", "value": "668331"}])
    assert [i.scheme for i in other.identifiers] == ["geonames"]


def test_a_site_keeps_or_replaces_its_own_identifiers_on_update(session: Session) -> None:
    palmyra = b.site(session, "Palmyra", identifiers=[{"scheme": "wikidata", "value": "Q5747"}])
    sites.update_site(
        session,
        SYSTEM,
        palmyra.id,
        {
            "identifiers": [
                {"scheme": "wikidata", "value": "Q5747"},
                {"scheme": "unesco", "value": "23"},
            ]
        },
    )
    sites.update_site(
        session, SYSTEM, palmyra.id, {"identifiers": [{"scheme": "wikidata", "value": "Q1"}]}
    )
    session.expire_all()
    assert [
        (i.scheme, i.value) for i in sites.get_site(session, ANONYMOUS, palmyra.id).identifiers
    ] == [("wikidata", "Q1")]


def test_a_site_keeps_its_names_and_designations_when_other_fields_change(
    session: Session,
) -> None:
    """Lists are replaced whole, and an entry kept has the same unique key as its stored
    row: the old rows must go before the new ones are written (an import that changed a
    site's kind and kept its Arabic name stopped at "the database refused this record")."""
    palmyra = b.site(
        session,
        "Palmyra",
        names=[{"name": "تدمر", "lang": "ar"}, {"name": "Tadmor", "lang": "en"}],
        designations=["world_heritage"],
    )
    sites.update_site(
        session,
        SYSTEM,
        palmyra.id,
        {
            "kind": "town",
            "names": [{"name": "تدمر", "lang": "ar"}, {"name": "Palmyre", "lang": "fr"}],
            "designations": ["world_heritage"],
        },
    )
    session.expire_all()
    stored = sites.get_site(session, ANONYMOUS, palmyra.id)
    assert stored.kind == "town"
    assert [(n.name, n.lang) for n in stored.names] == [("تدمر", "ar"), ("Palmyre", "fr")]
    assert [d.designation for d in stored.designations] == ["world_heritage"]


# Deletion


def test_a_site_with_events_cannot_be_deleted(session: Session) -> None:
    temple = b.site(
        session,
        "Temple of Bel",
        "temple",
        names=[{"name": "معبد بل", "lang": "ar"}],
        identifiers=[{"scheme": "wikidata", "value": "Q1141296"}],
    )
    destruction = b.event(session, temple, "destroyed", "2015-08-30")
    with pytest.raises(Conflict):
        sites.delete_site(session, SYSTEM, temple.id)
    assert sites.get_site(session, ANONYMOUS, temple.id).id == temple.id
    events.delete_event(session, SYSTEM, destruction.id)
    sites.delete_site(session, SYSTEM, temple.id)
    with pytest.raises(NotFound):
        sites.get_site(session, ANONYMOUS, temple.id)
    # A tombstone keeps its names and identifiers, so an admin's restore brings the site
    # back whole: the Wikidata item stays taken by the deleted site.
    with pytest.raises(Conflict) as taken:
        b.site(session, identifiers=[{"scheme": "wikidata", "value": "Q1141296"}])
    assert taken.value.existing == ("site", temple.id)


def test_a_site_containing_other_sites_cannot_be_deleted(session: Session) -> None:
    city = b.site(session, "Palmyra", "city")
    b.site(session, "Temple of Bel", "temple", parent=city)
    with pytest.raises(Conflict):
        sites.delete_site(session, SYSTEM, city.id)


def test_deleting_a_missing_site_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        sites.delete_site(session, SYSTEM, 999_999)


# Search


@pytest.fixture
def named_sites(session: Session) -> dict[str, Site]:
    return {
        "palmyra": b.site(
            session,
            "Palmyra",
            "city",
            names=[
                {"name": "Tadmur", "lang": "ar-Latn", "type": "transliteration"},
                {"name": "Tadmor", "lang": "en", "type": "alternative"},
                {"name": "تَدْمُر", "lang": "ar", "type": "preferred"},
            ],
        ),
        "baalshamin": b.site(session, "Temple of Baʿalšamîn", "temple"),
        "apamea": b.site(session, "Apamea", "city", names=[{"name": "أفاميا", "lang": "ar"}]),
        "prison": b.site(session, "Tadmur Prison", "prison"),
    }


def found(session: Session, query: str) -> list[str]:
    return [site.name for site in sites.list_sites(session, ANONYMOUS, q=query).items]


def test_search_finds_alternative_names(session: Session, named_sites: dict[str, Site]) -> None:
    assert found(session, "tadmor") == ["Palmyra"]


def test_search_ignores_case(session: Session, named_sites: dict[str, Site]) -> None:
    assert found(session, "TADMUR") == found(session, "tadmur") == ["Palmyra", "Tadmur Prison"]
    assert found(session, "pALMYRA") == ["Palmyra"]


def test_search_in_arabic_ignores_harakat(session: Session, named_sites: dict[str, Site]) -> None:
    assert found(session, "تدمر") == ["Palmyra"]


def test_search_in_arabic_ignores_hamza_on_alef(
    session: Session, named_sites: dict[str, Site]
) -> None:
    assert found(session, "افاميا") == ["Apamea"]


def test_search_finds_a_name_with_diacritics_typed_without_them(
    session: Session, named_sites: dict[str, Site]
) -> None:
    assert found(session, "baalsamin") == ["Temple of Baʿalšamîn"]
    assert found(session, "Baʿalšamîn") == ["Temple of Baʿalšamîn"]


def test_search_treats_wildcards_as_plain_characters(
    session: Session, named_sites: dict[str, Site]
) -> None:
    assert found(session, "%") == []
    assert found(session, "_") == []


def test_search_returns_nothing_for_an_unknown_name(
    session: Session, named_sites: dict[str, Site]
) -> None:
    assert found(session, "Aleppo") == []


def test_sites_can_be_listed_by_kind_parent_and_box(session: Session) -> None:
    city = b.site(session, "Palmyra", "city", location={"latitude": 34.55, "longitude": 38.27})
    b.site(
        session,
        "Temple of Bel",
        "temple",
        parent=city,
        location={"latitude": 34.547, "longitude": 38.274},
    )
    b.site(
        session, "Citadel of Aleppo", "citadel", location={"latitude": 36.199, "longitude": 37.163}
    )
    assert [s.name for s in sites.list_sites(session, ANONYMOUS, kind="temple").items] == [
        "Temple of Bel"
    ]
    assert [s.name for s in sites.list_sites(session, ANONYMOUS, parent_id=city.id).items] == [
        "Temple of Bel"
    ]
    box = sites.parse_bbox("38,34,39,35")
    assert [s.name for s in sites.list_sites(session, ANONYMOUS, bbox=box).items] == [
        "Palmyra",
        "Temple of Bel",
    ]


def test_a_malformed_box_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        sites.parse_bbox("38,35,39,34")
    assert field_errors(refused) == ["bbox"]


def test_an_identifier_with_a_trailing_newline_is_refused(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        sites.create_site(
            session,
            SYSTEM,
            {
                "name": "Palmyra",
                "kind": "city",
                "identifiers": [{"scheme": "wikidata", "value": "Q5747\n"}],
            },
        )
    assert field_errors(refused) == ["identifiers.0.value"]


def test_a_sites_family_names_its_parent_first_and_its_living_children_by_name(
    session: Session,
) -> None:
    city = b.site(session, "Zenobia's city", "city")  # sorts after every child
    temple = b.site(session, "Temple of Bel", "temple", parent=city)
    cella = b.site(session, "Cella", "temple", parent=temple)
    altar = b.site(session, "Altar", "monument", parent=temple)
    gone = b.site(session, "Adyton", "temple", parent=temple)
    sites.delete_site(session, SYSTEM, gone.id)
    session.commit()

    family = sites.site_family(session, ANONYMOUS, temple.id, city.id)
    assert family.parent == (city.id, "Zenobia's city")
    assert family.children == [(altar.id, "Altar"), (cella.id, "Cella")]
    # The parent is kept when the children fill the limit; without a parent, none.
    assert sites.site_family(session, ANONYMOUS, temple.id, city.id, limit=1) == (
        (city.id, "Zenobia's city"),
        [(altar.id, "Altar")],
    )
    assert sites.site_family(session, ANONYMOUS, city.id, None).parent is None
