"""Who wrote it and whose reporting it carries: bylines, credit lines, ``credit_kind``.

``credit_kind`` is ``staff`` (the outlet's own reporters), ``wire`` (AP, Reuters...),
``republished`` (another outlet's work, credited) or ``none``. A credit line that
names the outlet itself, by any of its names (:mod:`.outlet_names`), is the staff's
own work; a wire is a wire wherever it is named; a credit must name an organisation
or a person, never a lone common word.

>>> from datasette_sources.model import Article, Part
>>> art = Article(raw="", parts=[Part("byline", "By Phil Stewart and Lesley Wroughton")])
>>> read_credit(art, "Reuters")
>>> art.bylines, art.credit_kind
(['Phil Stewart', 'Lesley Wroughton'], 'staff')
>>> art = Article(raw="", parts=[Part("credit", "Source: CNN")])
>>> read_credit(art, "CNN (Web News)")
>>> art.credit, art.credit_kind
('CNN (Web News)', 'staff')
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from ..model import Article
from .bylines import split_byline
from .outlet_names import OutletNames, default_outlet_names, domain_label

CREDIT_LINE = re.compile(
    r"^(?:(?P<bare>source|via)|originally published (?:by|in|at|on)|this (?:article|story) "
    r"(?:was )?(?:originally )?(?:appeared|published|first appeared) (?:on|in|at)|"
    r"republished (?:with permission )?from|reprinted (?:with permission )?from|"
    r"courtesy of)\s*:?\s*(?P<credit>.+?)\.?$",
    re.I,
)

#: "The Associated Press contributed to this report." / "Contributing: Jane Doe".
CONTRIBUTION_LINE = re.compile(
    r"^(?:(?:contributing|contributors?)\s*:\s*(?P<who>.+?)|"
    r"(?P<by>[A-Z][^.]{1,80}?) contributed (?:to )?(?:this |the )?(?:report|story|article|"
    r"reporting)[^.]*?)\.?$"
)

_ADDITIONAL = re.compile(
    r"(?:additional )?(?:reporting|writing) by (?P<who>[^.;]+?)(?: staff)?(?:[.;]|$)", re.I
)


BYLINE_LINE = re.compile(
    r"^(?i:by|written by|words by|story by)\s+(?P<names>[A-Z][^.;|]*?)"
    r"(?:\s*[|,]\s*(?P<org>[A-Z][\w .&'-]+))?(?:\.\s*(?P<rest>.*))?$"
)


BIO_LINE = re.compile(
    r"^(?P<name>[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3}) (?:is|was|has been) (?:an? |the )"
    r"(?P<role>[^.]*?\b(?i:correspondent|reporter|writer|editor|journalist|contributor|"
    r"columnist|producer|author|analyst|fellow)\b[^.—]*?)"
    r"(?: (?:for|at|with) (?P<org>(?:the )?[A-Z][\w.&' -]+?))?(?:\s*[—–-]|\.|,|$)"
)

#: Words that make a name a news organisation's: "Washington Examiner", "Sky News".
NEWS_WORDS = re.compile(
    r"\b(?:News|Times|Post|Press|Journal|Examiner|Herald|Tribune|Gazette|Daily|Magazine|"
    r"Media|Radio|TV|Television|Network|Wire|Monitor|Observer|Guardian|Telegraph|Chronicle|"
    r"Bulletin|Register|Inquirer|Dispatch|Courier|Reporter|Review|Beacon|Caller|Standard|"
    r"Sun|Star|Mail|Express|Insider|Report)\b|\.(?:com|org|net|co\.uk)\b"
)

# "a senior US official told CNN", "CNN also reported", "in an interview with Fox News":
# the newsroom whose reporting the text says it is.
_TOLD = re.compile(
    r"\b(?:told|reported by|according to|(?:an )?interview with)\s+(?:the\s+)?"
    r"(?P<name>[A-Z][\w.&'-]*(?:\s+[A-Z][\w.&'-]*){0,3})"
)
_ALSO_REPORTED = re.compile(
    r"\b(?P<name>[A-Z]{2,}|[A-Z][a-z]+(?: [A-Z][a-z]+){1,2}) (?:also |first |has |had )?reported\b"
)
#: Initials too common in prose to be taken as a newsroom's name from the text alone.
_NOT_OUTLETS = {"US", "U.S", "UN", "EU", "ISIS", "FBI", "CIA", "USA", "UK", "NATO", "WHO"}
# A period that ends a byline: not the one after an initial ("Andrew C. McCarthy").
_BYLINE_END = re.compile(r"(?<!\b[A-Z])\.\s+")


def is_news_organisation(name: str | None, names: OutletNames) -> bool:
    """Does ``name`` name a news organisation: a listed outlet or wire, a domain, or a
    name with a newsroom's word in it ("Washington Examiner")?

    >>> names = default_outlet_names()
    >>> [is_news_organisation(n, names) for n in ("CNN", "Washington Examiner", "FBI", "COVID")]
    [True, True, False, False]
    """
    if not name or name.strip() in _NOT_OUTLETS:
        return False
    return bool(names.known(name) or domain_label(name) or NEWS_WORDS.search(name))


def names_someone(name: str | None, names: OutletNames) -> bool:
    """Is ``name`` an organisation or a person, not a lone common word or a photo credit?

    >>> names = default_outlet_names()
    >>> [names_someone(n, names) for n in ("Washington Examiner", "Jane Doe", "USA", "Jim/Staff")]
    [True, True, False, False]
    """
    if not name or "/" in name or len(name) > 80:
        return False
    if is_news_organisation(name, names):
        return True
    words = name.split()
    return 2 <= len(words) <= 8 and sum(w[:1].isupper() for w in words) >= 2


def _credit_line(text: str, names: OutletNames) -> str | None:
    """The organisation or person a credit line names, if it names one."""
    m = CREDIT_LINE.match(text)
    if not m:
        return None
    # "This story was published in partnership with The Guardian": the partner.
    credit = re.sub(r"^(?:a )?(?:partnership|collaboration) with\s+", "", m.group("credit").strip())
    if m.group("bare"):
        # "Source: Labor Department" under a chart is a data source, not a credit:
        # a bare "Source:" or "Via" credits only a news organisation.
        return credit if is_news_organisation(credit, names) else None
    return credit if names_someone(credit, names) else None


def _own_reporting(body: str, names: OutletNames) -> str | None:
    """The newsroom the body says the reporting is (named twice or more), if any."""
    counts: Counter[str] = Counter()
    for m in [*_TOLD.finditer(body), *_ALSO_REPORTED.finditer(body)]:
        name = m.group("name")
        # "told CNN on Friday": the longest leading run of words that is a newsroom.
        words = name.split()
        for n in range(len(words), 0, -1):
            candidate = " ".join(words[:n])
            if is_news_organisation(candidate, names) and candidate not in _NOT_OUTLETS:
                counts[names.known(candidate) or candidate] += 1
                break
    own = [n for n, c in counts.items() if c >= 2]
    return max(own, key=lambda n: counts[n]) if own else None


def read_credit(
    art: Article,
    outlet: str | None,
    *,
    byline: Any = None,
    names: OutletNames | None = None,
    url: str | None = None,
) -> None:
    """Bylines, credit and credit_kind, from byline/bio/credit parts, the input's
    ``byline`` (text, JSON, a list) and the body."""
    names = names or default_outlet_names()
    home = domain_label(url)

    def own(name: str | None) -> bool:
        """Does ``name`` name this outlet (by any of its names, or its web address)?"""
        if not name:
            return False
        if names.same(name, outlet):
            return True
        return home is not None and (domain_label(name) == home or names.same(name, home))

    staff_org = additional = credited = None
    organisations: list[str] = []
    contributors: list[str] = []
    given = split_byline(byline, names, outlet) if byline else None
    for p in art.parts:
        if p.kind == "byline":
            parts = _BYLINE_END.split(p.text, maxsplit=1)
            line, rest = parts[0], parts[1] if len(parts) > 1 else ""
            found = split_byline(line, names, outlet)
            art.bylines.extend(found.people)
            organisations += found.organisations
            a = _ADDITIONAL.search(rest)
            if a:
                additional = a.group("who").strip()
        elif p.kind == "bio":
            m = BIO_LINE.match(p.text)
            if m:
                art.bylines.append(m.group("name"))
                if m.group("org"):
                    staff_org = m.group("org").strip()
        elif p.kind == "credit":
            credited = credited or _credit_line(p.text, names)
            c = CONTRIBUTION_LINE.match(p.text)
            if c:
                contributors.append((c.group("who") or c.group("by")).strip())
    if given and (given.people or given.organisations):
        # What the input says wins over what the page prints: its own byline field.
        art.bylines = list(given.people)
        organisations = given.organisations + organisations
    art.bylines = list(dict.fromkeys(art.bylines))

    agency = art.extra.get("dateline_agency")
    wire_in_byline = next((names.wire(o) for o in organisations if names.wire(o)), None)
    wire_contributed = next(filter(None, map(names.wire_named, contributors)), None)
    if credited:
        art.credit = credited
        wire = names.wire(credited) or names.wire_named(credited)
        if own(credited):
            art.credit_kind, art.credit = "staff", outlet or credited
        elif wire:
            art.credit_kind, art.credit = "wire", wire
        else:
            art.credit_kind = "republished"
    elif agency and names.wire_named(agency) and not own(agency):
        art.credit_kind, art.credit = "wire", names.wire_named(agency)
    elif wire_in_byline and not own(wire_in_byline):
        art.credit_kind, art.credit = "wire", wire_in_byline
    elif additional:
        # "By A and B. Additional reporting by X staff": the named reporters
        # filed for someone else (a wire); X added to it.
        art.credit_kind = "wire"
        art.credit = re.sub(r"\s+staff$", "", additional)
    elif staff_org:
        art.credit_kind, art.credit = "staff", staff_org
    elif art.bylines or organisations or (agency and own(agency)):
        art.credit_kind = "staff"
        art.credit = outlet or next(iter(organisations), None)
    elif wire_contributed and not own(wire_contributed):
        art.credit_kind, art.credit = "wire", wire_contributed
    else:
        reporting = _own_reporting(art.body, names)
        # With the outlet known, the text naming another newsroom ("told CNN") relays
        # that newsroom's reporting; it does not make this page theirs.
        if reporting and (not outlet or own(reporting)):
            art.credit_kind, art.credit = "staff", outlet or reporting

    if outlet:
        art.outlet, art.outlet_source = outlet, "metadata"
    elif art.credit and art.credit_kind in ("staff", "wire") and not names.wire(art.credit):
        art.outlet, art.outlet_source = art.credit, "inferred"
