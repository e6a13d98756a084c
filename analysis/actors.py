"""The cast of a corpus: which people, organisations, places and groups its articles are about.

Each corpus brings its own actors, so nothing here is written for one event. The cast comes,
in this order, from a file the user passes, from ``actors.csv`` in the corpus folder, or from
:func:`discover_actors`, which finds them in the text offline:

1. **Proper-noun phrases**: runs of capitalised words (with "of", "de", "al", "von" ... inside
   names), abbreviations ("U.S.", "NATO") and hyphenated names; the possessive "'s" is cut.
   A capitalised word at the start of a sentence is dropped when the corpus also writes it
   in lower case ("Officials said"), and a phrase made only of words the corpus also writes
   in lower case is not a name ("Climate Change"), unless the gazetteer knows it.
2. **Titles and honorifics** ("President", "Sen.", "Mrs.", "Foreign Minister", lexicon
   ``honorifics.csv``) are stripped from the front of a phrase and count as evidence that a
   person follows; so does a country or adjective before a title ("Russian President
   Vladimir Putin" -> "Vladimir Putin").
3. **Gazetteer** (lexicon ``gazetteer.csv``: countries with their other names, adjectives
   and peoples, capitals, US states, regions, international bodies, US federal bodies and
   parties) names places, organisations and groups and merges their aliases ("U.N." = "UN"
   = "United Nations"). A place used as a modifier ("U.S. attorney", "Russia sanctions") is
   not a mention of that place.
4. **Kind** for the rest: a head word ("Ministry", "Party", "Court" -> organisation;
   "River", "County" -> place; lexicon ``actor_cues.csv``), an all-capitals abbreviation ->
   organisation, a title or a known first name -> person, else by context ("in X" -> place,
   "X said" -> person).
5. **The same person**: surface forms are merged with
   :func:`analysis.identity.canonical_names`, the package's one notion of "the same person"
   (also used for quoted speakers): "Putin", "Vladimir Putin" and "President Putin" are one
   actor; "Mrs. Clinton" does not join Bill Clinton.

Units: :func:`discover_actors` returns one row per (group, actor); :func:`mentions_table`
one row per proper-noun occurrence with character offsets into the article text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import lexicons
from analysis.identity import canonical_names, parse_name
from analysis.speaker_names import SILENT, clean_speaker
from analysis.validate import require_columns

KINDS = ("person", "organisation", "place", "group")
ACTORS_CSV = "actors.csv"
COLUMNS = ("actor", "kind", "aliases", "mentions", "outlets")

# A capitalised token: a word starting with a capital (Ocasio-Cortez, O'Rourke, McConnell),
# an abbreviation with dots (U.S., D.C.) or a run of capitals/digits (NATO, G20).
_TOKEN = r"(?:[A-Z](?:\.[A-Z])+\.?|[A-Z][A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*\.?)"
_CONNECT = r"(?:of(?: the)?|for|on|de|del|da|di|du|al|el|bin|ibn|van|von|der|den|la|le|y)"
# The phrase's first token is _TOKEN preceded by no word character or .'’- ; written so that
# the pattern starts with its capital letter (the check on the character before it comes just
# after), which lets the regular-expression engine skip straight to capitals: same matches.
_FIRST_TOKEN = r"[A-Z](?<![\w.'’-][A-Z])(?:(?:\.[A-Z])+\.?|[A-Za-z0-9]*(?:[-'’][A-Za-z0-9]+)*\.?)"
_PHRASE_RE = re.compile(rf"{_FIRST_TOKEN}(?:[ \u00a0](?:{_CONNECT}[ \u00a0])?{_TOKEN})*")
_ABBREV_RE = re.compile(
    r"^(?:[A-Z]\.)+[A-Z]?\.?$|^(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|St|Jr|Sr|Prof|Rev)\.$"
)
_SENT_START_RE = re.compile(r"(?:[.!?:;][\"'”’)\]]*\s+|\n\s*|[\"“‘(]\s*)$")
_LOWER_WORD_RE = re.compile(r"(?<![\w-])[a-z][a-z'’-]*")
_POSSESSIVE_RE = re.compile(r"[’']s?$")
_LEADING_POSSESSIVE_RE = re.compile(r"^[’']s?")
_SHORT_CAPS_RE = re.compile(r"[A-Z]{2,4}")
_FOLLOW_RE = re.compile(r"^[\s\u00a0]+([A-Za-z][\w'’-]*)")
# The word before a name: ([A-Za-z][\w'’.-]*)[\s\u00a0]+$ searched in the text before it, found
# from the end instead (see _preceding_word): a search anchored at the end tries every start.
_WORD_RUN_RE = re.compile(r"[\w'’.-]*")
_ASCII_LETTER_RE = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class _Gazetteer:
    aliases: dict[str, tuple[str, str, str]]  # surface -> (actor, kind, type)
    adjectives: frozenset[str]
    longest: int


@lru_cache(maxsize=1)
def gazetteer() -> _Gazetteer:
    """The shipped gazetteer (lexicon ``gazetteer.csv``) as look-up tables."""
    frame = lexicons.load("gazetteer")
    aliases, adjectives = {}, set()
    for alias, actor, kind, typ in frame[["alias", "actor", "kind", "type"]].itertuples(index=False):
        if typ == "adjective":
            adjectives.add(alias)
        else:
            aliases[alias] = (actor, kind, typ)
    return _Gazetteer(aliases, frozenset(adjectives), max(len(a.split()) for a in aliases))


@lru_cache(maxsize=1)
def _cues() -> dict[str, frozenset[str]]:
    frame = lexicons.load("actor_cues")
    out: dict[str, set[str]] = {}
    for word, cue in zip(frame["word"], frame["cue"], strict=True):
        out.setdefault(cue, set()).add(word)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _titles() -> tuple[frozenset[tuple[str, ...]], int]:
    frame = lexicons.load("honorifics")
    keys = frozenset(tuple(w.lower().replace(".", "").split()) for w in frame["word"] if w)
    return keys, max(len(k) for k in keys)


@lru_cache(maxsize=1 << 16)
def _key(token: str) -> str:
    return token.lower().replace(".", "").strip(",")


@lru_cache(maxsize=1)
def _title_starts() -> frozenset[str]:
    """First word of every title key: a phrase whose first word is none of them starts no title."""
    return frozenset(k[0] for k in _titles()[0] if k)


def _is_title(tokens: list[str]) -> int:
    """Length of the longest title at the start of ``tokens`` (0 when none)."""
    if not tokens or _key(tokens[0]) not in _title_starts():
        return 0
    return _title_length(tuple(tokens[: _titles()[1]]))


@lru_cache(maxsize=1 << 16)
def _title_length(tokens: tuple[str, ...]) -> int:
    # the same phrases are tested again and again (every cut of every name): computed once each
    titles, longest = _titles()
    keys = tuple(_key(t) for t in tokens)
    for n in range(min(longest, len(keys)), 0, -1):
        if keys[:n] in titles:
            return n
    return 0


def _prefix_word(token: str) -> bool:
    """A word that can stand before a title without being part of the name: a place, an
    adjective, a body ("Senate Majority Leader", "U.S. Secretary", "Russian FM")."""
    gaz = gazetteer()
    return (token in gaz.adjectives or token in gaz.aliases or token.rstrip(".") in _cues().get("organisation", ())
            or bool(_ABBREV_RE.match(token)) or bool(_SHORT_CAPS_RE.fullmatch(token)))


def _strip_front(tokens: list[str]) -> tuple[list[str], bool]:
    """Cut titles, honorifics, modifiers ("former") and the places or bodies before a title
    from the front of a phrase; report whether a title was found (evidence of a person)."""
    kept, titled = _strip_front_of(tuple(tokens))
    return (tokens if kept == len(tokens) else tokens[len(tokens) - kept:]), titled


@lru_cache(maxsize=1 << 16)
def _strip_front_of(tokens: tuple[str, ...]) -> tuple[int, bool]:
    """:func:`_strip_front` of one phrase (names repeat across a corpus: computed once each):
    how many tokens are kept at its end, and whether a title was found."""
    gaz = gazetteer()
    titled = False
    while tokens:
        n = _is_title(tokens)
        if n:
            titled = titled or _key(tokens[0]) not in ("the", "former")
            tokens = tokens[n:]
            continue
        # "U.S. Secretary of State John Kerry", "Senate Majority Leader Tom Baker"
        cut = len(tokens) > 2 and next(
            (i for i in range(1, len(tokens) - 1) if tokens[i][:1].isupper() and tokens[i].lower() != "the"
             and _is_title(tokens[i:]) and tokens[i:][_is_title(tokens[i:]):]
             and all(_prefix_word(t) or t in ("of", "the") or t[:1].isupper() for t in tokens[:i])), 0)
        if cut:
            tokens = tokens[cut:]
            continue
        # "Russian FM Lavrov": an adjective, then an abbreviated title, before a name
        if len(tokens) > 1 and tokens[0] in gaz.adjectives and not any(
                t in _cues().get("organisation", ()) for t in tokens):
            tokens = tokens[1:]
            while len(tokens) > 1 and _SHORT_CAPS_RE.fullmatch(tokens[0]):
                tokens = tokens[1:]
            continue
        break
    return len(tokens), titled


@lru_cache(maxsize=1 << 16)
def _clean_token(token: str) -> str:
    token = _POSSESSIVE_RE.sub("", token) if _POSSESSIVE_RE.search(token) and len(token) > 2 else token
    if token.endswith(".") and not _ABBREV_RE.match(token):
        token = token[:-1]
    return token


@dataclass
class _Occurrence:
    article_id: object
    surface: str
    start: int
    end: int
    titled: bool
    modifier: bool
    follows: str
    precedes: str
    initial: bool
    appositive: bool


# ", CEO of AWEA": an abbreviated role in apposition
_ROLE_ABBREV_RE = re.compile(r"^,[\s\u00a0]+(?:the[\s\u00a0]+)?[A-Z]{2,4}[\s\u00a0]+(?:of|at|for)[\s\u00a0]")
_APPOSITIVE_RE = re.compile(
    r"^,[\s\u00a0]+(?:the |a |an )?(?:former |deputy |senior |chief |top |then-)?([a-z][a-z-]*)"
)


@lru_cache(maxsize=1)
def _heads() -> frozenset[str]:
    cues = _cues()
    return cues.get("organisation", frozenset()) | cues.get("place", frozenset())


def _split_of(tokens: list[str]) -> list[list[str]]:
    """Split "Alexei Malashenko of the Carnegie Center" at "of"/"for"/"on" unless the left part
    ends in a head word ("Department of Justice", "Center for American Progress")."""
    heads = _heads()
    for i, tok in enumerate(tokens):
        if tok in ("of", "for", "on") and 0 < i < len(tokens) - 1:
            left = tokens[:i]
            if left[-1].rstrip(".") in heads or " ".join(tokens) in gazetteer().aliases:
                return [tokens]
            right = tokens[i + 1:]
            if right and right[0] == "the":
                right = right[1:]
            return [left, *_split_of(right)] if right else [left]
    return [tokens]


@lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    frame = lexicons.load("function_words")
    return frozenset(w.lower() for w, lang in zip(frame["word"], frame["language"], strict=True) if lang == "en")


@lru_cache(maxsize=1)
def _headline_breaks() -> frozenset[str]:
    return _function_words() | lexicons.words("stopwords")


def _split_headline(tokens: list[str]) -> list[list[str]]:
    """A long run of capitalised words is a headline, not a name: split it at capitalised
    function words ("Any", "Has") and speech verbs ("Says")."""
    if len(tokens) < 3:
        return [tokens]
    breaks = _headline_breaks()
    verbs = _cues().get("speech_headline", frozenset())
    parts, current = [], []
    for t in tokens:
        if t[:1].isupper() and (t.lower() in breaks or t in verbs):
            parts.append(current)
            current = []
        else:
            current.append(t)
    parts.append(current)
    return [p for p in parts if p]


def _name_follows(tokens: list[str]) -> bool:
    """At a sentence start, "Later Russia" or "Yesterday Maria Lopez": the first word is not a
    name when what follows is a known place/body or starts with a known first name."""
    if len(tokens) < 2:
        return False
    gaz = gazetteer()
    first = tokens[0]
    if first in gaz.aliases or first in gaz.adjectives or parse_name(first + " X").gender:
        return False
    return tokens[1] in gaz.aliases or " ".join(tokens[1:3]) in gaz.aliases or bool(parse_name(tokens[1] + " X").gender)


@lru_cache(maxsize=1 << 16)
def _name_break(token: str) -> tuple[bool, bool]:
    """(``token`` ends a name, it ends it with a full stop): a possessive or a full stop that is
    not an abbreviation's."""
    full_stop = token.endswith(".") and not _ABBREV_RE.match(token)
    return bool((_POSSESSIVE_RE.search(token) and len(token) > 2) or full_stop), full_stop


def _occurrences(article_id, text: str, lower_vocab: frozenset[str]) -> list[_Occurrence]:
    """Proper-noun phrases of one text, cleaned, with their context words."""
    stop = lexicons.words("stopwords")
    titles = _titles()[0]
    speech = _cues().get("speech", frozenset())
    person_nouns = _cues().get("person_noun", frozenset())
    out = []
    lead = len(text) - len(text.lstrip())  # a phrase starting within it has only space before it
    for m in _PHRASE_RE.finditer(text):
        at = m.start()
        # only the last few characters matter (searching the whole prefix would be quadratic)
        initial = at <= lead or bool(_SENT_START_RE.search(text[max(0, at - 12):at]))
        for rel, surface, name_initial, titled in _phrase_names(m.group(), initial, lower_vocab):
            out.append(_occurrence_at(article_id, text, surface, at + rel, name_initial, titled, stop, titles,
                                      speech, person_nouns))
    return out


# phrase as written, whether it opens a sentence -> [(the lower-case-vocabulary answers its
# names depended on, its names)]: a phrase's names depend on nothing else, and names repeat
# across a corpus, so each is worked out once per set of answers (see _phrase_names)
_PHRASE_MEMO: dict[tuple[str, bool], list[tuple[tuple[tuple[str, bool], ...], tuple]]] = {}
_PHRASE_MEMO_MAX = 200_000


def _phrase_names(phrase: str, initial: bool, lower_vocab: frozenset[str]) -> tuple:
    """The names in one proper-noun phrase (:func:`_names_of_phrase`), from the memo when the
    words it asked the vocabulary about have the same answers in ``lower_vocab``: the same
    questions with the same answers take the same path, so the names are the same."""
    key = (phrase, initial)
    entries = _PHRASE_MEMO.get(key)
    if entries is not None:
        for answers, names in entries:
            if all((word in lower_vocab) is known for word, known in answers):
                return names
    asked: list[tuple[str, bool]] = []

    def is_lower(word: str) -> bool:
        known = word in lower_vocab
        asked.append((word, known))
        return known

    names = _names_of_phrase(phrase, initial, is_lower)
    if len(_PHRASE_MEMO) >= _PHRASE_MEMO_MAX:
        _PHRASE_MEMO.clear()
    _PHRASE_MEMO.setdefault(key, []).append((tuple(asked), names))
    return names


def _names_of_phrase(phrase: str, initial: bool, is_lower: Callable[[str], bool]) -> tuple:
    """The names in one proper-noun phrase, as ``(start in the phrase, name, opens a sentence,
    titled)``; ``initial``: the phrase opens a sentence; ``is_lower(word)``: the corpus writes
    ``word`` in lower case (the only thing besides the phrase the names depend on)."""
    stop = lexicons.words("stopwords")
    titles = _titles()[0]
    openers = _cues().get("sentence_opener", ())
    function_words = _function_words()
    out = []
    tokens = phrase.split()
    positions, pos = [], 0
    for t in tokens:
        pos = phrase.index(t, pos)
        positions.append(pos)
        pos += len(t)
    if tokens[0] in openers and len(tokens) > 1:
        tokens, positions, initial = tokens[1:], positions[1:], False
    first = _key(tokens[0])
    if initial and (first in stop or is_lower(first) or first in function_words or _name_follows(tokens)) \
            and (first,) not in titles:
        tokens, positions = tokens[1:], positions[1:]
        initial = False
    # "Kerry's Meeting With Putin": a possessive ends a name; so does a full stop
    groups, current, starts = [], [], [initial]
    for t, p in zip(tokens, positions, strict=True):
        current.append((t, p))
        ends, full_stop = _name_break(t)
        if ends:
            groups.append(current)
            current = []
            starts.append(full_stop)
    groups.append(current)
    for group, initial in zip(groups, starts, strict=False):
        if not group:
            continue
        if initial and len(group) == 1 and (_key(group[0][0]) in stop or is_lower(_key(group[0][0]))):
            continue
        words = [t for t, _ in group]
        stripped, titled = _strip_front(words)
        if stripped is not words and len(stripped) < len(words):
            group, initial = group[len(words) - len(stripped):], False
        for part in (piece for chunk in _split_headline(stripped) for piece in _split_of(chunk)):
            offset = next(p for t, p in group if t == part[0]) if part else 0
            name = _name_in(phrase, part, offset)
            if name is not None:
                rel, surface, cut, name_titled = name
                out.append((rel, surface, initial and not cut, name_titled or titled))
            initial = titled = False
    return tuple(out)


def _name_in(phrase: str, tokens: list[str], offset: int) -> tuple[int, str, bool, bool] | None:
    """The name one part of a phrase gives (its start in the phrase, the name, whether words
    were cut from its front, whether a title was), or None."""
    while tokens and tokens[0].lower() in ("of", "the", "for", "on", "and"):
        tokens = tokens[1:]
    if not tokens:
        return None
    start = phrase.index(tokens[0], offset)
    n_before = len(tokens)
    tokens, titled = _strip_front(tokens)
    if not tokens:
        return None
    cut = len(tokens) < n_before
    if cut:
        start = phrase.index(tokens[0], start)
    tokens = [_clean_token(t) for t in tokens]
    while tokens and tokens[-1].lower() in ("of", "the", "for", "on", "de", "al", "von", "van"):
        tokens.pop()
    surface = " ".join(t for t in tokens if t)
    if not surface or not any(c.isalpha() for c in surface):
        return None
    return start, surface, cut, titled


def _occurrence_at(article_id, text, surface, start, initial, titled, stop, titles, speech, person_nouns):
    """The occurrence of the name ``surface`` at ``start`` of ``text``, with its context words."""
    end = start + len(surface)
    rest = text[end:end + 60]
    rest = _LEADING_POSSESSIVE_RE.sub("", rest)
    after = _FOLLOW_RE.match(rest)
    precedes = _preceding_word(text[max(0, start - 40):start])
    follows = after.group(1) if after else ""
    appos = _APPOSITIVE_RE.match(rest)
    appositive = bool(appos) and ((appos.group(1),) in titles or appos.group(1) in person_nouns) or bool(
        _ROLE_ABBREV_RE.match(rest))
    modifier = bool(follows) and follows[0].islower() and follows.lower() not in stop and follows.lower() not in speech
    return _Occurrence(article_id, surface, start, end, titled, modifier, follows, precedes, initial, appositive)


def _preceding_word(before: str) -> str:
    """The word ending ``before`` when only white space follows it: the longest run of word
    characters, apostrophes, full stops and hyphens before the trailing white space, from its
    first ASCII letter on ("" when there is no white space at the end or no such letter)."""
    body = before.rstrip()  # str.rstrip strips exactly what \s matches
    if len(body) == len(before):
        return ""
    run = _WORD_RUN_RE.match(body[::-1]).group()[::-1]
    letter = _ASCII_LETTER_RE.search(run)
    return run[letter.start():] if letter else ""


def _lower_vocab(texts: Iterable[str]) -> frozenset[str]:
    words: set[str] = set()
    for text in texts:
        # both apostrophes are inside the word pattern and neither is a word character, so
        # straightening them first finds the same words, straightened
        words.update(_LOWER_WORD_RE.findall(text.replace("’", "'")))
    return frozenset(words)


def _kind_of(surface: str, occ: list[_Occurrence], lower_vocab: frozenset[str]) -> str | None:
    """Kind of a phrase not in the gazetteer, or None when it is not a name at all.

    Returns "person" on firm evidence (a title, a known first name, an appositive such as
    ", a professor at"), "person?" on weak evidence (next to "said"), else another kind.
    """
    cues = _cues()
    gaz = gazetteer()
    tokens = surface.split()
    if any(t in cues.get("not_actor", ()) for t in tokens):
        return None
    if len(tokens) == 1 and "-" in surface and surface.split("-")[0] in cues.get("prefix", ()):
        return None  # "Russo-American", "Euro-Atlantic", "Co-operation"
    if all(o.initial for o in occ) and len(tokens) == 1:
        return "initial?"  # only seen at sentence starts: a name only if it joins a full name
    titled = any(o.titled for o in occ)
    if any(t.rstrip(".") in cues.get("organisation", ()) for t in tokens[1:] + tokens[:1]):
        return "organisation"
    if any(t in cues.get("place", ()) for t in tokens[1:]):
        return "place"
    if all(_key(t) in lower_vocab or not t[0].isupper() for t in tokens) and not titled:
        return None  # ordinary words written with capitals (headline case)
    if tokens[0] in gaz.adjectives or gaz.aliases.get(tokens[0], ("", "", ""))[1] == "place":
        return "place" if tokens[-1] in gaz.aliases else "organisation"
    if re.fullmatch(r"[A-Z0-9.&-]{2,}", surface):
        return "organisation"
    if titled or any(o.appositive for o in occ) or parse_name(surface).gender is not None:
        return "person"
    speech = cues.get("speech", frozenset())
    said = sum(o.follows in speech or o.precedes in speech for o in occ)
    place = sum(o.precedes in cues.get("place_preposition", ()) for o in occ)
    if place > said:
        return "place"
    names = [t for t in tokens if t[0].isupper()]
    if said or 2 <= len(names) <= 4:
        return "person?"
    return "organisation"


def _resolve(occurrences: list[_Occurrence], lower_vocab: frozenset[str]
             ) -> tuple[dict[str, tuple[str, str]], Counter]:
    """Surface form -> (actor, kind) for one group of articles (unnamed forms left out), and
    the single words not tied to a full name in the group (a surname seen alone, "Trump's")."""
    gaz = gazetteer()
    by_surface: dict[str, list[_Occurrence]] = {}
    for o in occurrences:
        by_surface.setdefault(o.surface, []).append(o)
    resolved: dict[str, tuple[str, str]] = {}
    cleaned: dict[str, str] = {}
    people: Counter = Counter()
    singles: Counter = Counter()
    for surface, occ in by_surface.items():
        if surface in gaz.adjectives:
            continue
        if surface in gaz.aliases:
            actor, kind, _typ = gaz.aliases[surface]
            resolved[surface] = (actor, kind)
            continue
        kind = _kind_of(surface, occ, lower_vocab)
        if kind is None:
            continue
        if kind in ("person", "person?"):
            # the one speaker-name rule: "While Trump" is Trump, "Trump Tower" is no person
            parsed = clean_speaker(surface)
            if not parsed.name or parsed.entity in SILENT:
                continue
            if parsed.entity in ("organisation", "place", "group"):
                resolved[surface] = (parsed.name, parsed.entity)
                continue
            if parsed.name != surface:
                cleaned[surface] = parsed.name
        if kind == "person" or (kind == "person?" and len(surface.split()) > 1):
            people[surface] += len(occ)
        elif len(surface.split()) == 1:
            singles[surface] += len(occ)
            if kind != "initial?":
                resolved[surface] = (surface, "person" if kind == "person?" else kind)
        else:
            resolved[surface] = (surface, kind)
    forms = {s: cleaned.get(s, s) for s in [*people, *singles]}
    counts: Counter = Counter()
    for s, n in [*singles.items(), *people.items()]:
        counts[forms[s]] += n
    by_form = canonical_names(list(counts), counts)
    names = {s: by_form[f] for s, f in forms.items()}
    full = {v for k, v in names.items() if k in people and " " in v}
    for surface in people:
        resolved[surface] = (names[surface], "person")
    loose: Counter = Counter()
    for surface, n in singles.items():
        if names.get(surface) in full:  # "Kerry" when "John Kerry" is in the same group
            resolved[surface] = (names[surface], "person")
        else:
            loose[surface] = n
    return resolved, loose


def _corpus_people(groups: list[tuple[dict, Counter]]) -> dict[str, str]:
    """Single words that name a person known by full name elsewhere in the corpus ("Trump" in an
    event whose articles never write "Donald Trump"), by the same identity rule."""
    full: Counter = Counter()
    loose: Counter = Counter()
    for resolved, singles in groups:
        for actor, kind in resolved.values():
            if kind == "person" and " " in actor:
                full[actor] += 1
        loose.update(singles)
    if not full or not loose:
        return {}
    names = canonical_names(list(full) + list(loose), {**loose, **full})
    return {s: names[s] for s in loose if names.get(s) in full}


def event_occurrences(part: pd.DataFrame, key=None, *, text_col: str = "text", outlet_col: str = "outlet",
                      id_col: str = "article_id") -> tuple:
    """The name occurrences of one group of articles (one event) and their resolution within the
    group: the per-event half of :func:`mentions_table`, which can run anywhere; its results go
    to :func:`mentions_from_occurrences` in group order."""
    texts = [t if isinstance(t, str) else "" for t in part[text_col]]
    vocab = _lower_vocab(texts)
    occ_by_article = [(_occurrences(aid, t, vocab), outlet)
                      for aid, t, outlet in zip(part[id_col], texts, part[outlet_col], strict=True)]
    return (key, occ_by_article, *_resolve([o for occ, _ in occ_by_article for o in occ], vocab))


def mentions_from_occurrences(found: list[tuple], *, by: str | None = "event", id_col: str = "article_id",
                              outlet_col: str = "outlet") -> pd.DataFrame:
    """The corpus-wide half of :func:`mentions_table`: a surname seen alone in a group joins a
    person known by full name in any group, then one row per mention (see :func:`mentions_table`)."""
    known = _corpus_people([(resolved, loose) for _key, _occ, resolved, loose in found])
    return _mention_rows(found, known, by=by, id_col=id_col, outlet_col=outlet_col)


def _mention_rows(found: list[tuple], known: dict[str, str], *, by: str | None, id_col: str = "article_id",
                  outlet_col: str = "outlet") -> pd.DataFrame:
    """The mentions of the groups ``found`` (:func:`event_occurrences`), given the people
    ``known`` across the corpus (:func:`_corpus_people`)."""
    cols = [*([by] if by else []), id_col, outlet_col, "actor", "kind", "alias", "start", "end", "modifier"]
    speech = _cues().get("speech", frozenset())
    rows = []
    for key, occ_by_article, resolved, loose in found:
        resolved = {**resolved, **{s: (known[s], "person") for s in loose if s in known}}
        for occ, outlet in occ_by_article:
            for o in occ:
                if o.surface not in resolved:
                    continue
                actor, kind = resolved[o.surface]
                row = [key] if by else []
                rows.append(row + [o.article_id, outlet, actor, kind, o.surface, o.start, o.end,
                                   kind == "place" and o.modifier, _salient(o, speech)])
    return pd.DataFrame(rows, columns=[*cols, "salient"])


def mentions_table(
    articles: pd.DataFrame,
    *,
    by: str | None = "event",
    text_col: str = "text",
    outlet_col: str = "outlet",
    id_col: str = "article_id",
) -> pd.DataFrame:
    """Every mention of a discovered actor; one row per mention.

    Columns: ``by`` (when given), ``article_id``, ``outlet``, ``actor``, ``kind``, ``alias``
    (the surface form), ``start``/``end`` (offsets into the article text) and ``modifier``
    (True when a place is used as a modifier, "U.S. attorney"; such rows are not counted) and
    ``salient`` (next to a speech verb, titled or with an appositive role: breaks ties in
    mentions when ranking the cast).
    Names are resolved within each ``by`` group (``None``: the whole corpus); a surname seen alone
    in a group joins a person known by full name elsewhere in the corpus.
    """
    require_columns(articles, [id_col, text_col, outlet_col, *([by] if by else [])], "articles")
    groups = articles.groupby(by, sort=True, dropna=False) if by else [(None, articles)]
    found = [event_occurrences(part, key, text_col=text_col, outlet_col=outlet_col, id_col=id_col)
             for key, part in groups]
    return mentions_from_occurrences(found, by=by, id_col=id_col, outlet_col=outlet_col)


def actors_from_occurrences(found: list[tuple], *, by: str | None = "event", top: int | None = 15) -> pd.DataFrame:
    """:func:`discover_actors` from per-group :func:`event_occurrences` (in group order)."""
    return _summarise(mentions_from_occurrences(found, by=by), [by] if by else [], top)


def actors_from_spilled(found: list[tuple], *, by: str = "event", top: int | None = 15) -> pd.DataFrame:
    """:func:`actors_from_occurrences` for groups whose occurrences were written to files:
    ``found`` holds ``(key, pickle file of the occurrences by article, resolved, loose)`` of
    each group (in group order). Each group's file is read, its mentions counted and its
    actors summarised one group at a time, so no more than one group's occurrences are held;
    the same table (a group's actors never depend on another group's mentions once the people
    known across the corpus are found). Groups keyed by something other than a string are
    taken together, as :func:`actors_from_occurrences` does."""
    import pickle

    def load(path) -> list:
        return pickle.loads(Path(path).read_bytes())

    if not all(isinstance(key, str) for key, *_ in found):
        return actors_from_occurrences([(key, load(path), res, loose) for key, path, res, loose in found], by=by,
                                       top=top)
    known = _corpus_people([(resolved, loose) for _key, _path, resolved, loose in found])
    parts = []
    for key, path, resolved, loose in found:
        part = _summarise(_mention_rows([(key, load(path), resolved, loose)], known, by=by), [by], top)
        if len(part):
            parts.append(part)
    if not parts:
        return _summarise(_mention_rows([], known, by=by), [by], top)
    # groups in the order a whole-corpus sort puts them (stable: each group's own order kept)
    out = pd.concat(parts, ignore_index=True)
    return out.sort_values(by, kind="stable").reset_index(drop=True)


def _salient(o: _Occurrence, speech: frozenset[str]) -> bool:
    """A mention that marks a main actor even when rare: as a speaker (next to "said"), with a
    title or an appositive role ("Tom Kernan, CEO of AWEA, said")."""
    return o.titled or o.appositive or o.follows in speech or o.precedes in speech


def _summarise(mentions: pd.DataFrame, keys: list[str], top: int | None) -> pd.DataFrame:
    used = mentions[~mentions["modifier"]]
    if "salient" not in used.columns:  # a mentions table built without it (a user's own)
        used = used.assign(salient=False)
    if used.empty:
        return pd.DataFrame(columns=[*keys, *COLUMNS])
    alias_counts = used.groupby([*keys, "actor", "alias"], dropna=False).size().rename("n").reset_index()
    alias_counts = alias_counts.sort_values([*keys, "actor", "n", "alias"],
                                            ascending=[True] * len(keys) + [True, False, True])
    aliases = alias_counts.groupby([*keys, "actor"], dropna=False)["alias"].agg("|".join).rename("aliases")
    kinds = used.groupby([*keys, "actor", "kind"], dropna=False).size().rename("n").reset_index()
    kinds = kinds.sort_values([*keys, "actor", "n", "kind"], ascending=[True] * len(keys) + [True, False, True])
    kind = kinds.drop_duplicates([*keys, "actor"]).set_index([*keys, "actor"])["kind"]
    stats = used.groupby([*keys, "actor"], dropna=False).agg(
        mentions=("alias", "size"), outlets=("outlet", "nunique"), articles=("article_id", "nunique"),
        salient=("salient", "sum"))
    out = stats.join(kind).join(aliases).reset_index()
    # ties in mentions go to the actor seen in the headline or lede, as a speaker or with a role
    out = out.sort_values([*keys, "mentions", "salient", "outlets", "actor"],
                          ascending=[True] * len(keys) + [False, False, False, True], kind="stable")
    if top is not None:
        out = out.groupby(keys, dropna=False, sort=False).head(top) if keys else out.head(top)
    return out[[*keys, *COLUMNS, "articles"]].reset_index(drop=True)


def discover_actors(
    articles: pd.DataFrame,
    *,
    by: str | None = "event",
    top: int | None = 15,
    text_col: str = "text",
    outlet_col: str = "outlet",
) -> pd.DataFrame:
    """The main actors of each ``by`` group (default: each event), found in the text offline.

    One row per (group, actor), the ``top`` most mentioned per group (None = all), sorted by
    mentions. Columns: the ``by`` column (named as ``by``, so ``event`` by default), ``actor``
    (display name), ``kind`` (person / organisation / place / group), ``aliases`` (the surface
    forms found, "|"-joined, most frequent first), ``mentions`` (place names used as
    modifiers not counted), ``outlets`` (how many outlets mention it; an actor mentioned by
    one outlet only is still listed) and ``articles``. ``by=None`` gives the corpus-wide cast
    (:func:`corpus_actors`). Method: module docstring.
    """
    mentions = mentions_table(articles, by=by, text_col=text_col, outlet_col=outlet_col)
    return _summarise(mentions, [by] if by else [], top)


def corpus_actors(articles: pd.DataFrame, *, top: int | None = 15, **options) -> pd.DataFrame:
    """The top actors of the whole corpus (names merged across events); one row per actor."""
    return discover_actors(articles, by=None, top=top, **options)


def actor_table(tables, *, by: str = "event", top: int | None = 15) -> pd.DataFrame:
    """:func:`discover_actors` on the English articles of a ``Tables``/``Corpus``-like object
    (anything with ``.articles``) or an articles DataFrame: the per-corpus actors table."""
    from analysis.corpus import english_only

    articles = tables if isinstance(tables, pd.DataFrame) else tables.articles
    return discover_actors(english_only(articles), by=by, top=top)


# ---------------------------------------------------------------------------------------
# Actor lists from files, and choosing the cast
# ---------------------------------------------------------------------------------------
def read_actors(path: str | Path) -> pd.DataFrame:
    """An actor list from CSV; one row per actor with ``actor, kind, aliases``.

    Accepted layouts: one row per alias (columns ``actor, alias``, optional ``kind``), or one
    row per actor with ``aliases`` "|"-joined (the :func:`discover_actors` layout). Without
    aliases the actor's own name is its alias. ``kind`` defaults to "" (unknown).
    """
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    require_columns(table, ["actor"], f"actor list {path}")
    if "alias" in table.columns:
        table = table[table["actor"].str.strip() != ""]
        kinds = table.groupby("actor", sort=False)["kind"].first() if "kind" in table.columns else None
        rows = []
        for actor, grp in table.groupby("actor", sort=False):
            aliases = [a.strip() for a in grp["alias"] if a.strip()] or [actor.strip()]
            rows.append((actor.strip(), (kinds[actor] if kinds is not None else ""), "|".join(dict.fromkeys(aliases))))
        return pd.DataFrame(rows, columns=["actor", "kind", "aliases"])
    out = table.copy()
    out["actor"] = out["actor"].str.strip()
    if "aliases" not in out.columns:
        out["aliases"] = out["actor"]
    out["aliases"] = [a if a.strip() else act for a, act in zip(out["aliases"], out["actor"], strict=True)]
    if "kind" not in out.columns:
        out["kind"] = ""
    return out[out["actor"] != ""][["actor", "kind", "aliases"]].reset_index(drop=True)


def choose_actors(
    articles: pd.DataFrame,
    *,
    corpus_dir: str | Path | None = None,
    actors_file: str | Path | None = None,
    top: int = 15,
) -> tuple[pd.DataFrame, str]:
    """The cast to measure tone toward, and where it came from.

    Order: ``actors_file`` when given; else ``actors.csv`` in ``corpus_dir`` when present;
    else the ``top`` actors discovered corpus-wide (:func:`corpus_actors`). Returns
    ``(actors, source)`` with ``actors`` one row per actor (``actor, kind, aliases`` and,
    when discovered, ``mentions, outlets``) and ``source`` a short phrase for captions.
    """
    if actors_file:
        path = Path(actors_file)
        if not path.is_file():
            raise FileNotFoundError(f"actor list {path} does not exist")
        return read_actors(path), f"actor list {path.name}"
    if corpus_dir and (Path(corpus_dir) / ACTORS_CSV).is_file():
        return read_actors(Path(corpus_dir) / ACTORS_CSV), f"the corpus folder's {ACTORS_CSV}"
    found = corpus_actors(articles, top=top)
    return found, f"the {len(found)} actors mentioned most in the corpus (discovered)"


def alias_map(actors: pd.DataFrame | Mapping[str, Iterable[str]]) -> tuple[dict[str, list[str]], dict[str, str]]:
    """``({actor: [alias, ...]}, {actor: kind})`` from an actors table or a plain mapping."""
    if isinstance(actors, pd.DataFrame):
        require_columns(actors, ["actor", "aliases"], "actors")
        kinds = dict(zip(actors["actor"], actors["kind"], strict=True)) if "kind" in actors.columns else {}
        pairs = zip(actors["actor"], actors["aliases"], strict=True)
        return {a: [s for s in str(al).split("|") if s] for a, al in pairs}, kinds
    return {a: list(v) for a, v in actors.items()}, {}


__all__ = [
    "KINDS", "actor_table", "alias_map", "choose_actors", "corpus_actors", "discover_actors",
    "actors_from_occurrences", "event_occurrences", "gazetteer", "mentions_from_occurrences", "mentions_table",
    "read_actors",
]
