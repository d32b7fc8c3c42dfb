"""An event whose claims raise every kind of contradiction flag, made through the services:
what the flag-detail tests of reports and of the API read."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from heritage.models import Event, Site
from heritage.vocab import FlagKind
from tests.heritage import builders as b

ENGLISH_DETAILS = {
    FlagKind.STANCE_CONFLICT: "One source affirms, another disputes.",
    FlagKind.PERPETRATOR_CONFLICT: "The claims name different actors.",
    FlagKind.DATE_CONFLICT: "Stated dates 2015-07 and 2015-08-23 do not overlap.",
}


@dataclass(frozen=True)
class Contested:
    temple: Site
    destruction: Event


def contested_destruction(session: Session) -> Contested:
    """Baalshamin's destruction as three sources tell it: the Observatory puts it in July
    and blames ISIL, state media put it on 23 August and blame the army, a third source
    denies it. Every kind of flag on one event."""
    palmyra = b.site(session, "Palmyra", "city")
    temple = b.site(session, "Temple of Baalshamin", "temple", parent=palmyra)
    isil, army = b.actor(session, "ISIL"), b.actor(session, "Syrian Arab Army")
    destruction = b.event(session, temple, "destroyed", "2015-08-23/2015-08-25")
    b.reported(
        session,
        destruction,
        b.source(session, "Syrian Observatory for Human Rights"),
        "2015-08-24",
        stated_date="2015-07",
        stated_actor=isil,
    )
    b.reported(
        session,
        destruction,
        b.source(session, "SANA"),
        "2015-08-25",
        stated_date="2015-08-23",
        stated_actor=army,
    )
    denial = b.article(session, b.source(session, "Local council"), "2015-08-26")
    b.claim(session, denial, destruction, "disputes")
    session.commit()
    return Contested(temple, destruction)
