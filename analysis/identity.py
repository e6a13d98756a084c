"""Who is the same person: one notion of person identity for the whole package.

Every module that counts people (quotations, sources, actors) asks this one module
whether two surface forms name the same person, so a person has one display name and
one id across a whole corpus, not one per article or event.

Public API (stable)
-------------------
- :func:`parse_name` -- ``"Sen. Hillary Rodham Clinton"`` -> :class:`PersonName`
  (title ``"Sen."``, first ``"Hillary"``, middle ``"Rodham"``, last ``"Clinton"``,
  suffix ``""``, gender hint ``"female"``).
- :func:`gender_of` -- ``"Mrs. Clinton"`` -> ``"female"``; ``"Obama"`` -> ``None``.
- :func:`canonical_names` -- every surface form -> one canonical display name.
- :func:`person_id` -- a canonical name -> a stable slug id (``"hillary-clinton"``).
- :func:`fold_name` -- spelling-insensitive key (case, accents, transliteration).
- :func:`slug` -- ASCII slug of any text (used for ids and file names).

Method
------
Honorifics and titles ("Mr.", "Mrs.", "President", "Speaker", "Sen.") are read from the
lexicon ``honorifics.csv``; suffixes ("Jr.") and surname particles ("de", "van", "al")
from ``name_parts.csv``. What remains is first name, middle names or initials, and
surname (with its particles). The gender hint comes, in this order, from a gendered
honorific or title ("Mrs.", "Congresswoman", "Sir"), then from the first name in
``first_names.csv`` (common US/UK given names used overwhelmingly for one sex; names
used for both, such as Jordan or Kim, are left out, so they give no hint).

:func:`canonical_names` groups full names (first + last) on the folded surname and the
folded first name, ignoring middle names and initials, titles and suffixes ("Donald J.
Trump" = "Donald Trump"; "Hillary Rodham Clinton" = "Hillary Clinton"), so two people who
share a surname (Bill and Hillary Clinton) stay apart. A surname-only form ("Obama",
"President Obama", "Mr. Trump") joins the full name with that surname whose gender is
compatible with the form's own hint ("Mrs. Clinton" never joins Bill Clinton); among
several compatible ones it joins the most frequent (by ``counts``; ties by name). A
surname with no full name anywhere stays on its own. The display name of a group is its
most frequent first name and surname, without title, middle names or suffix. A double
surname is a surname: when the corpus writes "A B" alone and also "X A B" ("Huckabee
Sanders", "Sarah Huckabee Sanders"), "A B" is X's surname, the display keeps it ("Sarah
Huckabee Sanders") and "Huckabee Sanders" joins her, never another Sanders. A surname that opens on a particle
written alone ("De Blasio") joins the full name with that surname ("Bill de Blasio").
A name after a regnal title ("Pope Francis", "Queen Elizabeth"; ``speaker_name_words.csv``
role ``regnal``) is a single name, displayed with the title, never a surname; a one-word name
that is also a known given name ("Francis", "Warren"), with no title but an honorific, joins a
full name by surname only when the corpus writes that full name at least as often as the word
alone.

Transliteration variants fold together (Yury/Yuri, Sergey/Sergei, Aleksei/Alexei), as
in the Gender Gap Tracker's name merging (Asr et al. 2021) and the alias rules of
entity-linking pipelines; no outside knowledge base is used, so nicknames ("Bill" vs
"William") are not merged.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from analysis import lexicons

__all__ = [
    "PersonName", "parse_name", "gender_of", "canonical_names", "person_id", "fold_name", "slug",
    "regnal_title",
]


@dataclass(frozen=True)
class PersonName:
    """A person's name split into parts. Empty strings for absent parts."""

    title: str
    first: str
    middle: str
    last: str
    suffix: str
    gender: str | None

    @property
    def full(self) -> bool:
        """Whether both a first name and a surname are present."""
        return bool(self.first and self.last)

    @property
    def display(self) -> str:
        """First name and surname ("Hillary Clinton"), or the surname alone."""
        return f"{self.first} {self.last}".strip()


# --- lexicons -----------------------------------------------------------------------------
@lru_cache(maxsize=1)
def _titles() -> tuple[dict[tuple[str, ...], str | None], int]:
    frame = lexicons.load("honorifics")
    out: dict[tuple[str, ...], str | None] = {}
    for word, gender in zip(frame["word"], frame["gender"], strict=True):
        out[tuple(word.lower().replace(".", "").split())] = gender or None
    return out, max(len(k) for k in out)


@lru_cache(maxsize=1)
def _first_names() -> dict[str, str]:
    frame = lexicons.load("first_names")
    return {n.lower(): g for n, g in zip(frame["name"], frame["gender"], strict=True)}


@lru_cache(maxsize=1)
def _regnal() -> frozenset[str]:
    """Titles after which a name is a single name, never a surname ("Pope", "King", "Queen";
    ``speaker_name_words.csv`` role ``regnal``)."""
    frame = lexicons.load("speaker_name_words")
    return frozenset(w.lower() for w, r in zip(frame["word"], frame["role"], strict=True) if r == "regnal")


def regnal_title(title: str) -> str:
    """The regnal word of a title as written ("Pope" in "Pope", "former Pope"), else ""."""
    return next((w for w in str(title).split() if _key(w) in _regnal()), "")


@lru_cache(maxsize=1)
def _parts() -> tuple[frozenset[str], frozenset[str]]:
    frame = lexicons.load("name_parts")
    suffixes = frozenset(w for w, k in zip(frame["word"], frame["kind"], strict=True) if k == "suffix")
    particles = frozenset(w for w, k in zip(frame["word"], frame["kind"], strict=True) if k == "particle")
    return suffixes, particles


# --- folding ------------------------------------------------------------------------------
_TRANSLIT = (
    (re.compile(r"ks"), "x"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"y"), "i"),
    (re.compile(r"j"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"i+e?$"), "i"),
    (re.compile(r"ei$|ej$"), "i"),
)
_LETTERS = re.compile(r"[a-z]+")


@lru_cache(maxsize=65536)
def fold_name(name: str) -> str:
    """Spelling-insensitive key for a name: lower case, no accents, transliteration folded.

    Yury/Yuri/Iurii -> "iuri"; Sergey/Sergei -> "sergi"; Aleksei/Alexei -> "alexi".
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = []
    for word in _LETTERS.findall(text):
        for pattern, repl in _TRANSLIT:
            word = pattern.sub(repl, word)
        words.append(word)
    return " ".join(words)


def slug(text: str) -> str:
    """ASCII slug: lower case, runs of other characters as one hyphen ("unknown" if empty)."""
    plain = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "unknown"


# --- parsing ------------------------------------------------------------------------------
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_SPLIT = re.compile(r"[\s\u00a0]+")


def _key(token: str) -> str:
    return token.lower().replace(".", "").strip(",")


@lru_cache(maxsize=65536)
def parse_name(surface: str) -> PersonName:
    """Split a person's name as written into title, first, middle, last, suffix, gender.

    ``"President Barack Obama"`` -> title "President", first "Barack", last "Obama";
    ``"Mr. Trump"`` -> title "Mr.", last "Trump", gender "male"; ``"Obama's"`` -> last
    "Obama". Never raises; an empty or title-only string gives empty name parts.
    """
    titles, longest = _titles()
    suffixes, particles = _parts()
    tokens = [t for t in _SPLIT.split(str(surface).strip().strip(",;:")) if t]
    if tokens:
        tokens[-1] = _POSSESSIVE.sub("", tokens[-1])
    title_toks: list[str] = []
    gender: str | None = None
    while len(tokens) > 1:
        for n in range(min(longest, len(tokens) - 1), 0, -1):
            key = tuple(_key(t) for t in tokens[:n])
            if key in titles:
                gender = gender or titles[key]
                title_toks.extend(tokens[:n])
                tokens = tokens[n:]
                break
        else:
            break
    suffix_toks: list[str] = []
    while len(tokens) > 1 and _key(tokens[-1]) in suffixes:
        suffix_toks.insert(0, tokens.pop())
    tokens = [t.rstrip(",") for t in tokens if t.rstrip(",")]
    if not tokens:
        return PersonName(" ".join(title_toks), "", "", "", " ".join(suffix_toks), gender)
    # surname with its particles: "Ursula von der Leyen", "Bashar al-Assad"
    k = len(tokens) - 1
    while k > 1 and _key(tokens[k - 1]) in particles:
        k -= 1
    last = " ".join(tokens[k:])
    first = tokens[0] if k >= 1 else ""
    middle = " ".join(tokens[1:k]) if k > 1 else ""
    if gender is None and first:
        gender = _first_names().get(_key(first))
    return PersonName(" ".join(title_toks), first, middle, last, " ".join(suffix_toks), gender)


def gender_of(surface: str) -> str | None:
    """``"female"``, ``"male"`` or None: the gender hint of a name as written."""
    return parse_name(surface).gender


# --- identity -----------------------------------------------------------------------------
def _first_key(first: str) -> str:
    return fold_name(first.rstrip("."))


def canonical_names(
    surfaces: Iterable[str], counts: Mapping[str, int] | None = None
) -> dict[str, str]:
    """Map every surface form of a person's name to one canonical display name.

    ``surfaces``: names as written anywhere in the corpus ("Obama", "Barack Obama",
    "President Obama", "Mr. Obama", "Donald J. Trump"). ``counts``: how often each form
    occurs (default 1 each), used to pick the display spelling and, for a surname-only
    form compatible with several full names, the most frequent one. Returns a dict with
    every input form as a key. See the module docstring for the rules.
    """
    forms = list(dict.fromkeys(str(s) for s in surfaces))
    weight = {f: int((counts or {}).get(f, 1)) for f in forms}
    parsed = {f: parse_name(f) for f in forms}
    compound = _double_surnames(parsed.values())
    # a double surname written alone ("Huckabee Sanders") is a surname-only form of it
    # a surname that opens on a particle, written alone ("De Blasio" beside "Bill de Blasio"),
    # is that surname, not a first name
    particled = {fold_name(p.last) for p in parsed.values() if p.full and " " in p.last}
    doubled = {f for f, p in parsed.items() if not p.middle and p.first and (
        (fold_name(p.first), fold_name(p.last)) in compound or fold_name(f"{p.first} {p.last}") in particled)}
    parsed = {f: PersonName(p.title, "", "", f"{p.first} {p.last}", p.suffix, p.gender) if f in doubled else p
              for f, p in parsed.items()}
    # groups of full names: (folded surname, folded first name)
    groups: dict[tuple[str, str], Counter] = {}
    genders: dict[tuple[str, str], Counter] = {}
    doubles: dict[tuple[str, str], str] = {}
    for f, p in parsed.items():
        if not p.full or len(_first_key(p.first)) < 2:
            continue
        key = (fold_name(p.last), _first_key(p.first))
        before = p.middle.split()[-1] if p.middle else ""
        if (fold_name(before), fold_name(p.last)) in compound:
            doubles.setdefault(key, f"{before} {p.last}")
        groups.setdefault(key, Counter())[p.display] += weight[f]
        if p.gender:
            genders.setdefault(key, Counter())[p.gender] += weight[f]
    display = {k: sorted(c.items(), key=lambda x: (-x[1], x[0]))[0][0] for k, c in groups.items()}
    display.update({k: f"{display[k].split()[0]} {d}" for k, d in doubles.items()})
    total = {k: sum(c.values()) for k, c in groups.items()}
    gender = {k: c.most_common(1)[0][0] for k, c in genders.items()}
    by_surname: dict[str, list[tuple[str, str]]] = {}
    for key in groups:
        by_surname.setdefault(key[0], []).append(key)
    # a word that is also a given name, written alone (no title but an honorific), is read as
    # the surname of someone named in full only when the corpus names them in full at least as
    # often as it writes the word alone ("Warren" for Elizabeth Warren; never "Francis", the
    # Pope's name, for the one "Robert Francis" of the corpus)
    alone: Counter = Counter()
    for f, p in parsed.items():
        if _given_name_alone(p, f in doubled):
            alone[fold_name(p.last)] += weight[f]
    out: dict[str, str] = {}
    for f, p in parsed.items():
        if not p.last:
            out[f] = f.strip()
            continue
        regnal = regnal_title(p.title)
        if regnal and not p.first:
            out[f] = f"{regnal} {p.last}"  # "Pope Francis", "Queen Elizabeth": a single name
            continue
        if p.full and (fold_name(p.last), _first_key(p.first)) in display:
            out[f] = display[(fold_name(p.last), _first_key(p.first))]
            continue
        # "Huckabee Sanders": only a person with that double surname; "De Blasio": the surname
        double = f in doubled and fold_name(p.last) not in particled
        candidates = [
            k for k in by_surname.get(fold_name(p.last.split()[-1] if double else p.last), [])
            if (p.gender is None or gender.get(k) in (None, p.gender))
            and (not double or fold_name(doubles.get(k, "")) == fold_name(p.last))
        ]
        if p.first and len(_first_key(p.first)) == 1:  # an initial: "D. Trump"
            candidates = [k for k in candidates if k[1].startswith(_first_key(p.first))]
        if _given_name_alone(p, f in doubled):
            candidates = [k for k in candidates if total[k] >= alone[fold_name(p.last)]]
        if candidates:
            best = sorted(candidates, key=lambda k: (-total[k], display[k]))[0]
            out[f] = display[best]
        else:
            out[f] = p.display or p.last
    return out


def _given_name_alone(p: PersonName, doubled: bool) -> bool:
    """A one-word name that is a known given name ("Francis", "Warren"), written with no title
    but an honorific."""
    honorific = all(_key(w) in _honorifics() for w in p.title.split())
    return (not p.first and not doubled and " " not in p.last and honorific
            and _key(p.last) in _first_names())


@lru_cache(maxsize=1)
def _honorifics() -> frozenset[str]:
    frame = lexicons.load("honorifics")
    return frozenset(w.lower().replace(".", "") for w, k in zip(frame["word"], frame["kind"], strict=True)
                     if k == "honorific")


def _double_surnames(parsed: Iterable[PersonName]) -> frozenset[tuple[str, str]]:
    """(folded A, folded B) of the two-word forms "A B" (no middle name) that another form
    writes as "X A B", X a known first name (``first_names.csv``) and A not one: a double
    surname the corpus also uses alone ("Huckabee Sanders" beside "Sarah Huckabee Sanders";
    never "Donald Trump" beside a headline's "Disavow Donald Trump")."""
    parsed = list(parsed)
    names = _first_names()
    pairs = {(fold_name(p.first), fold_name(p.last)) for p in parsed
             if p.full and not p.middle and _key(p.first) not in names}
    return frozenset((fold_name(p.middle.split()[-1]), fold_name(p.last)) for p in parsed
                     if p.full and p.middle and _key(p.first) in names
                     and (fold_name(p.middle.split()[-1]), fold_name(p.last)) in pairs)


def person_id(canonical: str) -> str:
    """Stable corpus-wide id for a canonical name: its ASCII slug ("barack-obama")."""
    return slug(canonical)
