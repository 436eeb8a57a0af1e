"""The names a news organisation goes by, and which of them are wire services.

A credit line that names the outlet's own newsroom ("CNN" on a page from
"CNN (Web News)", "AP" on an Associated Press story, "DCNF" at the Daily Caller)
is the outlet's staff at work, not republished work; a wire is a wire wherever it
is named. :class:`OutletNames` holds what ``data/outlets.json`` lists, plus what a
user adds in metadata.yml (``plugins: datasette-sources: outlets:`` and ``wires:``),
and matches the rest by rule: case, a leading "The", tails such as "(Web News)",
"Online News", "- News", "- Opinion", a domain, initials.

>>> names = default_outlet_names()
>>> names.same("CNN", "CNN (Web News)"), names.same("AP", "Associated Press")
(True, True)
>>> names.same("NBC", "CNBC"), names.same("NewsHour", "PBS NewsHour")
(False, True)
>>> names.wire("The Associated Press"), names.wire("CNN")
('Associated Press', None)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any

#: Tails outlets add to their name for a section or an edition of their site.
_TAIL = re.compile(
    r"\s*(?:\((?:web news|online news|online|web|news)\)|"
    r"[-–—|:]\s*(?:news|opinion|editorial|online news|online|politics|world|us)|"
    r"\bonline news|\bweb news)\s*$",
    re.I,
)


def without_tail(name: str) -> str:
    """``name`` without a section's or an edition's tail ("Fox News - Politics").

    The tail is short: looked for in the last 100 characters, since a search of the
    whole name tries every start in a run of white space.

    >>> without_tail("Fox News - Politics"), without_tail("Reuters (online)")
    ('Fox News', 'Reuters')
    """
    return name[:-100] + _TAIL.sub("", name[-100:])


#: Final words that do not change which organisation is meant ("Breitbart News", "Reuters Staff").
_SUFFIX_WORDS = {
    "news",
    "online",
    "magazine",
    "digital",
    "newsroom",
    "staff",
    "wire",
    "wires",
    "network",
    "com",
}
#: Words too common to identify an outlet on their own ("Times", "Daily", "Post").
_GENERIC = _SUFFIX_WORDS | {
    "the",
    "a",
    "of",
    "and",
    "web",
    "daily",
    "times",
    "post",
    "press",
    "media",
    "editorial",
    "opinion",
    "board",
    "journal",
    "herald",
    "tribune",
    "today",
    "weekly",
    "review",
    "report",
    "new",
    "world",
    "national",
    "us",
    "u",
    "s",
}
_DOMAIN = re.compile(
    r"^(?:https?://)?(?:www\d?\.)?(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)(?:[/?#].*)?$"
)
_TLD_PARTS = {"com", "org", "net", "co", "uk", "us", "go", "io", "news", "info", "edu", "gov"}
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def domain_label(url_or_host: str | None) -> str | None:
    """The name part of a web address: 'cnn' for https://www.cnn.com/..., None if not one.

    >>> domain_label("https://www.cnn.com/2020/03/01/x.html"), domain_label("abcnews.go.com")
    ('cnn', 'abcnews')
    >>> domain_label("CNN") is None
    True
    """
    if not url_or_host:
        return None
    m = _DOMAIN.match(url_or_host.strip().lower())
    if not m:
        return None
    labels = [x for x in m.group("host").split(".") if x not in _TLD_PARTS]
    return max(labels, key=len) if labels else None


def name_key(name: str) -> str:
    """One outlet name folded to a key: case, punctuation, 'The', tails and suffix words gone.

    >>> [name_key(n) for n in ("CNN (Web News)", "The Hill", "TheHill.com", "Breitbart News")]
    ['cnn', 'hill', 'hill', 'breitbart']
    >>> name_key("New York Times - Opinion"), name_key("foxnews.com")
    ('newyorktimes', 'fox')
    """
    text = name.strip().strip("\"'“”")
    label = domain_label(text) if " " not in text else None
    if label:
        words = [label[:-4]] if label.endswith("news") and len(label) > 5 else [label]
        if words[0].startswith("the") and len(words[0]) > 5:
            words = [words[0][3:]]
        return words[0]
    previous = None
    while previous != text:
        previous, text = text, without_tail(text)
    words = _WORD.findall(text.lower().replace("&", " and ").replace("'s ", " "))
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    while len(words) > 1 and words[-1] in _SUFFIX_WORDS:
        words = words[:-1]
    return "".join(w.replace("-", "") for w in words)


def initials(name: str) -> str | None:
    """'ap' for Associated Press, 'cst' for Chicago Sun-Times; None for a one-word name."""
    words = [w for w in re.findall(r"[A-Za-z]+", without_tail(name)) if w.lower() not in {
        "the", "of", "and", "news", "online", "web",
    }]  # fmt: skip
    return "".join(w[0] for w in words).lower() if len(words) >= 2 else None


def _tokens(name: str) -> set[str]:
    return set(_WORD.findall(without_tail(name).lower())) - _GENERIC


@dataclass(frozen=True)
class OutletNames:
    """Known outlets by every name they go by, and the wire services among them."""

    #: name key -> the outlet's canonical name
    canonical: Mapping[str, str] = field(default_factory=dict)
    #: canonical names of the wire services
    wires: frozenset[str] = frozenset()
    #: every listed form of each wire's name, as written (for finding them in text)
    wire_forms: tuple[tuple[str, str], ...] = ()
    #: canonical name -> every name listed for it, as written
    listed: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def known(self, name: str | None) -> str | None:
        """The canonical name of a listed outlet, or None.

        >>> default_outlet_names().known("nytimes.com"), default_outlet_names().known("USA")
        ('The New York Times', None)
        """
        if not name or not name.strip():
            return None
        return self.canonical.get(name_key(name))

    def same(self, a: str | None, b: str | None) -> bool:
        """Do ``a`` and ``b`` name the same organisation (or one a desk of the other)?"""
        if not a or not b:
            return False
        ka, kb = name_key(a), name_key(b)
        if not ka or not kb:
            return False
        if ka == kb:
            return True
        ca, cb = self.canonical.get(ka), self.canonical.get(kb)
        if ca and cb:
            return ca == cb
        for short, full in ((a, b), (b, a)):
            bare = short.strip()
            # "AP" for Associated Press: initials only from a short all-capitals name.
            if 2 <= len(bare) <= 5 and bare.isupper() and bare.lower() == initials(full):
                return True
        ta, tb = _tokens(a), _tokens(b)
        # "Sun-Times" is a desk of the Chicago Sun-Times; "Times" alone says nothing.
        return bool(ta and tb and (ta <= tb or tb <= ta))

    def forms(self, name: str | None) -> set[str]:
        """The ways a text may name the outlet ``name``: as given, without its tail, and
        every listed name that is not a web address.

        >>> sorted(default_outlet_names().forms("CNN (Web News)"))[:3]
        ['CNN', 'CNN (Web News)', 'CNN Newsource']
        """
        if not name or not name.strip():
            return set()
        out = {name.strip(), without_tail(name).strip()}
        canonical = self.known(name)
        if canonical:
            out |= {canonical, *self.listed.get(canonical, ())}
        return {f for f in out if len(f) >= 2 and domain_label(f) is None}

    def named_in(self, name: str | None, text: str) -> bool:
        """Does ``text`` name the outlet ``name`` by any of its :meth:`forms`?

        >>> default_outlet_names().named_in("Associated Press", "the AP reported")
        True
        >>> default_outlet_names().named_in("Vox", "a vox pop")
        False
        """
        for form in self.forms(name):
            flags = 0 if form.isupper() or len(form) <= 4 else re.I
            if re.search(r"(?<![\w.])" + re.escape(form) + r"(?!\w)", text, flags):
                return True
        return False

    def wire(self, name: str | None) -> str | None:
        """The wire service ``name`` is, if it is one."""
        canonical = self.known(name)
        return canonical if canonical in self.wires else None

    @cached_property
    def _wire_pattern(self) -> re.Pattern[str] | None:
        if not self.wire_forms:
            return None
        # Longest first, so 'The Associated Press' wins over 'AP'; abbreviations in capitals only.
        forms = sorted({f for f, _ in self.wire_forms}, key=len, reverse=True)
        alternatives = [
            re.escape(f) if f.isupper() or len(f) <= 4 else "(?i:" + re.escape(f) + ")"
            for f in forms
        ]
        return re.compile(r"(?<![\w.])(?:" + "|".join(alternatives) + r")(?![\w])")

    def wire_named(self, text: str | None) -> str | None:
        """The first wire service ``text`` names, by its canonical name.

        >>> default_outlet_names().wire_named("The Associated Press contributed to this report.")
        'Associated Press'
        >>> default_outlet_names().wire_named("Apple said") is None
        True
        """
        if not text or self._wire_pattern is None:
            return None
        m = self._wire_pattern.search(text)
        return self.wire(m.group(0)) if m else None

    def extended(
        self, outlets: Mapping[str, Iterable[str]], wires: Iterable[str] = ()
    ) -> OutletNames:
        """These names plus more: ``outlets`` maps a name to its other names; ``wires``
        are wire services."""
        canonical = dict(self.canonical)
        listed = {k: list(v) for k, v in self.listed.items()}
        forms = list(self.wire_forms)
        all_wires = set(self.wires)
        for name, aliases in outlets.items():
            # A name the package already knows keeps its canonical name.
            home = canonical.get(name_key(name), name)
            for alias in [name, *aliases]:
                if name_key(alias):
                    canonical[name_key(alias)] = home
                    listed.setdefault(home, []).append(alias)
        for name in wires:
            home = canonical.setdefault(name_key(name), name)
            all_wires.add(home)
        forms += [(home, home) for home in set(canonical.values()) if home in all_wires]
        for name, aliases in outlets.items():
            home = canonical[name_key(name)]
            if home in all_wires:
                forms += [(a, home) for a in [name, *aliases] if domain_label(a) is None]
        for name in wires:
            forms.append((name, canonical[name_key(name)]))
        return OutletNames(
            canonical,
            frozenset(all_wires),
            tuple(dict.fromkeys(forms)),
            {k: tuple(dict.fromkeys(v)) for k, v in listed.items()},
        )


def names_from_settings(data: Any, base: OutletNames | None = None) -> OutletNames:
    """Outlet names from a parsed YAML/JSON document: ``outlets:`` and ``wires:`` at the top,
    or in a Datasette metadata.yml under ``plugins: datasette-sources:``. Raises ValueError.

    >>> names = names_from_settings({"outlets": {"The Gazette": ["Gazette Online"]},
    ...                              "wires": ["Kyodo"]})
    >>> names.same("Gazette Online", "The Gazette"), names.wire("Kyodo")
    (True, 'Kyodo News')
    """
    if isinstance(data, dict) and "plugins" in data:
        data = (data.get("plugins") or {}).get("datasette-sources") or {}
    if not isinstance(data, dict):
        raise ValueError("expected a mapping with outlets: and wires:")
    outlets = data.get("outlets") or {}
    wires = data.get("wires") or []
    if not isinstance(outlets, dict) or not all(
        isinstance(k, str) and isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v)
        for k, v in outlets.items()
    ):
        raise ValueError("outlets: expected outlet names, each with a list of its other names")
    if not isinstance(wires, (list, tuple)) or not all(isinstance(w, str) for w in wires):
        raise ValueError("wires: expected a list of wire service names")
    return (base or default_outlet_names()).extended(outlets, wires)


@cache
def default_outlet_names() -> OutletNames:
    """The names that ship in ``data/outlets.json``."""
    text = resources.files("datasette_sources").joinpath("data/outlets.json").read_text("utf-8")
    data = json.loads(text)
    return OutletNames().extended(data["outlets"], data["wires"])
