"""Contradiction flags and grades of an event, from its claims: pure functions.

The grading rule, applied in this order (the first that holds decides):

1. A reviewer's override, stored with its reason, wins.
2. `discounted`: no claim affirms the event (there are none, or every source disputes it).
3. `confirmed`: an affirming claim rests on imagery, or comes from the responsible party:
   its basis is `responsible_party`, or its speaker speaks for an actor that is (or is part
   of, or contains) one of the event's perpetrators or controllers.
4. `contested`: the claims contradict each other (any flag below).
5. `fair`: affirming claims come from two or more independent sources.
6. `weak`: a single source affirms it.

Independent means a different originating source: a claim originates with its speaker, or,
in the article's own voice, with the wire agency the article republishes, else its
publisher; people and desks count as the organisation they belong to (the root of their
affiliation chain). Ten outlets running one wire story are one source.

Flags, each naming the two claims involved:
- `date_conflict`: two affirming claims state dates whose intervals do not overlap;
- `perpetrator_conflict`: two affirming claims name different actors, neither part of the other;
- `stance_conflict`: one source affirms what another disputes.

A flag's detail is a heritage.messages Message: the API serves its English, a report or a
page shows it in its own language (its dates as that language writes them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from heritage.dates import EdtfDate
from heritage.messages import N_, Message
from heritage.vocab import ClaimBasis, FlagKind, Grade, Stance


@dataclass(frozen=True, slots=True)
class ClaimEvidence:
    """What grading needs to know of one claim."""

    id: int
    stance: str
    basis: str
    origin_id: int  # the independent source the claim comes from (see the module rule)
    speaker_actor_ids: frozenset[int]  # actors the speaker speaks for, with their lineage
    stated_date: EdtfDate | None
    stated_actor_id: int | None


@dataclass(frozen=True)  # no __slots__: written out by orjson, faster from a __dict__
class Flag:
    kind: FlagKind
    claim_ids: tuple[int, int]
    detail: str  # a Message (see the module's docstring)

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind.value, "claim_ids": list(self.claim_ids), "detail": self.detail}


STANCE_CONFLICT_DETAIL = N_("One source affirms, another disputes.")
PERPETRATOR_CONFLICT_DETAIL = N_("The claims name different actors.")


def date_conflict_detail(first: EdtfDate, second: EdtfDate) -> Message:
    """What a date conflict says: the two stated dates, kept as dates (they print as their
    EDTF) so that a report can write them in its own language."""
    return N_("Stated dates %(first)s and %(second)s do not overlap.", first=first, second=second)


def _related(a: int, b: int, lineage: Mapping[int, frozenset[int]]) -> bool:
    """Whether one actor is the other or part of it (ISIL's wing and ISIL are not at odds)."""
    return a in lineage.get(b, frozenset({b})) or b in lineage.get(a, frozenset({a}))


def contradiction_flags(
    claims: Sequence[ClaimEvidence], actor_lineage: Mapping[int, frozenset[int]]
) -> list[Flag]:
    flags: list[Flag] = []
    for first, second in combinations(sorted(claims, key=lambda c: c.id), 2):
        pair = (first.id, second.id)
        if first.stance != second.stance:
            flags.append(Flag(FlagKind.STANCE_CONFLICT, pair, STANCE_CONFLICT_DETAIL))
            continue
        if first.stance != Stance.AFFIRMS:
            continue
        if (
            first.stated_date
            and second.stated_date
            and not first.stated_date.overlaps(second.stated_date)
        ):
            flags.append(
                Flag(
                    FlagKind.DATE_CONFLICT,
                    pair,
                    date_conflict_detail(first.stated_date, second.stated_date),
                )
            )
        if (
            first.stated_actor_id is not None
            and second.stated_actor_id is not None
            and not _related(first.stated_actor_id, second.stated_actor_id, actor_lineage)
        ):
            flags.append(Flag(FlagKind.PERPETRATOR_CONFLICT, pair, PERPETRATOR_CONFLICT_DETAIL))
    return flags


def _from_responsible_party(
    claim: ClaimEvidence,
    responsible_actor_ids: Iterable[int],
    actor_lineage: Mapping[int, frozenset[int]],
) -> bool:
    if claim.basis == ClaimBasis.RESPONSIBLE_PARTY:
        return True
    return any(
        _related(spoken_for, responsible, actor_lineage)
        for spoken_for in claim.speaker_actor_ids
        for responsible in responsible_actor_ids
    )


def grade(
    claims: Sequence[ClaimEvidence],
    *,
    responsible_actor_ids: Iterable[int],
    actor_lineage: Mapping[int, frozenset[int]],
    flags: Sequence[Flag],
    override: str | None = None,
) -> Grade:
    """The grade of one event by the module's rule."""
    if override:
        return Grade(override)
    affirming = [claim for claim in claims if claim.stance == Stance.AFFIRMS]
    if not affirming:
        return Grade.DISCOUNTED
    responsible = tuple(responsible_actor_ids)
    if any(
        claim.basis == ClaimBasis.IMAGERY
        or _from_responsible_party(claim, responsible, actor_lineage)
        for claim in affirming
    ):
        return Grade.CONFIRMED
    if flags:
        return Grade.CONTESTED
    if len({claim.origin_id for claim in affirming}) >= 2:
        return Grade.FAIR
    return Grade.WEAK
