"""Source type and side of a speaker, from the words that introduce it.

Source type and side are read from the words the article itself uses to introduce a
source (title before the name, apposition after it, "of the ..." post-modifier), following
the descriptor-based source coding of news-sourcing studies (Sigal 1973; Berkowitz 2009;
the role categories of the Gender Gap Tracker, Asr et al. 2021). The word lists are data:
``source_types.csv``, ``side_words.csv`` (countries, international bodies and political
parties), ``institution_heads.csv`` and ``reporting_verbs.csv`` (stance column) in
``analysis/lexicons``. Build your own lexicon with ``DEFAULT_LEXICON.extend(...)``.

Sides: a political party named in the descriptor ("Sen. Marco Rubio (R-Fla.)", "Democratic
Sen.", "a Republican from Texas", "the Democratic National Committee", "Labour MP", "Tory")
wins over a country; a country or international body counts only when the descriptor ties
the source to it ("Russian Foreign Minister", "of the U.S. Embassy"), never a place the
source is in ("a nurse in Warsaw", "London-based").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

from analysis import lexicons

SOURCE_TYPES = ("official", "expert", "media", "organization", "anonymous", "other")


def _grouped(name: str, key: str, value: str, *, kinds: tuple[str, ...] | None = None) -> dict[str, tuple[str, ...]]:
    frame = lexicons.load(name)
    out: dict[str, list[str]] = {}
    for _, row in frame.iterrows():
        if kinds is None or row["kind"] in kinds:
            out.setdefault(row[key], []).append(row[value])
    return {k: tuple(v) for k, v in out.items()}


def _evaluative() -> tuple[str, ...]:
    frame = lexicons.load("reporting_verbs")
    return tuple(frame.loc[frame["stance"] == "evaluative", "lemma"])


@dataclass(frozen=True)
class SourceLexicon:
    """Words that give a source its type and side. Immutable; use :meth:`extend`.

    ``types``: source type -> words/phrases (lower case) that mark it.
    ``affiliations``: canonical country or body -> words that point to it (case-sensitive
    for short acronyms such as "US", "UN"; longer words match any case).
    ``parties``: party side -> words naming it (case-sensitive: "Labour", "GOP").
    ``party_letters``: "R-"/"D-" style congressional markers -> party side.
    ``evaluative``: reporting-verb lemmas counted as evaluative in ``verb_profile``.
    """

    types: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: _grouped("source_types", "type", "word"))
    affiliations: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: _grouped("side_words", "side", "word", kinds=("country", "body"))
    )
    evaluative: tuple[str, ...] = field(default_factory=_evaluative)
    institution_heads: tuple[str, ...] = field(
        default_factory=lambda: tuple(lexicons.load("institution_heads")["word"])
    )
    parties: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: _grouped("side_words", "side", "word", kinds=("party",))
    )
    party_letters: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: _grouped("side_words", "side", "word", kinds=("party_letter",))
    )

    def extend(
        self,
        *,
        types: Mapping[str, Iterable[str]] | None = None,
        affiliations: Mapping[str, Iterable[str]] | None = None,
        evaluative: Iterable[str] | None = None,
        parties: Mapping[str, Iterable[str]] | None = None,
    ) -> SourceLexicon:
        """A new lexicon with extra words added (existing entries are kept)."""
        new_types = {k: tuple(v) for k, v in self.types.items()}
        for key, words in (types or {}).items():
            if key not in SOURCE_TYPES:
                raise ValueError(f"Unknown source type {key!r}; use one of {SOURCE_TYPES}.")
            new_types[key] = new_types.get(key, ()) + tuple(w.lower() for w in words)
        new_aff = {k: tuple(v) for k, v in self.affiliations.items()}
        for key, words in (affiliations or {}).items():
            new_aff[key] = new_aff.get(key, ()) + tuple(words)
        new_parties = {k: tuple(v) for k, v in self.parties.items()}
        for key, words in (parties or {}).items():
            new_parties[key] = new_parties.get(key, ()) + tuple(words)
        return replace(
            self,
            types=new_types,
            affiliations=new_aff,
            parties=new_parties,
            evaluative=self.evaluative + tuple(evaluative or ()),
        )

    def __hash__(self) -> int:  # frozen dataclass with dict fields: hash on content, once
        cached = self.__dict__.get("_hash")
        if cached is None:
            cached = self._content_hash()
            object.__setattr__(self, "_hash", cached)
        return cached

    def _content_hash(self) -> int:
        return hash(
            (
                tuple((k, tuple(v)) for k, v in self.types.items()),
                tuple((k, tuple(v)) for k, v in self.affiliations.items()),
                tuple((k, tuple(v)) for k, v in self.parties.items()),
                tuple((k, tuple(v)) for k, v in self.party_letters.items()),
                self.evaluative,
                self.institution_heads,
            )
        )

    @property
    def sides(self) -> tuple[str, ...]:
        """Every side this lexicon can assign (countries, bodies, parties)."""
        return tuple(dict.fromkeys([*self.affiliations, *self.parties, *self.party_letters]))


@lru_cache(maxsize=1)
def _default() -> SourceLexicon:
    return SourceLexicon()


class _DefaultLexicon:
    """The shipped lexicon, read from ``analysis/lexicons`` on first use (importing the
    package reads no file); behaves as the :class:`SourceLexicon` it stands for."""

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_default(), name)

    def __hash__(self) -> int:
        return hash(_default())

    def __eq__(self, other: object) -> bool:
        return _default() == (other if isinstance(other, SourceLexicon) else _resolve(other))

    def __repr__(self) -> str:
        return "DEFAULT_LEXICON"


def _resolve(lexicon: SourceLexicon | _DefaultLexicon | None) -> SourceLexicon:
    """The real lexicon behind ``lexicon`` (the default one when None)."""
    if lexicon is None or isinstance(lexicon, _DefaultLexicon):
        return _default()
    return lexicon


DEFAULT_LEXICON = _DefaultLexicon()


@dataclass(frozen=True)
class _Compiled:
    type_res: tuple[tuple[str, re.Pattern], ...]
    aff_re: re.Pattern
    aff_lookup: dict[str, str]
    head_re: re.Pattern
    party_re: re.Pattern | None
    party_lookup: dict[str, str]
    letter_re: re.Pattern | None
    letter_lookup: dict[str, str]


def _phrase_alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# a party word that names something else: "Labor Department", "Democratic Republic of Congo"
_NOT_PARTY_AFTER = re.compile(r"\s+(?:Department|Secretary|Day|Republic|Statistics|Party of Russia)\b")


@lru_cache(maxsize=16)
def _compiled(lexicon: SourceLexicon) -> _Compiled:
    type_res = tuple(
        (t, re.compile(r"(?<![\w.])(?:" + _phrase_alt(lexicon.types.get(t, ())) + r")(?![\w])",
                       re.IGNORECASE))
        for t in ("anonymous", "media", "expert", "official", "organization")
        if lexicon.types.get(t)
    )
    lookup: dict[str, str] = {}
    for canon, words in lexicon.affiliations.items():
        for w in words:
            lookup[w] = canon
            if len(w) > 3 and not w.isupper():
                lookup[w.lower()] = canon
    # short acronyms match case-sensitively; longer words any case (via the lookup keys)
    aff_re = re.compile(r"(?<![\w.])(" + _phrase_alt(lookup) + r")(?:'s)?(?![\w])")
    head_re = re.compile(
        r"^(?:\s+[\w.'-]+){0,2}?\s+(?:" + _phrase_alt(lexicon.institution_heads) + r")\b",
        re.IGNORECASE,
    )
    party_lookup = {w: side for side, ws in lexicon.parties.items() for w in ws}
    party_re = (re.compile(r"(?<![\w.-])(" + _phrase_alt(party_lookup) + r")(?:'s)?(?![\w-])")
                if party_lookup else None)
    letter_lookup = {w.rstrip("-"): side for side, ws in lexicon.party_letters.items() for w in ws}
    # "(R-Fla.)", "R-Tenn.", "D-N.Y.", "(I-Vt.)"
    letter_re = (re.compile(r"(?<![\w.-])(" + _phrase_alt(letter_lookup) + r")-(?:[A-Z][a-zA-Z]{1,4}\.?"
                            r"(?:\s?[A-Z][a-z]{0,3}\.?)?|[A-Z]\.[A-Z]\.)(?![\w])")
                 if letter_lookup else None)
    return _Compiled(type_res, aff_re, lookup, head_re, party_re, party_lookup, letter_re, letter_lookup)


def party_of(descriptor: str, *, lexicon: SourceLexicon | None = None) -> str:
    """The political party named in ``descriptor`` ("" if none): "(R-Fla.)", "Democratic Sen.",
    "a Republican from Texas", "the Labour MP", "GOP"."""
    comp = _compiled(_resolve(lexicon))
    desc = descriptor or ""
    if comp.letter_re is not None:
        m = comp.letter_re.search(desc)
        if m:
            return comp.letter_lookup[m.group(1)]
    if comp.party_re is not None:
        for m in comp.party_re.finditer(desc):
            if _NOT_PARTY_AFTER.match(desc, m.end()):
                continue
            return comp.party_lookup[m.group(1)]
    return ""


def classify_source(
    descriptor: str,
    *,
    is_person: bool = False,
    lexicon: SourceLexicon | None = None,
) -> tuple[str, str]:
    """``(source_type, side)`` for the words that describe one source.

    ``descriptor`` is every word the article uses to introduce the source (title, name,
    apposition, "of the ..."). Anonymous markers win; then media, expert, official and
    organisation words in that order. A bare country or seat of government used as a
    speaker ("Washington said", "the Kremlin said") is an official source. The side is a
    party named in the descriptor (:func:`party_of`), else the country/body word directly
    before an institution head ("U.S. Embassy", "Russian Academy"), else the first
    country/body word that is not a location ("in Moscow", "London-based").
    """
    comp = _compiled(_resolve(lexicon))
    desc = descriptor or ""
    source_type = ""
    for name, pattern in comp.type_res:
        if pattern.search(desc):
            source_type = name
            break
    affiliation = party_of(desc, lexicon=lexicon) or affiliation_of(desc, lexicon=lexicon)
    if not source_type:
        stripped = re.sub(r"^(?:the|a|an)\s+", "", desc.split(";")[0].strip(), flags=re.IGNORECASE)
        if affiliation and comp.aff_lookup.get(stripped, comp.aff_lookup.get(stripped.lower())):
            source_type = "official"
        elif affiliation and affiliation in _resolve(lexicon).parties and not is_person:
            source_type = "organization"
        else:
            source_type = "other"
    return source_type, affiliation
_THAT = re.compile(r"(?<![\w-])that(?![\w-])")


def affiliation_of(descriptor: str, *, lexicon: SourceLexicon | None = None) -> str:
    """Country or body named in ``descriptor`` that the source speaks for ("" if none)."""
    comp = _compiled(_resolve(lexicon))
    fallback = ""
    # what the source said or did after "that" ("who has said that ... the Mexican border", "a
    # charity that works with Russian orphans") names no side of the source
    descriptor = _THAT.split(descriptor or "", maxsplit=1)[0]
    for m in comp.aff_re.finditer(descriptor):
        canon = comp.aff_lookup.get(m.group(1)) or comp.aff_lookup.get(m.group(1).lower(), "")
        if not canon:
            continue
        before = descriptor[max(0, m.start() - 4) : m.start()].lower()
        after = descriptor[m.end() : m.end() + 7]
        if after.startswith("-based") or before.endswith(" in ") or before.endswith("in "):
            continue  # a location, not a side
        possessive = m.group(0).endswith("'s")
        if possessive or comp.head_re.match(descriptor[m.end() : m.end() + 60]) or _is_institution(
            m.group(1)
        ):
            return canon
        if not fallback and not re.match(r"\s+[A-Z]", after):
            fallback = canon  # not part of a longer proper name ("Syrian Observatory")
    return fallback


#: the side given to a source the text presents in a role outside party politics
NONPARTISAN = "Nonpartisan"


@lru_cache(maxsize=1)
def _role_patterns() -> tuple[re.Pattern, re.Pattern]:
    frame = lexicons.load("nonpartisan_roles")
    role, block = (_phrase_alt(frame.loc[frame["kind"] == k, "word"]) for k in ("role", "block"))
    return (re.compile(rf"(?<![\w-])(?:{role})(?![\w-])", re.IGNORECASE),
            re.compile(rf"(?<![\w-])(?:{block})(?![\w-])", re.IGNORECASE))


def nonpartisan_role(descriptor: str, *, context: str = "", lexicon: SourceLexicon | None = None) -> str:
    """The word of ``descriptor`` that presents a source in a role outside party politics
    ("professor", "police chief", "judge", "nonpartisan"; ``nonpartisan_roles.csv``), or ""
    when there is none, or when the descriptor also names a party, a leaning ("the
    conservative American Action Forum"), activism, a campaign or political staff, or a media
    commentator: the evidence for the side :data:`NONPARTISAN`, which is given only where no
    party, country or government side is found. ``context`` (the rest of the sentence outside
    the quotation, say) can only rule the role out, by the same words ("an economist who is now
    president of the American Action Forum, a conservative advocacy group")."""
    desc = descriptor or ""
    roles, blocks = _role_patterns()
    m = roles.search(desc)
    if m is None or any(blocks.search(t) or party_of(t, lexicon=lexicon) for t in (desc, context or "")):
        return ""
    return m.group(0).lower()


def nonpartisan_ruled_out(text: str, *, lexicon: SourceLexicon | None = None) -> bool:
    """Whether ``text`` (a sentence that introduces a source, the quotation left out) names a
    role outside party politics and rules it out in the same breath ("an economist who is now
    president of the American Action Forum, a conservative advocacy group")."""
    roles, _ = _role_patterns()
    return bool(roles.search(text or "")) and not nonpartisan_role(text, lexicon=lexicon)


def _is_institution(word: str) -> bool:
    return any(w in word.lower() for w in ("kremlin", "white house", "department", "pentagon"))
