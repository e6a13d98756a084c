"""Who speaks: corpus-wide speaker identity and sides, share of voice, verb profile.

Units of observation
--------------------
* :func:`corpus_quotes` -- one row per attribution (as :func:`analysis.quotes.extract_quotes`)
  plus ``article_id``, ``outlet``, ``event``, ``speaker_id``, ``canonical``, ``words``,
  ``sent_id``, ``sentence``.
* :func:`quoted_sources` -- one row per (outlet, speaker_id).
* :func:`share_of_voice` -- one row per (outlet, category) for a chosen category column.
* :func:`verb_profile` -- one row per (outlet, stance) or (outlet, lemma, stance).
* :func:`load_sides` -- the user's ``sides.csv`` (one row per person or body).

Method
------
Source type and side come from the words the article uses to introduce a source
(:func:`analysis.quotes.classify_source`; lexicons in ``analysis/lexicons``). Reporting
verbs are split into neutral ones (say, tell, add, write, report ...) and evaluative ones
that signal the journalist's stance towards the claim (claim, insist, admit, accuse, deny,
boast, charge, demand, threaten ...), after Caldas-Coulthard (1994) "On reporting
reporting" and Bell (1991) *The Language of News Media*; the split is the ``stance``
column of ``reporting_verbs.csv``, the same file the extractor reads its verbs from.

Speaker identity is corpus-wide (:mod:`analysis.identity`): every surface form of a
person's name across all articles, outlets and events maps to one canonical name and one
``speaker_id`` ("Obama", "President Obama", "Barack Obama" -> "Barack Obama"), while people
who share a surname stay apart. Bodies are keyed on their folded name; a short form
("Foreign Ministry") joins the single longer form ending with it. Groups ("officials") keep
their descriptor; a speaker that could not be named gets ``canonical = "unresolved:
<mention>"`` and never merges with a person.

Sides are decided once per person or body for the whole corpus: a political party named
anywhere the corpus introduces that speaker wins (most frequent party), else the most
frequent country or international body; that side is given to every quote of the speaker.
A ``sides.csv`` in the corpus folder (columns ``name``, ``side``) overrides it for the
people and bodies it lists.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from functools import lru_cache
from operator import itemgetter
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import lexicons
from analysis.corpus import is_english
from analysis.identity import canonical_names, fold_name, gender_of, person_id, regnal_title, slug
from analysis.office_sides import office_holder, party_labels, side_evidence
from analysis.quotes import (
    COLUMNS,
    DEFAULT_LEXICON,
    NONPARTISAN,
    SOURCE_TYPES,
    SourceLexicon,
    affiliation_of,
    classify_source,
    cue_lemma,
    nonpartisan_role,
    nonpartisan_ruled_out,
    party_of,
    quote_records,
)
from analysis.quotes.leftovers import leftover_quotes
from analysis.speaker_names import SILENT, SpeakerName, clean_speaker, gazetteer_kind
from analysis.text import count_words, sentence_spans

__all__ = [
    "DEFAULT_LEXICON", "SOURCE_TYPES", "SourceLexicon", "affiliation_of", "classify_source",
    "corpus_quotes", "cue_stance", "extract_corpus_quotes", "fold_name", "load_sides",
    "party_of", "quoted_sources", "resolve_speakers", "share_of_voice", "speaker_table", "verb_profile",
]

SIDES_FILE = "sides.csv"
_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_PRONOUN_MENTIONS = frozenset({"he", "she", "they", "it", "we", "i", "you", "him", "her"})


def load_sides(corpus_dir: str | Path | None) -> pd.DataFrame:
    """The user's side table: ``<corpus_dir>/sides.csv``, one row per person or body.

    Columns ``name`` (a person's name in any form the articles use, or a body's name) and
    ``side`` (any label: "US Republicans", "Government", "Opposition", "Russia"). Returns an
    empty table with those columns when there is no such file. Raises ValueError with a
    plain message when the file lacks a column or names a person twice with two sides.
    """
    empty = pd.DataFrame({"name": pd.Series(dtype=object), "side": pd.Series(dtype=object)})
    if corpus_dir is None:
        return empty
    path = Path(corpus_dir) / SIDES_FILE
    if not path.is_file():
        return empty
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    table.columns = [str(c).strip().lower() for c in table.columns]
    if "name" not in table.columns and "person" in table.columns:
        table = table.rename(columns={"person": "name"})
    missing = [c for c in ("name", "side") if c not in table.columns]
    if missing:
        raise ValueError(f"{path} needs the columns name,side (one person or body per row); "
                         f"it lacks {missing}.")
    table = table[["name", "side"]].apply(lambda s: s.str.strip())
    table = table[(table["name"] != "") & (table["side"] != "")].drop_duplicates()
    clash = table[table["name"].map(fold_name).duplicated(keep=False)]
    if len(clash):
        raise ValueError(f"{path} gives {clash['name'].iloc[0]!r} more than one side.")
    return table.reset_index(drop=True)


def _speaker_kinds(quotes: pd.DataFrame) -> pd.Series:
    if "speaker_kind" in quotes.columns:
        return quotes["speaker_kind"].astype(str)
    kinds = []
    for speaker, mention, person in zip(quotes["speaker"], quotes["mention"], quotes["is_person"], strict=True):
        s = str(speaker).strip()
        if bool(person):
            kinds.append("person")
        elif not s or s.lower() in _PRONOUN_MENTIONS or str(mention).lower() in _PRONOUN_MENTIONS and s == mention:
            kinds.append("unresolved")
        elif s[:1].isupper():
            kinds.append("body")
        else:
            kinds.append("group")
    return pd.Series(kinds, index=quotes.index, dtype=object)


_ENTITY_KIND = {"person": "person", "organisation": "body", "place": "body", "group": "group"}


def _clean_names(quotes: pd.DataFrame, kinds: pd.Series) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """Speaker names cut to the name (:func:`analysis.speaker_names.clean_speaker`): the new
    ``speaker`` and ``speaker_kind`` columns and the ``speaker_title``, ``speaker_descriptor``,
    ``speaker_entity`` columns. A person phrase typed as a body, place or group changes kind;
    a building, event or work is no source: ``unresolved``. The title comes from the speaker
    phrase or, when the extractor already cut it, from the mention ("President Trump"). Each
    distinct phrase is parsed once."""
    speaker = quotes["speaker"].astype(str)
    mention = quotes["mention"].astype(str) if "mention" in quotes.columns else speaker
    named = kinds.isin(["person", "body"])
    parsed = {s: clean_speaker(s) for s in set(speaker[named]) | set(mention[named])}
    # a "group" phrase that opens with a person's full name as written (titles before it
    # allowed), with a known first name, and other words after it ("Mark Shaw, the Lake
    # County GOP chairman", "Lake County Republican Chairman Mark Shaw, seen here") is that person
    first_names = lexicons.words("first_names", "name")
    # ... and so is a titled or known person's name followed by a few lower-case words only
    # ("Mr. Obama often", "Obama last year"; known: a person speaker of the corpus)
    people = {p.name for p in parsed.values() if p.entity == "person"}
    group_people: dict[str, object] = {}
    for s in sorted(set(speaker[kinds == "group"])):
        p = clean_speaker(s)
        words = p.name.split()
        written = " ".join(s.split())
        lead = f"{p.title} {p.name} ".lstrip()
        if (p.entity == "person" and len(words) in (2, 3) and words[0].lower() in first_names
                and f"{written} ".startswith(lead) and " and " not in written
                and all(w[:1].isupper() for w in words)):
            group_people[s] = p
        elif (p.entity == "person" and words and f"{written} ".startswith(lead) and " and " not in written
              and (p.title or p.name in people) and all(w[:1].isupper() for w in words)
              and 0 < len(rest := written[len(lead):].split()) <= 3 and all(w[:1].islower() for w in rest)):
            group_people[s] = p
    new_speaker, new_kind, title, descr, entity = [], [], [], [], []
    for s, m, k in zip(speaker, mention, kinds, strict=True):
        if k == "group" and s in group_people:
            k = "person"
            parsed.setdefault(s, group_people[s])
            parsed.setdefault(m, clean_speaker(m))
        p = parsed.get(s) if k in ("person", "body") else None
        if p is None:
            new_speaker.append(s)
            new_kind.append(k)
            title.append("")
            descr.append("")
            entity.append("")
            continue
        said = parsed[m]
        if _mention_splits(p, said):
            # the mention as written shows where the name begins: "Island Conservation's Sally
            # Esposito" (the speaker phrase lost the possessive: "Island Conservation Sally Esposito")
            both = said.descriptor if p.descriptor in said.descriptor else f"{said.descriptor} {p.descriptor}"
            p = SpeakerName(said.name, p.title or said.title, " ".join(both.split()), said.entity)
        same = bool(said.name) and bool(p.name) and said.name.split()[-1] == p.name.split()[-1]
        title.append(p.title or (said.title if same else ""))
        descr.append(p.descriptor)
        entity.append(p.entity)
        speaker_s, kind_s = _cleaned_row(s, k, p, title[-1])
        if p.entity == "place" and m.strip().lower() in ("he", "she"):
            speaker_s, kind_s = "", "unresolved"  # "he" is a person, never "New York"
        new_speaker.append(speaker_s)
        new_kind.append(kind_s)
    extra = pd.DataFrame({"speaker_title": title, "speaker_descriptor": descr, "speaker_entity": entity},
                         index=quotes.index, dtype=object)
    return (pd.Series(new_speaker, index=quotes.index, dtype=object),
            pd.Series(new_kind, index=quotes.index, dtype=object), extra)


def _mention_splits(p: SpeakerName, said: SpeakerName) -> bool:
    """Whether the mention as written (``said``) names a full person name that ends the speaker
    phrase's longer name, with the words before it split off as a title or descriptor there."""
    words, short = p.name.split(), said.name.split()
    if not (p.entity == said.entity == "person" and len(short) >= 2 and len(words) > len(short)
            and words[-len(short):] == short):
        return False
    # the words cut off are the mention's descriptor ("Island Conservation's"), never a middle
    # name the mention left out ("John Paul Smith" / "Dr. Paul Smith")
    described = {re.sub(r"['\u2019]s?$", "", w) for w in said.descriptor.split()}
    return all(w in described for w in words[: -len(short)])


_CAP_WORD = re.compile(r"^[A-Z][a-z]+$")
# whole runs of ASCII letters (no word character, full stop, apostrophe or hyphen on either side,
# nor a full stop before): all in lower case, or capitalised
_LOWER_RUN = re.compile(r"(?<![\w.'\u2019-])[a-z]+(?![\w'\u2019-])")
_CAPITALISED_RUN = re.compile(r"(?<![\w.'\u2019-])[A-Z][a-z]+(?![\w'\u2019-])")


def _written_as_names(phrases: list[str], texts: Iterable) -> set[str]:
    """The phrases the corpus writes, capitalised as they are, right after a lower-case word in
    running text ("told Mother Jones", "outside City Hall", "pipeline company Kinder Morgan"): a
    name as written (a magazine, a building, a company), not headline capitals before a surname.
    A phrase with a full stop in it spans two sentences ("AP. Trump") and is never one name."""
    phrases = [p for p in phrases if "." not in p]
    if not phrases:
        return set()
    alternation = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    pattern = re.compile(r"(?<![\w'\u2019-])[a-z][a-z'\u2019-]* (" + alternation + r")(?![\w'\u2019-])")
    found: set[str] = set()
    for text in texts:
        if isinstance(text, str):
            found.update(m.group(1) for m in pattern.finditer(text))
    return found


def _ordinary_leads(speaker: pd.Series, kinds: pd.Series, extra: pd.DataFrame,
                    texts: Iterable) -> tuple[pd.Series, pd.Series, pd.DataFrame]:
    """A person name is cut to its surname when every word before it is an ordinary word, not
    a first name, and the surname is one the corpus gives someone named in full with a known
    first name: "Top Trump", "Fossil Fuel Biden", "DMZ Kim", "AP. Trump", "Disavow Trump",
    "Whitman. Trump" -> "Trump", "Biden", "Kim" (the words go to ``speaker_descriptor``)
    where the corpus names Donald Trump, Joe Biden, Andy Kim. A word is ordinary when it is
    an abbreviation (three or more capitals, or two or more and a full stop; never an
    initial), the end of a sentence ("Whitman."), a form of a reporting verb
    (``reporting_verbs.csv``: "Warn", "Stormed"), or a word the corpus writes in lower case
    at least as often as capitalised after a lower-case word ("fossil" against "the Fossil
    ..."). Known first names (``first_names.csv``) and surname particles ("De Blasio") are
    never cut, nor is a phrase the corpus writes as a name in running text ("told Mother Jones",
    "outside City Hall": :func:`_written_as_names`). The rest may also be a one-word person or
    body the corpus quotes on its own ("Debate HuffPost" -> "HuffPost"). A one-word "name" that is an ordinary
    past-tense word ("Asked") is no name: unresolved. The same ordinary words before a full name
    that opens on a known first name are cut too, whoever the name is ("Island Conservation
    Sally Esposito", "House Newt Gingrich" -> "Sally Esposito", "Newt Gingrich"); an unknown
    given name the corpus never writes in lower case keeps the words after it ("Ahmad Ali
    Bradshaw")."""
    texts = list(texts)  # read twice: the word counts, then the phrases written as names
    persons = kinds == "person"
    names = speaker[persons].astype(str)
    first_names = lexicons.words("first_names", "name")
    particles = {w.lower() for w in lexicons.load("name_parts")["word"]}
    verbs = {f for forms in lexicons.load("reporting_verbs")["forms"] for f in str(forms).split()}
    leads: dict[str, list[str]] = {}
    # words before a full name that opens on a known first name ("Island Conservation Sally
    # Esposito", "House Newt Gingrich"): name -> the words before the first name
    before_full: dict[str, list[str]] = {}
    for name in names.unique():
        parts = name.split()
        if len(parts) == 1 and parts[0].lower().endswith("ed"):
            leads[name] = parts
        elif len(parts) > 1:
            leads[name] = parts[:-1]
            i = next((k for k, w in enumerate(parts[:-1]) if w.lower().rstrip(".") in first_names), 0)
            if i and 2 <= len(parts) - i <= 3:
                before_full[name] = parts[:i]
    candidates = {w for ws in [*leads.values(), *before_full.values()] for w in ws if _CAP_WORD.match(w)}
    lower: Counter = Counter()
    upper: Counter = Counter()
    keys = {w.lower() for w in candidates}
    if keys:
        # the words (runs of ASCII letters, not inside a longer word) that are a key, in lower
        # case or capitalised (no other form is counted): every lower-case word counted at C
        # speed, then the keys read off; capitalised words looked up one by one (far fewer)
        capitalised = {k[0].upper() + k[1:]: k for k in keys}
        every_lower: Counter = Counter()
        for text in texts:
            if not isinstance(text, str):
                continue
            every_lower.update(_LOWER_RUN.findall(text))
            for m in _CAPITALISED_RUN.finditer(text):
                key = capitalised.get(m.group())
                if key is not None and m.start() >= 2 and text[m.start() - 2].islower():
                    upper[key] += 1
        lower.update({k: every_lower[k] for k in keys if every_lower[k]})

    def ordinary(word: str) -> bool:
        key = word.lower().rstrip(".")
        if key in first_names or key in particles:
            return False
        if re.match(r"^(?:[A-Z]{3,6}|[A-Z]{2,5}\.|[A-Z][a-z]{2,}\.)$", word) or key in verbs:
            return True
        return bool(_CAP_WORD.match(word)) and lower[key] > 0 and lower[key] >= upper[key]

    # the rest must be the surname of someone the corpus names in full with a known first name
    surnames = {n.split()[-1] for n in names.unique()
                if len(n.split()) > 1 and n.split()[0].lower().rstrip(".") in first_names}

    # ... or a one-word person or body the corpus quotes on its own ("Debate HuffPost" where
    # another article has "As HuffPost reported")
    # (never a stop word or pronoun, "His", nor a weekday or month, "Monday": actor_cues.csv not_actor)
    cues = lexicons.load("actor_cues")
    nothing = ({w.lower() for w, c in zip(cues["word"], cues["cue"], strict=True) if c == "not_actor"}
               | lexicons.words("stopwords") | _PRONOUN_MENTIONS)
    alone = {s for s in speaker[kinds.isin(["person", "body"])].astype(str).unique()
             if s and " " not in s and s.lower() not in nothing}

    def cut(name: str, lead: list[str]) -> bool:
        parts = name.split()
        if len(parts) == 1:
            return len(lead[0]) >= 5 and ordinary(lead[0])
        return (parts[-1] in surnames or parts[-1] in alone) and all(ordinary(w) for w in lead)

    chosen = {name: lead for name, lead in leads.items() if cut(name, lead)}
    chosen.update({name: lead for name, lead in before_full.items()
                   if name not in chosen and all(ordinary(w) for w in lead)})
    for name in _written_as_names([n for n in chosen if " " in n], texts):
        del chosen[name]
    new_speaker = speaker.copy()
    new_kinds = kinds.copy()
    descr = extra["speaker_descriptor"].copy()
    for name, lead in chosen.items():
        parts = name.split()
        rows = persons & (speaker.astype(str) == name)
        if len(parts) == 1:
            new_speaker[rows], new_kinds[rows] = "", "unresolved"
        else:
            new_speaker[rows] = " ".join(parts[len(lead):])
        words = " ".join(lead)
        descr[rows] = descr[rows].map(lambda d, w=words: f"{w} {d}".strip())
    extra = extra.assign(speaker_descriptor=descr)
    return new_speaker, new_kinds, extra


def _known_surnames(quotes: pd.DataFrame, kinds: pd.Series) -> tuple[pd.Series, pd.Series]:
    """An unresolved row whose mention is one capitalised word that is the surname of exactly
    one person named in full elsewhere in the corpus ("May said", which the extractor reads as
    a month, where the corpus quotes Theresa May) is that person."""
    speaker = quotes["speaker"].astype(str)
    if "mention" not in quotes.columns:
        return speaker, kinds
    full: dict[str, set[str]] = {}
    for name in speaker[kinds == "person"].unique():
        parts = name.split()
        if len(parts) >= 2:
            full.setdefault(parts[-1], set()).add(name)
    mention = quotes["mention"].astype(str).str.strip()
    hit = (kinds == "unresolved") & mention.map(lambda m: len(full.get(m, ())) == 1 and m.lower() not in
                                                _PRONOUN_MENTIONS)
    if not hit.any():
        return speaker, kinds
    return speaker.where(~hit, mention), kinds.where(~hit, "person")


def _cleaned_row(speaker: str, kind: str, p, title: str) -> tuple[str, str]:
    """(speaker, speaker_kind) of one person or body row after :func:`clean_speaker`."""
    if p.entity in SILENT or (not p.name and kind == "person"):
        return "", "unresolved"
    if not p.name and not p.title and len(p.descriptor.split()) >= 4:
        return "", "unresolved"  # a headline run read as a body ("... Tied To Major Democratic Donors It's")
    if kind == "person":
        return p.name, _ENTITY_KIND.get(p.entity, "person")
    if p.entity == "person" and p.name and title:
        return p.name, "person"  # "Mr. King", "Prime Minister May": a titled name read as a body
    return speaker, kind


def _body_canonical(names: Iterable[str]) -> dict[str, str]:
    """Bodies: folded name; a short form joins the single longer form ending with it."""
    display: dict[str, str] = {}
    for name in sorted(set(names), key=lambda n: (-sum(1 for _ in n), n)):
        display.setdefault(fold_name(name), name)
    keys = sorted(display, key=len)
    out = {}
    for name in set(names):
        key = fold_name(name)
        longer = [b for b in keys if b != key and b.endswith(" " + key)]
        out[name] = display[longer[0]] if len(longer) == 1 else display.get(key, name)
    return out


def _titled_holders(quotes: pd.DataFrame, names: pd.Series, gender: pd.Series,
                    persons: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Names and gender hints of person rows corrected from the mention as written: "President
    Trump" / "Secretary Clinton" name the office holder of the knowledge base
    (:func:`analysis.office_sides.office_holder`), and "Mr. Trump" is never a woman even when
    the article's nearest full name was "Mrs. Trump"."""
    if "mention" not in quotes.columns:
        return names, gender
    mention = quotes["mention"].astype(str)
    titles = quotes["speaker_title"].astype(str) if "speaker_title" in quotes.columns else mention.map(lambda _: "")
    cache: dict[tuple[str, str, str], tuple[str, str]] = {}
    new_names, new_gender = [], []
    for n, g, m, t, p in zip(names, gender.fillna(""), mention, titles, persons, strict=True):
        key = (n, m, t)
        if p and key not in cache:
            said = clean_speaker(m)
            last = n.split()[-1] if n.split() else ""
            same = bool(said.name) and said.name.split()[-1] == last
            holder = (office_holder(last, said.title) if same else "") or office_holder(last, t)
            hint = gender_of(m) if same else None
            cache[key] = (holder or (said.name if hint and hint != g else n), hint or "")
        if p:
            name, hint = cache[key]
            new_names.append(name)
            new_gender.append(hint or g)
        else:
            new_names.append(n)
            new_gender.append(g)
    return (pd.Series(new_names, index=names.index, dtype=object),
            pd.Series(new_gender, index=names.index, dtype=object))


def _regnal_surfaces(quotes: pd.DataFrame, names: pd.Series, surface: pd.Series,
                     texts: Mapping[object, str] | None) -> pd.Series:
    """A one-word person name under a regnal title ("Pope Francis", "Queen Elizabeth") keeps
    the title in its surface form, so it is a single name and never another person's surname
    (:func:`analysis.identity.canonical_names`); a bare "Francis" joins it where its article
    writes that titled form (in a quote row or, given ``texts``, anywhere in the text)."""
    if "speaker_title" not in quotes.columns or "article_id" not in quotes.columns:
        return surface
    idx = surface.index
    titles = quotes.loc[idx, "speaker_title"].astype(str).map(regnal_title)
    one = names[idx].str.split().str.len() == 1
    out = surface.copy()
    written: dict[tuple[object, str], str] = {}
    for i in idx[(titles != "") & one]:
        out[i] = f"{titles[i]} {names[i]}"
        written.setdefault((quotes.at[i, "article_id"], names[i]), out[i])
    lookup: dict[tuple[object, str], str] = {}
    for i in idx[(titles == "") & one]:
        key = (quotes.at[i, "article_id"], names[i])
        if key not in lookup:
            lookup[key] = written.get(key) or _regnal_in_text((texts or {}).get(key[0]), names[i])
        if lookup[key]:
            out[i] = lookup[key]
    return out


def _regnal_in_text(text: str | None, name: str) -> str:
    """The regnal title the text writes before ``name`` most often ("Pope Francis"), else ""."""
    if not isinstance(text, str) or name not in text:
        return ""
    found = Counter(m.group(1) for m in re.finditer(r"\b([A-Z][a-z]+)\s+" + re.escape(name) + r"\b", text)
                    if regnal_title(m.group(1)))
    return f"{sorted(found.items(), key=lambda x: (-x[1], x[0]))[0][0]} {name}" if found else ""


def _identities(quotes: pd.DataFrame, kinds: pd.Series,
                texts: Mapping[object, str] | None = None) -> tuple[pd.Series, pd.Series]:
    """Canonical name and speaker_id per row, corpus-wide. ``texts``: article id -> text."""
    names = quotes["speaker"].astype(str).map(lambda s: _LEADING_DET.sub("", s).strip())
    canon = pd.Series("", index=quotes.index, dtype=object)
    ids = pd.Series("", index=quotes.index, dtype=object)
    persons = kinds == "person"
    if persons.any():
        # a bare surname keeps the gender the article gave it ("Mrs. Trump" is not Donald)
        gender = quotes["gender"] if "gender" in quotes.columns else pd.Series("", index=quotes.index)
        names, gender = _titled_holders(quotes, names, gender, persons)
        single = names.str.split().str.len() == 1
        honor = gender.map({"female": "Ms. ", "male": "Mr. "}).fillna("")
        surface = (honor.where(single, "") + names)[persons]
        surface = _regnal_surfaces(quotes, names, surface, texts)
        mapping = canonical_names(surface, counts=surface.value_counts().to_dict())
        canon[persons] = surface.map(mapping)
        ids[persons] = canon[persons].map(person_id)
    bodies = kinds == "body"
    if bodies.any():
        mapping = _body_canonical(names[bodies])
        canon[bodies] = names[bodies].map(mapping)
        ids[bodies] = canon[bodies].map(lambda c: "body-" + slug(fold_name(c) or c))
    groups = kinds == "group"
    canon[groups] = names[groups]
    ids[groups] = names[groups].map(lambda c: "group-" + slug(c))
    rest = ~(persons | bodies | groups)
    mention = quotes["mention"].astype(str).str.strip()
    label = mention.where(mention != "", names).where(lambda s: s != "", "no source named")
    canon[rest] = "unresolved: " + label[rest]
    ids[rest] = "unresolved-" + label[rest].map(slug)
    # one display name per id ("Union leaders" / "union leaders"): the most frequent, ties by name
    counts = pd.DataFrame({"id": ids, "canon": canon}).value_counts().reset_index(name="n")
    best = counts.sort_values(["n", "canon"], ascending=[False, True]).drop_duplicates("id")
    canon = ids.map(dict(zip(best["id"], best["canon"], strict=True)))
    # one id per display name: a phrase read as a body in one article and as a group or a person
    # in another ("State Department") keeps its most frequent reading's id, ties by id
    counts = pd.DataFrame({"id": ids, "canon": canon}).value_counts().reset_index(name="n")
    first = counts.sort_values(["n", "id"], ascending=[False, True]).drop_duplicates("canon")
    ids = canon.map(dict(zip(first["canon"], first["id"], strict=True)))
    return canon, ids


def _best_side(values: Iterable[str], parties: set[str]) -> str:
    counts = Counter(v for v in values if v)
    if not counts:
        return ""
    party = [(n, s) for s, n in counts.items() if s in parties]
    pool = party or [(n, s) for s, n in counts.items()]
    return sorted(pool, key=lambda x: (-x[0], x[1]))[0][1]


def _grouped(keys: pd.Series, values: pd.Series) -> dict:
    """Key -> its values in row order (missing keys left out): ``groupby(keys)`` without pandas'
    per-group overhead."""
    out: dict = {}
    for k, v in zip(keys.tolist(), values.tolist(), strict=True):
        if not pd.isna(k):
            out.setdefault(k, []).append(v)
    return out


def resolve_speakers(
    quotes: pd.DataFrame,
    *,
    sides: pd.DataFrame | None = None,
    lexicon: SourceLexicon | None = None,
    articles: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The corpus-wide half of :func:`corpus_quotes`: one ``speaker_id`` and ``canonical``
    name per person or body across the whole corpus (every article, outlet and event; see
    :mod:`analysis.identity`), one side per person or body (party first, else the most
    frequent country or body, given to every quote of that speaker), unknown source types
    filled from the same speaker elsewhere when unambiguous, and ``sides`` (as
    :func:`load_sides`: name -> side) applied last. Returns a new table; adds
    ``speaker_kind`` when the input lacks it.

    Speaker phrases are cut to the name first (:func:`analysis.speaker_names.clean_speaker`;
    columns ``speaker_title``, ``speaker_descriptor``, ``speaker_entity``). A speaker still
    without a side whose descriptor states a role outside party politics (``nonpartisan_role``)
    gets the side ``Nonpartisan``. ``side_evidence`` names the rule that gave each side ("" when
    the side is unknown; see :func:`analysis.office_sides.side_evidence`). ``articles``
    (``article_id``, ``text`` and optionally ``published``) lets sides come from party labels
    anywhere in the corpus, the office-holder knowledge base at the article date and
    government institutions (:mod:`analysis.office_sides`); without it only the knowledge
    base without dates is used."""
    out = quotes.copy()
    if not len(out):
        out["speaker_id"] = pd.Series(dtype=object)
        out["canonical"] = pd.Series(dtype=object)
        for col in ("speaker_kind", "speaker_title", "speaker_descriptor", "speaker_entity", "side_evidence"):
            if col not in out.columns:
                out[col] = pd.Series(dtype=object)
    else:
        out["speaker"], kinds, extra = _clean_names(out, _speaker_kinds(out))
        texts = (articles["text"] if articles is not None and "text" in articles.columns
                 else out["sentence"] if "sentence" in out.columns else pd.Series([], dtype=object))
        out["speaker"], kinds, extra = _ordinary_leads(out["speaker"], kinds, extra, texts)
        out["speaker"], kinds = _known_surnames(out, kinds)
        out["speaker_kind"] = kinds
        for col in extra.columns:
            out[col] = extra[col]
        by_id = (dict(zip(articles["article_id"], articles["text"], strict=True))
                 if articles is not None and {"article_id", "text"} <= set(articles.columns) else None)
        out["canonical"], out["speaker_id"] = _identities(out, kinds, by_id)
        lex = lexicon or DEFAULT_LEXICON
        parties = set(lex.parties) | set(lex.party_letters)
        named = kinds.isin(["person", "body"])
        own = out["affiliation"].fillna("").astype(str)
        best = {k: _best_side(v, parties)
                for k, v in _grouped(out.loc[named, "speaker_id"], out.loc[named, "affiliation"]).items()}
        out.loc[named, "affiliation"] = out.loc[named, "speaker_id"].map(best).fillna("")
        aff = out["affiliation"].fillna("").astype(str)
        evidence = pd.Series(np.where(aff == "", "", np.where(aff == own, "descriptor", "same speaker elsewhere")),
                             index=out.index, dtype=object)
        filled = _text_and_office_sides(out, articles, lex, parties)
        out["affiliation"] = filled["affiliation"]
        out["side_evidence"] = filled["side_evidence"].where(filled["side_evidence"] != "", evidence)
        out["affiliation"], out["side_evidence"] = _nonpartisan_sides(out)
        known = out["source_type"] != "other"
        types = {k: v[0] if len({x for x in v if not pd.isna(x)}) == 1 else ""
                 for k, v in _grouped(out.loc[known, "speaker_id"], out.loc[known, "source_type"]).items()}
        tfill = out["speaker_id"].map(lambda k: types.get(k, ""))
        out["source_type"] = out["source_type"].where((out["source_type"] != "other") | (tfill == ""), tfill)
        if sides is not None and len(sides):
            user = _apply_sides(out, sides)
            changed = user.astype(str) != out["affiliation"].astype(str)
            out["affiliation"] = user
            out.loc[changed, "side_evidence"] = "sides.csv"
    cols = [c for c in out.columns if c not in ("speaker_id", "canonical")]
    return out[[*cols[:3], "speaker_id", "canonical", *cols[3:]]]


def _nonpartisan_sides(quotes: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """``affiliation`` and ``side_evidence`` with :data:`~analysis.quotes.NONPARTISAN` for
    speakers still without a side whose descriptor, at this quotation or at another of the same
    speaker, presents them in a role outside party politics (``nonpartisan_role``); the
    evidence is "role: <word>"."""
    aff = quotes["affiliation"].fillna("").astype(str)
    evidence = quotes["side_evidence"].astype(object)
    if "nonpartisan_role" not in quotes.columns:
        return aff.astype(object), evidence
    role = quotes["nonpartisan_role"].fillna("").astype(str)
    found = quotes["speaker_kind"] != "unresolved"
    context = quotes["sentence"] if "sentence" in quotes.columns else pd.Series("", index=quotes.index)
    first: dict = {}
    ruled_out = set()
    for key, word, sent, quote in zip(quotes.loc[found, "speaker_id"].tolist(), role[found].tolist(),
                                      context[found].tolist(), quotes.loc[found, "quote"].tolist(), strict=True):
        if pd.isna(key):
            continue
        outside = _outside_quotes(str(sent).replace(str(quote), " "))
        if nonpartisan_ruled_out(outside) or (word and not nonpartisan_role(word, context=outside)):
            ruled_out.add(key)  # a leaning or political role in a sentence that introduces them
        elif word:
            first.setdefault(key, word)
    first = {k: w for k, w in first.items() if k not in ruled_out}
    word = pd.Series([first.get(k, "") if f else "" for k, f in zip(quotes["speaker_id"].tolist(), found.tolist(),
                                                                     strict=True)], index=quotes.index, dtype=object)
    give = (aff == "") & (word != "")
    return (aff.where(~give, NONPARTISAN).astype(object),
            evidence.where(~give, "role: " + word).astype(object))


_QUOTED = re.compile("\u201c[^\u201c\u201d]*\u201d|\"[^\"]*\"")
# a mark left alone once the pairs are gone: an opening one (curly, or straight before a word)
# runs to the sentence end, a closing one (curly, or straight after a word) from the start
_OPEN_TO_END = re.compile("(?:\u201c|(?<!\\S)\"(?=\\S)).*$", re.DOTALL)
_START_TO_CLOSE = re.compile("^.*(?:\u201d|(?<=\\S)\")", re.DOTALL)


def _outside_quotes(sentence: str) -> str:
    """A sentence without any quoted words: spans between matching double marks, and the part
    a quotation the sentence splitter cut runs over (an opening mark to the end, the start to a
    closing mark). The quoted words are the speaker's, not the text's description of them
    ("the court ... any other candidate's fitness" does not make a judge a candidate)."""
    out = _QUOTED.sub(" ", sentence)
    return _OPEN_TO_END.sub(" ", _START_TO_CLOSE.sub(" ", out))


def _text_and_office_sides(quotes: pd.DataFrame, articles: pd.DataFrame | None, lex: SourceLexicon,
                          parties: set[str]) -> pd.DataFrame:
    """Sides from party labels anywhere in ``articles``, office holders and institutions, with
    their evidence (:func:`analysis.office_sides.side_evidence`)."""
    labels, dates, texts = {}, None, None
    if articles is not None and len(articles):
        text = articles["text"] if "text" in articles.columns else pd.Series("", index=articles.index, dtype=object)
        published = articles["published"] if "published" in articles.columns else None
        labels = party_labels(text, lex.parties, dates=published)
        if "published" in articles.columns and "article_id" in articles.columns:
            dates = dict(zip(articles["article_id"], articles["published"], strict=True))
        if "article_id" in articles.columns:
            texts = dict(zip(articles["article_id"], text, strict=True))
    return side_evidence(quotes, parties, labels=labels, dates=dates, texts=texts)


def _apply_sides(quotes: pd.DataFrame, sides: pd.DataFrame) -> pd.Series:
    """User sides by folded name, matched on the canonical name, the speaker as written, or
    the canonical name the user's form resolves to among the corpus's own names."""
    wanted = {fold_name(str(n)): str(s) for n, s in zip(sides["name"], sides["side"], strict=True)}
    persons = quotes.loc[quotes["speaker_kind"] == "person", "canonical"].unique().tolist()
    for name, side in list(zip(sides["name"], sides["side"], strict=True)):
        mapped = canonical_names([*persons, str(name)]).get(str(name), "")
        if mapped in persons:
            wanted.setdefault(fold_name(mapped), str(side))
    by_canon = quotes["canonical"].astype(str).map(lambda c: wanted.get(fold_name(c)))
    by_speaker = quotes["speaker"].astype(str).map(lambda c: wanted.get(fold_name(_LEADING_DET.sub("", c))))
    chosen = by_canon.fillna(by_speaker)
    return chosen.fillna(quotes["affiliation"]).astype(object)


def corpus_quotes(
    articles: pd.DataFrame,
    *,
    text_col: str = "text",
    id_col: str = "article_id",
    outlet_col: str = "outlet",
    event_col: str = "event",
    language_col: str | None = "language",
    sentences: pd.DataFrame | None = None,
    lexicon: SourceLexicon | None = None,
    sides: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every attribution in every article: one row per attribution.

    Columns: those of :func:`analysis.quotes.extract_quotes` plus ``article_id``,
    ``outlet``, ``event``, ``speaker_id`` (one id per person or body across the whole
    corpus: every article, outlet and event), ``canonical`` (its display name; "unresolved:
    <mention>" when no source could be named), ``words`` (word count of the quote),
    ``sent_id`` and ``sentence`` (the sentence holding the cue).

    Offsets index the article text given in ``text_col``. ``sentences`` (as
    ``Corpus.sentences``: article_id, sent_id, start, end, text) supplies sentence ids;
    without it, sentences are recomputed with :func:`analysis.text.sentence_spans` per
    paragraph. Articles whose ``language_col`` is not "en" are skipped; their ids are in
    ``result.attrs["skipped"]``. A person's or body's side is decided once for the whole
    corpus (see :func:`resolve_speakers`); ``sides`` (as :func:`load_sides`) overrides it.
    This is :func:`extract_corpus_quotes` (per article) followed by
    :func:`resolve_speakers` (across the corpus).
    """
    raw = extract_corpus_quotes(
        articles,
        text_col=text_col,
        id_col=id_col,
        outlet_col=outlet_col,
        event_col=event_col,
        language_col=language_col,
        sentences=sentences,
        lexicon=lexicon,
    )
    keep = [c for c in (id_col, text_col, "published") if c in articles.columns]
    texts = articles[keep].rename(columns={id_col: "article_id", text_col: "text"})
    out = resolve_speakers(raw, sides=sides, lexicon=lexicon, articles=texts)
    out.attrs["skipped"] = raw.attrs.get("skipped", [])
    return out


def extract_corpus_quotes(
    articles: pd.DataFrame,
    *,
    text_col: str = "text",
    id_col: str = "article_id",
    outlet_col: str = "outlet",
    event_col: str = "event",
    language_col: str | None = "language",
    sentences: pd.DataFrame | None = None,
    lexicon: SourceLexicon | None = None,
) -> pd.DataFrame:
    """The per-article half of :func:`corpus_quotes`: attributions with article_id, outlet,
    event, words, sent_id and sentence, but no cross-article speaker ids yet. Each article
    is independent, so this can run on any partition of the corpus."""
    required = [id_col, text_col, outlet_col]
    missing = [c for c in required if c not in articles.columns]
    if missing:
        raise ValueError(
            f"The articles table lacks column(s) {missing}; it needs {required} "
            f"(and optionally {event_col!r}, {language_col!r})."
        )
    if articles[id_col].duplicated().any():
        dup = articles.loc[articles[id_col].duplicated(), id_col].iloc[0]
        raise ValueError(f"Article id {dup!r} appears more than once; ids must be unique.")
    skipped = []
    by_article = _spans_by_article(sentences) if sentences is not None else {}
    english = (
        is_english(articles, language_col=language_col)
        if language_col and language_col in articles.columns
        else pd.Series(True, index=articles.index)
    )
    events = articles[event_col].tolist() if event_col in articles.columns else [""] * len(articles)
    head: dict[str, list] = {"article_id": [], "outlet": [], "event": []}
    rows: list[dict] = []
    tail: dict[str, list] = {"words": [], "sent_id": [], "sentence": []}
    for keep, aid, text, outlet, event in zip(english, articles[id_col], articles[text_col], articles[outlet_col],
                                             events, strict=True):
        if not keep:
            skipped.append(aid)
            continue
        text = text if isinstance(text, str) else ""
        found = quote_records(text, lexicon=lexicon)
        # no quotation lost: quotations no attribution covers
        left = leftover_quotes(text, [(r["start"], r["end"]) for r in found]) if found or _MARK.search(text) else []
        if not found and not left:
            continue
        spans = _sentence_spans(text, by_article.get(aid), sentences is not None)
        found = _with_leftovers(found, left, text, spans)
        starts = [s for s, _, _, _ in spans]
        for row in found:
            k = max(0, bisect.bisect_right(starts, int(row["cue_start"])) - 1)
            tail["sent_id"].append(int(spans[k][2]) if spans else -1)
            tail["sentence"].append(spans[k][3] if spans else "")
            tail["words"].append(count_words(row["quote"]))
        rows.extend(found)
        head["article_id"].extend([aid] * len(found))
        head["outlet"].extend([outlet] * len(found))
        head["event"].extend([event] * len(found))
    out = _quotes_frame(head, rows, tail)
    out.attrs["skipped"] = skipped
    return out


# any quotation mark (a straight single one only where it opens a word): else no quotation to keep
_MARK = re.compile("[\"\u201c\u201d\u00ab\u00bb\u201e\u2018]|''|(?:^|\\s)'[A-Za-z]")
_NUMBER_WORDS = lexicons.WordSet("number_words")
_INHERITED = ("speaker", "mention", "via", "source_type", "affiliation", "is_person", "speaker_kind", "gender",
              "nonpartisan_role")
# what may stand between a colon and the quotation it introduces: blanks and opening marks
_OPENING = " \u00a0\t\r\n\"\u201c\u2018'"
_SUBJECT_RE = re.compile(r"^\W*((?:[A-Z][\w.'\u2019-]*[ \u00a0]+){0,6}?)([A-Z][\w'\u2019-]+)"
                         r"(?:,[^,\u201c\u201d\"]{1,80},)?[ \u00a0]+[a-z]")
_NAME_RUN = re.compile(r"\b[A-Z][\w.'\u2019-]*(?:[ \u00a0]+(?:(?:de|van|von|der|al)[ \u00a0]+)?[A-Z][\w.'\u2019-]*)+")
_PRONOUN_SUBJECT = re.compile(r"^\W*(He|She)[ \u00a0]+[a-z]")


@lru_cache(maxsize=1)
def _opening_clause() -> re.Pattern:
    """"In a statement Friday, Reid called ...": an opening adverbial clause before the subject,
    led by a sentence opener (lexicons ``sentence_openers.csv`` and ``actor_cues.csv``)."""
    cues = lexicons.load("actor_cues")
    openers = {w.lower() for w, c in zip(cues["word"], cues["cue"], strict=True) if c == "sentence_opener"}
    words = set(lexicons.words("sentence_openers")) | openers
    alt = "|".join(sorted((re.escape(w.capitalize()) for w in words), key=len, reverse=True))
    # a date's year after its own comma belongs to the clause ("On July 6, 2015, Sanders said")
    return re.compile(rf"^\W*(?:{alt})\b[^,\u201c\u201d\"]{{0,80}},(?:[ \u00a0]+\d{{4}},)?[ \u00a0]+")


def _sentence_subject(before: str, rows: list[dict], start: int, known: dict[str, str]) -> dict:
    """Speaker of a quotation no cue ties, from the subject of its sentence: a name opening the
    sentence right before a lower-case word ("Obama called the holiday \u201c...\u201d"), or
    "He"/"She" as the latest person of that gender quoted before it. ``rows``: the article's
    attributions; ``known``: surname -> full name in the article (a lone word must be one, and
    is read as that person). Empty dict when none."""
    m = _PRONOUN_SUBJECT.match(before)
    if m:
        gender = "male" if m.group(1) == "He" else "female"
        # the latest person quoted before of that gender; else the latest of unknown gender
        # ("Rush Limbaugh": "Rush" is in no list of first names)
        persons = [r for r in rows if r["start"] < start and r["speaker_kind"] == "person"]
        prev = ([r for r in persons if r["gender"] == gender]
                or [r for r in persons if r["gender"] in ("", None)])
        return {c: prev[-1][c] for c in _INHERITED} | {"mention": m.group(1)} if prev else {}
    before = _opening_clause().sub("", before)
    return _named_subject(before, known) or _descriptor_subject(before)


@lru_cache(maxsize=1)
def _verb_before_quote() -> re.Pattern:
    """A name right before the verb that introduces a quotation, at the end of the text before
    it: "... an explosion that Mayor Bill de Blasio described as “", "Sen. Tim Kaine called
    it “". Verbs: the past and present forms of ``reporting_verbs.csv`` and the naming verbs
    of ``quote_words.csv`` (class ``naming_verb``)."""
    forms = {f for row in lexicons.load("reporting_verbs")["forms"] for f in str(row).split() if "_" not in f}
    words = lexicons.load("quote_words")
    forms |= {w for w, c in zip(words["word"], words["class"], strict=True) if c == "naming_verb"}
    verbs = "|".join(sorted(map(re.escape, forms), key=len, reverse=True))
    # one or two spaces between the words of a name: a longer gap is a lost comma (PerSenT)
    name = (r"[A-Z][\w.'\u2019-]*(?:[ \u00a0]{1,2}(?:(?:de|van|von|der|al|bin|la|le|du)[ \u00a0]{1,2})?"
            r"[A-Z][\w.'\u2019-]*){0,5}")
    return re.compile(rf"(?<![\w'\u2019-])({name})[ \u00a0]+(?:(?:has|had|have)[ \u00a0]+)?(?:{verbs})"
                      rf"(?:[ \u00a0]+(?:it|this|that|them|him|her))?(?:[ \u00a0]+as)?[ \u00a0,:]*"
                      rf"[\"\u201c\u2018']*$")


def _verb_subject(before: str, known: dict[str, str]) -> dict:
    """Speaker of a quotation no cue ties, from a name right before the verb that introduces it
    (see :func:`_verb_before_quote`), before the subject opening the sentence ("Twenty-nine
    people were injured by an explosion that Mayor Bill de Blasio described as ..."). Empty
    dict when none."""
    m = _verb_before_quote().search(before[-200:])
    return _person_named(m.group(1), known) if m else {}


def _person_named(phrase: str, known: dict[str, str]) -> dict:
    """``phrase`` as a person speaker, or an empty dict when it is no person's name: a lone
    capitalised word is a name only as one the article names in full (``known``)."""
    name = clean_speaker(phrase)
    if name.entity != "person" or not name.name or (" " not in name.name and not name.title
                                                    and name.name not in known):
        return {}
    speaker = known.get(name.name, name.name)
    return {"speaker": speaker, "mention": phrase.strip(), "is_person": True,
            "speaker_kind": "person", "gender": gender_of(phrase) or gender_of(speaker) or ""}


_NAME_WORDS = (r"[A-Z][\w.'\u2019-]*(?:[ \u00a0](?:(?:de|van|von|der|al|bin|la|le|du)[ \u00a0])?"
               r"[A-Z][\w.'\u2019-]*){0,4}")
# "... wants a man who refers to ...” ― Oscar P. Quintero": a name after a dash that closes the
# quotation's paragraph (reader comments, epigraphs, quotes of the day)
_DASH_NAME = re.compile(rf"^[\"\u201d\u2019'\s]{{0,3}}[\u2015\u2014\u2013][ \u00a0]*({_NAME_WORDS})[ \u00a0.]*(?:\n|$)")
# "Pat Caddell: Democrat Voters Worried ... ‘in Their Heads.’" / "Caddell continued:" on the line
# before: a name and a colon opening the quotation's line, or making up the line before it
_COLON_NAME = re.compile(rf"[ \u00a0]*({_NAME_WORDS})(?:[ \u00a0]+(?:continued|added|said|says|wrote|writes|"
                         rf"explained|argued|concluded|told [A-Z][\w.]*(?: [A-Z][\w.]*)?))?:[ \u00a0]")


def _dash_subject(after: str, known: dict[str, str]) -> dict:
    """Speaker of a quotation no cue ties, from a name after a dash that closes its paragraph
    ("“...” ― Oscar P. Quintero"). Empty dict when none."""
    m = _DASH_NAME.match(after[:120])
    return _person_named(m.group(1), known) if m else {}


def _colon_subject(text: str, start: int, known: dict[str, str]) -> dict:
    """Speaker of a quotation no cue ties, from a name and a colon opening its line ("Pat
    Caddell: Democrat Voters Worried ... ‘in Their Heads.’") or standing alone on the line
    before it ("Caddell continued:"). Empty dict when none."""
    line_start = text.rfind("\n", 0, start) + 1
    m = _COLON_NAME.match(text, line_start)
    if m is None or m.end() > start:
        head = text[max(0, line_start - 200) : line_start].rstrip()
        last = head.rfind("\n") + 1
        m = _COLON_NAME.match(head + " ", last)
        if m is None or m.end() < len(head):
            return {}
    return _person_named(m.group(1), known)


def _named_subject(before: str, known: dict[str, str]) -> dict:
    """A name opening the sentence right before a lower-case word (see :func:`_sentence_subject`)."""
    m = _SUBJECT_RE.match(before)
    if not m:
        return {}
    phrase = (m.group(1) + m.group(2)).strip()
    name = clean_speaker(phrase)
    if not name.name or name.entity not in ("person", "organisation"):
        return {}
    if " " not in name.name and not name.title and name.name not in known:
        body = gazetteer_kind(name.name)
        if body in ("place", "organisation"):  # "Japan branded ...": a country or body speaks
            return {"speaker": name.name, "mention": phrase, "is_person": False, "speaker_kind": "body",
                    "gender": ""}
        return {}  # a lone capitalised word opening a sentence is a name only as a known one
    if " " not in name.name and known.get(name.name, "") and " " not in known[name.name] and not name.title:
        person = gazetteer_kind(name.name) == ""
        return {"speaker": known[name.name], "mention": phrase, "is_person": person,
                "speaker_kind": "person" if person else "body", "gender": ""}
    person = name.entity == "person"
    speaker = known.get(name.name, name.name) if person else name.name
    return {"speaker": speaker, "mention": phrase, "is_person": person, "speaker_kind": "person" if person else "body",
            "gender": (gender_of(phrase) or gender_of(speaker) or "") if person else ""}


def _descriptor_subject(before: str) -> dict:
    """A sentence opening on a descriptor of people ("The Republican nominee vowed ...",
    "Other leaders used ...", "Small groups of protesters called ..."): that phrase as a group
    speaker. Its head is a people noun, title or role word of ``quote_words.csv`` among its
    first five words, followed by a lower-case word (the verb), or by "of/at/for" and a name
    and then a lower-case word."""
    words = before.split()[:12]
    nouns = _people_nouns()
    if not words or any(c.isdigit() for w in words[:5] for c in w) or words[0].lower() in _NUMBER_WORDS:
        return {}  # "2 protesters", "One of the ...": a count, not a source
    for k, word in enumerate(words[:5]):
        if word.strip(",.;:").lower() not in nouns or word.endswith((",", ";", ":")):
            continue
        rest = words[k + 1 :]
        if rest and rest[0] in ("of", "at", "for"):
            j = 1
            while j < len(rest) and rest[j][:1].isupper():
                j += 1
            rest = rest[j:] if j > 1 else []
        if rest and rest[0][:1].islower():
            phrase = " ".join(words[: k + 1])
            return {"speaker": _LEADING_DET.sub("", phrase), "mention": phrase, "is_person": False,
                    "speaker_kind": "group", "gender": ""}
        return {}
    return {}


@lru_cache(maxsize=1)
def _people_nouns() -> frozenset[str]:
    """Nouns that head a descriptor of people: people nouns and role words of
    ``quote_words.csv``, person nouns of ``actor_cues.csv``, one-word titles of ``honorifics.csv``
    (document nouns and stop words left out: a report is no group of people)."""
    words = lexicons.load("quote_words")
    cues = lexicons.load("actor_cues")
    titles = lexicons.load("honorifics")
    out = {w.lower() for w, c in zip(words["word"], words["class"], strict=True) if c in ("people_noun", "role_word")}
    out |= {w.lower() for w, c in zip(cues["word"], cues["cue"], strict=True) if c == "person_noun"}
    out |= {w.lower() for w, k in zip(titles["word"], titles["kind"], strict=True) if k == "title" and " " not in w}
    documents = {w.lower() for w, c in zip(words["word"], words["class"], strict=True) if c == "document_noun"}
    return frozenset(out - documents - lexicons.words("stopwords"))


def _paragraph_speaker(rows: list[dict], text: str, start: int) -> dict:
    """The speaker of the last attribution before ``start`` in the same paragraph (news
    paragraphs keep to one speaker), or an empty dict."""
    para = text.rfind("\n", 0, start) + 1
    prev = [r for r in rows if para <= r["cue_start"] < start and str(r["speaker"])]
    return {c: prev[-1][c] for c in _INHERITED} if prev else {}


def _known_names(text: str, rows: list[dict]) -> dict[str, str]:
    """Last word -> name of the people and bodies an article names in full (or with a title)
    or quotes: the lone words a sentence may open on ("Reid", "PolitiFact")."""
    known: dict[str, str] = {}
    for m in _NAME_RUN.finditer(text):
        full = clean_speaker(m.group(0))
        if full.entity == "person" and (" " in full.name or full.title):
            known.setdefault(full.name.split()[-1], full.name)
    for r in rows:
        if r["speaker_kind"] in ("person", "body") and str(r["speaker"]).strip():
            known.setdefault(str(r["speaker"]).split()[-1], str(r["speaker"]))
    # a given name alone stands for the one full name of the article that opens on it ("Jennifer"
    # for "Jennifer Brea"), as in the extractor's own name index
    given: dict[str, set[str]] = {}
    first_names = lexicons.words("first_names", "name")
    for r in rows:
        words = str(r["speaker"]).split()
        if r["speaker_kind"] == "person" and len(words) in (2, 3) and words[0].lower() in first_names:
            given.setdefault(words[0], set()).add(str(r["speaker"]))
    for word, names in given.items():
        if len(names) == 1 and word not in known:
            known[word] = names.pop()
    return known


def _with_leftovers(rows: list[dict], found: list[tuple[int, int]], text: str,
                    spans: list[tuple[int, int, int, str]]) -> list[dict]:
    """``rows`` (one article's attributions, as :func:`analysis.quotes.quote_records`) plus a row
    for every quotation no attribution covers (``found``: its offsets, from
    :func:`analysis.quotes.leftovers.leftover_quotes`), sorted by start. Its speaker is that of
    an attribution whose cue is in the same sentence, else the subject opening the sentence, else
    the paragraph's last speaker, else unresolved ("" speaker, empty cue). ``spans``: (start,
    end, sent_id, text) per sentence."""
    if not found:
        return rows
    starts = [s for s, _, _, _ in spans]

    def sentence_of(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1) if spans else -1

    by_sentence: dict[int, dict] = {}
    for r in rows:
        by_sentence.setdefault(sentence_of(int(r["cue_start"])), r)
    known = None
    extra = []
    for s, e in found:
        k = sentence_of(s)
        row = {"speaker": "", "mention": "", "via": "", "source_type": "other", "affiliation": "",
               "is_person": False, "speaker_kind": "unresolved", "gender": "", "nonpartisan_role": ""}
        src = by_sentence.get(k) if k >= 0 else None
        if src is not None:
            row.update({c: src[c] for c in _INHERITED})
        else:
            known = _known_names(text, rows) if known is None else known
            before = text[spans[k][0] : s] if k >= 0 else ""
            if k > 0 and not before.strip(_OPENING) and text[spans[k - 1][0]:s].rstrip(_OPENING).endswith(":"):
                # a quotation opening its paragraph after a sentence that ends on a colon
                # ("Sanders made the following comment:"): the subject is that sentence's
                before = text[spans[k - 1][0] : s]
            row.update(_verb_subject(before, known) or _dash_subject(text[e:], known)
                       or _colon_subject(text, s, known) or _sentence_subject(before, [*rows, *extra], s, known)
                       or _paragraph_speaker(rows, text, s))
        row.update({"cue": "", "kind": "direct", "quote": text[s:e], "start": s, "end": e,
                    "cue_start": s, "cue_end": s})
        extra.append(row)
    return sorted([*rows, *extra], key=lambda r: (r["start"], r["cue_start"]))


#: column types of the quotes table, whatever the articles of a batch (text columns are inferred)
_QUOTE_TYPES = {"start": "int64", "end": "int64", "cue_start": "int64", "cue_end": "int64", "is_person": "bool",
                "words": "int64", "sent_id": "int64", "sentence": "object"}


def _quotes_frame(head: dict[str, list], rows: list[dict], tail: dict[str, list]) -> pd.DataFrame:
    """One frame for a whole batch of attributions (one row per attribution), built once."""
    columns = {**head, **{c: [r[c] for r in rows] for c in COLUMNS}, **tail}
    return pd.DataFrame({name: pd.Series(values, dtype=_QUOTE_TYPES.get(name, None if values else "object"))
                         for name, values in columns.items()})


def _spans_by_article(sentences: pd.DataFrame) -> dict[object, list[tuple]]:
    """article_id -> ``(start, end, sent_id, text)`` of its sentences in text order: the sentences
    table read once into plain lists (not one pandas group and sort per article)."""
    out: dict[object, list[tuple]] = {}
    columns = (sentences[c].tolist() for c in ("article_id", "start", "end", "sent_id", "text"))
    for aid, *span in zip(*columns, strict=True):
        out.setdefault(aid, []).append(tuple(span))
    for spans in out.values():
        spans.sort(key=itemgetter(0))  # sentences of one article never share a start
    return out


def _sentence_spans(text: str, sents: list[tuple] | None, given: bool) -> list[tuple]:
    """``(start, end, sent_id, text)`` of an article's sentences: from the sentences table when
    one was given (``sents``, see :func:`_spans_by_article`), else split here (paragraphs on
    blank lines, then Punkt)."""
    if given:
        return [] if sents is None else list(sents)
    spans = []
    pos = 0
    for para in text.split("\n\n"):
        for s, e in sentence_spans(para):
            spans.append((pos + s, pos + e, len(spans), para[s:e]))
        pos += len(para) + 2
    return spans


def _check(quotes: pd.DataFrame, cols: Iterable[str]) -> None:
    missing = [c for c in cols if c not in quotes.columns]
    if missing:
        raise ValueError(
            f"The quotes table lacks column(s) {missing}; build it with corpus_quotes()."
        )


def quoted_sources(
    quotes: pd.DataFrame, *, group_col: str = "outlet", id_col: str = "speaker_id"
) -> pd.DataFrame:
    """Who is quoted: one row per (outlet, speaker_id).

    Columns: outlet, speaker_id, speaker (display name), source_type, affiliation,
    attributions, direct, indirect, mixed, words (words attributed), share_words (of the
    outlet's attributed words).
    """
    _check(quotes, [group_col, id_col, "canonical", "kind", "words", "source_type",
                    "affiliation"])
    if quotes.empty:
        return pd.DataFrame(columns=[group_col, id_col, "speaker", "source_type", "affiliation",
                                     "attributions", "direct", "indirect", "mixed", "words",
                                     "share_words"])
    kinds = pd.crosstab([quotes[group_col], quotes[id_col]], quotes["kind"])
    for k in ("direct", "indirect", "mixed"):
        if k not in kinds.columns:
            kinds[k] = 0
    agg = quotes.groupby([group_col, id_col]).agg(
        speaker=("canonical", "first"), attributions=("kind", "size"), words=("words", "sum"))
    keys = list(zip(quotes[group_col], quotes[id_col], strict=True))
    for col in ("source_type", "affiliation"):
        agg[col] = _modes(agg.index, keys, quotes[col])
    out = agg.join(kinds[["direct", "indirect", "mixed"]]).reset_index()
    totals = out.groupby(group_col)["words"].transform("sum")
    out["share_words"] = (out["words"] / totals.where(totals > 0)).fillna(0.0)
    cols = [group_col, id_col, "speaker", "source_type", "affiliation", "attributions",
            "direct", "indirect", "mixed", "words", "share_words"]
    return out[cols].sort_values([group_col, "words"], ascending=[True, False]).reset_index(
        drop=True
    )


def share_of_voice(
    quotes: pd.DataFrame,
    *,
    by: str = "affiliation",
    group_col: str = "outlet",
    weight: str = "words",
) -> pd.DataFrame:
    """Share of voice: one row per (outlet, category of ``by``).

    ``weight="words"`` weighs each attribution by the words attributed; ``"attributions"``
    counts attributions. Empty categories are labelled "unknown". Columns: outlet,
    category column, value, share (sums to 1 within an outlet that quotes anyone).
    """
    _check(quotes, [group_col, by, "words"])
    if weight not in ("words", "attributions"):
        raise ValueError('weight must be "words" or "attributions".')
    q = quotes.assign(**{by: quotes[by].replace("", "unknown").fillna("unknown")})
    values = q["words"] if weight == "words" else pd.Series(1, index=q.index)
    out = values.groupby([q[group_col], q[by]]).sum().rename("value").reset_index()
    totals = out.groupby(group_col)["value"].transform("sum")
    out["share"] = (out["value"] / totals.where(totals > 0)).fillna(0.0)
    return out.sort_values([group_col, "share"], ascending=[True, False]).reset_index(drop=True)


def cue_stance(cue: str, *, lexicon: SourceLexicon | None = None) -> str:
    """ "evaluative" or "neutral" for one cue (see module docstring)."""
    lemma = cue_lemma(cue)
    return "evaluative" if lemma in (lexicon or DEFAULT_LEXICON).evaluative else "neutral"


def verb_profile(
    quotes: pd.DataFrame,
    *,
    group_col: str = "outlet",
    by: str = "stance",
    lexicon: SourceLexicon | None = None,
) -> pd.DataFrame:
    """Reporting-verb profile: one row per (outlet, stance) or, with ``by="lemma"``, per
    (outlet, lemma, stance). Columns: outlet, stance (and lemma), attributions, share.

    Each cue counts once: a quotation continued after its cue ('"...," she said. "..."')
    shares the cue of the first part and is not counted again.
    """
    _check(quotes, [group_col, "cue"])
    if {"article_id", "cue_start"} <= set(quotes.columns):
        quotes = quotes.drop_duplicates(["article_id", "cue_start", "cue"])
    if by not in ("stance", "lemma"):
        raise ValueError('by must be "stance" or "lemma".')
    q = quotes.assign(
        lemma=[cue_lemma(c) for c in quotes["cue"]],
        stance=[cue_stance(c, lexicon=lexicon) for c in quotes["cue"]],
    )
    keys = [group_col, "stance"] if by == "stance" else [group_col, "lemma", "stance"]
    out = q.groupby(keys).size().rename("attributions").reset_index()
    totals = out.groupby(group_col)["attributions"].transform("sum")
    out["share"] = out["attributions"] / totals
    return out.sort_values([group_col, "attributions"], ascending=[True, False]).reset_index(
        drop=True
    )


def speaker_table(quotes: pd.DataFrame) -> pd.DataFrame:
    """Speakers across the corpus: one row per ``speaker_id``.

    Columns: speaker_id, canonical, speaker_kind, side (the side given to the speaker),
    source_type (most frequent), names (every form the articles use, most frequent first),
    titles (the titles written before the name, "President; Sen.", most frequent first; from
    ``speaker_title`` when the table has it), attributions, words, outlets, events. Sorted by
    words, then name.
    """
    _check(quotes, ["speaker_id", "canonical", "speaker", "affiliation", "source_type", "words", "outlet"])
    cols = ["speaker_id", "canonical", "speaker_kind", "side", "source_type", "names", "titles", "attributions",
            "words", "outlets", "events"]
    if quotes.empty:
        return pd.DataFrame(columns=cols)
    q = quotes.assign(
        speaker_kind=quotes["speaker_kind"] if "speaker_kind" in quotes.columns else "",
        event=quotes["event"] if "event" in quotes.columns else "",
        form=quotes["mention"].where(quotes["mention"].astype(str) != "", quotes["speaker"]),
        title=quotes["speaker_title"] if "speaker_title" in quotes.columns else "",
    )

    out = q.groupby("speaker_id").agg(
        canonical=("canonical", "first"),
        speaker_kind=("speaker_kind", "first"),
        attributions=("kind", "size"),
        words=("words", "sum"),
        outlets=("outlet", "nunique"),
        events=("event", "nunique"),
    )
    keys = q["speaker_id"].tolist()
    out["side"] = _modes(out.index, keys, q["affiliation"])
    out["source_type"] = _modes(out.index, keys, q["source_type"])
    for col, source in (("names", "form"), ("titles", "title")):
        counts = _value_counts(keys, q[source].astype(str).str.strip())
        out[col] = [_most_frequent(counts.get(k, Counter())) for k in out.index]
    out = out.reset_index()
    return out.sort_values(["words", "canonical"], ascending=[False, True]).reset_index(drop=True)[cols]


def _value_counts(keys: list, values: pd.Series) -> dict:
    """key -> Counter of its non-missing values: ``values.groupby(keys)`` then ``value_counts``
    per group, in one pass over plain lists."""
    counts: dict = {}
    for key, value, missing in zip(keys, values.tolist(), values.isna().tolist(), strict=True):
        if not missing:
            counts.setdefault(key, Counter())[value] += 1
    return counts


def _most_frequent(counts: Counter, top: int = 6) -> str:
    """The ``top`` most frequent non-empty forms, ties by name, "; "-joined."""
    return "; ".join(sorted((f for f in counts if f), key=lambda f: (-counts[f], f))[:top])


def _modes(groups: pd.Index, keys: list, values: pd.Series) -> list:
    """For each group in ``groups``: its most frequent non-missing value of ``values``, the
    smallest of those tied (what ``Series.mode().iloc[0]`` gives); None when it has none."""
    counts = _value_counts(keys, values)
    out = []
    for group in groups:
        found = counts.get(group)
        if not found:
            out.append(None)
            continue
        top = max(found.values())
        out.append(min(v for v, n in found.items() if n == top))
    return out
