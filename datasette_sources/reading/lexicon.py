"""Word lists the reading core relies on, kept in one place so they can be argued with.

Each list says what a careful editor listens for; none is learned from a test set.
"""

from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path

#: Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt ft gen lt col maj capt cmdr adm sgt cpl pvt gov sen rep
    pres supt det insp rev hon fr messrs mme mlle sec atty asst assoc dept univ inc corp co
    ltd llc bros no nos vol vols fig figs ed eds est approx vs etc al jan feb mar apr jun jul
    aug sep sept oct nov dec mon tue tues wed thu thurs fri sat sun ave blvd rd hwy
    ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont neb
    nev okla ore pa tenn tex va vt wash wis wyo
    """.split()
)

#: Dotted abbreviations that may end a sentence as well as sit inside one.
DOTTED = frozenset("u.s u.k u.n e.u d.c a.m p.m u.s.a i.e e.g n.y l.a b.c a.d ph.d".split())

#: Words that make a capital after "U.S." the start of a new sentence.
SENTENCE_STARTERS = frozenset(
    """
    the a an but and he she it they we i in on at this that these those there his her its
    their our after before when while however meanwhile still yet also as if so then
    """.split()
)

# Verbs and phrases that introduce what someone said, thought or wrote.
_SPEECH_VERBS = """
said says say saying told tells tell stated states state added adds noted notes explained
explains announced announces declared declares claimed claims argued argues insisted insists
warned warns wrote writes tweeted tweets posted asked asks replied replies responded responds
answered cited cites accused accuses alleged alleges acknowledged acknowledges admitted admits
confirmed confirms denied denies emphasized emphasised emphasizes stressed stresses suggested
suggests urged urges vowed vows revealed reveals reported reports testified testifies recalled
recalls predicted predicts promised promises complained complains conceded concedes countered
counters observed observes remarked remarks described describes called calls blamed blames
believes believed thinks thought contends contended maintained maintains agreed agrees
disputed disputes questioned questions estimated estimates concluded concludes charged
criticized criticised condemned condemns praised praises threatened threatens demanded
demands pledged pledges indicated indicates informed assured assures mentioned mentions
quipped shouted yelled whispered cautioned cautions speculated hinted boasted
rebuffed rejected dismissed
describe comment commented confirm deny disclose disclosed elaborate elaborated
discuss explain insist warn claim argue
saying telling adding noting warning vowing accusing insisting arguing claiming explaining
declaring announcing alleging urging asserting asserted asserts stating writing tweeting
continued continues barked pressed interjected opined retorted joked mused sang sings resisted
lamented scoffed snapped thundered bragged conceding recalling responding replying asking
believe declare charge accuse contend
swiped joked jokes quips tweets retweeted writes proclaimed proclaims exclaimed boomed reacted
recounted recounts exhorted mocked mocks ridiculed lambasted chided scolded taunted griped
grumbled groused fumed ranted railed vented sneered gushed raved touted touts reiterated
reiterates repeated reflected reasoned surmised theorized posited pleaded begged implored
cried screamed chanted muttered murmured wondered wonders texted emailed advised recommended
underscored remembered answers thanked
""".split()
SPEECH_VERBS = frozenset(_SPEECH_VERBS)

_SPEECH_VERB_RE = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))

#: Days and months: "said on Friday" is a cue and a date, not a medium like "said on CNN".
_DATE_WORDS = (
    r"(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?|"
    r"Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
)

#: Cue phrases, longest first; the match is the cue stored on the sentence.
CUE = re.compile(
    r"\b(?:according to|in an? (?:statement|interview|email|letter|tweet|post|press release|"
    r"press conference|news conference|speech|memo|report|filing)|"
    r"(?:is|are|was|were) (?:believed|said|reported|thought|understood|expected|alleged) to|"
    r"(?:is|are|was|were) quoted as saying|"
    r"(?:" + _SPEECH_VERB_RE + r")"
    r"(?: (?:to|in|on|at|by) (?!(?:" + _DATE_WORDS + r")\b)[A-Z][\w.]*(?: [A-Z][\w.]*)*)?)\b"
)

#: Hedges and markers of speculation in the writer's own voice.
HEDGES = re.compile(
    r"\b(almost certainly|most likely|more likely|likely|unlikely|probably|possibly|perhaps|"
    r"maybe|arguably|apparently|seemingly|presumably|supposedly|reportedly|allegedly|"
    r"it seems|it appears|appears to|seems to|is believed to|are believed to|"
    r"is thought to|are thought to|is expected to|what many (?:have )?(?:seen|see|called|"
    r"consider)|some say|many believe|critics say|it is possible|could well|might well|"
    r"in all likelihood|no doubt|without a doubt|surely|clearly|obviously|undoubtedly)\b",
    re.I,
)

#: Evaluative and loaded words: the writer judging rather than reporting.
EVALUATIVE = frozenset(
    """
    dangerous crazy insane foolish prudent reckless absurd ridiculous outrageous shameful
    disgraceful disgusting shocking stunning appalling horrific horrible terrible awful
    disastrous catastrophic brilliant genius stupid idiotic wise unwise naive naïve cynical
    hypocritical hypocrisy pathetic laughable ludicrous bizarre insidious sinister evil
    heroic courageous cowardly despicable deplorable vile corrupt incompetent inept
    irresponsible unacceptable unconscionable unforgivable remarkable extraordinary
    amazing incredible fantastic wonderful great greatest worst best excellent superb
    dishonest lying liar lies propaganda radical extremist extreme fanatical militant-minded
    dubious questionable misguided wrongheaded baseless bogus phony fake sham farce
    hysterical fearmongering alarmist draconian tyrannical authoritarian
    slam slams slammed blast blasts blasted destroy destroys destroyed
    mess chaos fiasco debacle blunder failure failed disaster disgrace outrage scandal shame
    travesty
    unprecedented historic staggering alarming troubling worrying concerning
    regime thug thugs puppet cronies elites
    sadly unfortunately fortunately thankfully hopefully shamefully disturbingly
    admittedly frankly honestly ironically tellingly
    """.split()
)

#: Intensifiers that turn a description into a judgement.
INTENSIFIERS = frozenset(
    "extremely very incredibly utterly deeply truly really totally completely absolutely "
    "highly terribly awfully remarkably astonishingly painfully too so".split()
)

#: Idioms that impute motive or judge conduct.
IDIOMS = re.compile(
    r"\b(banking on|looking the other way|look the other way|playing (?:an? )?(?:\w+ )*game|"
    r"put \w+ on notice|the only (?:\w+ )?(?:decision|choice|option)|"
    r"can(?:'|’)t (?:\w+ )?too|cannot (?:\w+ )?too|as much a \w+ (?:to|for) \w+ as|"
    r"it is time|it's time|it’s time|needs? to|ought to|must be|should be|should have|"
    r"would be (?:wise|crazy|foolish|smart|better|a mistake)|make no mistake|"
    r"the fact (?:is|remains)|let(?:'|’)s be clear|to be sure|of course|"
    r"so-called|the truth is|in other words)\b",
    re.I,
)

#: First-person words: the writer speaking as "we".
FIRST_PERSON = re.compile(r"\b(we|our|us|ours|ourselves|i|my|me)\b", re.I)

#: Nouns that make a description an anonymous source.
ANONYMOUS_HEADS = frozenset(
    """
    official officials source sources person people aide aides adviser advisers advisor
    advisors diplomat diplomats insider insiders resident residents witness witnesses
    expert experts analyst analysts observer observers critic critics supporter supporters
    member members staffer staffers employee employees spokesman spokeswoman spokesperson
    investigator investigators lawmaker lawmakers officer officers many some others
    someone individual individuals activists activist protesters protestors
    """.split()
)

#: Words that make a name an institution rather than a person.
INSTITUTION_WORDS = frozenset(
    """
    department ministry agency office council commission committee court police army
    government administration embassy consulate party company corporation inc corp group
    university institute foundation association union bank fund board bureau service
    services authority authorities force forces command house senate congress parliament
    tv news times post journal press network channel agency agencies organization
    organisation coalition campaign center centre county city state republic kingdom
    united states nations republic pentagon kremlin whitehall ministry fbi cia nsa un nato who imf
    """.split()
)

#: Common country and capital names that speak as institutions ("Iraq has urged...").
PLACES = frozenset(
    """
    iraq iran syria israel russia china ukraine france germany britain uk us usa america
    japan india pakistan afghanistan turkey egypt saudi arabia qatar yemen lebanon jordan
    mexico canada brazil venezuela cuba korea north south australia spain italy poland
    tehran moscow beijing washington baghdad kyiv kiev london paris berlin brussels
    jerusalem damascus ankara cairo riyadh tokyo seoul pyongyang
    """.split()
)

#: Titles dropped from the front of a speaker's name.
TITLES = re.compile(
    r"^(?:(?:U\.?S\.?|US|Iraqi|Iranian|Russian|Chinese|British|French|German|Israeli|"
    r"former|then|acting|deputy|senior|vice|chief|top|national|White House|State Department|"
    r"Foreign Ministry|Secretary of State|Secretary of \w+|Attorney General|President|"
    r"Prime Minister|Foreign Minister|Defense Secretary|Defence Secretary|Secretary|Minister|"
    r"Ambassador|Senator|Sen\.|Rep\.|Representative|Gov\.|Governor|Mayor|Judge|Justice|"
    r"General|Gen\.|Col\.|Colonel|Lt\.|Maj\.|Capt\.|Adm\.|Sgt\.|Dr\.|Mr\.|Mrs\.|Ms\.|"
    r"Prof\.|Professor|Rev\.|Pope|King|Queen|Prince|Princess|Sheikh|Ayatollah|Chairman|"
    r"Chairwoman|Speaker|Leader|Director|Commissioner|Spokesman|Spokeswoman|Spokesperson|"
    r"spokesman|spokeswoman|spokesperson|adviser|advisor|security adviser|"
    r"National security adviser|Supreme Leader|CEO|Chancellor)\s+)+"
)

PRONOUNS = frozenset("he she they it his her their i we".split())

#: Role nouns that, after "the", point back to a person named earlier ("the secretary said").
ROLES = frozenset(
    """
    secretary president minister spokesman spokeswoman spokesperson senator governor mayor
    ambassador chairman chairwoman director chief commander general colonel judge lawmaker
    congressman congresswoman prosecutor leader premier chancellor envoy official diplomat
    """.split()
)

#: A word as the sentence rules count them: letters, apostrophes and hyphens.
WORD = re.compile(r"[A-Za-z’'-]+")

#: Words that start no name: what a capitalised run picks up before the name in
#: "When Trump said", "Because of Donald Trump", "Unlike Mr. Obama", "His remarks".
NOT_NAME_WORDS = frozenset(
    """
    a an the this that these those his her hers its their my our your
    when while if but and or nor so yet because since as though although unless until once
    whenever wherever in on at of for with by from to into onto about after before during
    over under without within not no none what which who whom whose why how where whether
    here there then now also just even still only ever never always however meanwhile
    unlike despite besides given both either neither like including except instead perhaps
    it he she they we i you him them us me is was were are be been has have had do does did
    """.split()
)

#: Days and months: a date next to a cue ("Trump Tuesday said") is no part of a name.
CALENDAR_WORDS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december
    """.split()
)

#: Lower-case words a name never ends with: particles belong before a surname ("de Blasio").
NAME_PARTICLES = frozenset("bin ibn de da van von der la le du dos del al el".split())

#: Page furniture that runs into a name when a page's lines are glued together.
FURNITURE_PREFIX = re.compile(
    r"^(?:(?:JUST WATCHED|MUST WATCH|WATCH|Related Video|Related|Getty Images|AP Photo|"
    r"Privacy Policy|Photo|Video|Image|Advertisement|Read more|READ MORE|MORE|ADVERTISEMENT|"
    r"Click here|Sign up|CLOSE|RELATED|SEE ALSO|POLITICO|Add)\b[:\s]*)+"
)

#: Titles and roles that stand just before a person's name: "Indiana Gov. Mike Pence",
#: "Joint Chiefs Chairman Gen. Martin Dempsey", "Facebook CEO Mark Zuckerberg".
TITLE_WORDS = frozenset(
    """
    president vice-president secretary senator sen. rep. representative congressman
    congresswoman gov. governor mayor speaker leader whip chairman chairwoman chair ceo
    cfo coo founder justice judge ambassador minister premier chancellor director
    administrator commissioner adviser advisor spokesman spokeswoman spokesperson general
    gen. adm. admiral col. colonel lt. maj. capt. sgt. dr. mr. mrs. ms. prof. professor
    attorney counsel chief head pope king queen prince princess sheikh ayatollah candidate
    nominee strategist pollster economist analyst host anchor correspondent columnist
    editor author lawmaker officer aide manager coach
    """.split()
)


_LOWER_TAGS: dict[str, str] = {}


def package_file(package: str, *parts: str) -> Path:
    """A data file shipped inside an installed package, found without importing it
    (importing textblob imports all of NLTK: seconds and 100 MB per process).

    >>> package_file("textblob", "en", "en-lexicon.txt").name
    'en-lexicon.txt'
    """
    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"the {package} package is needed for its lexicon")
    return Path(next(iter(spec.submodule_search_locations)), *parts)


def common_word_tag(word: str) -> str | None:
    """The most likely part of speech of ``word`` as an ordinary lower-case English word.

    From textblob's copy of Brill's lexicon, lower-case entries only: "Brown" the
    name is NNP there, "brown" the colour JJ. None for a word it does not list.

    >>> common_word_tag("requiring"), common_word_tag("pence"), common_word_tag("Xyzzy")
    ('VBG', 'NN', None)
    """
    if not _LOWER_TAGS:
        path = package_file("textblob", "en", "en-lexicon.txt")
        for line in path.read_text(encoding="utf-8").splitlines():
            bits = line.split()
            if len(bits) >= 2 and bits[0].islower():
                _LOWER_TAGS.setdefault(bits[0], bits[1])
    return _LOWER_TAGS.get(word)


#: Adjectives of people and parties: "wrote Chinese physicist Fang Lizhi" is not "Chinese".
DEMONYMS = frozenset(
    """
    american british chinese russian iranian iraqi israeli french german japanese korean
    mexican canadian indian pakistani afghan syrian turkish egyptian saudi palestinian
    ukrainian european african asian latino hispanic arab muslim christian jewish catholic
    democratic republican conservative liberal progressive cuban venezuelan brazilian
    italian spanish polish dutch swedish irish scottish australian nigerian kurdish
    """.split()
)

#: Last words that make a name a place or a building, not a person ("College Park").
PLACE_HEADS = frozenset(
    """
    club park college school church street avenue road hospital airport station bridge
    square hall inn hotel market mall stadium arena county city valley island beach
    """.split()
)
