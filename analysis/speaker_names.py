"""A speaker name is a name: split a speaker phrase into name, title, descriptor and entity type.

The quotation extractor hands over the words it found for a source ("Obama last year",
"Plus Obama", "Speaker-to-be Pelosi", "Mr. Trump drew considerable criticism", "Trump
Tower", "Hurricane Maria"). :func:`clean_speaker` keeps the name and puts the rest in its
own fields, so the same person gets one id whatever words the article put around the name,
and a building, storm or law is never counted as someone who speaks.

Method (rules, no model; word lists are data):

1. **The name run**: a run of name tokens -- capitalised words, initials ("J."), hyphenated
   and apostrophe names (Ocasio-Cortez, O'Rourke) and surname particles between them ("de",
   "van", "al"; ``name_parts.csv``). A lower-case word or verb ends a run ("Trump cast his
   presidency" -> "Trump"). When the phrase ends on a name token the last run is the name
   ("In a Bloomberg interview Trump" -> "Trump"), else the first. In headline case a
   present-tense reporting verb ends the run too ("Trump Accuses California Of ..." ->
   "Trump") and is no part of a name after it ("Warn Scott Pruitt" -> "Scott Pruitt").
2. **Titles** in front of the name go to ``title``: honorifics, titles and modifiers of
   ``honorifics.csv`` ("Mr.", "Sen.", "Speaker", "former"), hyphenated compounds of a title
   ("Speaker-to-be", "ex-President", "then-Sen.") and nation or party adjectives of
   ``gazetteer.csv`` ("Democrat Hillary Clinton", "Russian President ..."); occupational and
   role nouns of ``occupation_words.csv`` ("Photographer David Becker") and role prefixes
   joined to a title or one of them ("Co-founder", "Vice-chair") too. A possessive before a
   full name that opens on a known first name ends the name run ("Island Conservation's Sally
   Esposito": the organisation is a descriptor).
3. **Descriptors** go to ``descriptor``: words before the run or after it that are not part of
   the name ("Plus", "Team", "Today", "himself", "last year"; ``speaker_name_words.csv`` role
   ``descriptor``, and the sentence openers of ``actor_cues.csv``).
4. **Entity type** of what is left: ``place``, ``organisation`` or ``group`` when the gazetteer
   knows the name or its head word is an organisation or place head (``actor_cues.csv``:
   "Ministry", "County"), or it is an all-capitals abbreviation ("DNC"); ``building``,
   ``event`` or ``work`` by the heads of ``speaker_name_words.csv`` ("Trump Tower",
   "Hurricane Maria", "Green New Deal"); else ``person``.

An organisation or place can speak (as a body: "Russia said", "the White House said"); a
building, event or work cannot (:data:`SILENT`). Person identity across the corpus is then
decided by :func:`analysis.identity.canonical_names` (the one identity rule, also used by
:mod:`analysis.actors`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from analysis import lexicons

__all__ = ["ENTITY_TYPES", "SILENT", "SpeakerName", "clean_speaker", "gazetteer_kind"]

ENTITY_TYPES = ("person", "organisation", "place", "group", "building", "event", "work", "")
SILENT = frozenset({"building", "event", "work"})

_SPLIT = re.compile(r"[\s\u00a0]+")
_GAP = re.compile(r"[ \u00a0]{3,}|[ \u00a0]*\n[\s\u00a0]*")
_POSSESSIVE = re.compile(r"(?:['\u2019]s|['\u2019])$")
_INITIAL = re.compile(r"^[A-Z]\.(?:[A-Z]\.)*$")
_ACRONYM = re.compile(r"^(?:[A-Z]\.){2,}$|^[A-Z]{2,6}$")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_EDGE = ",;:()\"\u201c\u201d\u2018'"


@dataclass(frozen=True)
class SpeakerName:
    """A speaker phrase split into its parts; empty strings for absent parts."""

    name: str
    title: str
    descriptor: str
    entity: str

    @property
    def speaks(self) -> bool:
        """Whether what is named can be a source (a person, body, place or group)."""
        return bool(self.name) and self.entity not in SILENT


@lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    frame = lexicons.load("speaker_name_words")
    roles: dict[str, set[str]] = {}
    for word, role in zip(frame["word"], frame["role"], strict=True):
        roles.setdefault(role, set()).add(word.lower())
    cues = lexicons.load("actor_cues")
    for word, cue in zip(cues["word"], cues["cue"], strict=True):
        if cue in ("organisation", "place", "sentence_opener", "speech_headline"):
            roles.setdefault(cue, set()).add(word.lower())
    honor = lexicons.load("honorifics")
    roles["title"] = {w.lower().replace(".", "") for w in honor["word"]}
    jobs = lexicons.load("occupation_words")
    first_names = lexicons.words("first_names", "name")
    roles["occupation"] = {w for w, k in zip(jobs["word"], jobs["kind"], strict=True)
                           if k == "occupation" and w not in first_names}
    roles["role_prefix"] = {w for w, k in zip(jobs["word"], jobs["kind"], strict=True) if k == "prefix"}
    roles["honorific"] = {w.lower().replace(".", "") for w, k in zip(honor["word"], honor["kind"], strict=True)
                          if k == "honorific"}
    parts = lexicons.load("name_parts")
    roles["particle"] = {w for w, k in zip(parts["word"], parts["kind"], strict=True) if k == "particle"}
    roles["suffix"] = {w for w, k in zip(parts["word"], parts["kind"], strict=True) if k == "suffix"}
    return {k: frozenset(v) for k, v in roles.items()}


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, str], frozenset[str]]:
    """alias (lower case) -> kind, and the adjectives (lower case)."""
    frame = lexicons.load("gazetteer")
    kinds, adjectives = {}, set()
    for alias, kind, typ in zip(frame["alias"], frame["kind"], frame["type"], strict=True):
        if typ == "adjective":
            adjectives.add(alias.lower())
        else:
            kinds.setdefault(alias.lower(), kind)
    return kinds, frozenset(adjectives)


def gazetteer_kind(name: str) -> str:
    """"place", "organisation" or "group" when ``gazetteer.csv`` knows ``name``, else ""."""
    return _gazetteer()[0].get(name.strip().lower(), "")


def _key(token: str) -> str:
    return _POSSESSIVE.sub("", token).strip(_EDGE).lower().replace(".", "")


def _is_name_token(token: str) -> bool:
    core = token.strip(_EDGE)
    return bool(core) and (core[0].isupper() or bool(_INITIAL.match(core)))


def _runs(tokens: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of name tokens, particles allowed between two name tokens. A
    possessive before a full name that opens on a known first name ends the run: "Island
    Conservation's Sally Esposito", "Apple's Tim Cook" are an organisation's person."""
    particles = _words()["particle"]
    runs, i, n = [], 0, len(tokens)
    while i < n:
        if not _is_name_token(tokens[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            k = j
            while k < n and tokens[k].lower() in particles:
                k += 1  # "Ursula von der Leyen": particles only between name tokens
            if k >= n or not _is_name_token(tokens[k]) or _possessive_before_person(tokens, k):
                break
            j = k + 1
        runs.append((i, j))
        i = j
    return runs


def _possessive_before_person(tokens: list[str], k: int) -> bool:
    """Whether ``tokens[k - 1]`` is a possessive ("Conservation's") and ``tokens[k:]`` a full
    name of name tokens opening on a known first name ("Sally Esposito")."""
    if not _POSSESSIVE.search(tokens[k - 1].strip(",;:()\"\u201c\u201d")) or k + 1 >= len(tokens):
        return False
    return _key(tokens[k]) in _first_names() and _is_name_token(tokens[k + 1])


def _title_prefix(token: str) -> bool:
    """A title word, or a hyphenated compound of one ("Speaker-to-be", "ex-President"). "Del."
    with its full stop is Delegate (a particle, "Del Toro", never carries one). An occupation
    or role noun before a name is a title too ("Photographer", "Publicist"; ``occupation_words.csv``),
    and so is a role prefix joined to a title or occupation ("Co-founder", "Vice-chair")."""
    if token.strip(_EDGE) == "Del.":
        return True
    words = _words()
    titles = words["title"]
    key = _key(token)
    if key in titles or key in words["occupation"]:
        return True
    pieces = [p for p in key.split("-") if p]
    if len(pieces) < 2:
        return False
    if pieces[0] in titles or pieces[0] in words["occupation"]:
        return True  # "Speaker-to-be", "Editor-in-chief"
    if pieces[0] in ("ex", "then", "former") and len(pieces) == 2:
        return True  # "ex-Trump", "then-Sen."
    return pieces[0] in words["role_prefix"] and any(p in titles or p in words["occupation"] for p in pieces[1:])


def _strip_front(run: list[str]) -> tuple[list[str], list[str], list[str]]:
    """Split titles and descriptors off the front of a name run: (titles, descriptors, rest)."""
    words = _words()
    _, adjectives = _gazetteer()
    titles_lex = words["title"]
    titles: list[str] = []
    descr: list[str] = []
    i = 0
    while i < len(run) - 1:
        key = _key(run[i])
        two = f"{key} {_key(run[i + 1])}" if i + 2 < len(run) else ""
        if two and two in titles_lex:
            titles.extend(run[i : i + 2])
            i += 2
        elif _title_prefix(run[i]) or key in adjectives:
            titles.append(run[i])
            i += 1
        elif key in words["descriptor"] or key in words["sentence_opener"] or _headline_word(run[i]):
            descr.append(run[i])
            i += 1
        else:
            break
    return titles, descr, run[i:]


def _headline_word(token: str) -> bool:
    """A capitalised word before a name that is no part of it in headline case: a function
    word ("Everything Trump"), a number ("One Republican") or a headline speech verb ("Calls
    Clinton", "Warn Scott Pruitt"); never a known first name ("Will Hurd")."""
    key = _key(token)
    if key in _first_names():
        return False
    return (key in _words()["speech_headline"] or key in _headline_verbs() or key in _third_person_verbs()
            or key in lexicons.words("stopwords") or key in lexicons.words("number_words"))


@lru_cache(maxsize=1)
def _third_person_verbs() -> frozenset[str]:
    """The third-person present form of every reporting verb (``reporting_verbs.csv`` lemma:
    "ask" -> "asks", "reach" -> "reaches", "deny" -> "denies"), as a headline writes it before a
    name ("Asks Gordon"). Only read before a name, never inside one ("United States")."""
    out = set()
    for lemma in lexicons.load("reporting_verbs")["lemma"]:
        word = str(lemma)
        if " " in word or "_" in word:
            continue
        if word.endswith(("s", "sh", "ch", "x", "z")):
            out.add(word + "es")
        elif word.endswith("y") and word[-2:-1] not in "aeiou":
            out.add(word[:-1] + "ies")
        else:
            out.add(word + "s")
    return frozenset(out)


@lru_cache(maxsize=1)
def _headline_verbs() -> frozenset[str]:
    """Present-tense forms of the reporting verbs (``reporting_verbs.csv``: "warn", "accuses",
    "says"), as headlines write them; past forms are left out ("Edward Said" is a name)."""
    forms = {f for row in lexicons.load("reporting_verbs")["forms"] for f in str(row).split()}
    return frozenset(f for f in forms if "_" not in f and not f.endswith("ed") and f not in ("said", "told", "wrote"))


def _verb_cut(tokens: list[str], start: int, end: int) -> int:
    """End of a name run cut before a headline verb inside it ("Trump Accuses California" ->
    "Trump"): the name is the verb's subject. A known first name is never a verb."""
    verbs = _headline_verbs()
    for i in range(start + 1, end):
        key = _key(tokens[i])
        if key in verbs and key not in _first_names():
            return i
    return end


@lru_cache(maxsize=1)
def _first_names() -> frozenset[str]:
    return lexicons.words("first_names", "name")


def _function_word(token: str) -> bool:
    """A capitalised word that opens a sentence and names nothing ("In", "Perhaps", "Twenty-nine")."""
    key = _key(token)
    words = _words()
    numbers = lexicons.words("number_words")
    return (key in words["sentence_opener"] or key in numbers or key.split("-")[0] in numbers
            or key in lexicons.words("sentence_openers"))


def _entity(name: list[str]) -> str:
    words = _words()
    kinds, adjectives = _gazetteer()
    text = " ".join(name)
    low = text.lower().strip(_EDGE)
    if low in kinds and not (len(name) == 1 and kinds[low] == "place"):
        # a lone place word in a person phrase is a surname ("Jordan", "Georgia"): left to the extractor
        return {"place": "place", "organisation": "organisation", "group": "group"}.get(kinds[low], "organisation")
    if low in adjectives:
        return "group"
    for k in range(1, len(name) - 1):  # "Obama White House", "Trump Justice Department"
        if kinds.get(" ".join(name[k:]).lower().strip(_EDGE)) == "organisation":
            return "organisation"
    if len(name) > 1 and kinds.get(_key(name[-1])) == "group":
        return "group"  # "Senate Republicans"
    first, last = _key(name[0]), _key(name[-1])
    if first in words["event_lead"] and len(name) > 1:
        return "event"
    if len(name) > 1 and last in words["building"]:
        return "building"
    if len(name) > 1 and last in words["event_head"]:
        return "event"
    if len(name) > 1 and last in words["work_head"]:
        return "work"
    if len(name) > 1 and last in words["organisation"]:
        return "organisation"
    if len(name) > 1 and last in words["place"]:
        return "place"
    if len(name) == 1 and _ACRONYM.match(name[0].strip(_EDGE)):
        return "organisation"
    if len(name) == 1 and low in words["descriptor"]:
        return ""
    return "person"


def _body_and_title(name: list[str]) -> bool:
    """Whether ``name`` is a body (an abbreviation, a place or body of the gazetteer, a nation
    or party adjective) followed by titles only: "IMF Chief", "NATO Spokesman", "Russian Foreign
    Minister". A known first name before the title keeps it a name ("Mark Judge")."""
    kinds, adjectives = _gazetteer()
    for i in range(1, len(name)):
        body, rest = name[:i], name[i:]
        if not all(_title_prefix(t) for t in rest) or _key(rest[-1]) in _modifiers():
            continue  # "Wyoming GOP": a modifier last is the body's own name
        text = " ".join(t.strip(_EDGE) for t in body)
        if (text.lower() in kinds or text.lower() in adjectives
                or len(body) == 1 and bool(_ACRONYM.match(text))):
            return True
    return False


@lru_cache(maxsize=1)
def _modifiers() -> frozenset[str]:
    honor = lexicons.load("honorifics")
    return frozenset(w.lower() for w, k in zip(honor["word"], honor["kind"], strict=True) if k == "modifier")


def _headline_fragment(name: list[str]) -> bool:
    """Whether ``name`` is a run of four or more capitalised words with a capitalised function
    word inside, as a title-case headline writes it ("Crazy Story About Donald Trump Falling",
    "Tale Of The Lost Papers"): a word of ``headline_small_words.csv``, or a stop word of four
    letters or more (``stopwords.csv``: "About", "After", "With"). Surname particles ("Van",
    "Del"), known first names ("Will") and initials are not such words."""
    if len(name) < 4:
        return False
    small = lexicons.words("headline_small_words")
    stop = lexicons.words("stopwords")
    particles = _words()["particle"]
    for t in name[1:-1]:
        core = t.strip(_EDGE)
        low = core.lower()
        if not (core[:1].isupper() and core.isalpha()) or low in particles or low in _first_names():
            continue
        if low in small or (len(low) >= 4 and low in stop):
            return True
    return False


_LINKS = (("of",), ("of", "the"), ("from",), ("from", "the"))


def _person_of_place(tokens: list[str]) -> int:
    """Index of "of"/"from" in "Sen. Tim Kaine of Virginia", "Del. Stacey Plaskett of the Virgin
    Islands": a titled name, or a known first name and a surname, before a place (gazetteer or a
    place head word); 0 when the phrase is not one."""
    for i in range(1, len(tokens) - 1):
        if tokens[i].lower() not in ("of", "from"):
            continue
        for link in _LINKS:
            place = [t.strip(_EDGE) for t in tokens[i + len(link):]]
            if [t.lower() for t in tokens[i:i + len(link)]] != list(link) or not place:
                continue
            if not all(_is_name_token(t) for t in place):
                continue
            if gazetteer_kind(" ".join(place)) != "place" and _entity(place) != "place":
                continue
            if not all(_is_name_token(t) or t.lower() in _words()["particle"] for t in tokens[:i]):
                return 0
            titles, _, rest = _strip_front(tokens[:i])
            if rest and _entity(rest) == "person" and (
                    titles or len(rest) >= 2 and _key(rest[0]) in _first_names()):
                return i
        return 0
    return 0


@lru_cache(maxsize=65536)
def clean_speaker(phrase: str) -> SpeakerName:
    """Split a speaker phrase as the extractor found it into name, title, descriptor and
    entity type (see the module docstring). Never raises; an empty phrase gives empty parts.

    ``"Speaker-to-be Pelosi"`` -> name "Pelosi", title "Speaker-to-be", entity "person";
    ``"Obama last year"`` -> name "Obama", descriptor "last year"; ``"Trump Tower"`` ->
    name "Trump Tower", entity "building".
    """
    parts = [p for p in _GAP.split(str(phrase).strip()) if p.strip(_EDGE + " ")]
    if len(parts) > 1:
        # a gap of several spaces is a lost comma ("In Chile   Francis", "Andy Whitcombe   the
        # Ferris County GOP chairman"): the name is the last part when the phrase ends on a
        # name token, else the first; the other parts are descriptors
        last = _SPLIT.split(parts[-1].strip())[-1]
        k = len(parts) - 1 if _is_name_token(last) else 0
        inner = clean_speaker(parts[k])
        rest = [p.strip() for i, p in enumerate(parts) if i != k]
        descr = " ".join([*rest[:k], inner.descriptor, *rest[k:]] if k else [inner.descriptor, *rest])
        return SpeakerName(inner.name, inner.title, " ".join(descr.split()), inner.entity)
    # a leading article is neither name, title nor descriptor ("the White House")
    tokens = [t for t in _SPLIT.split(_LEADING_ARTICLE.sub("", str(phrase).strip().strip(_EDGE))) if t]
    if not tokens:
        return SpeakerName("", "", "", "")
    link = _person_of_place(tokens)
    if link:
        person = clean_speaker(" ".join(tokens[:link]))
        return SpeakerName(person.name, person.title, " ".join([person.descriptor, *tokens[link:]]).strip(),
                           person.entity)
    if len(tokens) > 1 and _entity(tokens) not in ("person", ""):
        return SpeakerName(" ".join(tokens), "", "", _entity(tokens))
    runs = _runs(tokens)
    if not runs:
        return SpeakerName("", "", " ".join(tokens), "")
    start, end = runs[-1] if _is_name_token(tokens[-1]) else runs[0]
    if end - start > 1 and _key(tokens[start]) not in _headline_verbs():
        end = _verb_cut(tokens, start, end)
    if _headline_fragment(tokens[start:end]):
        # "Crazy Story About Donald Trump Falling": a headline run, not a name
        return SpeakerName("", "", " ".join(tokens), "")
    # an office "of" something before the name is a title: "Secretary of State John Kerry",
    # "Director of National Intelligence James Clapper" (the name starts at a known first name)
    office = None
    if start >= 2 and tokens[start - 1].lower() == "of" and _title_prefix(tokens[start - 2]):
        first = next((i for i in range(start + 1, end - 1) if _key(tokens[i]) in _first_names()), None)
        if first is not None:
            office = start - 2
            while office > 0 and _title_prefix(tokens[office - 1]):
                office -= 1
            start = first
    whole = [t.strip(_EDGE) for t in tokens[start:end]]
    if _entity(whole) not in ("person", ""):
        # a body or place keeps its title-like words ("Justice Department", "Speaker's Office")
        titles, descr, name = [], [], tokens[start:end]
    else:
        titles, descr, name = _strip_front(tokens[start:end])
    # a title inside the run ends what goes before the name ("House Speaker Paul Ryan", "Ohio
    # Democratic Party Chairman David Pepper", "Senate Minority Leader Harry Reid")
    inner = max((i for i in range(len(name) - 1) if _title_prefix(name[i]) and not _title_prefix(name[i + 1])),
                default=-1)
    if inner >= 0:
        titles, name = [*titles, *name[: inner + 1]], name[inner + 1 :]
    lead = start if office is None else office
    while lead > 0 and _title_prefix(tokens[lead - 1]):
        lead -= 1  # "ex-President Trump", "then-Sen. Obama"
    titles = [*tokens[lead:start], *titles]
    outside = [*tokens[:lead], *descr, *tokens[end:]]
    # a trailing descriptor inside the run ("Obama Today")
    while len(name) > 1 and _key(name[-1]) in _words()["descriptor"]:
        outside.append(name.pop())
    if len(name) > 1 and _key(name[-1]) in _words()["pronoun"]:
        # "Donors It's", "Concerning His": a run that ends on a pronoun or determiner ran into
        # the next sentence of a headline; no name
        return SpeakerName("", " ".join(titles), " ".join([*tokens[:lead], *descr, *name, *tokens[end:]]), "")
    name = [t.strip(_EDGE) for t in name]
    if name:
        name[-1] = _POSSESSIVE.sub("", name[-1])
    name = [t for t in name if t]
    if name and len(name) == 1 and (_key(name[0]) in _words()["descriptor"] or _function_word(name[0])):
        return SpeakerName("", " ".join(titles), " ".join([*outside, *name]), "")
    if len(name) == 1 and _key(name[0]) in _gazetteer()[1]:
        # "One Republican", "a Democrat": a party or nation adjective alone names a group
        return SpeakerName(name[0], " ".join(titles), " ".join(outside), "group")
    honorific = bool(titles) and _key(titles[-1]) in _words()["honorific"]
    if not name or (len(name) == 1 and _title_prefix(name[0]) and not honorific):
        return SpeakerName("", " ".join(titles + name), " ".join(outside), "")
    if _body_and_title(name):
        # "IMF Chief", "NATO Spokesman": an office of a body, no person's name
        return SpeakerName("", " ".join(titles + name), " ".join(outside), "")
    return SpeakerName(" ".join(name), " ".join(titles), " ".join(outside), _entity(name))
