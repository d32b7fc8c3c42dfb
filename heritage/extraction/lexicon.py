"""The ways English says each event type, written from the meaning of the type rather than
from the texts read so far: verbs in their inflections (active and passive), their nouns
("the looting of"), participles used as adjectives ("the ransacked museum"), multiword forms
("fell into the hands of", "went missing", "moved to safety") and near-synonyms.

Each entry is (triggers, pattern): the triggers, "|"-separated, are lower-case substrings one
of which the pattern cannot match without, so a line is scanned only when it holds one; "&"
joins groups of which the line must hold one each. The
argument structure (which noun is the site, which the actor) is read by the candidate assembly
as for every cue; an entry narrows its own words where a bare verb would read a civilian or
figurative use."""

from __future__ import annotations

from heritage.vocab import EventType

_GAP = r"(?:[\w’'-]+\s+){0,%d}?"
# Things a museum, library or archive holds: their loss is the institution's.
HELD_THINGS = (
    r"(?:artefacts?|artifacts?|antiquities|collections?|manuscripts|books|archives?|documents"
    r"|treasures|objects|pieces|items|relics|statues|sculptures|exhibits|holdings|works\s+of\s+art"
    r"|artworks|paintings|icons|coins|tablets|scrolls|valuables)"
)
_ARMED = (
    r"(?:forces|fighters|militants|militias?|troops|soldiers|army|rebels|gunmen|jihadists"
    r"|insurgents|units|battalions?|brigades?|armou?r|tanks)"
)
_WEAPON = (
    r"(?:shells?|shelling|mortars?|rockets?|missiles?|air\s*strikes?|airstrikes?|barrel\s+bombs?"
    r"|bombs?|bombing|bombardment|artillery|drones?|grenades?|car\s+bombs?|explosions?|blasts?"
    r"|gunfire|tank\s+fire|shrapnel|projectiles?|munitions?)"
)

# What a site is made into or used as by armed men: the trigger words of those phrases.
_MILITARY_USES = (
    "military|base|barrack|headquarters|prison|jail|detention|arms|weapons|command|fortress"
    "|stronghold|garrison|outpost|bunker|armo|ammunition|sniper|checkpoint|firing|training"
    "|hospital|depot|observation|lookout|launch|staging|shooting|fighting|defensive"
)

# A weapon aimed at a site, in the active ("launched a missile at the X"): possible damage,
# which candidates drops where the article tells harm to that site.
AIMED_AT = (
    r"\b(?:launched|fired|aimed)\s+(?:[\w’'-]+\s+){0,4}?(?:missiles?|rockets?|shells?|mortars?"
    r"|bombs?|drones?|projectiles?|grenades?)\s+(?:at|towards?)\b"
)
# rules-15: an attack on a site, its hit never stated ("condemns the attack on the X shrine"):
# possible damage too (the guide, 3.2, and its open question on attacks "at" or "on" a site)
# On people, the place is where they were ("on worshippers at the X shrine"), else none.
_NOT_ON_PEOPLE = (
    r"(?!\s*(?:[a-z]+\s+)?(?:civilians|people|worshippers|worshipers|pilgrims|residents|children"
    r"|women|men|protesters|demonstrators|journalists|soldiers|troops|forces|convoys?|patrols?"
    r"|checkpoints?)\b(?!\s+(?:at|inside)\b))"
)
ATTACK_ON = r"\b(?:attacks?)\s+(?:on|against|at)\b" + _NOT_ON_PEOPLE
# rules-19: a site attacked or targeted, told in the active ("gunmen attacked the shrine"):
# possible damage, as an attack on it is ("attacked a mosque" names none the text may name
# elsewhere: left to the article's other sentences)
ATTACKED = (
    r"\b(?:attacked|targeted|opened\s+fire\s+(?:on|at))\s+"
    + _NOT_ON_PEOPLE
    + r"(?=(?:the|two|three|four|five|six|several|dozens\s+of|at\s+least|more\s+than|over|\d+)\s)"
)
# rules-19: "the mosque came under fire": what came under it is the subject, told before
CAME_UNDER = r"\bcame\s+under\s+(?:heavy\s+|intense\s+|repeated\s+)?"
# rules-19: a bomb gone off at a site, a bombing carried out at it, bombers at it: possible
# damage too, its hit never told
EXPLODED_AT = (
    r"\b(?:bombs?|explosives?|IEDs?|devices?|bombers?|vests?)\s+(?:[\w’'-]+\s+){0,2}?"
    r"(?:exploded|went\s+off|detonated|blew\s+(?:up|himself\s+up|themselves\s+up))\s+"
    r"(?:[\w’'-]+\s+){0,2}?(?:in|at|inside|outside|near|beside)\b"
    r"|\bbombings?\s+(?:was|were)\s+carried\s+out\s+(?:[\w’'-]+\s+){0,4}?(?:at|in|inside)\b"
    r"|\bsuicide\s+bombers?\s+(?:at|inside)\b"
)
# rules-15: a fight, offensive or push "to liberate" a place is a fight for it, no capture yet
FIGHT_TO = (
    r"\b(?:fight|battle|offensive|push|campaign|operation|efforts?)\s+to\s+"
    r"(?:liberate|retake|recapture|capture|free|clear)\b"
    # rules-20: "as coalition forces begin the liberation of Mosul"
    r"|\b(?:begin|begins|began|begun|beginning|launch(?:ed|es|ing)?|start(?:ed|s|ing)?)\s+"
    r"(?:the|its|their)\s+(?:liberation|recapture)\b"
)
# the same in the passive: "rockets were fired at the X"
FIRED_AT = (
    r"\b(?:missiles?|rockets?|shells?|mortars?|bombs?|drones?|projectiles?|grenades?)\s+"
    r"(?:were|was|had\s+been|have\s+been|has\s+been)\s+(?:fired|launched|aimed)\s+"
    r"(?:at|towards?)\b"
)

# People hit are no site hit: "two of our men were hit" (each a fixed-width look-behind).
_NOT_PEOPLE = "".join(
    rf"(?<!{word}\s)"
    for word in (
        "elements",
        "soldiers",
        "fighters",
        "troops",
        "civilians",
        "people",
        "men",
        "women",
        "children",
        "residents",
        "guards",
        "members",
        "he",
        "she",
        "they",
        "we",
        "He",
        "She",
        "They",
        "We",
    )
)

LEXICON: dict[EventType, tuple[tuple[str, str], ...]] = {
    EventType.DESTROYED: (
        # rules-10, the guide (2.3.1): "are tearing down shrines", in every form of the verb
        (
            "tear|pull|knock",
            r"\b(?:tearing|tears|tear|pulling|pulls|pull|pulled|knocking|knocked)\s+down\b",
        ),
        # rules-19: "nothing remains of the shrine"
        (
            "nothing",
            r"\bnothing\s+(?:remains|remained|is\s+left|was\s+left|survives|survived)\s+of\b",
        ),
        # rules-8, the guide's "completely burned out": burned with nothing left standing
        (
            "burned|burnt",
            r"\b(?:(?:completely|totally|entirely|fully)\s+burn(?:ed|t)(?:\s+(?:out|down))?"
            r"|burn(?:ed|t)\s+out)\b",
        ),
        (
            "ruin|reduced to",
            r"\b(?:lay|lies|left|now)\s+in\s+ruins\b|\breduced\s+to\s+(?:ashes|a\s+shell|a\s+pile)",
        ),
        (
            "ground",
            r"\bburn(?:ed|t)\s+to\s+the\s+ground\b|\b(?:razed|levell?ed)\s+to\s+the\s+ground\b",
        ),
        ("annihilat", r"\bannihilat(?:ed|ing|ion)\b"),
        # rules-15: "an airstrike leveled a Syrian mosque": the active, with its object
        (
            "level|razed|flattened",
            r"\b(?:levell?ed|razed|flattened)(?=\s+(?:the|an?|its|their|several|two|three|\d+)\s)",
        ),
        # rules-15: "whole towns have been laid waste", "laid waste to the old city"
        ("waste", r"\b(?:laid|lay|laying|lays|lain)\s+waste\b"),
        ("eradicat", r"\beradicat(?:ed|ing|ion)\b"),
        (
            "wreck",
            r"\b(?:was|were|been|is|are|left|lay|lies)\s+(?:[a-z]+ly\s+)?wrecked\b|\bwreck(?:ed|ing)\s+(?=(?:the\s+)?(?-i:[A-Z]))",
        ),
        ("no longer", r"\bno\s+longer\s+(?:exists?|stands?|standing)\b"),
        ("wiped off", r"\bwiped\s+off\s+the\s+map\b"),
        (
            "pieces|bits|smithereens",
            r"\b(?:blew|blown|blowing|blow|smashed|hacked)\b(?=\s+(?:[\w’'-]+\s+){0,5}?to\s+(?:pieces|bits|smithereens)\b)",
        ),
        ("explod", r"\bexploded\s+(?:[\w’'-]+\s+){0,2}?(?:inside|in)\b(?=\s+(?:the|it))"),
        (
            "detonat",
            r"\bdetonat(?:ed|ing)\s+(?:[\w’'-]+\s+){0,3}?(?:explosives|charges|bombs)\s+(?:in|inside|at)\b",
        ),
        ("crumbl", r"\bcrumbled\b"),
        ("gone", r"\b(?:is|are|was|were)\s+(?:now\s+)?(?:completely\s+|entirely\s+)?gone\b"),
        ("total loss", r"\btotal\s+loss\b"),
        ("incinerat", r"\bincinerat(?:ed|ing)\b"),
    ),
    EventType.SEVERELY_DAMAGED: (
        # rules-16: destruction stated as all but complete ("nearly destroyed", "near destruction")
        (
            "nearly|almost|virtually|near",
            r"\b(?:nearly|almost|virtually|all\s+but)\s+(?:completely\s+|totally\s+)?(?:destroyed|razed"
            r"|demolished|flattened)\b|\bnear(?:-|\s+)(?:total\s+)?destruction\b",
        ),
        ("badly", r"\bbadly\s+(?:hit|burn(?:ed|t)|scarred|battered|shattered)\b"),
        ("heav", r"\bheavily\s+(?:hit|shelled|bombed|burn(?:ed|t)|scarred|battered)\b"),
        ("devastat", r"\b(?:was|were|been|is|are|left|lay|lies)\s+(?:[a-z]+ly\s+)?devastated\b"),
        # rules-19: "the fighting left the town devastated", "left much of it in ruins"
        ("devastat", r"\bleft\s+(?:[\w’'-]+\s+){1,4}?devastated\b"),
        (
            "in ruins",
            r"\bleft\s+(?:much|most|large\s+parts?|parts?|half)\s+of\s+(?:[\w’'-]+\s+){1,3}?in\s+ruins\b",
        ),
        ("ravag", r"\bravag(?:ed|ing)\b"),
        (
            "collapse",
            r"\b(?:roof|dome|walls?|minaret|facade|façade|ceiling|tower)\s+(?:[\w’'-]+\s+){0,2}?collapsed\b",
        ),
        ("partial", r"\bpartial(?:ly)?\s+(?:collapse[ds]?|destruction)\b"),
        ("in ruins", r"\blargely\s+in\s+ruins\b"),
        # "half of the temple was destroyed": a part destroyed is the whole severely damaged
        (
            "half of|part of|parts of|much of|most of|section"
            "&destroyed|razed|demolished|flattened|level",
            r"\b(?:half|part|parts|much|most|large\s+parts?|sections?)\s+of\s+(?:[\w’'-]+\s+){1,5}?"
            r"(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:[a-z]+ly\s+)?(?:destroyed|razed|demolished|flattened|levell?ed)\b",
        ),
        # "80 to 90% of the town had been destroyed", "two-thirds of the old city was razed":
        # a share short of the whole destroyed is the whole severely damaged
        (
            "%|per cent|percent|third|quarter|fifth&destroyed|razed|demolished|flattened|level",
            r"(?:\b\d{1,2}(?:[.,]\d+)?(?:\s*(?:to|-|–)\s*\d{1,2}(?:[.,]\d+)?)?\s*(?:%|per\s*cent\b)"
            r"|\b(?:a|one|two|three|four)[\s-](?:thirds?|quarters?|fifths?))"
            r"\s+of\s+(?:[\w’'-]+\s+){1,5}?"
            r"(?:was|were|has\s+been|have\s+been|had\s+been)\s+(?:[a-z]+ly\s+)?(?:destroyed|razed|demolished|flattened|levell?ed)\b",
        ),
    ),
    EventType.MODERATELY_DAMAGED: (
        ("moderate", r"\bmoderate\s+(?:damage|destruction|harm)\b"),
        ("moderately", r"\bmoderately\s+(?:hit|affected|harmed|burn(?:ed|t)|shelled)\b"),
        (
            "degree|extent",
            r"\bdamaged\s+to\s+a\s+(?:moderate|limited|certain)\s+(?:degree|extent)\b",
        ),
    ),
    EventType.POSSIBLY_DAMAGED: (
        # rules-8: the passive of a weapon aimed at a site ("rockets were fired at the X")
        (
            "fired|launched|aimed&missile|rocket|shell|mortar|bomb|drone|projectile|grenade",
            FIRED_AT,
        ),
        # a modal on any harm leaves its severity open: "may have been razed" (a fear is no claim)
        (
            "have been&may|might|could",
            r"\b(?:may|might|could)\s+(?:also\s+|well\s+)?have\s+been\s+(?:destroyed|razed|demolished"
            r"|blown\s+up|levell?ed|flattened|bulldozed|shelled|bombed|burn(?:ed|t))\b",
        ),
        ("possible damage", r"\bpossible\s+damage\b"),
        # a weapon aimed at a site is told, not what it did: "launched a missile at the X"
        (
            "launched|fired|aimed&missile|rocket|shell|mortar|bomb|drone|projectile|grenade",
            AIMED_AT,
        ),
        ("suffered|sustained", r"\b(?:may|might|could)\s+have\s+(?:suffered|sustained)\s+damage\b"),
        ("attack", ATTACK_ON),
        # rules-16: a site attacked, its hit never told ("the mosque was attacked", a headline's
        # "Mosque Attacked", "an attack by insurgents at a mosque")
        (
            "attacked",
            r"\b(?:was|were|been|being|is|are)\s+(?:repeatedly\s+|again\s+)?attacked\b(?!\s+by\s+(?:dogs|bees))"
            r"|(?<=\w\s)(?-i:Attacked)\b",
        ),
        ("attack", r"\battacks?\s+by\s+(?:[\w’'-]+\s+){1,3}?(?:at|on)\b(?=\s+(?:the|an?)\s)"),
        # rules-19, the type table in the news's words: a site attacked in the active, a bomb
        # gone off at it, worshippers struck in it
        ("attacked|targeted|opened fire", ATTACKED),
        # rules-21: "the monastery was a target of the Kosovo Liberation Army"
        (
            "target",
            r"\b(?:was|were|became|has\s+been|have\s+been|had\s+been)\s+(?:a|the)\s+(?:[\w’'-]+\s+)?"
            r"targets?\s+(?:of|for)\s+(?:an?\s+)?(?:attacks?|shelling|air\s*strikes?|strikes?|bombings?"
            r"|arson|looters|militants|insurgents|rebels|fighters|gunmen|(?:the\s+)?(?-i:[A-Z]))",
        ),
        # "came under fire", rockets that "landed near" it: its hit never told
        ("came under", CAME_UNDER + r"(?:fire|attack|gunfire|rocket\s+fire|mortar\s+fire)\b"),
        (
            "landed|fell|exploded&near|close to|next to|outside",
            r"\b(?:rockets?|shells?|mortars?|missiles?|bombs?|rounds?|projectiles?)\s+(?:[\w’'-]+\s+){0,2}?"
            r"(?:landed|fell|exploded)\s+(?:near|close\s+to|next\s+to|outside)\b",
        ),
        ("exploded|went off|detonated|blew|carried out|bombers", EXPLODED_AT),
        (
            "struck&worshippers|worshipers|pilgrims|mourners|crowd",
            r"\bstruck\s+(?:[\w’'-]+\s+){0,2}?(?:worshippers|worshipers|pilgrims|mourners|crowds?)"
            r"\s+(?:at|inside|in)\b",
        ),
    ),
    EventType.DAMAGED: (
        # rules-15: weapons' attacks on a place are harm to it as a place, as its bombardment
        # is ("missile attacks on Kyiv"; the guide's open question on barrages)
        (
            "attack|strike&missile|rocket|air|drone|artillery|mortar",
            r"\b(?:missile|rocket|air|drone|artillery|mortar)\s+(?:attacks?|strikes?)\s+(?:on|against)\b"
            r"(?=\s+(?:the\s+)?(?:(?:city|town)\s+of\s+)?(?-i:[A-Z\u0600-\u06ff]))",
        ),
        # rules-10, the guide (2.3.2): "the bombardment of Qadira" is harm to the place as a place
        (
            "bombardment|shelling|bombing",
            # of a place by its name, not "the shelling of historic buildings" (no place)
            r"\b(?:bombardments?|shellings?|bombings?)\s+of\b(?=\s+(?:the\s+)?(?:(?:ancient|historic|old)\s+)?"
            r"(?:(?:city|town)\s+of\s+)?(?-i:[A-Z\u0600-\u06ff]))",
        ),
        ("harm", r"\b(?:was|were|been|be)\s+harmed\b"),
        # rules-19: "the blast blew out the windows of the museum"; "came under shelling"
        ("blew out|blown out", r"\b(?:blew|blown)\s+out\s+(?:the\s+|its\s+|all\s+)?windows\b"),
        (
            "came under",
            CAME_UNDER + r"(?:shelling|bombardment|air\s*strikes|artillery\s+fire|bombing)\b",
        ),
        # rules-19: "a fire broke out in the museum"
        (
            "fire",
            r"\bfires?\s+(?:broke\s+out|erupted|raged|spread|swept)\s+(?:[\w’'-]+\s+){0,2}?"
            r"(?:in|at|inside|through|across|into)\b",
        ),
        # rules-15: "peppered with hundreds of bullet holes", "pockmarked by shrapnel"
        (
            "peppered|riddled|pockmarked|pock-marked|scarred",
            r"\b(?:peppered|riddled|pock-?marked|scarred)\s+(?:with|by)\s+(?:[\w’'-]+\s+){0,3}?"
            r"(?:bullets?|bullet\s+holes|shrapnel|gunfire|shells?|shell\s+holes|fragments)\b",
        ),
        # rules-9, the guide's table (3.1): "hit" with no severity is damage, in the passive
        # too ("the X was hit"), and a weapon that "landed in" a site hit it (a dud is
        # possible damage: candidates reads "did not explode")
        (
            "hit",
            _NOT_PEOPLE
            + r"\b(?:was|were|been|being)\s+(?:directly\s+|also\s+|repeatedly\s+)?hit\b(?!\s+hard)",
        ),
        (
            "landed|fell|exploded|struck&shell|missile|rocket|bomb|mortar|projectile",
            r"\b(?:shells?|missiles?|rockets?|bombs?|mortars?(?:\s+rounds?)?|projectiles?)\s+"
            r"(?:[\w’'-]+\s+){0,4}?(?:landed|fell|exploded)\s+(?:[\w’'-]+\s+)?(?:in|on|inside|at|into|onto)\b",
        ),
        (
            "suffered|sustained|incurred",
            r"\b(?:suffered|sustained|incurred)\s+(?:some\s+)?(?:damage|harm|hits?|direct\s+hits?)\b",
        ),
        (
            "scarred|pockmarked|riddled",
            r"\b(?:scarred|pockmarked|riddled)\s+(?:[\w’'-]+\s+){0,2}?(?:by|with)\s+(?:bullets?|shrapnel|gunfire|shells?|bullet\s+holes)\b",
        ),
        ("crack", r"\bcracked\b(?=\s+(?:by|after|in|when))"),
        (
            "shattered|blown out",
            r"\b(?:windows|glass|doors)\s+(?:[\w’'-]+\s+){0,2}?(?:shattered|blown\s+out)\b",
        ),
        (
            "direct hit|impact",
            r"\b(?:direct\s+hit|impacts?\s+of\s+(?:shells?|rockets?|missiles?))\b",
        ),
        ("bombard", r"\bbombard(?:ed|ing)\b"),
        # "hit during an air raid": struck in an attack the sentence names
        (
            "hit|struck&raid|strike|shelling|bombardment|attack|bombing",
            r"\b(?:hit|struck)\b(?=\s+(?:[\w’'-]+\s+){0,2}?(?:during|in|by)\s+(?:an?\s+|the\s+)?(?:[\w’'-]+\s+)?"
            r"(?:air\s*raids?|air\s*strikes?|airstrikes?|shelling|bombardment|attacks?|bombing|raids?|strikes?)\b)",
        ),
        # fire set to a building burns it, whatever the idiom
        (
            "ablaze|flames|firebomb|arson|on fire",
            r"\bset\s+(?:[\w’'-]+\s+){0,2}?ablaze\b|\bwent\s+up\s+in\s+flames\b"
            r"|\bengulfed\s+(?:[\w’'-]+\s+){0,2}?(?:in|by)\s+(?:flames|fire)\b|\bfirebomb(?:ed|ing)\b|\barson\s+attack\b"
            r"|\bon\s+fire\b",
        ),
        # a projectile that comes down on a building strikes it
        (
            "landed|fell|exploded|impacted|crashed",
            r"\b(?:shells?|rockets?|missiles?|mortars?|mortar\s+rounds?|bombs?|projectiles?)"
            r"\s+(?:[\w’'-]+\s+){0,2}?(?:landed|fell|exploded|impacted|crashed)\s+(?:on|in|inside|into|onto)\b",
        ),
        ("straf", r"\bstraf(?:ed|ing)\b"),
        ("caught in", r"\bcaught\s+in\s+the\s+(?:crossfire|fighting|blast|explosion)\b"),
    ),
    EventType.LOOTED: (
        # rules-9, the guide's table (3.1): material stripped from a site was taken
        # ("copper was stripped from the dome"; "the museum was stripped of its collection")
        ("stripped", r"\bstripped\s+(?:from|off)\b|\bstripped\s+of\s+(?:its|their|all)\b"),
        # "lost much of its collection to looters": the loss named by who took it
        (
            "lost",
            r"\blost\s+(?:[\w’'-]+\s+){0,5}?to\s+(?:looters|thieves|looting|theft|plunder|pillage)\b",
        ),
        (
            "missing",
            r"\b(?:went|gone|are|were|is|was|remain|remained|reported|listed)\s+missing\b"
            + r"|\bmissing\s+"
            + HELD_THINGS
            + r"\b",
        ),
        ("sack", r"\bsack(?:ed|ing)\b(?!\s+(?:the\s+)?(?:coach|manager|minister))"),
        ("rob", r"\brobb(?:ed|ing|ery)\b"),
        ("theft", r"\bthefts?\s+(?:[\w’'-]+\s+){0,5}?from\b"),
        (
            "steal",
            r"\bsteal(?:ing|s)?\b(?!\s+(?:the\s+)?(?:show|limelight|spotlight|headlines|march|glances?))",
        ),
        ("made off", r"\bmade\s+off\s+with\b"),
        (
            "away",
            r"\b(?:took|taken|carried|hauled|trucked)\s+away\s+(?:[\w’'-]+\s+){0,3}?"
            + HELD_THINGS
            + r"\b",
        ),
        # what kept the collection emptied: "emptied the display cases of the museum"
        (
            "emptied|stripped|cleared out",
            r"\b(?:emptied|stripped|cleared\s+out)\s+(?:[\w’'-]+\s+){0,2}?(?:display\s+cases"
            r"|showcases|vitrines|shelves|storerooms|store\s+rooms|vaults|galleries|strongrooms)\b",
        ),
        (
            "looters",
            r"\blooters\s+(?:have\s+|had\s+)?(?:broke\s+into|broken\s+into|entered|raided|stripped|targeted|descended\s+on|ransacked|emptied)\b",
        ),
        (
            "traffick",
            r"\btraffick(?:ed|ing)\s+(?:in\s+)?(?:[\w’'-]+\s+){0,2}?(?:antiquities|artefacts|artifacts)\b",
        ),
        ("sold", r"\bsold\s+(?:[\w’'-]+\s+){0,3}?on\s+the\s+black\s+market\b"),
        ("raid", r"\braided\b"),
        ("empt", r"\bemptied\b(?=\s+(?:by|of|\.|,))"),
        (
            "disappeared|vanished",
            r"\b" + HELD_THINGS + r"\s+(?:[\w’'-]+\s+){0,3}?(?:disappeared|vanished)\b",
        ),
    ),
    EventType.VANDALISED: (
        # rules-19: "took sledgehammers to the statues"
        (
            "took",
            r"\btook\s+(?:sledgehammers?|hammers?|drills?|axes|pickaxes|chisels?|power\s+tools)\s+to\b",
        ),
        # the fittings of worship broken: "the altar was smashed", "gravestones were broken"
        (
            "smashed|broken|shattered|defaced|disfigured",
            r"\b(?:altars?|tombstones?|gravestones?|headstones?|crosses|icons|idols|inscriptions|frescoes"
            r"|mosaics?|stained\s+glass|pews|minbar|mihrab|crucifix(?:es)?)\s+(?:[\w’'-]+\s+){0,6}?"
            r"(?:were|was|had\s+been|have\s+been|been)\s+(?:smashed|broken|shattered|defaced|disfigured)\b",
        ),
        (
            "graffiti|slogans",
            r"\b(?:graffiti|slogans)\s+(?:were\s+|was\s+)?(?:painted|sprayed|daubed|scrawled|written)\b"
            + r"|\b(?:daubed|sprayed|scrawled|covered)\s+(?:[\w’'-]+\s+){0,2}?with\s+"
            r"(?:graffiti|slogans)\b",
        ),
        ("spray", r"\bspray[\s-]?painted\b"),
        ("disfigur", r"\bdisfigur(?:ed|ing|ement)\b"),
        # harming the faces of figures is defacing them, whatever the verb
        (
            "faces|heads|noses|eyes",
            r"\b(?:damag|smash|chisel|hack|break|broke|knock|cut|scratch|gouge|shatter)[a-z]*\s+"
            r"(?:off\s+)?(?:the\s+)?(?:faces|heads|noses|eyes|features)\s+(?:of|on)\b",
        ),
        ("mutilat", r"\bmutilat(?:ed|ing|ion)\b"),
        ("hack", r"\bhack(?:ed|ing)\s+(?:at|off)\b"),
        ("profan", r"\bprofan(?:ed|ing|ation)\b"),
        ("defil", r"\bdefil(?:ed|ing|ement)\b"),
        (
            "smash",
            r"\bsmash(?:ed|ing)\s+(?:[\w’'-]+\s+){0,2}?(?:artefacts|artifacts|antiquities|idols|tombstones|gravestones|windows|icons|crosses)\b",
        ),
        ("toppl", r"\btoppl(?:ed|ing)\s+(?:[\w’'-]+\s+){0,2}?(?:statues?|crosses|busts?|idols)\b"),
        (
            "beheaded|decapitated",
            r"\b(?:statues?|busts?|sculptures?)\s+(?:[\w’'-]+\s+){0,3}?(?:beheaded|decapitated)\b",
        ),
        (
            "pulled|tore|torn",
            r"\b(?:pulled|tore|torn)\s+(?:down|off)\s+(?:[\w’'-]+\s+){0,2}?(?:crosses|statues?|icons|bells)\b",
        ),
    ),
    EventType.BOOBY_TRAPPED: (
        ("rigged", r"\brigged\s+(?:[\w’'-]+\s+){0,3}?(?:to\s+explode|with)\b"),
        (
            "explosives|bombs|mines|ieds&planted|placed|laid|hidden|left",
            r"\b(?:explosives|bombs|mines|IEDs)\s+(?:were\s+|had\s+been\s+|have\s+been\s+)?(?:planted|placed|laid|hidden|left)\s+(?:in|inside|at|around|among|on)\b",
        ),
        ("laced", r"\blaced\s+with\s+(?:mines|explosives|IEDs)\b"),
        # rules-16: a mine or a bomb found inside a site; charges "rigged for demolition"
        (
            "mine|ied|bomb|explosive",
            r"\b(?:an?\s+)?(?:(?:anti-personnel|anti-tank|land)\s+)?(?:mines?|IEDs?|improvised\s+explosive"
            r"\s+devices?|explosive\s+devices?)\s+(?:hidden\s+|planted\s+|placed\s+)?inside\b",
        ),
        ("rigged", r"\brigged\s+for\s+demolition\b"),
        (
            "improvised",
            r"\bimprovised\s+explosive\s+devices?\s+(?:[\w’'-]+\s+){0,4}?(?:in|inside|at|around)\b",
        ),
        ("mined", r"\bheavily\s+mined\b"),
        # rules-19: "the site is littered with mines"
        (
            "littered|strewn|seeded|sown|riddled",
            r"\b(?:littered|strewn|seeded|sown|riddled)\s+with\s+(?:land\s*)?(?:mines|explosives|IEDs"
            r"|booby\s+traps)\b",
        ),
    ),
    EventType.MILITARILY_USED: (
        # rules-19: "used as an ammunition depot"; "set up headquarters in the museum"
        (
            "used as&ammunition|munitions|weapons|arms",
            r"\bused\s+as\s+(?:an?\s+)?(?:ammunition|munitions|weapons?|arms)\s+(?:depots?|dumps?|stores?"
            r"|caches?|storage)\b",
        ),
        (
            "set up",
            r"\bset\s+up\s+(?:an?\s+|their\s+|its\s+)?(?:[\w’'-]+\s+)?(?:headquarters|base|command\s+(?:post"
            r"|cent(?:re|er))|checkpoint|positions?|barracks|outpost|sniper\s+nests?)\s+(?:in|inside|at|on)\b",
        ),
        # rules-9: the passive of armed men or arms put in a site ("tanks were parked in the X")
        (
            "stationed|positioned|deployed|placed|parked|hidden|based&tanks|troops|soldiers|fighters"
            "|snipers|artillery|weapons|armo|vehicles|launchers|platoon|compan|battalion|unit",
            r"\b(?:tanks|troops|soldiers|fighters|snipers|artillery|weapons|armou?r|vehicles"
            # rules-15: "a tank platoon was positioned on the museum grounds"
            r"|(?:tank\s+)?(?:platoons?|companies|company|battalions?|units?)"
            r"|rocket\s+launchers|heavy\s+weapons)\s+(?:[\w’'-]+\s+){0,3}?(?:were|was|had\s+been"
            r"|have\s+been|has\s+been)\s+(?:stationed|positioned|deployed|placed|parked|hidden|based)\s+"
            r"(?:[\w’'-]+\s+){0,3}?(?:in|inside|at|on|atop|within)\b",
        ),
        (
            "turned|converted|transformed|made&into&" + _MILITARY_USES,
            r"\b(?:turned|converted|transformed|made)\b(?=\s+(?:[\w’'-]+\s+){1,6}?into\s+(?:an?\s+)?(?:[\w’'-]+\s+)?"
            r"(?:military|base|barracks|headquarters|prison|jail|detention|arms|weapons|command|fortress|stronghold|garrison"
            r"|outpost|bunker|armou?ry|ammunition|sniper|checkpoint|firing\s+position|training\s+camp)\b)",
        ),
        (
            "used|using|uses& as ",
            r"\b(?:used|using|uses)\b(?=\s+(?:[\w’',-]+\s+){1,10}?as\s+(?:an?\s+)?(?:[\w’'-]+\s+)?"
            r"(?:military|base|barracks|headquarters|prison|jail|detention\s+cent(?:re|er)|arms\s+depot|weapons\s+depot"
            r"|ammunition\s+(?:dump|depot|store)|depot|fortress|stronghold|garrison|outpost|bunker|armou?ry|sniper|checkpoint"
            r"|firing\s+(?:position|range)|observation\s+post|lookout|training\s+(?:camp|ground)|command\s+(?:post|cent(?:re|er))"
            r"|launch(?:ing)?\s+pad|staging\s+(?:area|ground|post)|shooting\s+range"
            # rules-15: military news's words ("a defensive fighting position")
            r"|(?:defensive\s+)?fighting\s+positions?|defensive\s+positions?|bases?"
            r"|command(?:-and-|\s+and\s+)control\s+(?:cent(?:re|er)s?|facilit(?:y|ies)|nodes?|posts?))\b)",
        ),
        # rules-15: "ISIS' misuse of a mosque", "misuses mosques as command centers"
        ("misus", r"\bmisus(?:e|es|ed|ing)\b(?=\s+(?:of\s+)?(?:the\s+|an?\s+|its\s+)?[a-z])"),
        (
            "turned|converted|transformed|made&into&" + _MILITARY_USES,
            r"\b(?:turned|converted|transformed|made)\s+(?:it\s+|them\s+)?into\s+(?:an?\s+)?(?:[\w’'-]+\s+)?"
            r"(?:fortress|stronghold|garrison|outpost|bunker|armou?ry|ammunition\s+dump|sniper\s+nest|checkpoint|firing\s+position|field\s+hospital)\b",
        ),
        (
            "used|using|use|served|serving|serves& as &" + _MILITARY_USES,
            r"\b(?:used|using|use|served|serving|serves)\s+(?:it\s+|them\s+)?as\s+(?:an?\s+)?(?:[\w’'-]+\s+)?"
            r"(?:garrison|outpost|bunker|armou?ry|ammunition\s+dump|sniper\s+nest|checkpoint|firing\s+range|training\s+(?:camp|ground)"
            r"|military\s+(?:base|post|position|headquarters|camp)|shooting\s+range|launch(?:ing)?\s+pad|staging\s+(?:area|ground|post)"
            # rules-15: military news's words ("used as a defensive fighting position")
            r"|fighting\s+positions?|defensive\s+positions?|command\s+(?:post|cent(?:re|er))"
            r"|command(?:-and-|\s+and\s+)control\s+(?:cent(?:re|er)s?|facilit(?:y|ies)|nodes?|posts?))\b",
        ),
        ("garrison", r"\bgarrison(?:ed|ing)\b"),
        # rules-17: sites used "for fighting positions", "to launch attacks"; fire "from" a site
        (
            "used|using|use&for|to",
            r"\b(?:used|using|use|uses)\s+(?:[\w’'-]+\s+){1,4}?(?:for|as)\s+(?:[\w’'-]+\s+){0,2}?"
            r"(?:fighting\s+positions|firing\s+positions|weapons?[\s-]storage|storing\s+weapons|bases\s+for)\b"
            r"|\b(?:used|using|use|uses)\s+(?:[\w’'-]+\s+){1,4}?to\s+(?:launch|stage|mount|carry\s+out|plan)\s+"
            r"(?:[\w’'-]+\s+){0,2}?attacks\b",
        ),
        (
            "fire|fired|firing&from",
            r"\b(?:small[\s-]arms|sniper|machine[\s-]gun|gun|rifle|mortar|rocket)\s+fire\s+from\b"
            r"|\b(?:fired|firing|shot|shooting)\s+(?:at\s+)?(?:[\w’'.-]+\s+){0,8}?from\b"
            r"(?=\s+(?:the\s+|a\s+|an\s+|two\s+|several\s+)?(?:(?-i:[A-Z])|mosques?|churches|church|shrines?"
            r"|minarets?|temples?|museums?|roofs?\s+of|citadel|castle|fort))",
        ),
        # rules-16: defences manned in a site; a site inside a base's perimeter
        (
            "defen|position|fortification",
            r"\b(?:man|mans|manned|manning|hold|holds|held|dug|set\s+up)\s+(?:[\w’'-]+\s+){0,2}?"
            r"(?:defen[cs]es|positions|fortifications)\s+(?:in|inside|around|on|at)\b",
        ),
        (
            "perimeter|inside a base|within a base",
            r"\b(?:within|inside)\s+(?:the\s+)?(?:fenced\s+|outer\s+)?perimeter\s+of\s+(?:the\s+|an?\s+)?"
            r"(?:[\w’'-]+\s+){0,3}?(?:base|airbase|air\s+base|camp|garrison)\b",
        ),
        ("fortif", r"\bfortif(?:ied|ying)\b(?!\s+(?:city|town|walls?|village|settlement))"),
        ("sniper", r"\bsnipers?\s+(?:[\w’'-]+\s+){0,3}?(?:on|atop|from|in)\s+(?:the|its)\b"),
        ("militari", r"\bmilitari[sz](?:ed|ation)\b"),
        (
            "weapons|ammunition|arms|munitions|explosives",
            r"\b(?:stored|stockpiled|hid|hidden|kept)\s+(?:[\w’'-]+\s+){0,2}?(?:weapons|ammunition|arms|munitions|explosives)\s+(?:in|inside|at)\b",
        ),
        (
            "set up|established|built|dug&position|trenches|fortification|base|checkpoint",
            r"\b(?:set\s+up|established|built|dug)\s+(?:[\w’'-]+\s+){0,2}?(?:positions?|trenches|fortifications|a\s+base|bases|checkpoints?)\s+(?:in|inside|at|on|around)\b",
        ),
        (
            "stationed|positioned|deployed|placed|parked|hid&tanks|troops|soldiers|fighters|snipers|artillery|weapons|armo|vehicles|launchers",
            r"\b(?:stationed|positioned|deployed|placed|parked|hid)\s+"
            r"(?:[\w’'-]+\s+){0,3}?(?:tanks|troops|soldiers|fighters|snipers|artillery|weapons|armou?r|vehicles|rocket\s+launchers"
            r"|heavy\s+weapons)\s+(?:in|inside|at|on|atop|within|around)\b",
        ),
        (
            "fired|shot|shelled|launched",
            r"\b(?:artillery|tanks|snipers|gunners|mortars|fighters|troops|forces|militants)\s+"
            r"(?:[\w’'-]+\s+){0,2}?(?:fired|shot|shelled|launched)\s+(?:[\w’'-]+\s+){0,3}?from\b",
        ),
        (
            "executions",
            r"\b(?:used|using)\b(?=\s+(?:[\w’'-]+\s+){1,6}?(?:to\s+(?:stage|hold|carry\s+out|conduct)|for)\s+"
            r"(?:public\s+|mass\s+)?executions\b)",
        ),
        # armed men who live, shelter or hide in a site hold it as a post: "fighters from the
        # group were living in the mosque complex", "soldiers holed up inside the fort"
        (
            "fighters|troops|soldiers|militants|rebels|gunmen|jihadists|insurgents|militiamen|snipers"
            "&living|lived|sheltering|holed up|entrenched|barricaded|camped|camping|hiding",
            r"\b(?:fighters|troops|soldiers|militants|rebels|gunmen|jihadists|insurgents|militiamen|snipers)\s+"
            r"(?:[\w’'-]+\s+){0,8}?(?:(?:were|was|are|is|had\s+been|have\s+been)\s+)?"
            r"(?:living|lived|sheltering|holed\s+up|entrenched|barricaded|encamped|camped|camping|hiding)"
            r"\s+(?:in|inside|within|at)\b",
        ),
        # the site as cover for arms: "was used as a cover for tanks"
        (
            "used|using|uses& as &cover|shield|hiding|hideout|shelter",
            r"\b(?:used|using|uses)\b(?=\s+(?:it\s+|them\s+)?as\s+(?:an?\s+)?(?:cover|shield|hiding\s+place"
            r"|hideout|shelter)\s+for\s+(?:[\w’'-]+\s+){0,2}?(?:tanks|troops|soldiers|fighters|weapons|artillery"
            r"|military|armou?r|vehicles|rocket\s+launchers|ammunition)\b)",
        ),
        # arms kept in a site, told in the passive: "weapons were being hidden at the site",
        # "weapons found inside the mosque"
        (
            "weapons|ammunition|arms|munitions|explosives&stored|stockpiled|hidden|kept|found|discovered",
            r"\b(?:weapons|ammunition|arms\s+caches?|munitions|explosives)\s+(?:[\w’'-]+\s+){0,1}?"
            r"(?:(?:were|was|had\s+been|have\s+been|were\s+being|was\s+being)\s+)?"
            r"(?:stored|stockpiled|hidden|kept|found|discovered)\s+(?:in|inside|at|within)\b",
        ),
        (
            "quartered|billeted|housed",
            r"\b(?:quartered|billeted|housed)\s+(?:[\w’'-]+\s+){0,2}?(?:troops|soldiers|fighters)\b",
        ),
    ),
    EventType.ILLEGALLY_EXCAVATED: (
        (
            "loot",
            r"\blooting\s+(?:of\s+)?(?:the\s+)?(?:archa?eological\s+)?(?:sites?|mounds?|tells?)\b"
            r"|\blooted\s+(?:archa?eological\s+)?(?:sites?|mounds?)\b",
        ),
        (
            "bulldoz",
            r"\bbulldoz(?:ed|ing|ers)\s+(?:[\w’'-]+\s+){0,4}?(?:in\s+search\s+of|searching\s+for|looking\s+for"
            r"|hunting\s+for|digging\s+for|to\s+(?:dig|search)\s+for)\s+(?:antiquities|artefacts|artifacts|relics|treasures?|coins)\b",
        ),
        # looters digging is digging without leave
        (
            "looters|robbers|thieves|treasure|smugglers|traffickers",
            r"\b(?:looters|robbers|thieves|treasure[\s-]hunters|smugglers"
            r"|traffickers)\s+(?:[\w’'-]+\s+){0,3}?(?:dug|dig|digging|excavated|excavating|bulldozed)\b",
        ),
        (
            "pits|holes|trenches",
            r"\b(?:pits|holes|trenches)\s+(?:[\w’'-]+\s+){0,3}?(?:dug|left)\s+by\s+(?:looters|treasure\s+hunters|robbers)\b",
        ),
        (
            "dug|dig",
            r"\b(?:dug|digging|dig)\s+up\b|\b(?:dug|dig|digs|digging|excavat(?:ed|ing))\s+illegally\b",
        ),
        ("unearth", r"\bunearth(?:ed|ing)\s+(?:and\s+sold|illegally|for\s+sale)\b"),
        (
            "excavat",
            r"\bexcavat(?:ed|ing|ions?)\s+(?:[\w’'-]+\s+){0,3}?(?:without\s+(?:permission|a\s+permit|authori[sz]ation)|by\s+looters|for\s+(?:sale|profit))\b",
        ),
    ),
    EventType.CAPTURED: (
        # "lost control of the town to the army": the one named after "to" holds it
        ("lost control", r"\blost\s+control\s+(?:of|over)\b"),
        (
            "hands",
            r"\bfell\s+into\s+(?:the\s+)?hands\s+of\b|\bchanged\s+hands\b|\bin\s+(?:[\w’'-]+\s+)?hands\b(?<!good\shands)",
        ),
        # rules-15: "secured the ancient mosque", military news's word for taking a place
        ("secured", r"\bsecured(?=\s+(?:the|an?)\s)"),
        # "took the Citadel", "was taken by": a taking whose object is a named place
        (
            "took|taken|regain|won back",
            r"\b(?:took|retook|regained|won\s+back)\s+(?=(?:the\s+)?(?-i:[A-Z]))"
            r"|\b(?:was|were|had\s+been|has\s+been)\s+(?:re)?taken\s+(?:[\w’'-]+\s+){0,2}?by\b",
        ),
        ("overran|overtook", r"\boverr?an\b|\bovertook\b"),
        ("conquer", r"\bconquer(?:ed|ing|s)?\b|\bconquest\s+of\b"),
        ("occup", r"\boccupation\s+of\b|\boccup(?:ied|ying)\s+(?=the\b|(?-i:[A-Z]))"),
        # a town occupied with no agent named: "while Velmar was occupied" (by whom stays
        # open; "occupied by troops" is read by the phrases that name them; seats, rooms and
        # lines "occupied" are no places)
        (
            "occupied",
            r"(?:(?-i:\b[A-Z][\w’'-]+)|\b(?:town|city|village|region|area|territory|district))\s+"
            r"(?:was|were|is|are|had\s+been|has\s+been|have\s+been|remained|remains)\s+"
            r"(?:still\s+|then\s+|now\s+)?occupied\b(?!\s+(?:by|with|in|at|during)\b)",
        ),
        # entering a place is not yet holding it: only the sweeping, victorious entries
        (
            "swept into|rolled into|marched into",
            r"\b"
            + _ARMED
            + r"\s+(?:[\w’'-]+\s+){0,2}?(?:swept\s+into|rolled\s+into|marched\s+into)\b",
        ),
        (
            "secured",
            r"\bsecured\s+(?:the\s+)?(?:whole\s+|entire\s+)?(?:city|town|area|site|citadel|district)\b",
        ),
        (
            "held by|controlled by|run by|occupied by",
            r"\b(?:held|controlled|run|occupied)\s+by\s+(?:[\w’'-]+\s+){0,3}?" + _ARMED + r"\b",
        ),
        (
            "control",
            r"\b(?:seized|assumed|established|asserted|extended|imposed)\s+(?:[\w’'-]+\s+){0,2}?control\s+(?:of|over)\b"
            r"|\bcontrol\s+(?:of|over)\s+(?:[\w’'-]+\s+){0,4}?(?:passed|shifted)\s+to\b",
        ),
        ("recaptur", r"\brecapture\b"),
        # rules-16: armed men who hold or control a site now ("Militants still hold the shrine")
        (
            "hold|holds|held|control|controls",
            r"\b"
            + _ARMED
            + r"\s+(?:still\s+|now\s+|continue\s+to\s+)?(?:hold|holds|control|controls)"
            r"(?=\s+the\s+(?:(?-i:[A-Z])|(?:shrine|mosque|church|citadel|castle|museum|temple|site|complex"
            r"|compound)\b)"
            # rules-19: "Iraqi forces now hold Mosul" (a headline's "Hold Shrine" names none)
            r"|\s+(?!(?:shrine|mosque|church|citadel|castle|museum|temple|site|city|town)\b)"
            r"(?-i:[A-Z\u0600-\u06ff]))",
        ),
        # rules-15: "the seizure of Palmyra"; "1 456 monuments came under Azerbaijan's control"
        ("seizure", r"\bseizure\s+of\b"),
        # rules-20: "the siege and takeover of El Fasher"
        # (of a place by its name: "the takeover of the museum's board" is no capture)
        (
            "takeover|take-over",
            r"\btake-?overs?\s+of\b(?=\s+(?:the\s+(?:city|town|village)\s+of\s+)?(?-i:[A-Z\u0600-\u06ff]))",
        ),
        ("came under", r"\bcame\s+under\s+(?:the\s+)?(?:[\w’'-]+\s+){0,2}?control\b"),
        # holding now: "now controls the Citadel", "is controlled by" (not "still", a dispute)
        (
            "now controls|now holds|now occupies|controlled by|held by|occupied by",
            r"\bnow\s+(?:controls|holds|occupies)\s+(?=(?:the\s+)?(?-i:[A-Z]))"
            r"|\b(?:is|are|was|were|remains?|remained)\s+(?:now\s+)?(?:controlled|held|occupied)\s+by\b",
        ),
        (
            "flag",
            r"\b(?:raised|hoisted|planted)\s+(?:[\w’'-]+\s+){0,2}?flags?\s+(?:over|on|atop)\b",
        ),
        ("annex", r"\bannex(?:ed|ation\s+of)\b"),
        # rules-19: "the army cleared the town of militants" (of mines: demined)
        (
            "cleared",
            r"\bcleared\s+(?:[\w’'-]+\s+){1,6}?of\s+(?:the\s+|all\s+)?(?:remaining\s+)?(?:[\w’'-]+\s+)?"
            r"(?:militants|fighters|insurgents|jihadists|rebels|terrorists|gunmen|(?-i:ISIS|ISIL|Daesh))\b",
        ),
        # rules-21: "the group has controlled Mosul since 2014"
        (
            "has controlled|have controlled|had controlled|has occupied|have occupied|had occupied",
            # (not "held": "had held Ramadan prayers")
            r"\b(?:has|have|had)\s+(?:long\s+)?(?:controlled|occupied)\s+"
            r"(?=(?:the\s+)?(?-i:[A-Z\u0600-\u06ff]))",
        ),
        # rules-19: "Mosul has been under Islamic State control since June" (a place's state;
        # "places of worship under its control" counts places, none named)
        (
            "under&control",
            r"\b(?:is|are|was|were|been|remained|remains|stayed|stays)\s+(?:still\s+|now\s+|firmly\s+)?"
            r"under\s+(?!(?:tight|strict|close|firm|proper)\s)(?:the\s+)?(?:[\w’'-]+\s+){1,3}?"
            r"control\b(?!\s+(?:of|over)\b)",
        ),
    ),
    EventType.BESIEGED: (
        # rules-9, the guide's table (3.1): "cut off" by a besieger, in the passive
        ("cut off", r"\b(?:was|were|been|remained|is|are)\s+cut\s+off\s+by\b"),
        ("siege|blockade", r"\bsieges?\b(?!\s+(?:mentality|engine))|\bunder\s+blockade\b"),
        ("encircle", r"\bencirclement\b"),
        # rules-16: a cordon thrown around a place, troops who surround it
        # ("cordoned off the area" after a bomb report is police work, not a siege)
        ("cordon", r"\bcordon(?:ed)?\s+around(?=\s+(?:the|an?)\s)"),
        (
            "surround",
            r"\b"
            + _ARMED
            + r"\s+(?:[\w’'-]+\s+){0,3}?(?:surrounded|encircled|ringed)(?=\s+(?:the|an?)\s)",
        ),
        ("surround", r"\bsurrounded\s+on\s+(?:all|three|two)\s+sides\b"),
        ("cut off|isolated", r"\b(?:cut\s+off|isolated)\s+from\s+(?:the\s+)?(?:outside|rest)\b"),
        ("starv", r"\bstarv(?:ed|ing)\s+(?:out|into\s+submission)\b"),
        # rules-19: "cut off all supply routes into Qadira"
        (
            "cut off",
            r"\bcut\s+off\s+(?:all\s+|the\s+|every\s+)?(?:[\w’'-]+\s+)?(?:supply\s+(?:routes|lines)"
            r"|access|roads?|routes)\s+(?:to|into)\b",
        ),
    ),
    EventType.CONTESTED: (
        # rules-15: "its fight to liberate western Mosul": the fight told, not its end
        (
            "fight|battle|offensive|push|campaign&liberate|retake|recapture|capture|free|clear",
            FIGHT_TO,
        ),
        ("begin|began|begun|launch|start&liberation|recapture", FIGHT_TO),
        # rules-20: "ISIL's assault on Sinjar", "the offensive against ISIL in Mosul"
        # (a name after it: "an assault on the heritage of the people" is no fight)
        (
            "assault|offensive",
            r"\b(?:assault|offensive)\s+(?:on|against)\b"
            r"(?=\s+(?:the\s+(?:city|town|village)\s+of\s+)?(?-i:[A-Z\u0600-\u06ff]))",
        ),
        # an assault on a place is a fight for it (an "attack" may be a strike: not here)
        (
            "assault|offensive",
            r"\b(?:launched|mounted|began|started|led)\s+(?:an?\s+|the\s+|its\s+|their\s+)?(?:[\w’'-]+\s+)?"
            r"(?:assault|offensive)\s+(?:on|against|to\s+(?:retake|recapture|take|capture))\b",
        ),
        (
            "fighting|clashes|battle|combat"
            "&took place|occurred|erupted|broke out|raged|continued|reported|scene of",
            r"\b(?:fighting|clashes|battles?|combat)\s+(?:took\s+place|occurred|erupted"
            r"|broke\s+out|raged|continued|was\s+reported|were\s+reported)\s+(?:[\w’'-]+\s+){0,2}?(?:in|around|inside|near|at|for)\b"
            r"|\bscene\s+of\s+(?:[\w’'-]+\s+)?(?:fighting|clashes|battles?|combat)\b",
        ),
        (
            "battle",
            r"\bbattles?\s+(?:raged|continued|broke\s+out|erupted)\s+(?:in|around|inside|near|for|over)\b"
            r"|\bbattle\s+(?:for|over)\s+(?:control\s+of\s+)?(?:the\s+)?(?:[\w’'-]+\s+){0,2}?(?:site|citadel|castle|museum|old\s+city|mosque|shrine)\b",
        ),
        (
            "front",
            r"\bfront\s*lines?\s+(?:runs?|ran|passes|passed|cuts?)\s+(?:through|across|along)\b"
            r"|\bon\s+the\s+front\s*lines?\b",
        ),
        (
            "fought|fighting|battled|battling",
            r"\b(?:fought|fighting|battled|battling)\s+(?:over|for)\s+(?:control\s+of\s+)?(?:the\s+)?",
        ),
        (
            "gun battle|gunbattle|gun-battle|firefight|street fighting|skirmish",
            r"\b(?:gun\s*battles?|firefights?|street\s+fighting|skirmish(?:es)?)\s+(?:[\w’'-]+\s+){0,3}?(?:in|around|inside|near|at)\b",
        ),
        ("disputed|contested", r"\b(?:disputed|contested)\s+(?:area|zone|territory|ground)\b"),
        ("no man|no-man", r"\bno[\s-]man[’']?s[\s-]land\b"),
        ("changed hands", r"\bchanged\s+hands\s+(?:several|many|multiple|\w+)\s+times\b"),
        # rules-19: "clashes between the army and the militants broke out in Qadira"
        (
            "between&took place|occurred|erupted|broke out|raged|continued",
            r"\b(?:fighting|clashes|battles?|combat)\s+between\s+(?:[\w’'-]+\s+){1,6}?(?:took\s+place"
            r"|occurred|erupted|broke\s+out|raged|continued)\s+(?:[\w’'-]+\s+){0,2}?"
            r"(?:in|around|inside|near|at|for)\b",
        ),
        # rules-19, the type table: "the battle of Qadira", a page titled "Battle of Qadira
        # (2016)"; fighting "taking place" in a town; armed men fighting or advancing in it
        (
            "battle",
            r"\bbattles?\s+(?:of|for)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?"
            r"(?=(?-i:[A-Z\u0600-\u06ff]))",
        ),
        (
            "fighting|clashes|battle|combat&taking place|under way|underway|raging|continuing",
            r"\b(?:fighting|clashes|battles?|combat)\s+(?:was|were|is|are)\s+(?:still\s+)?"
            r"(?:taking\s+place|under\s*way|raging|continuing)\s+(?:[\w’'-]+\s+){0,2}?"
            r"(?:in|around|inside|near|at|for)\b",
        ),
        (
            "fight|fought|battl|clash",
            r"\b"
            + _ARMED
            + r"\s+(?:are\s+|were\s+|have\s+been\s+|had\s+been\s+)?(?:fighting|battling|clashing"
            r"|fought|battled|clashed)\s+(?:[\w’'-]+\s+){0,5}?(?:in|for|around|inside|over)\b",
        ),
        (
            "advanc|pushed|pushing|moved",
            r"\b"
            + _ARMED
            + r"\s+(?:[\w’'-]+\s+){0,2}?(?:advanced|advancing|pushed|pushing|moved)\s+"
            r"(?:deeper\s+|further\s+)?into\b",
        ),
    ),
    EventType.KILLED: (
        (
            "death",
            r"\b(?:put\s+to\s+death|tortured\s+to\s+death|stabbed\s+to\s+death|beaten\s+to\s+death)\b",
        ),
        ("lost", r"\blost\s+(?:his|her|their)\s+li(?:fe|ves)\b"),
        ("assassinat", r"\bassassinat(?:ed|ion)\b"),
        ("gunned", r"\bgunned\s+down\b"),
        (
            "died",
            r"\bdied\s+(?:in|when|after|during)\s+(?:[\w’'-]+\s+){0,3}?(?:an?\s+)?(?:attack|blast|explosion|shelling|strike|airstrike|bombing|crossfire)\b",
        ),
        ("slaughter|massacr", r"\bslaughter(?:ed)?\b|\bmassacr(?:ed|e)\b"),
    ),
    EventType.DETAINED: (
        ("custody", r"\b(?:taken|held)\s+into\s+custody\b|\bin\s+(?:[\w’'-]+\s+)?custody\b"),
        ("jailed|incarcerat", r"\bjailed\b|\bincarcerat(?:ed|ion)\b"),
        ("rounded up", r"\brounded\s+up\b"),
        (
            "held",
            r"\bheld\s+(?:for\s+(?:days|weeks|months)|incommunicado|without\s+(?:charge|trial))\b",
        ),
        (
            "captured",
            r"\b(?:was|were)\s+captured\s+by\b(?=.{0,60}\b(?:archa?eologist|curator|director|guard|staff))",
        ),
    ),
    EventType.ABDUCTED: (
        (
            "seized",
            r"\b(?:was|were)\s+seized\s+(?:[\w’'-]+\s+){0,2}?(?:from\s+(?:his|her|their)\s+home|by\s+gunmen)\b",
        ),
        ("snatched", r"\bsnatched\b"),
        ("disappear", r"\b(?:forcibly\s+disappeared|enforced\s+disappearance)\b"),
        ("whereabouts", r"\bwhereabouts\s+(?:remain|remained|are|is)\s+unknown\b"),
    ),
    EventType.EVACUATED: (
        (
            "moved|taken|transferred|removed|carried|shipped|brought|sent|transported|spirited"
            "&safe|secure|storage|vault|harm|protection|shelter|bunker|basement",
            r"\b(?:moved|taken|transferred|removed|carried|shipped|brought|sent|transported|spirited)"
            r"\s+(?:[\w’'-]+\s+){0,5}?(?:to\s+(?:safety|safe|a\s+safe|safer|secure|a\s+secure|storage"
            r"|(?:an?\s+|the\s+)?(?:[\w’'-]+\s+)?(?:vaults?|shelters?|bunkers?|basements?))"
            r"|out\s+of\s+harm[’']?s\s+way|for\s+protection)\b",
        ),
        (
            "hid|conceal|stash|buried|packed|crated|boxed",
            r"\b(?:hid|hidden|concealed|stashed|buried)\s+(?:[\w’'-]+\s+){0,3}?"
            + HELD_THINGS
            + r"\b"
            r"|\b" + HELD_THINGS + r"\s+(?:[\w’'-]+\s+){0,3}?(?:were|was|had\s+been|have\s+been)\s+"
            r"(?:hidden|concealed|stashed|packed|crated|boxed)\b",
        ),
        (
            "smuggled out",
            r"\bsmuggled\s+(?:[\w’'-]+\s+){0,3}?out\s+(?:of\s+)?(?:the\s+)?(?:city|town|country)\s+(?:for\s+safe|to\s+safety|to\s+protect)",
        ),
        # smuggled out to be saved is no theft: "smuggled the manuscripts out to protect them"
        (
            "smuggl",
            r"\bsmuggl(?:ed|ing)\s+(?:[\w’'-]+\s+){0,4}?(?:out\s+)?(?:[\w’'-]+\s+){0,3}?(?:to\s+(?:protect|save|safeguard)"
            r"|for\s+safe\s*keeping|to\s+safety)\b",
        ),
        ("pack", r"\bpack(?:ed|ing)\s+(?:up\s+)?(?:[\w’'-]+\s+){0,2}?" + HELD_THINGS + r"\b"),
        (
            "sandbag|padding|foam|wrapping",
            r"\bsandbag(?:ged|s)\b|\b(?:wrapped|covered)\s+(?:[\w’'-]+\s+){0,3}?in\s+(?:protective\s+)?(?:sandbags|padding|foam|wrapping)\b",
        ),
        (
            "safeguarded|rescued|saved",
            r"\b(?:safeguarded|rescued|saved)\s+(?:[\w’'-]+\s+){0,3}?" + HELD_THINGS + r"\b",
        ),
    ),
    EventType.DEMINED: (
        # rules-8: explosives laid in a site cleared from it, either voice
        (
            "cleared|removed|defused&explosive|mine|booby|ied|device",
            r"\b(?:cleared|removed|defused)\s+(?:[\w’'-]+\s+){0,3}?(?:explosives|(?:land)?mines"
            r"|booby[\s-]traps|IEDs|explosive\s+devices)\s+(?:from|in|at|inside)\b"
            r"|\b(?:explosives|(?:land)?mines|booby[\s-]traps|IEDs|explosive\s+devices)\s+"
            r"(?:were|was|had\s+been|have\s+been|has\s+been)\s+(?:cleared|removed|defused)\b",
        ),
        (
            "mine|clearance of",
            r"\bmine[\s-]?clearing\b|\bclearance\s+of\s+(?:mines|explosives|unexploded)\b",
        ),
        (
            "ordnance|uxo|remnants",
            r"\b(?:removed|cleared|disposed\s+of)\s+(?:[\w’'-]+\s+){0,3}?(?:unexploded\s+ordnance|UXO|ordnance|explosive\s+remnants)\b",
        ),
        ("disposal", r"\bbomb[\s-]disposal\b|\bexplosive\s+ordnance\s+disposal\b"),
        # rules-19: "deminers cleared the mosque of explosives"
        (
            "cleared&explosive|mine|booby|ied|device|ordnance",
            r"\bcleared\s+(?:[\w’'-]+\s+){1,6}?of\s+(?:the\s+|all\s+)?(?:[\w’'-]+\s+)?(?:explosives|(?:land)?mines"
            r"|booby[\s-]traps|IEDs|explosive\s+devices|(?:unexploded\s+)?ordnance)\b",
        ),
        # rules-16: a mine or charge made harmless ("neutralize the mine", "was disarmed")
        (
            "neutrali|disarm|defus",
            r"\b(?:neutrali[sz](?:e|ed|es|ing)|disarm(?:ed|s|ing)?|defus(?:e|ed|es|ing))\s+(?:the\s+|an?\s+)?"
            r"(?:[\w’'-]+\s+){0,2}?(?:mines?|IEDs?|bombs?|explosives|charges|devices?|booby[\s-]traps?)\b"
            r"|\b(?:mines?|IEDs?|bombs?|explosives|charges|devices?|booby[\s-]traps?|ammunition)\s+"
            r"(?:[\w’'-]+\s+){0,6}?(?:was|were|had\s+been|has\s+been)\s+(?:disarmed|neutrali[sz]ed|defused)\b",
        ),
    ),
    EventType.RESTORED: (
        # rules-9, the guide's table (3.1): conservation is work on the site ("conservation of
        # the X", "a grant for the conservation of", "the X was conserved")
        (
            "conserv",
            r"(?<!of\s)\bconservation\s+(?:work\s+|works\s+|project\s+)?(?:of|on|at)\b(?!\s+(?:nature|energy|wildlife))"
            r"|\b(?:was|were|been|being)\s+conserved\b",
        ),
        (
            "reopen",
            r"\breopen(?:ed|ing)\b(?=\s+(?:to\s+(?:the\s+)?(?:public|visitors|worshippers)|after|its|the\s+(?:museum|site|mosque|church|library)))",
        ),
        ("rehabilitat", r"\brehabilitat(?:ed|ion|ing)\b"),
        # rules-16: the verbs of repair the lexicon lacked, in every form
        ("refurbish", r"\brefurbish(?:ed|es|ing|ment)?\b"),
        ("retrofit|patched", r"\b(?:retrofitt(?:ed|ing)|patched\s+up)\b"),
        (
            "consolidat",
            r"\bconsolidat(?:ed|ion|ing)\s+(?:work|of\s+the\s+(?:walls|structure|ruins))\b",
        ),
        (
            "stabili",
            r"\bstabili[sz](?:ed|ation|ing)\b(?!\s+(?:the\s+)?(?:situation|front|region|economy))",
        ),
        (
            "returned|repatriated|recovered|restituted",
            r"\b" + HELD_THINGS + r"\s+(?:[\w’'-]+\s+){0,3}?(?:were|was|have\s+been|had\s+been)\s+"
            r"(?:returned|repatriated|recovered|restituted)\b"
            r"|\b(?:returned|repatriated|recovered|restituted)\s+(?:[\w’'-]+\s+){0,3}?"
            + HELD_THINGS
            + r"\b",
        ),
        ("erect|reassembl", r"\bre-?erect(?:ed|ion|ing)\b|\breassembl(?:ed|ing|y)\b"),
        (
            "reinstat",
            r"\breinstat(?:ed|ement)\b(?=\s+(?:the\s+)?(?:statue|column|arch|minaret|dome))",
        ),
    ),
    EventType.ASSESSED: (
        ("mission", r"\b(?:assessment|fact[\s-]finding|emergency|inspection|survey)\s+missions?\b"),
        (
            "satellite",
            r"\bsatellite\s+(?:images?|imagery|photos|pictures)\s+(?:[\w’'-]+\s+){0,4}?(?:show(?:ed|s)?|reveal(?:ed|s)?|confirm(?:ed|s)?|indicat(?:ed|es))\b",
        ),
        (
            "visited|toured|examined&assess|inspect|survey|evaluat|document",
            r"\b(?:visited|toured|examined)\s+(?:[\w’'-]+\s+){0,4}?to\s+(?:assess|inspect|survey|evaluate|document)\b",
        ),
        # "experts surveyed the Citadel": the record of its state (the assessor is required)
        (
            "surveyed|inspected|assessed|examined",
            r"\b(?:surveyed|inspected|assessed|examined)\s+(?=(?:the\s+)?(?-i:[A-Z]))",
        ),
        (
            "extent",
            r"\b(?:assess(?:ed|ing)?|survey(?:ed|ing)?|documented|recorded)\s+(?:the\s+)?extent\s+of\b",
        ),
        ("inventor", r"\binventor(?:y|ied)\s+(?:[\w’'-]+\s+){0,3}?(?:damage|losses|destruction)\b"),
    ),
}
