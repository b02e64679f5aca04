"""Word lists the extractors share: reporting cues, roles, titles. One place to extend them."""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path

# Verbs (by lemma) that introduce reported speech, thought or findings.
REPORTING_LEMMAS = frozenset(
    """
    say tell add argue claim insist warn stress explain announce deny accuse blame believe think
    reckon expect predict forecast estimate suggest accept find pledge promise urge call ask
    request describe refer boast note comment acknowledge assert admit reply respond contend
    maintain observe point remark report state write declare confirm reveal disclose concede
    caution emphasise emphasize characterise characterize agree allege complain indicate show
    testify recall underline highlight question doubt fear hope mention quip insist answer
    counter express voice lament bemoan concede vow demand contend allege
    speculate predict theorise theorize recount reiterate repeat rule tweet post joke
    acknowledge emphasize emphasise urge complain caution hint signal recommend propose
    posit remind clarify interject retort email project concur continue refute anticipate
    dismiss dub brand yell shout scream exclaim proclaim whisper mutter murmur shriek holler
    """.split()
)
# "pledged to cut taxes": commitments whose to-infinitive is the reported content.
COMMITMENT_LEMMAS = frozenset("pledge promise vow threaten swear".split())
# "acknowledged the difficulty of the task": cues whose noun-phrase object is what was said,
# when it runs to at least MIN_NOMINAL_CONTENT_WORDS words (shorter objects are topics).
NOMINAL_CONTENT_LEMMAS = frozenset(
    """
    acknowledge admit concede note stress emphasize emphasise deny dispute refute
    demand bemoan lament decry predict forecast estimate confirm reiterate
    """.split()
)
# Verbs that need their complement before they count: "hope", "fear" are weak alone.
WEAK_REPORTING_LEMMAS = frozenset(
    {
        "hope",
        "fear",
        "show",
        "find",
        "question",
        "doubt",
        "rule",
        "post",
        "signal",
        "repeat",
        "project",  # "projected that": a clause; "projected growth" is a plan, not a report
    }
)
# Cues whose object starts the content, with the words one of which must follow it: "accuse X
# of", "blame X for" (or "over", "on"), "urge X to", "describe X as"; none when the object alone
# is the content.
OBJECT_CONTENT_LEMMAS: dict[str, frozenset[str]] = {
    "accuse": frozenset({"of"}),
    "blame": frozenset({"for", "over", "on"}),
    "urge": frozenset({"to"}),
    "ask": frozenset({"to"}),
    "request": frozenset(),
    "describe": frozenset({"as"}),
    "characterize": frozenset({"as"}),
    "characterise": frozenset({"as"}),
    "forecast": frozenset(),
    "predict": frozenset(),
    "dismiss": frozenset({"as"}),  # "dismissed the plan as a stunt"
}
# Cues followed by a whole clause, even when the parser reads its subject as an object.
CLAUSE_LEMMAS = frozenset(
    """
    say argue claim insist believe think warn suggest admit add reckon estimate note maintain
    """.split()
)
# "expressed skepticism about X": opinions whose object is reported content.
OPINION_NOUNS = frozenset(
    """
    skepticism scepticism concern concerns doubt doubts hope confidence optimism pessimism fear
    fears regret surprise disappointment support opposition frustration anger dismay
    """.split()
)
# "X's figures show", "research suggests": the subject is evidence, not a speaker.
EVIDENCE_NOUNS = frozenset(
    """
    figure figures data research report study survey poll polls analysis statistics evidence
    findings review document paper audit estimate estimates numbers video footage tally average
    averages record records filing filings memo
    """.split()
)
EVIDENCE_VERBS = frozenset({"show", "indicate", "suggest", "find", "reveal", "say", "predict"})
# Nouns that stand for a speaker's words: "a statement from X", "Norland's announcement that".
REPORTING_NOUNS = frozenset(
    """
    statement announcement claim claims warning comment comments remarks remark assertion
    admission denial prediction forecast estimate view belief insistence suggestion allegation
    """.split()
)
ROLE_NOUNS = frozenset(
    """
    professor director chairman chairwoman chair president minister secretary spokesman
    spokeswoman spokesperson analyst economist executive chief head boss leader official officer
    manager founder editor correspondent researcher fellow expert adviser advisor consultant
    lawyer attorney judge governor senator mp mep member ambassador envoy commissioner
    strategist partner trader dealer scientist author reporter lecturer dean principal coach
    captain general commander ceo cfo coo chancellor premier mayor candidate negotiator
    representative spokesperson deputy treasurer inspector superintendent economist
    congressman congresswoman lawmaker legislator assemblyman assemblywoman councilman
    councilwoman councillor councilor
    """.split()
)
# Words that may stand before a name and belong to the naming ("Mr Okafor", "Dr Jones").
NAME_TITLES = frozenset(
    """
    Mr Mrs Ms Miss Dr Prof Professor Sir Dame Lord Lady Rev Sen Senator Rep Gov President
    Chancellor Judge Justice General Gen Col Capt Sgt King Queen Prince Princess
    """.split()
)
ORG_SUFFIXES = frozenset(
    """
    inc ltd plc corp co llc ag sa nv gmbh bank group agency institute university ministry
    association council committee commission company corporation foundation fund party union
    organisation organization service services authority office department
    """.split()
)
# Description heads that refer back to an organisation ("The Danish firm", "the company").
ORG_DESCRIPTION_NOUNS = frozenset(
    """
    firm company group bank business carrier airline maker retailer insurer lender giant
    manufacturer operator producer supplier chain ministry agency committee regulator watchdog
    organisation organization institute council commission club party union team network
    broadcaster newspaper paper publisher charity monopoly body consultancy association
    federation trust tank authority department
    """.split()
)
# Description heads that refer back to a person ("The party leader", "the MEP").
PERSON_DESCRIPTION_NOUNS = ROLE_NOUNS | frozenset(
    ["man", "woman", "mep", "mp", "star", "singer", "actor", "player", "veteran", "politician"]
)
# Plural nouns for people who speak as a group ("Critics said", "officials pledged").
GROUP_NOUNS = frozenset(
    """
    critic official analyst expert economist lawmaker legislator leader democrat republican
    protester demonstrator resident voter campaigner activist aide adviser advisor source
    authority police prosecutor investigator researcher scientist doctor physician teacher
    parent worker member people citizen observer diplomat minister senator officer opponent
    supporter ally rival family relative friend neighbour neighbor witness executive banker
    trader investor owner user customer consumer
    """.split()
)
# Abstract subjects that cannot report anything: "the result stressed", "the move signals".
THING_NOUNS = frozenset(
    """
    result move decision change plan system scheme deal process policy law rule idea fact
    situation case issue problem question success failure growth increase rise fall drop
    outcome event debate election vote campaign measure programme program project effort
    """.split()
)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
THING_PRONOUNS = frozenset({"it"})
GROUP_PRONOUNS = frozenset({"they", "we"})
# Pronouns for one thing or person, which never stand for a plural noun ("Officials said its...").
SINGULAR_PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | {"its", "itself", "his"}
# Kinds of place written before the place's name: "the town of Elsby" is Elsby.
PLACE_KIND_NOUNS = frozenset(
    "city town village state county province region island borough district municipality".split()
)

# Cues that report speech only when a person or organisation is their subject.
AGENT_ONLY_LEMMAS = COMMITMENT_LEMMAS | {"demand", "require", "expect"}

# "She continued: “...”": verbs that introduce a quotation only right before its opening mark.
LEAD_IN_LEMMAS = frozenset({"continue", "conclude", "write", "begin", "start", "finish", "read"})

RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})

# Subjects that never name a source.
NOT_SPEAKERS = frozenset({"what", "this", "these", "those", "'s", "’s", "whatever"})

# "a statement from X", "X's tweet": nouns whose author is the source of what follows.
SOURCE_NOUNS = (
    REPORTING_NOUNS
    | EVIDENCE_NOUNS
    | frozenset("tweet post interview letter release message video speech op-ed column".split())
)

# People who speak for an organisation: "a spokeswoman for X" is attributed to X.
SPOKESPERSON_NOUNS = frozenset(
    "spokesman spokeswoman spokesperson representative official officer source aide".split()
)


@functools.cache
def english_words() -> frozenset[str]:
    """Lower-case words of the installed spaCy model's vocabulary (about 50,000 for the small
    model): enough to tell "docu-ment" (a word broken at a line's end) from "non-user". Read from
    the model's own files, without loading spaCy; empty when no model is installed."""
    from reader.core.errors import ModelError
    from reader.core.nlp import choose_model

    try:
        spec = importlib.util.find_spec(choose_model())
    except (ModelError, ImportError, ValueError):
        return frozenset()
    if spec is None or spec.origin is None:
        return frozenset()
    for strings in sorted(Path(spec.origin).parent.glob("**/vocab/strings.json")):
        try:
            listed = json.loads(strings.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        return frozenset(w for w in listed if isinstance(w, str) and w.isalpha() and w.islower())
    return frozenset()


# --- the context of amounts and figures (``core/context*.py``, CONTEXT_GUIDELINES' scheme) -----

# Nouns that only count or size something else: "the number of visitors" measures visitors.
GENERIC_AMOUNT_NOUNS = frozenset(
    """
    value number amount sum total level figure mark maximum minimum average portion proportion
    tally quantity volume size count lot bit low high record peak worth majority minority
    bulk remainder rest handful
    """.split()
)
# Nouns that name a quantity of their own (CONTEXT_GUIDELINES: "specific quantity nouns"):
# what an amount listed against its owners measures when its own place names nothing ("bonds
# held by Norland ($1bn), Vestria ($0.7bn)": bonds).
QUANTITY_NOUNS = frozenset(
    """
    price cost profit sales revenue turnover earnings income rate fee share salary wage pay
    contribution funding spending budget deficit surplus debt loan borrowing investment
    appropriation donation payment fine bid offer tax levy duty export import output growth
    inflation unemployment demand supply emission holding asset capacity production
    consumption premium subsidy grant aid claim dividend bonus compensation fund reserve
    valuation tariff yield expenditure outlay allocation bill charge pension remittance
    benefit award settlement deal contract stake spend savings bond gap
    """.split()
)
# Nouns for who holds, pays or receives an amount, never what it measures: "passengers could
# claim €300" is the passengers' claim, not a measure of passengers.
HOLDER_NOUNS = (
    GROUP_NOUNS
    | PERSON_DESCRIPTION_NOUNS
    | ORG_DESCRIPTION_NOUNS
    | frozenset(
        """
        passenger household taxpayer farmer student patient employer employee pensioner
        shopper saver borrower homeowner tenant landlord motorist commuter buyer seller
        shareholder creditor donor recipient applicant claimant victim country nation state
        government council
        """.split()
    )
)
# Participles of money or things passing to or from someone: their agent is an owner
# ("donations made by firms").
FLOW_LEMMAS = frozenset(
    "pay give donate make contribute hold own offer receive earn spend invest total raise".split()
)
# Verbs whose subject found or worked out an amount: a source, never its owner ("the bank
# estimated the cost at $5bn").
FINDING_LEMMAS = frozenset(
    """
    find show estimate calculate predict forecast project reckon suggest reveal indicate rate
    """.split()
)
FINDING_FORMS = frozenset({"rated", "rates"})  # the small model's lemma of "rated" is "rat"
# Who imposes or introduces a levy on others does not pay it (CONTEXT_GUIDELINES: the proposer
# of a policy is no subject); "set" only with a levy's noun.
IMPOSING_LEMMAS = frozenset({"impose", "introduce", "levy"})
LEVY_NOUNS = frozenset({"rate", "tax", "levy", "tariff", "duty", "cap", "limit", "threshold"})
# Subjects that act on an amount without owning it: "new rules set compensation at €250",
# "purification gives 4.1 g of the salt".
ACTING_NOUNS = frozenset(
    """
    rule regulation plan scheme policy law proposal reform measure directive mandate ban cap
    surcharge phaseout levy purification reaction treatment procedure method
    """.split()
)
# Verbs by which a noun has its measure: "blends containing 10% ethanol".
BEARING_LEMMAS = frozenset({"contain", "have", "include", "carry", "hold"})
# Nouns a "with" phrase follows that say where or how, not who: "in second place with ...".
NOT_BEARERS = frozenset({"place", "position", "lead", "way", "time", "line", "rank"})
# Verbs of sale that also take the thing sold as subject: "petrol sold for £1.45 a litre".
MIDDLE_LEMMAS = frozenset({"sell", "trade", "fetch", "go"})
# Nouns of change: "a 4% rise in imports" measures imports.
CHANGE_NOUNS = frozenset(
    """
    rise increase fall decrease drop decline gain jump cut reduction growth hike boost slump
    climb surge slide loss
    """.split()
)
# Verbs (by lemma) whose subject is what the amount measures ("sales rose 5%", "the bridge
# will cost £30m"), or, with an object, whose object is ("cut its staff by 10%").
CHANGE_VERB_LEMMAS = frozenset(
    """
    rise fall increase decrease grow drop decline climb jump slump slide soar surge plunge
    tumble dip slip edge leap rocket expand balloon recover rally shrink widen narrow improve
    double triple halve fluctuate gain lose cut raise lower reduce boost hike trim slash slow
    pick
    """.split()
)
# Of those, the verbs whose object is what changes: "cut its staff by 10%". With the amount as
# their object and nothing else ("raised £5m"), they say nothing of what is measured.
# A change written as an adverb: "sold 5m cars, up 7%".
CHANGE_ADVERBS = frozenset({"up", "down"})
TRANSITIVE_CHANGE_LEMMAS = frozenset("cut raise lower reduce boost hike trim slash".split())
# Verbs whose subject causes a change rather than owning it: "the levy would raise prices 2%".
CAUSE_VERB_LEMMAS = frozenset(
    "offset fuel drive cause push lift trigger lead help hit hurt dampen spur prompt mean".split()
)
STATE_VERB_LEMMAS = frozenset(
    """
    be cost total amount reach stand hit close trade value worth equal account represent
    average exceed top remain stay open end finish run come sell price peak range hover near
    approach
    """.split()
)
# Verbs that compare their subject with their object: "emissions exceed the threshold by 5%"
# measures the emissions, not the threshold.
COMPARING_LEMMAS = frozenset("exceed surpass top beat outstrip trail miss overshoot".split())
# Money given to someone: "a £3,000 grant for carers" is the carers'.
BENEFIT_NOUNS = frozenset(
    """
    grant aid subsidy allowance benefit payment compensation support funding loan relief bonus
    pension award handout rebate
    """.split()
)
# Verbs of paying for something: "will spend £5m on new trains" measures new trains.
PAYING_VERB_LEMMAS = frozenset(
    "spend pay invest sell buy offer bid charge allocate earmark commit budget owe".split()
)
# Verbs whose subject holds the share an amount is of: "Norway holds 9% of the fund".
HOLDING_LEMMAS = frozenset(
    """
    hold own buy acquire control account make take sell have win get keep receive represent
    comprise constitute be purchase capture secure
    """.split()
)
# Verbs of saying: their subject is a source, never an owner ("Ann said it was £5m"), and their
# time dates the saying, not the amount ("said on Monday that it had cut 10%").
SPEECH_LEMMAS = frozenset("say tell add argue claim insist warn believe think write".split())
# Nouns of a stretch of time: "in the period" is a time, never what an amount is in.
TIME_NOUNS = frozenset(
    """
    period quarter year month week day session trading time term run half season spell
    morning afternoon evening night weekend
    """.split()
)
# Words that say when: alone ("now") or anchoring a date phrase ("last year").
TIME_ADVERBS = frozenset(
    "now currently previously recently today yesterday tomorrow formerly presently".split()
)
