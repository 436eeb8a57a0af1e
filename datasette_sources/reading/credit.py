"""Who wrote it and whose reporting it carries: bylines, credit lines, ``credit_kind``.

``credit_kind`` is ``staff`` (the outlet's own reporters), ``wire`` (AP, Reuters...),
``republished`` (another outlet's work, credited) or ``none``.

>>> from datasette_sources.model import Article, Part
>>> art = Article(raw="", parts=[Part("byline", "By Phil Stewart and Lesley Wroughton")])
>>> read_credit(art, "Reuters")
>>> art.bylines, art.credit_kind
(['Phil Stewart', 'Lesley Wroughton'], 'staff')
"""

from __future__ import annotations

import re

from ..model import Article

CREDIT_LINE = re.compile(
    r"^(?:source|via|originally published (?:by|in|at|on)|this (?:article|story) "
    r"(?:was )?(?:originally )?(?:appeared|published|first appeared) (?:on|in|at)|"
    r"republished (?:with permission )?from|reprinted (?:with permission )?from|"
    r"courtesy of)\s*:?\s*(?P<credit>.+?)\.?$",
    re.I,
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


_WIRE = re.compile(
    r"\b(Reuters|Associated Press|AP|AFP|Agence France-Presse|Bloomberg|UPI|"
    r"Press Association|PA Media|dpa)\b"
)


def _names(text: str) -> list[str]:
    """Split 'Phil Stewart and Lesley Wroughton' into names."""
    text = re.sub(r"\s*\(.*?\)", "", text)
    bits = re.split(r"\s*(?:,\s*and|,|\band\b|&)\s*", text)
    return [b.strip(" .") for b in bits if b.strip(" .") and b.strip()[0].isupper()]


def read_credit(art: Article, outlet: str | None) -> None:
    """Bylines, credit and credit_kind, from byline/bio/credit parts and the body."""
    staff_org = None
    additional = None
    for p in art.parts:
        if p.kind == "byline":
            m = BYLINE_LINE.match(p.text)
            if m:
                art.bylines.extend(_names(m.group("names")))
                if m.group("org"):
                    staff_org = m.group("org").strip()
                rest = m.group("rest") or ""
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
            m = CREDIT_LINE.match(p.text)
            if m:
                art.credit = m.group("credit").strip()
                art.credit_kind = "republished"
    art.bylines = list(dict.fromkeys(art.bylines))

    agency = art.extra.get("dateline_agency")
    wire_in_byline = any(_WIRE.search(b) for b in art.bylines)
    if art.credit_kind == "republished":
        pass
    elif agency and _WIRE.search(agency) or wire_in_byline:
        art.credit_kind = "wire"
        art.credit = agency or next(
            _WIRE.search(b).group(1) for b in art.bylines if _WIRE.search(b)
        )
    elif additional:
        # "By A and B. Additional reporting by X staff": the named reporters
        # filed for someone else (a wire); X added to it.
        art.credit_kind = "wire"
        art.credit = re.sub(r"\s+staff$", "", additional)
    elif staff_org:
        art.credit_kind = "staff"
        art.credit = staff_org
    elif art.bylines:
        art.credit_kind = "staff"
        art.credit = outlet
    else:
        told = re.findall(
            r"\b(?:told|to|reported by|according to|interview with)\s+(?:the\s+)?"
            r"([A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Z]{2,})\b",
            art.body,
        )
        also = re.findall(r"\b([A-Z]{2,}|[A-Z][a-z]+ [A-Z][a-z]+) (?:also )?reported\b", art.body)
        counts: dict[str, int] = {}
        for name in told + also:
            if name in ("US", "U.S", "UN", "EU", "ISIS"):
                continue
            counts[name] = counts.get(name, 0) + 1
        own = [n for n, c in counts.items() if c >= 2]
        if own:
            art.credit = max(own, key=lambda n: counts[n])
            art.credit_kind = "staff"

    if outlet:
        art.outlet, art.outlet_source = outlet, "metadata"
    elif (
        art.credit
        and art.credit_kind in ("staff", "wire")
        and not (art.credit_kind == "wire" and _WIRE.search(art.credit or ""))
    ):
        art.outlet, art.outlet_source = art.credit, "inferred"
    if (
        outlet
        and art.credit
        and art.credit_kind == "staff"
        and art.credit != outlet
        and not art.bylines
    ):
        # The text credits another newsroom's staff: the page carries their work.
        art.credit_kind = "republished"
