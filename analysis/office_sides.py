"""Sides from what the corpus says about a person and from a small knowledge base of offices.

Who speaks for which side is read, in this order (the first that gives a party wins):

1. **Party labels anywhere in the corpus** -- "Sen. Marco Rubio (R-Fla.)", "Republican Sen.
   Ted Cruz", "Democratic nominee Hillary Clinton", "Rubio, a Republican" -- counted for the
   person, together with the party words of the descriptors at the person's quotations; the
   most frequent party is given to *every* quotation of that person across the corpus, also
   where an article names them bare ("Rubio said").
2. **Office holders by date** (lexicon ``office_holders.csv``): a person known to the
   knowledge base gets the party side of the term that covers the article date (else their
   nearest term). A head of government or minister in office at the date (president, prime
   minister, cabinet, White House staff) speaks for their party in a domestic story and for
   their country in an international one: when the quotation's paragraph or the one before
   names a foreign country, capital, people or region or an international body ("Secretary
   of State John Kerry said after talks in Moscow": United States; "President Trump said in
   Ohio": US Republicans). This story rule comes before the party labels of rule 1. A
   surname quoted alone that the base cannot name by itself takes the side of the one full
   name of the base the same article writes with it ("Mayor Bill de Blasio" ... "De Blasio
   said"). Staff of "the campaign" ("an adviser to the campaign", "the campaign's spokesman
   X") speak for the campaign the article named last before them.
3. **Institutions** (lexicon ``side_institutions.csv``): "the White House", "administration
   officials", "Downing Street" speak for the governing side at the article date (the
   president's or prime minister's party); "the Obama administration" for Obama's party;
   federal agencies and departments for the government (United States). An institution side
   replaces a country side (the White House is more than "United States"), never a party.

The user's ``sides.csv`` is applied after all of this and wins
(:func:`analysis.sources.resolve_speakers`). Everything is data (two lexicon files, the party
words of ``side_words.csv``); one pass of compiled regular expressions over the texts, one
grouping over the quotes: linear in corpus size.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from analysis import lexicons
from analysis.identity import canonical_names, fold_name, parse_name
from analysis.speaker_names import clean_speaker

__all__ = [
    "Term", "fill_sides", "governing_side", "institution_side", "international", "known_side", "known_term",
    "office_holder",
    "office_terms",
    "party_labels", "person_parties", "side_evidence",
]

_NAME = (r"[A-Z][\w'\u2019-]+(?:[ \u00a0](?:(?:de|van|von|der|da|du|la|le)[ \u00a0])?(?:[A-Z]\.|[A-Z][\w'\u2019-]+))"
         r"{0,3}")
_TITLES = (r"(?:(?:presidential|vice[ -]presidential|former|then-|House|Senate|state|party)\s+)*"
           r"(?:nominee|candidate|Sen\.|Senator|Rep\.|Representative|Gov\.|Governor|Congressman|"
           r"Congresswoman|Mayor|leader|MP|lawmaker|strategist|operative|consultant|pollster|"
           r"chairman|chairwoman|chair|Speaker|President|senator|governor|congressman|congresswoman|"
           r"mayor|representative|activist|donor|official|Secretary of State|Attorney General|Secretary|"
           r"Lt\. Gov\.|Lieutenant Governor|Assemblyman|Assemblywoman|legislator|Majority Leader|"
           r"Minority Leader|Whip|Councilman|Councilwoman|commissioner|aide|adviser|spokesman|spokeswoman)")
# "Sen. Marco Rubio (R-Fla.)", "Rubio (R-FL)", "Sen. Bernie Sanders (I-Vt.)"
_LETTER_RE = re.compile(rf"({_NAME}),?[ \u00a0]+\(([RDI])[-\u2013][A-Z][A-Za-z. ]{{0,16}}\)")
# "Republican Sen. Ted Cruz", "Democratic presidential nominee Hillary Clinton", "GOP strategist Ana Navarro"
_BEFORE_RE = re.compile(
    rf"\b(Republican|Democratic|Democrat|GOP|Labour|Conservative|Tory|Lib Dem|Liberal Democrat)"
    rf"[ \u00a0]+(?:{_TITLES}[ \u00a0]+)?({_NAME})"
)
# "Rubio, a Republican", "Warren, the Democratic senator from Massachusetts"
_AFTER_RE = re.compile(
    rf"({_NAME}),[ \u00a0]+(?:a|an|the)[ \u00a0]+(?:[a-z-]+[ \u00a0]+){{0,2}}"
    rf"(Republican|Democrat|Democratic|Labour|Conservative|Tory)\b"
)
_ROLE = (r"(?:(?:presidential|vice[ -]presidential|re-?election|transition)[ \u00a0]+)?(?:campaign|team)?[ \u00a0]*"
         r"(?:manager|chairman|chairwoman|chair|spokesman|spokeswoman|spokesperson|aide|adviser|advisor|"
         r"senior adviser|press secretary|surrogate|running mate|communications director|pollster|"
         r"strategist|chief of staff|campaign|team|aides|advisers|surrogates|allies|camp)")
# "Clinton campaign manager Robby Mook", "Trump's running mate, Mike Pence": Mook speaks for Clinton's side
_ALLY_RE = re.compile(rf"\b([A-Z][\w'\u2019-]+)(?:['\u2019]s)?[ \u00a0]+{_ROLE},?[ \u00a0]+({_NAME})")
# a body or group that is someone's camp: "Trump campaign", "Clinton's team", "Trump aides"
_CAMP_RE = re.compile(rf"^(?:the[ \u00a0]+)?([A-Z][\w'\u2019-]+)(?:['\u2019]s)?[ \u00a0]+{_ROLE}$")
_LETTER_SIDE = {"R": "US Republicans", "D": "US Democrats", "I": "US independents"}
# "Kenneth Baer, a former Obama administration official", "Mike Schmidt, an economic policy
# adviser at the Clinton campaign": the person speaks for the side of the campaign's person
_CAMP_STAFF = (r"(?:official|officials|adviser|advisor|aide|spokesman|spokeswoman|spokesperson|staffer|"
               r"manager|director|strategist|secretary|appointee|counsel|veteran|alumnus|chairman|chairwoman)")
_CAMP_OF = (r"([A-Z][\w'\u2019-]+)(?:['\u2019]s)?[ \u00a0]+(?:(?:presidential|re-?election)[ \u00a0]+)?"
            r"(?:campaign|administration|transition team)")
_AFTER_CAMP_RE = re.compile(
    rf"({_NAME}),[ \u00a0]+(?:a|an|the)[ \u00a0]+(?:[a-z-]+[ \u00a0]+){{0,3}}?"
    rf"(?:{_CAMP_OF}[ \u00a0]+(?:[a-z-]+[ \u00a0]+){{0,2}}?{_CAMP_STAFF}\b"
    rf"|{_CAMP_STAFF}[ \u00a0]+(?:at|for|to|with|in|on)[ \u00a0]+(?:the[ \u00a0]+)?{_CAMP_OF})"
)
# "David Kamin, an outside adviser to the campaign", "the campaign's spokesman, Brian Fallon": the
# campaign is the one the article named last before ("Hillary Clinton's campaign")
_THE_CAMP_AFTER_RE = re.compile(
    rf"({_NAME}),[ \u00a0]+(?:a|an|the)[ \u00a0]+(?:[a-z-]+[ \u00a0]+){{0,3}}?{_CAMP_STAFF}[ \u00a0]+"
    rf"(?:to|for|with|at|of|on)[ \u00a0]+the[ \u00a0]+campaign\b"
)
_THE_CAMP_BEFORE_RE = re.compile(
    rf"\b(?:the|[Tt]he campaign['\u2019]s|[Hh]er|[Hh]is)[ \u00a0]+(?:campaign[ \u00a0]+)?"
    rf"(?:spokesman|spokeswoman|spokesperson|manager|chairman|chairwoman|press secretary|communications director),?"
    rf"[ \u00a0]+({_NAME})"
)
_STAFF = (r"(?:spokesman|spokeswoman|spokesperson|press secretary|deputy press secretary|official|aide|adviser|"
          r"advisor|counsel|communications director)")
# Text every match of a pattern contains: a text without it is not scanned with the pattern
# (most articles name no "(R-Texas)", no party and no campaign or administration)
_LETTER_HINT_RE = re.compile(r"\([RDI][-\u2013]")  # _LETTER_RE
# _BEFORE_RE and _AFTER_RE
_PARTY_HINT_RE = re.compile(r"Republican|Democrat|GOP|Labour|Conservative|Tory|Lib Dem|Liberal Democrat")
_CAMP_HINT_RE = re.compile(r"campaign|administration|transition team")  # _AFTER_CAMP_RE (its _CAMP_OF)
# "White House spokesman Josh Earnest", "Justice Department spokeswoman Jane Roe": the
# institution's side at the article date (side_institutions.csv)
_INST_BEFORE_RE = re.compile(
    rf"((?:[A-Z][\w'\u2019.-]*[ \u00a0]+){{1,4}}|administration[ \u00a0]+){_STAFF}s?,?[ \u00a0]+({_NAME})"
)
# "Josh Earnest, the White House press secretary", "Jane Roe, a Justice Department spokeswoman"
_INST_AFTER_RE = re.compile(
    rf"({_NAME}),[ \u00a0]+(?:a|an|the)[ \u00a0]+(?:(?:former|senior|deputy|top|principal)[ \u00a0]+)?"
    rf"((?:[A-Z][\w'\u2019.-]*[ \u00a0]+){{1,4}}|administration[ \u00a0]+){_STAFF}\b"
)


@dataclass(frozen=True)
class Term:
    """One term of office from ``office_holders.csv``."""

    name: str
    office: str
    country: str
    side: str
    start: dt.date
    end: dt.date | None


@lru_cache(maxsize=1)
def office_terms() -> tuple[Term, ...]:
    """Every term of the knowledge base (lexicon ``office_holders.csv``)."""
    frame = lexicons.load("office_holders")
    return tuple(
        Term(n, o, c, s, dt.date.fromisoformat(a), dt.date.fromisoformat(b) if b else None)
        for n, o, c, s, a, b in zip(frame["name"], frame["office"], frame["country"], frame["side"],
                                    frame["start"], frame["end"], strict=True)
    )


# offices whose holders a bare surname names ("Obama", "Pelosi"); anyone else in the base
# needs a first name or a title ("Lee said" in a story about Korea is not Sen. Mike Lee)
_SURNAME_OFFICES = frozenset({
    "president", "vice president", "presidential nominee", "vice presidential nominee", "speaker of the house",
    "house democratic leader", "house republican leader", "senate democratic leader", "senate republican leader",
    "prime minister", "leader of the opposition", "deputy prime minister", "first minister of scotland",
    "party leader",
})


@lru_cache(maxsize=1)
def _nicknames() -> dict[str, str]:
    frame = lexicons.load("nicknames")
    return {fold_name(n): fold_name(f) for n, f in zip(frame["nickname"], frame["name"], strict=True)}


def _person_key(name: str) -> tuple[str, str]:
    """(first name, surname), folded; a short form of a first name is its full form ("Joe" ->
    "joseph", lexicon ``nicknames.csv``)."""
    p = parse_name(name)
    first = fold_name(p.first.rstrip("."))
    return _nicknames().get(first, first), fold_name(p.last)


@lru_cache(maxsize=1)
def _by_person() -> tuple[dict[tuple[str, str], list[Term]], dict[str, list[Term]]]:
    full: dict[tuple[str, str], list[Term]] = {}
    surname: dict[str, list[Term]] = {}
    for t in office_terms():
        key = _person_key(t.name)
        full.setdefault(key, []).append(t)
        surname.setdefault(key[1], []).append(t)
    return full, surname


@lru_cache(maxsize=4096)
def _surname_people(last: str) -> dict[str, list[Term]]:
    """Folded surname -> the people of the base a bare surname can name (see _SURNAME_OFFICES),
    each with all of their terms."""
    _, surname = _by_person()
    people: dict[str, list[Term]] = {}
    for t in surname.get(last, []):
        people.setdefault(t.name, []).append(t)
    return {n: ts for n, ts in people.items() if any(t.office in _SURNAME_OFFICES for t in ts)}


def _covering(terms: list[Term], date: dt.date | None) -> Term | None:
    if not terms:
        return None
    if date is None:
        return terms[-1]
    inside = [t for t in terms if t.start <= date and (t.end is None or date < t.end)]
    if inside:
        return inside[0]
    return min(terms, key=lambda t: min(abs((t.start - date).days), abs(((t.end or date) - date).days)))


def known_term(name: str, date: dt.date | None = None) -> Term | None:
    """The knowledge base's term for a person at ``date`` (the nearest term when none covers
    it; None when unknown). A full name must match first name and surname; a bare surname
    only when one person in the base has it."""
    first, last = _person_key(name)
    if not last:
        return None
    full, _ = _by_person()
    if first:
        return _covering(full.get((first, last), []), date)
    people = _surname_people(last)
    return _covering(next(iter(people.values())), date) if len(people) == 1 else None


def _known_terms(name: str, date: dt.date | None) -> list[Term]:
    """The term of each person of the base ``name`` can name at ``date``: one for a full name
    or a surname one person has; one per person for a surname several share ("Clinton")."""
    term = known_term(name, date)
    if term is not None:
        return [term]
    first, last = _person_key(name)
    if first or not last:
        return []
    return [t for t in (_covering(ts, date) for ts in _surname_people(last).values()) if t is not None]


def known_side(name: str, date: dt.date | None = None) -> str:
    """Party side of a person in the knowledge base at ``date`` ("" when unknown). A bare
    surname several people of the base share has a side when they all share it ("Clinton")."""
    sides = {t.side for t in _known_terms(name, date)}
    return next(iter(sides)) if len(sides) == 1 else ""


_TITLE_ABBREV = {"sen": "senator", "rep": "representative", "gov": "governor", "pm": "prime minister",
                 "secy": "secretary", "sec": "secretary", "vp": "vice president"}
_TITLE_DROP = re.compile(r"^(?:former|ex|then|outgoing|incoming)[\s-]+|[.]", re.IGNORECASE)


def _title_matches(title: str, office: str) -> bool:
    words = _TITLE_DROP.sub("", _TITLE_DROP.sub("", title.strip().lower())).split()
    if not words:
        return False
    words = _TITLE_ABBREV.get(" ".join(words), " ".join(words)).split()
    office_words = office.split()
    n = len(words)
    return office_words[:n] == words or office_words[-n:] == words


def office_holder(surname: str, title: str, date: dt.date | None = None) -> str:
    """The full name of the one office holder with ``surname`` whose office ``title`` names
    ("President Trump" -> "Donald Trump", "Secretary Clinton" -> "Hillary Clinton", "former
    President Clinton" -> "Bill Clinton"); "" when none or several. A term covering ``date``
    is preferred when several people match."""
    if not title or not surname:
        return ""
    _, by_surname = _by_person()
    terms = [t for t in by_surname.get(fold_name(surname), []) if _title_matches(title, t.office)]
    people = {t.name for t in terms}
    if len(people) > 1 and date is not None:
        people = {t.name for t in terms if t.start <= date and (t.end is None or date < t.end)}
    return next(iter(people)) if len(people) == 1 else ""


def governing_side(country: str, date: dt.date | None) -> str:
    """Party side of the head of government (US president, UK prime minister) at ``date``."""
    office = {"US": "president", "UK": "prime minister"}.get(country)
    if office is None or date is None:
        return ""
    term = _covering([t for t in office_terms() if t.country == country and t.office == office], date)
    return term.side if term and term.start <= date and (term.end is None or date < term.end) else ""


@lru_cache(maxsize=1)
def _institutions() -> tuple[tuple[re.Pattern, str, str], ...]:
    frame = lexicons.load("side_institutions")
    return tuple((re.compile(p), c, s) for p, c, s in zip(frame["pattern"], frame["country"], frame["side"],
                                                           strict=True))


_ADMIN_OF = re.compile(r"\b([A-Z][\w'\u2019-]+)(?:['\u2019]s)?\s+(?:administration|White House)\b")


def institution_side(speaker: str, date: dt.date | None = None) -> str:
    """Side of a government institution named in ``speaker`` ("" when none): see the module
    docstring. "the Obama administration" takes Obama's side from the knowledge base."""
    for pattern, country, side in _institutions():
        if pattern.search(speaker):
            if side != "governing":
                return side
            m = _ADMIN_OF.search(speaker)
            if m:
                own = known_side(m.group(1), date)
                if own:
                    return own
            return governing_side(country, date)
    return ""


def party_labels(texts: Iterable[str], parties: Mapping[str, Iterable[str]], *,
                 dates: Iterable | None = None) -> dict[str, Counter]:
    """Person name as written -> Counter of party sides, from the party labels of every text
    ("Sen. X (R-Texas)", "Republican Sen. X", "X, a Democrat", "X, a former Obama
    administration official"), and from staff titles of government institutions at the
    text's date ("White House spokesman X", "X, the White House press secretary"; ``dates``:
    one publication date per text, as :func:`institution_side` reads them). ``parties``:
    side -> party words (``SourceLexicon.parties``)."""
    word_side = {w.lower(): side for side, words in parties.items() for w in words}
    out: dict[str, Counter] = {}

    def add(name: str, side: str) -> None:
        parsed = clean_speaker(name)
        if side and parsed.name and parsed.entity == "person":
            out.setdefault(parsed.name, Counter())[side] += 1

    texts = list(texts)
    when = [_as_date(d) for d in dates] if dates is not None else [None] * len(texts)
    for text, date in zip(texts, when, strict=True):
        if not isinstance(text, str):
            continue
        party = _PARTY_HINT_RE.search(text) is not None
        for m in _ALLY_RE.finditer(text):
            add(m.group(2), "ally:" + m.group(1))
        for m in _AFTER_CAMP_RE.finditer(text) if _CAMP_HINT_RE.search(text) else ():
            add(m.group(1), "ally:" + (m.group(2) or m.group(3)))
        for m in (*_THE_CAMP_AFTER_RE.finditer(text), *_THE_CAMP_BEFORE_RE.finditer(text)):
            patron = _last_campaign(text[:m.start()])
            if patron:
                add(m.group(1), "ally:" + patron)
        for m in _INST_BEFORE_RE.finditer(text):
            add(m.group(2), _institution_side(m.group(1).strip(), date))
        for m in _INST_AFTER_RE.finditer(text):
            add(m.group(1), _institution_side(m.group(2).strip(), date))
        for m in _LETTER_RE.finditer(text) if _LETTER_HINT_RE.search(text) else ():
            add(m.group(1), _LETTER_SIDE[m.group(2)])
        for m in _BEFORE_RE.finditer(text) if party else ():
            add(m.group(2), word_side.get(m.group(1).lower(), ""))
        for m in _AFTER_RE.finditer(text) if party else ():
            add(m.group(1), word_side.get(m.group(2).lower(), ""))
    return out


def person_parties(canonical: Iterable[str], labels: Mapping[str, Counter]) -> dict[str, Counter]:
    """Party votes per canonical person: each labelled name joins a canonical name by the one
    identity rule (:func:`analysis.identity.canonical_names`). A vote "ally:Clinton" (from
    "Clinton campaign manager Robby Mook") becomes the side of the person it names, once
    that person's own side is known from labels or the knowledge base."""
    people = list(dict.fromkeys(canonical))
    if not people or not labels:
        return {}
    patrons = sorted({v.split(":", 1)[1] for c in labels.values() for v in c if v.startswith("ally:")})
    mapping = canonical_names([*people, *labels, *patrons], counts={p: 10 for p in people})
    # a labelled form and a quoted person are one when they map to the same canonical name
    # ("Jonas Whitfield" labelled, "Whitfield" quoted)
    person_of: dict[str, str] = {}
    for p in people:
        person_of.setdefault(mapping.get(p, p), p)
    out: dict[str, Counter] = {}
    allies: dict[str, Counter] = {}
    for surface, votes in labels.items():
        target = person_of.get(mapping.get(surface, ""), "")
        if not target:
            continue
        for vote, n in votes.items():
            (allies if vote.startswith("ally:") else out).setdefault(target, Counter())[vote] += n
    for target, votes in allies.items():
        for vote, n in votes.items():
            patron = vote[5:]
            side = _side_of(person_of.get(mapping.get(patron, ""), patron), out)
            if side:
                out.setdefault(target, Counter())[side] += n
    return out


def _side_of(person: str, votes: Mapping[str, Counter], date: dt.date | None = None) -> str:
    own = votes.get(person)
    if own:
        return sorted(own.items(), key=lambda x: (-x[1], x[0]))[0][0]
    return known_side(person, date)


_HEAD_RE = re.compile(r"^(?:the\s+)?(president|prime minister)$", re.IGNORECASE)
_HEAD_OFFICE = {"president": ("US", "president"), "prime minister": ("UK", "prime minister")}


def _head_side(name: str, date: dt.date | None, text: str) -> str:
    """"the president" / "the prime minister": the governing side at the date, when the
    article names the office holder of that date (so "the president" of another country,
    in an article that never names the US president, stays unknown)."""
    m = _HEAD_RE.match(name.strip())
    if not m or date is None or not text:
        return ""
    country, office = _HEAD_OFFICE[m.group(1).lower()]
    term = _covering([t for t in office_terms() if t.country == country and t.office == office], date)
    if term is None or not (term.start <= date and (term.end is None or date < term.end)):
        return ""
    return term.side if parse_name(term.name).last in text else ""


def fill_sides(quotes: pd.DataFrame, parties: set[str], *, labels: Mapping[str, Counter] | None = None,
               dates: Mapping | None = None, texts: Mapping | None = None) -> pd.Series:
    """The ``affiliation`` column with sides from labels, the knowledge base and institutions
    (see the module docstring). ``quotes`` needs ``speaker_kind``, ``canonical``, ``speaker``,
    ``affiliation`` and ``article_id`` (``start``/``end`` to find the quotation's paragraph);
    ``parties``: the side names that are parties; ``labels``: as :func:`party_labels`;
    ``dates``: article_id -> publication date; ``texts``: article_id -> text (for "the
    president" and for telling a domestic story from an international one: a head of
    government or minister speaks for their country in an international story, for their
    party in a domestic one, see :func:`international`). :func:`side_evidence` gives the
    same sides with the rule that gave each."""
    return side_evidence(quotes, parties, labels=labels, dates=dates, texts=texts)["affiliation"]


def side_evidence(quotes: pd.DataFrame, parties: set[str], *, labels: Mapping[str, Counter] | None = None,
                  dates: Mapping | None = None, texts: Mapping | None = None) -> pd.DataFrame:
    """:func:`fill_sides` with its evidence: one row per quote (same index), columns
    ``affiliation`` and ``side_evidence``, the rule that gave the side: "office: <office>,
    international story" / "office: <office>" (a head of government or minister at the date),
    "party label" (the person's party labels in the corpus and descriptors), "knowledge base:
    <office>", "full name in the article: <office>", "institution", "camp", "head of
    government", "role before the quotation", "staff of <patron>" (a person the text introduces
    as campaign or political staff of a named candidate, see :func:`_staff_side`), "agency named
    before" ("the agency said": the government body of that kind the article named last), or ""
    where the input side is kept."""
    aff = quotes["affiliation"].fillna("").astype(str)
    kinds = quotes["speaker_kind"].astype(str)
    canon = quotes["canonical"].astype(str)
    date_of = quotes["article_id"].map(dates) if dates is not None else pd.Series(None, index=quotes.index)
    date_of = date_of.map(_as_date)
    persons = kinds == "person"
    votes = person_parties(canon[persons].unique(), labels or {})
    for name, side in aff[persons].groupby(canon[persons]):
        party = Counter(s for s in side if s in parties)
        if party:
            votes.setdefault(name, Counter()).update(party)
    best = {n: sorted(c.items(), key=lambda x: (-x[1], x[0]))[0][0] for n, c in votes.items() if c}
    people = _surname_index(canon[persons].unique())
    values, evidence = [], []
    texts = texts or {}
    starts = quotes["start"] if "start" in quotes.columns else pd.Series(-1, index=quotes.index)
    ends = quotes["end"] if "end" in quotes.columns else starts
    for aid, k, c, a, d, at, to in zip(quotes["article_id"], kinds, canon, aff, date_of, starts, ends, strict=True):
        side, why = "", ""
        gov = _government_term(c, d) if k == "person" else None
        if gov is not None:
            own = _COUNTRY_SIDE[gov.country]
            if international(texts.get(aid, ""), at, to, own=own):
                side, why = own, f"office: {gov.office}, international story"
            else:
                side = next((s for s in (a, best.get(c, ""), gov.side) if s in parties), gov.side)
                why = f"office: {gov.office}"
        elif a in parties:
            pass
        elif k == "person":
            side, why = best.get(c, ""), "party label"
            if not side:
                side, why = _office_side(c, d, a), "knowledge base"
                if side:
                    why = f"knowledge base: {_known_terms(c, d)[0].office}"
            if not side:
                side, why = _written_in_full_side(c, d, texts.get(aid, "")), "full name in the article"
            if not side:
                side, why = _staff_side(c, d, texts.get(aid, ""), people, best)
        elif k in ("body", "group"):
            text = texts.get(aid, "")
            side, why = _institution_side(c, d), "institution"
            if not side:
                side, why = _camp_side(c, d, people, votes), "camp"
            if not side:
                side, why = _head_side(c, d, text), "head of government"
            if not side:
                side, why = _role_side(c, d, _before(text, at), people, best), "role before the quotation"
            if not side:
                side, why = _agency_side(c, d, _before(text, at)), "agency named before"
        values.append(side or a)
        evidence.append(why if side else "")
    return pd.DataFrame({"affiliation": pd.Series(values, index=quotes.index, dtype=object),
                         "side_evidence": pd.Series(evidence, index=quotes.index, dtype=object)})


# "the agency said", "the department said": the government body of that kind the article named
# last before the quotation ("the Environmental Protection Agency" ... "the agency")
_AGENCY_NOUN = re.compile(r"^(?:the\s+)?(agency|department|bureau|service|commission)$", re.IGNORECASE)
# "the agency" is any of them; a department, bureau, service or commission one whose name or
# acronym says so
_NOUN_ACRONYMS = {"department": {"DOJ", "DHS", "DOE", "HUD", "USDA"}, "bureau": {"FBI"}, "service": {"IRS"},
                  "commission": {"SEC", "FEC", "FCC", "FTC"}}


@lru_cache(maxsize=1)
def _agency_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    """(pattern, side) of the institutions of ``side_institutions.csv`` that speak for their
    country (agencies and departments, not "the White House" or "the administration")."""
    return tuple((p, side) for p, _, side in _institutions() if side != "governing")


def _agency_side(name: str, date: dt.date | None, before: str) -> str:
    """Side of "the agency", "the department", "the bureau", "the service", "the commission":
    that of the last government body of that kind named in ``before`` (the article up to the
    quotation; any of ``side_institutions.csv``'s agencies and departments for "the agency");
    "" when the article names none."""
    m = _AGENCY_NOUN.match(name.strip())
    if not m or not before:
        return ""
    noun = m.group(1).lower()
    last, side = -1, ""
    for pattern, own in _agency_patterns():
        for found in pattern.finditer(before):
            body = found.group(0)
            fits = noun == "agency" or noun in body.lower() or body.strip() in _NOUN_ACRONYMS[noun]
            if fits and found.start() > last:
                last, side = found.start(), own
    return side


def _before(text: str, at) -> str:
    """The article text before a quotation (all of it when the offset is unknown)."""
    if not isinstance(text, str):
        return ""
    return text[:at] if isinstance(at, (int, float)) and at == at and at >= 0 else text


_ROLE_WORD = re.compile(r"^(?:the\s+)?(?:([A-Z][a-z]+(?:\s[A-Z][a-z]+)?)(?:['\u2019]s)?\s+)?"
                        r"(senator|governor|mayor|congressman|congresswoman)$", re.IGNORECASE)
_ROLE_TITLE = {"senator": r"(?:Sen\.|Senator)", "governor": r"(?:Gov\.|Governor)", "mayor": r"Mayor",
               "congressman": r"(?:Rep\.|Congressman)", "congresswoman": r"(?:Rep\.|Congresswoman)"}
_ROLE_NAME = {role: re.compile(rf"\b{title}[ \u00a0]+({_NAME})") for role, title in _ROLE_TITLE.items()}
_CAMP_WORDS = frozenset({"campaign", "campaign aides", "campaign officials", "campaign staff", "aides", "advisers",
                         "spokesman", "spokeswoman", "team"})
_LAST_CAMP = re.compile(r"\b([A-Z][\w'\u2019-]+)(?:['\u2019]s)?[ \u00a0]+(?:(?:presidential|re-?election)[ \u00a0]+)?"
                        r"campaign\b")


_NOT_PATRON = frozenset({"the", "a", "an", "his", "her", "their", "its", "this", "that", "whose"})


def _last_campaign(before: str) -> str:
    """The person whose campaign the text names last ("Hillary Clinton's campaign" -> "Clinton");
    "" when none."""
    found = ""
    for m in _LAST_CAMP.finditer(before):
        if m.group(1).lower() not in _NOT_PATRON:
            found = m.group(1)
    return found


def _last_match(pattern: re.Pattern, text: str) -> re.Match | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 - the last match is the one wanted
        pass
    return found


def _role_side(name: str, date: dt.date | None, before: str, people: Mapping[str, str],
               best: Mapping[str, str]) -> str:
    """Side of a role named without a name, from the article up to the quotation: "the
    campaign", "campaign aides" -> the last campaign named ("the Clinton campaign"); "the
    senator", "the mayor" -> the last person named with that title ("Sen. Tim Kaine"), by
    their side in the corpus or the knowledge base; "the Indiana governor" -> the governor
    of that state at the article date (knowledge base)."""
    key = name.strip().lower().removeprefix("the ").strip()
    if key in _CAMP_WORDS:
        last = _last_match(_LAST_CAMP, before)
        if last is None:
            return ""
        person = people.get(fold_name(last.group(1)), last.group(1))
        return best.get(person) or known_side(person, date)
    m = _ROLE_WORD.match(name.strip())
    if not m:
        return ""
    role = m.group(2).lower()
    if m.group(1) and role == "governor":
        terms = [t for t in office_terms() if t.office == f"governor of {m.group(1).lower()}"]
        term = _covering(terms, date)
        return term.side if term and date and term.start <= date and (term.end is None or date < term.end) else ""
    last = _last_match(_ROLE_NAME[role], before)
    if last is None:
        return ""
    said = clean_speaker(last.group(1)).name
    if not said:
        return ""
    person = said if len(said.split()) > 1 else people.get(fold_name(said), said)
    return best.get(person) or known_side(person, date)


@lru_cache(maxsize=1)
def _staff_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    """(staff of a named patron: "adviser to Mrs. Clinton", "aide to the Trump campaign";
    staff of "the/her/his campaign"; "a Clinton campaign adviser", "a former Clinton aide"), from
    ``campaign_staff``."""
    staff = "|".join(sorted((re.escape(w) for w in lexicons.words("campaign_staff", "word")), key=len, reverse=True))
    head = rf"(?:campaign[ \u00a0]+)?(?:{staff})"
    named = re.compile(rf"\b{head}[ \u00a0]+(?:to|for|with)[ \u00a0]+(?:the[ \u00a0]+)?"
                       rf"(?:(?:Mr|Mrs|Ms|Sen|Gov|Rep|Secretary|President)\.?[ \u00a0]+)?"
                       rf"(?:[A-Z][\w'\u2019-]+[ \u00a0]+)?"
                       rf"([A-Z][\w'\u2019-]+?)(?:['\u2019]s)?(?:[ \u00a0]+(?:presidential[ \u00a0]+)?campaign)?\b")
    unnamed = re.compile(rf"\b{head}[ \u00a0]+(?:to|for|with)[ \u00a0]+(?:the|her|his)[ \u00a0]+"
                         rf"(?:presidential[ \u00a0]+)?campaign\b")
    # "a Clinton campaign adviser", and without "campaign" for the political staff words only ("a
    # former Clinton aide", "an Obama adviser"; "a Wells Fargo manager" is no one's camp)
    before = re.compile(rf"(?:^|[ \u00a0])([A-Z][\w'\u2019-]+?)(?:['\u2019]s)?[ \u00a0]+(?:[a-z]+[ \u00a0]+)?"
                        rf"(?:campaign[ \u00a0]+(?:{staff})|(?:{_PERSONAL_STAFF}))\b")
    return named, unnamed, before


# staff words that make someone a person's own staff without the word "campaign"
_PERSONAL_STAFF = r"aides?|advis[eo]rs?|strategists?|staffers?|spokes(?:man|woman|person)|surrogates?"


def _introductions(text: str, surname: str) -> Iterable[tuple[int, str]]:
    """(offset, apposition) of each place the text introduces ``surname``: the words after
    "Surname, " up to the next comma, semicolon, quotation mark or line end."""
    if surname + "," not in text:  # what every introduction starts with: most texts have none
        return
    pattern = re.compile(rf"\b{re.escape(surname)},[ \u00a0]+(?:who[ \u00a0]+(?:is|was)[ \u00a0]+)?"
                         r"([^,;\n\"\u201c\u201d]{3,160})")
    for m in pattern.finditer(text):
        yield m.start(), m.group(1)


def _staff_side(name: str, date: dt.date | None, text: str, people: Mapping[str, str],
                best: Mapping[str, str]) -> tuple[str, str]:
    """(side, evidence) of a person the text introduces as campaign or political staff:
    "David Kamin, an outside adviser to the campaign", "Ms. Tanden, a former campaign worker
    for Mrs. Clinton", "Jane Roe, a Trump campaign adviser". The patron is the person named
    in the apposition, or for "the campaign" the campaign the article names last before the
    introduction ("the Clinton campaign"), else first after it; the side is the patron's
    (party labels in the corpus, else the knowledge base at the article date). The evidence
    is "staff of <patron>"; ("", "") when no such introduction or no side."""
    if not isinstance(text, str) or not text:
        return "", ""
    surname = parse_name(name).last
    if not surname or not surname[:1].isupper():
        return "", ""
    named, unnamed, before = _staff_patterns()
    for at, phrase in _introductions(text, surname):
        patron = ""
        m = named.search(phrase) or before.search(phrase)
        if m and m.group(1).lower() not in _NOT_PATRON:
            patron = m.group(1)
        elif unnamed.search(phrase):
            patron = _last_campaign(text[:at]) or _first_campaign(text[at:])
        if not patron:
            continue
        person = people.get(fold_name(patron), patron)
        side = best.get(person) or known_side(person, date)
        if side:
            return side, f"staff of {patron}"
    return "", ""


def _first_campaign(after: str) -> str:
    """The person whose campaign the text names first ("" when none)."""
    for m in _LAST_CAMP.finditer(after):
        if m.group(1).lower() not in _NOT_PATRON:
            return m.group(1)
    return ""


def _surname_index(people: Iterable[str]) -> dict[str, str]:
    """Folded surname -> the one canonical person with it (surnames shared by two are left out)."""
    seen: dict[str, set[str]] = {}
    for p in people:
        seen.setdefault(fold_name(parse_name(p).last), set()).add(p)
    return {k: next(iter(v)) for k, v in seen.items() if len(v) == 1 and k}


def _camp_side(name: str, date: dt.date | None, people: Mapping[str, str], votes: Mapping[str, Counter]) -> str:
    """Side of "Trump campaign", "Clinton's team", "a spokesman for the Clinton campaign", "a
    senior Clinton aide": the side of the person whose camp it is."""
    m = _CAMP_RE.match(name) or _CAMP_IN_RE.search(name)
    if not m or m.group(1).lower() in _NOT_PATRON:
        return ""
    person = people.get(fold_name(m.group(1)), m.group(1))
    return _side_of(person, votes, date)


# a camp named inside a longer group phrase: "a spokesman for the Clinton campaign", "a senior
# Clinton aide", "one Trump adviser"
_CAMP_IN_RE = re.compile(
    r"(?:^|[ \u00a0])([A-Z][\w'\u2019-]+)(?:['\u2019]s)?[ \u00a0]+(?:(?:presidential|re-?election)[ \u00a0]+)?"
    r"(?:campaign|transition team|aides?|advisers?|advisors?|spokes(?:man|woman|person)|surrogates?|allies|camp)$"
)


# the side a country's office holder speaks for when the text names the country, not the party
_COUNTRY_SIDE = {"US": "United States", "UK": "United Kingdom"}
# offices of the national government: heads of government, ministers and the staff who speak
# for them; their holders speak for their country in an international story (see
# :func:`international`) and for their party in a domestic one
_GOVERNMENT_OFFICES = re.compile(
    r"^(?:president|vice president|prime minister|deputy prime minister|secretary of .+|attorney general|"
    r"chancellor of the exchequer|foreign secretary|home secretary|ambassador to the united nations|"
    r"national security adviser|trade representative|administrator of .+|white house .+|"
    r"counselor to the president|senior adviser to the president)$"
)


def _government_term(name: str, date: dt.date | None) -> Term | None:
    """The national-government term of a person of the knowledge base at ``date`` (any
    government term of theirs, the latest, when the date is unknown); None otherwise."""
    terms = [t for t in _known_terms(name, date) if t.country in _COUNTRY_SIDE]
    if len({(t.name, t.country) for t in terms}) != 1:
        return None
    full, _ = _by_person()
    own = [t for t in full.get(_person_key(terms[0].name), []) if _GOVERNMENT_OFFICES.match(t.office)]
    if date is None:
        return own[-1] if own else None
    return next((t for t in own if t.start <= date and (t.end is None or date < t.end)), None)


# the country itself and its capital are not foreign; "Georgia" in US news is mostly the state
_OWN_PLACES = {"United States": frozenset({"United States", "Washington", "Georgia"}),
               "United Kingdom": frozenset({"United Kingdom", "London"})}
_FOREIGN_TYPES = frozenset({"country", "capital", "adjective", "international", "region"})
_NOT_FOREIGN_REGIONS = frozenset({"Pacific", "Pacific Ocean", "Atlantic", "Atlantic Ocean", "Arctic", "West"})


@lru_cache(maxsize=4)
def _foreign_index(own: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """First word -> the word tuples of every gazetteer name (lexicon ``gazetteer.csv``) of a
    country other than ``own``, its capital or adjective, a disputed or foreign region, or an
    international body; longest first. Upper-case forms too ("MOSCOW (Reuters) -")."""
    frame = lexicons.load("gazetteer")
    skip = _OWN_PLACES.get(own, frozenset({own}))
    names = {alias for alias, actor, kind, typ in zip(frame["alias"], frame["actor"], frame["kind"], frame["type"],
                                                     strict=True)
             if kind in ("place", "organisation") and typ in _FOREIGN_TYPES
             and actor not in skip and alias not in _NOT_FOREIGN_REGIONS
             and (kind == "place" or typ == "international")}
    index: dict[str, list[tuple[str, ...]]] = {}
    for name in {*names, *(n.upper() for n in names)}:
        words = tuple(name.split())
        index.setdefault(words[0], []).append(words)
    return {k: tuple(sorted(v, key=lambda w: (-len(w), w))) for k, v in index.items()}


@lru_cache(maxsize=4)
def _foreign_adjectives(own: str) -> frozenset[tuple[str, ...]]:
    frame = lexicons.load("gazetteer")
    adjectives = {a for a, t in zip(frame["alias"], frame["type"], strict=True) if t == "adjective"}
    return frozenset(w for ws in _foreign_index(own).values() for w in ws
                     if " ".join(w) in adjectives or " ".join(w).title() in adjectives)


_TOKEN = re.compile(r"[A-Za-z][\w.'\u2019-]*")
_SHORT_CAP = re.compile(r"[A-Z][a-z]{1,5}$")
_NEXT_CAP = re.compile(r"\s[A-Z][a-z]")


def _bare(token: str) -> str:
    """A token without a possessive, a full stop or a hyphenated tail ("Moscow's", "Brussels.",
    "Russian-born")."""
    return re.sub(r"(?:['\u2019]s?|\.)$", "", token.split("-")[0])


@lru_cache(maxsize=1024)
def _foreign_mentions(text: str, own: str) -> tuple[int, ...]:
    """Offsets in ``text`` of the foreign names of :func:`_foreign_index` that are not inside a
    longer name ("Jim Jordan", "Chad Smith", "New Mexico" name no country). One pass per text."""
    index = _foreign_index(own)
    tokens = list(_TOKEN.finditer(text))
    out = []
    for i, m in enumerate(tokens):
        word = m.group()
        if not word[0].isupper():
            continue
        options = index.get(word) or index.get(_bare(word))
        if not options:
            continue
        if i and text[tokens[i - 1].end():m.start()].isspace() and len(text[tokens[i - 1].end():m.start()]) == 1 \
                and _SHORT_CAP.search(tokens[i - 1].group()):
            continue  # "Jim Jordan"
        for words in options:
            n = len(words)
            if i + n > len(tokens):
                continue
            got = tokens[i:i + n]
            if any(got[j].group() != words[j] for j in range(n - 1)) or \
                    got[-1].group() not in (words[-1],) and _bare(got[-1].group()) != words[-1]:
                continue
            if any(text[got[j].end():got[j + 1].start()] != " " for j in range(n - 1)):
                continue
            stop = got[-1].start() + len(words[-1])
            if _NEXT_CAP.match(text, stop) and words not in _foreign_adjectives(own):
                continue  # "Chad Smith", but "Russian President Putin"
            out.append(m.start())
            break
    return tuple(out)


_STORY_BEFORE, _STORY_AFTER = 600, 300  # characters: about two paragraphs before, one after


def international(text: str, start, end, *, own: str) -> bool:
    """Whether a quotation at ``start:end`` of ``text`` belongs to an international story for
    a speaker of the country side ``own`` ("United States"): its paragraph or the paragraph
    before names a foreign country, its capital or people, a foreign region or an international
    body ("talks with Russia", "at the United Nations", a "MOSCOW" dateline; lexicon
    ``gazetteer.csv``), looking at most 600 characters before the quotation and 300 after.
    A story that names none of them there is domestic."""
    if not isinstance(text, str) or not text:
        return False
    if not (isinstance(start, (int, float)) and start == start and start >= 0):
        return False
    start = int(start)
    end = int(end) if isinstance(end, (int, float)) and end == end and end >= start else start
    head = text.rfind("\n", 0, start)
    before = text.rfind("\n", 0, head) if head > 0 else -1
    while before > 0 and not text[before + 1:head].strip():  # blank lines up to the previous paragraph
        before = text.rfind("\n", 0, before)
    tail = text.find("\n", end)
    tail = tail if tail >= 0 else len(text)
    # a capture without paragraph breaks is one long "paragraph": look no further than a
    # paragraph's length around the quotation
    found = _foreign_mentions(text, own)
    lo, hi = max(before + 1, start - _STORY_BEFORE), min(tail, end + _STORY_AFTER)
    k = bisect.bisect_left(found, lo)
    return k < len(found) and found[k] < hi


@lru_cache(maxsize=65536)
def _office_side(name: str, date: dt.date | None, text_side: str) -> str:
    """Knowledge-base side of a person, unless the text already ties them to their own country
    ("U.S. Secretary of State John Kerry" speaks for the United States in a foreign story); a
    country side that is not theirs (a descriptor misread) is replaced."""
    terms = _known_terms(name, date)
    if len({(t.side, t.country) for t in terms}) != 1:
        return ""
    term = terms[0]
    return "" if text_side and text_side == _COUNTRY_SIDE.get(term.country) else term.side

@lru_cache(maxsize=65536)
def _written_in_full_side(name: str, date: dt.date | None, text) -> str:
    """Knowledge-base side of a surname quoted alone ("De Blasio said") from the full names the
    same article writes with it ("Mayor Bill de Blasio"): only when they name one person of the
    base ("Rudy Smith and Tom Smith" name none, or two)."""
    p = parse_name(name)
    if not isinstance(text, str) or not text or (p.first and p.first.lower() not in _particles()):
        return ""
    surname = name.strip()
    pattern = re.compile(rf"\b([A-Z][\w'\u2019-]+)[ \u00a0]+(?:[A-Z]\.[ \u00a0]+)?"
                         rf"([{surname[0].upper()}{surname[0].lower()}]{re.escape(surname[1:])})\b")
    terms = {t for t in (known_term(f"{m.group(1)} {m.group(2)}", date) for m in pattern.finditer(text)) if t}
    people = {t.name for t in terms}
    return next(iter(terms)).side if len(people) == 1 and len({t.side for t in terms}) == 1 else ""


@lru_cache(maxsize=1)
def _particles() -> frozenset[str]:
    frame = lexicons.load("name_parts")
    return frozenset(w.lower() for w, k in zip(frame["word"], frame["kind"], strict=True) if k == "particle")

_institution_side = lru_cache(maxsize=65536)(institution_side)


def _as_date(value) -> dt.date | None:
    """A publication date as ``datetime.date``; None when missing (None, NaN, NaT) or unreadable."""
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return pd.Timestamp(value).date()
    except (ValueError, TypeError):
        return None
