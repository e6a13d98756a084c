"""Who speaks: source-type and affiliation lexicon, speaker ids across articles, share of voice.

Units of observation
--------------------
* :func:`corpus_quotes` -- one row per attribution (as :func:`analysis.quotes.extract_quotes`)
  plus ``article_id``, ``outlet``, ``event``, ``speaker_id``, ``sent_id``, ``sentence``.
* :func:`quoted_sources` -- one row per (outlet, speaker_id).
* :func:`share_of_voice` -- one row per (outlet, category) for a chosen category column.
* :func:`verb_profile` -- one row per (outlet, stance) or (outlet, cue).

Method
------
Source type and side are read from the words the article itself uses to introduce a
source (title before the name, apposition after it, "of the ..." post-modifier), following
the descriptor-based source coding of news-sourcing studies (Sigal 1973; Berkowitz 2009;
the role categories of the Gender Gap Tracker, Asr et al. 2021). The lexicon below is
small, documented and extendable: build your own with ``DEFAULT_LEXICON.extend(...)``.

Reporting verbs are split into neutral ones (say, tell, add, write, report ...) and
evaluative ones that signal the journalist's stance towards the claim (claim, insist,
admit, accuse, deny, stress ...), after Caldas-Coulthard (1994) "On reporting reporting"
and Bell (1991) *The Language of News Media*.

Speaker ids: within one event, person names are folded (case, accents, common
transliteration variants such as Yury/Yuri, Sergey/Sergei, Aleksei/Alexei) and keyed on
the folded surname plus first-name initial; a surname-only mention joins the single full
name with that surname in the event. Bodies are keyed on their folded name, and a short
form ("Foreign Ministry") joins the single longer form ending with it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache

import pandas as pd

SOURCE_TYPES = ("official", "expert", "media", "organization", "anonymous", "other")

# --- lexicon -------------------------------------------------------------------------------
# Each source type maps to lower-case words or phrases that, when they appear in the words
# describing a source, give it that type. Order of precedence is SOURCE_TYPES order except
# that "anonymous" wins over everything (an unnamed official is an anonymous source).
_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "anonymous": (
        "source", "sources", "unnamed", "anonymous", "anonymity", "insider", "insiders",
        "familiar with", "declined to be named", "not authorized to speak",
        "not authorised to speak", "on condition that", "who asked not to be named",
    ),
    "media": (
        "news agency", "press agency", "newspaper", "daily", "tabloid", "broadcaster",
        "television", "tv channel", "radio", "magazine", "journalist", "journalists",
        "reporter", "reporters", "correspondent", "editor", "columnist", "media", "outlet",
        "wire service", "state tv", "news",
    ),
    "expert": (
        "analyst", "analysts", "expert", "experts", "professor", "scholar", "researcher",
        "researchers", "economist", "economists", "political scientist", "historian",
        "fellow", "think tank", "think-tank", "institute", "academy", "university",
        "college", "center", "centre", "lecturer", "specialist", "observer", "observers",
        "studies", "research",
    ),
    "official": (
        "president", "vice president", "prime minister", "minister", "ministers", "ministry",
        "secretary", "spokesman", "spokeswoman", "spokesperson", "press secretary",
        "adviser", "advisor", "aide", "ambassador", "envoy", "diplomat", "diplomats",
        "official", "officials", "government", "department", "kremlin", "white house",
        "embassy", "delegation", "authorities", "chancellor", "senator", "congressman",
        "congresswoman", "lawmaker", "lawmakers", "legislator", "mp", "governor", "mayor",
        "general", "commander", "military", "army", "police", "parliament", "congress",
        "senate", "cabinet", "administration", "fm", "pm", "king", "queen", "emir",
        "pentagon", "state department", "foreign office", "presidency", "consulate",
        "mission", "representative", "premier", "head of state", "leader", "leaders",
        "office", "central bank", "regulator", "prosecutor", "prosecutors", "court", "judge",
        "sen", "gen", "rep", "gov", "adm", "col", "maj", "capt", "amb", "sgt",
        "mediator", "negotiator", "negotiators",
    ),
    "organization": (
        "organization", "organisation", "observatory", "committee", "council", "commission",
        "union", "alliance", "association", "federation", "foundation", "group", "ngo",
        "charity", "red cross", "amnesty", "watchdog", "company", "corporation", "bank",
        "fund", "agency", "party", "movement", "coalition", "un", "united nations", "nato",
        "eu", "european union", "osce", "imf", "world bank", "unicef", "unhcr",
    ),
}

# Countries and bodies a source can speak for. Keys are canonical names; values are the
# words that point to them (adjectives, short names, capitals and seats of government used
# as metonyms).
_AFFILIATION_WORDS: dict[str, tuple[str, ...]] = {
    "Russia": ("Russia", "Russian", "Russians", "Moscow", "Kremlin", "Russian Federation"),
    "United States": (
        "United States", "U.S.", "US", "USA", "U.S.A.", "America", "American", "Americans",
        "Washington", "White House", "State Department", "Pentagon",
    ),
    "Ukraine": ("Ukraine", "Ukrainian", "Ukrainians", "Kiev", "Kyiv"),
    "United Kingdom": ("United Kingdom", "Britain", "British", "UK", "U.K.", "Downing Street"),
    "China": ("China", "Chinese", "Beijing"),
    "France": ("France", "French", "Elysee"),
    "Germany": ("Germany", "German", "Berlin"),
    "Turkey": ("Turkey", "Turkish", "Ankara", "Türkiye"),
    "Iran": ("Iran", "Iranian", "Tehran"),
    "Syria": ("Syria", "Syrian", "Damascus"),
    "Israel": ("Israel", "Israeli", "Jerusalem"),
    "Spain": ("Spain", "Spanish", "Madrid"),
    "Switzerland": ("Switzerland", "Swiss", "Bern"),
    "Austria": ("Austria", "Austrian", "Vienna"),
    "Norway": ("Norway", "Norwegian", "Oslo"),
    "Denmark": ("Denmark", "Danish", "Copenhagen"),
    "Belgium": ("Belgium", "Belgian"),
    "Portugal": ("Portugal", "Portuguese", "Lisbon"),
    "Romania": ("Romania", "Romanian", "Bucharest"),
    "Moldova": ("Moldova", "Moldovan", "Chisinau"),
    "Lithuania": ("Lithuania", "Lithuanian", "Vilnius"),
    "Latvia": ("Latvia", "Latvian", "Riga"),
    "Estonia": ("Estonia", "Estonian", "Tallinn"),
    "Italy": ("Italy", "Italian", "Rome"),
    "Poland": ("Poland", "Polish", "Warsaw"),
    "Japan": ("Japan", "Japanese", "Tokyo"),
    "India": ("India", "Indian", "New Delhi"),
    "Pakistan": ("Pakistan", "Pakistani", "Islamabad"),
    "Saudi Arabia": ("Saudi Arabia", "Saudi", "Riyadh"),
    "Egypt": ("Egypt", "Egyptian", "Cairo"),
    "Iraq": ("Iraq", "Iraqi", "Baghdad"),
    "Afghanistan": ("Afghanistan", "Afghan", "Kabul"),
    "North Korea": ("North Korea", "North Korean", "Pyongyang"),
    "South Korea": ("South Korea", "South Korean", "Seoul"),
    "Canada": ("Canada", "Canadian", "Ottawa"),
    "Mexico": ("Mexico", "Mexican"),
    "Brazil": ("Brazil", "Brazilian", "Brasilia"),
    "Belarus": ("Belarus", "Belarusian", "Minsk"),
    "Georgia": ("Georgian", "Tbilisi"),
    "Palestinian territories": ("Palestinian", "Palestinians", "Ramallah"),
    "Lebanon": ("Lebanon", "Lebanese", "Beirut"),
    "Qatar": ("Qatar", "Qatari", "Doha"),
    "Greece": ("Greece", "Greek", "Athens"),
    "Netherlands": ("Netherlands", "Dutch", "The Hague"),
    "Sweden": ("Sweden", "Swedish", "Stockholm"),
    "Finland": ("Finland", "Finnish", "Helsinki"),
    "Hungary": ("Hungary", "Hungarian", "Budapest"),
    "Serbia": ("Serbia", "Serbian", "Belgrade"),
    "Azerbaijan": ("Azerbaijan", "Azerbaijani", "Baku"),
    "Armenia": ("Armenia", "Armenian", "Yerevan"),
    "Kazakhstan": ("Kazakhstan", "Kazakh", "Astana"),
    "Venezuela": ("Venezuela", "Venezuelan", "Caracas"),
    "Cuba": ("Cuba", "Cuban", "Havana"),
    "Libya": ("Libya", "Libyan", "Tripoli"),
    "Yemen": ("Yemen", "Yemeni", "Sanaa"),
    "Australia": ("Australia", "Australian", "Canberra"),
    "Nigeria": ("Nigeria", "Nigerian", "Abuja"),
    "South Africa": ("South Africa", "South African", "Pretoria"),
    "European Union": ("European Union", "EU", "E.U.", "Brussels", "European Commission",
                       "European Council"),
    "NATO": ("NATO", "North Atlantic Treaty Organization"),
    "United Nations": ("United Nations", "UN", "U.N."),
    "OSCE": ("OSCE", "Organization for Security and Co-operation in Europe"),
}

# Neutral vs evaluative reporting verbs (lemmas). Everything not listed is "neutral".
_EVALUATIVE: tuple[str, ...] = (
    "claim", "insist", "admit", "accuse", "deny", "stress", "emphasize", "warn", "argue",
    "allege", "assert", "maintain", "contend", "concede", "acknowledge", "complain", "urge",
    "blame", "declare", "reveal", "boast", "charge", "demand", "suggest",
    "predict", "vow", "threaten", "brand ... as", "point out",
)

# Words that mark an institution head: a country word directly before one of these names the
# side of the institution ("U.S. Embassy", "Russian Academy").
_INSTITUTION_HEADS = (
    "embassy", "ministry", "academy", "center", "centre", "institute", "university",
    "department", "government", "delegation", "president", "minister", "fm", "pm",
    "officials", "official", "authorities", "analysts", "experts", "diplomats", "media",
    "army", "military", "forces", "parliament", "spokesman", "spokeswoman", "spokesperson",
    "adviser", "advisor", "ambassador", "envoy", "secretary", "leader", "leaders",
    "administration", "agency", "council", "news", "foreign", "defense", "defence",
    "state", "general", "prime", "consulate", "mission", "side", "negotiators", "troops",
    "chancellor", "king", "queen", "mayor", "governor", "senator", "commander", "office",
    "police", "bank", "court", "prosecutor", "prosecutors", "regulator", "lawmakers",
    "parliament", "navy", "air force", "intelligence", "security", "interior", "justice",
)


@dataclass(frozen=True)
class SourceLexicon:
    """Words that give a source its type and side. Immutable; use :meth:`extend`.

    ``types``: source type -> words/phrases (lower case) that mark it.
    ``affiliations``: canonical country or body -> words that point to it (case-sensitive
    for short acronyms such as "US", "UN"; longer words match any case).
    ``evaluative``: reporting-verb lemmas counted as evaluative in :func:`verb_profile`.
    """

    types: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(_TYPE_WORDS))
    affiliations: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(_AFFILIATION_WORDS)
    )
    evaluative: tuple[str, ...] = _EVALUATIVE
    institution_heads: tuple[str, ...] = _INSTITUTION_HEADS

    def extend(
        self,
        *,
        types: Mapping[str, Iterable[str]] | None = None,
        affiliations: Mapping[str, Iterable[str]] | None = None,
        evaluative: Iterable[str] | None = None,
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
        return replace(
            self,
            types=new_types,
            affiliations=new_aff,
            evaluative=self.evaluative + tuple(evaluative or ()),
        )

    def __hash__(self) -> int:  # frozen dataclass with dict fields: hash on content
        return hash(
            (
                tuple((k, tuple(v)) for k, v in self.types.items()),
                tuple((k, tuple(v)) for k, v in self.affiliations.items()),
                self.evaluative,
                self.institution_heads,
            )
        )


DEFAULT_LEXICON = SourceLexicon()


@dataclass(frozen=True)
class _Compiled:
    type_res: tuple[tuple[str, re.Pattern], ...]
    aff_re: re.Pattern
    aff_lookup: dict[str, str]
    head_re: re.Pattern


def _phrase_alt(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


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
    aff_re = re.compile(
        r"(?<![\w.])(" + _phrase_alt(lookup) + r")(?:'s)?(?![\w])"
    )
    head_re = re.compile(
        r"^(?:\s+[\w.'-]+){0,2}?\s+(?:" + _phrase_alt(lexicon.institution_heads) + r")\b",
        re.IGNORECASE,
    )
    return _Compiled(type_res, aff_re, lookup, head_re)


def classify_source(
    descriptor: str,
    *,
    is_person: bool = False,
    lexicon: SourceLexicon | None = None,
) -> tuple[str, str]:
    """``(source_type, affiliation)`` for the words that describe one source.

    ``descriptor`` is every word the article uses to introduce the source (title, name,
    apposition, "of the ..."). Anonymous markers win; then media, expert, official and
    organisation words in that order. A bare country or seat of government used as a
    speaker ("Washington said", "the Kremlin said") is an official source. Affiliation is
    the country/body word directly before an institution head ("U.S. Embassy", "Russian
    Academy"), else the first country/body word that is not a location ("in Moscow",
    "London-based").
    """
    comp = _compiled(lexicon or DEFAULT_LEXICON)
    desc = descriptor or ""
    source_type = ""
    for name, pattern in comp.type_res:
        if pattern.search(desc):
            source_type = name
            break
    affiliation = affiliation_of(desc, lexicon=lexicon)
    if not source_type:
        stripped = re.sub(r"^(?:the|a|an)\s+", "", desc.split(";")[0].strip(), flags=re.IGNORECASE)
        if affiliation and comp.aff_lookup.get(stripped, comp.aff_lookup.get(stripped.lower())):
            source_type = "official"
        else:
            source_type = "other"
    return source_type, affiliation


def affiliation_of(descriptor: str, *, lexicon: SourceLexicon | None = None) -> str:
    """Country or body named in ``descriptor`` that the source speaks for ("" if none)."""
    comp = _compiled(lexicon or DEFAULT_LEXICON)
    fallback = ""
    for m in comp.aff_re.finditer(descriptor or ""):
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


def _is_institution(word: str) -> bool:
    return any(w in word.lower() for w in ("kremlin", "white house", "department", "pentagon"))


# --- names ---------------------------------------------------------------------------------
_TRANSLIT = (
    (re.compile(r"ks"), "x"),
    (re.compile(r"kh"), "h"),
    (re.compile(r"y"), "i"),
    (re.compile(r"j"), "i"),
    (re.compile(r"(.)\1+"), r"\1"),
    (re.compile(r"i+e?$"), "i"),
    (re.compile(r"ei$|ej$"), "i"),
)


def fold_name(name: str) -> str:
    """Spelling-insensitive key for a name: lower case, no accents, transliteration folded.

    Yury/Yuri/Iurii -> "iuri"; Sergey/Sergei -> "sergi"; Aleksei/Alexei -> "alexi".
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    words = []
    for word in re.findall(r"[a-z]+", text):
        for pattern, repl in _TRANSLIT:
            word = pattern.sub(repl, word)
        words.append(word)
    return " ".join(words)


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "unknown"


_LEADING_DET = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _speaker_keys(quotes: pd.DataFrame) -> pd.Series:
    """Canonical display name per row, unified within each event (see module docstring)."""
    canon = pd.Series("", index=quotes.index, dtype="object")
    for _, grp in quotes.groupby("event", sort=False, dropna=False):
        names = {i: _LEADING_DET.sub("", str(s)).strip() for i, s in grp["speaker"].items()}
        persons = {i for i, p in grp["is_person"].items() if bool(p)}
        # persons: full names grouped by folded surname and first-name stem
        full: dict[tuple[str, str], str] = {}
        for i in persons:
            parts = names[i].split()
            if len(parts) >= 2:
                key = (fold_name(parts[-1]), fold_name(parts[0])[:3])
                full.setdefault(key, names[i])
        by_surname: dict[str, set[tuple[str, str]]] = {}
        for key in full:
            by_surname.setdefault(key[0], set()).add(key)
        # bodies: short forms join the single longer form that ends with them
        bodies = sorted({fold_name(names[i]) for i in grp.index if i not in persons}, key=len)
        display: dict[str, str] = {}
        for i in grp.index:
            if i not in persons:
                display.setdefault(fold_name(names[i]), names[i])
        for i in grp.index:
            name = names[i]
            if i in persons:
                parts = name.split()
                if len(parts) >= 2:
                    canon[i] = full[(fold_name(parts[-1]), fold_name(parts[0])[:3])]
                else:
                    keys = by_surname.get(fold_name(name), set())
                    canon[i] = full[next(iter(keys))] if len(keys) == 1 else name
            else:
                key = fold_name(name)
                longer = [b for b in bodies if b != key and b.endswith(" " + key)]
                canon[i] = display[longer[0]] if len(longer) == 1 else display.get(key, name)
    return canon


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
) -> pd.DataFrame:
    """Every attribution in every article: one row per attribution.

    Columns: those of :func:`analysis.quotes.extract_quotes` plus ``article_id``,
    ``outlet``, ``event``, ``speaker_id`` (one id per person or body within an event,
    across articles and outlets), ``canonical`` (its display name), ``words`` (word
    count of the quote), ``sent_id`` and ``sentence`` (the sentence holding the cue).

    Offsets index the article text given in ``text_col``. ``sentences`` (as
    ``Corpus.sentences``: article_id, sent_id, start, end, text) supplies sentence ids;
    without it, sentences are recomputed with :func:`analysis.text.sentence_spans` per
    paragraph. Articles whose ``language_col`` is not "en" are skipped; their ids are in
    ``result.attrs["skipped"]``. Within an event, a speaker whose side is unknown in one
    article takes the side found for the same speaker_id elsewhere when it is unique.
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
    out = resolve_speakers(raw)
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
    from analysis.quotes import COLUMNS, extract_quotes
    from analysis.text import count_words, sentence_spans

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
    frames = []
    skipped = []
    by_article = (
        {aid: grp.sort_values("start") for aid, grp in sentences.groupby("article_id", sort=False)}
        if sentences is not None
        else {}
    )
    for row in articles.itertuples(index=False):
        rec = row._asdict()
        aid = rec[id_col]
        if language_col and language_col in articles.columns and rec[language_col] != "en":
            skipped.append(aid)
            continue
        text = rec[text_col] if isinstance(rec[text_col], str) else ""
        q = extract_quotes(text, lexicon=lexicon)
        q.insert(0, "article_id", aid)
        q.insert(1, "outlet", rec[outlet_col])
        q.insert(2, "event", rec.get(event_col, "") if event_col in articles.columns else "")
        q["words"] = [count_words(t) for t in q["quote"]]
        if sentences is not None:
            sents = by_article.get(aid)
            spans = [] if sents is None else list(
                zip(sents["start"], sents["end"], sents["sent_id"], sents["text"], strict=True)
            )
        else:
            spans = []
            pos = 0
            for para in text.split("\n\n"):
                for s, e in sentence_spans(para):
                    spans.append((pos + s, pos + e, len(spans), para[s:e]))
                pos += len(para) + 2
        starts = [s for s, _, _, _ in spans]
        sid, stext = [], []
        for cue in q["cue_start"]:
            k = max(0, _bisect(starts, int(cue)) - 1)
            if spans:
                sid.append(int(spans[k][2]))
                stext.append(spans[k][3])
            else:
                sid.append(-1)
                stext.append("")
        q["sent_id"] = pd.Series(sid, index=q.index, dtype="int64")
        q["sentence"] = pd.Series(stext, index=q.index, dtype="object")
        frames.append(q)
    cols = ["article_id", "outlet", "event", *COLUMNS, "words", "sent_id", "sentence"]
    if frames:
        out = pd.concat(frames, ignore_index=True)
    else:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    out.attrs["skipped"] = skipped
    return out


def resolve_speakers(quotes: pd.DataFrame) -> pd.DataFrame:
    """The corpus-wide half of :func:`corpus_quotes`: one ``speaker_id`` and ``canonical``
    name per person or body within an event (across articles and outlets, robust to
    transliteration variants and titles), and unknown sides or types filled from the same
    speaker elsewhere in the event when that is unambiguous. Returns a new table."""
    out = quotes.copy()
    out["canonical"] = _speaker_keys(out) if len(out) else pd.Series(dtype="object")
    out["speaker_id"] = [
        f"{_slug(str(e))}/{_slug(c)}" for e, c in zip(out["event"], out["canonical"], strict=True)
    ]
    # fill an unknown side from the same speaker elsewhere in the event
    known = out[out["affiliation"] != ""].groupby("speaker_id")["affiliation"].agg(
        lambda s: s.iloc[0] if s.nunique() == 1 else ""
    )
    fill = out["speaker_id"].map(lambda k: known.get(k, ""))
    out["affiliation"] = out["affiliation"].where(out["affiliation"] != "", fill)
    types = out[out["source_type"] != "other"].groupby("speaker_id")["source_type"].agg(
        lambda s: s.iloc[0] if s.nunique() == 1 else ""
    )
    tfill = out["speaker_id"].map(lambda k: types.get(k, ""))
    out["source_type"] = out["source_type"].where(
        (out["source_type"] != "other") | (tfill == ""), tfill
    )
    cols = [c for c in out.columns if c not in ("speaker_id", "canonical")]
    return out[[*cols[:3], "speaker_id", "canonical", *cols[3:]]]


def _bisect(values: list[int], x: int) -> int:
    import bisect

    return bisect.bisect_right(values, x)


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
        speaker=("canonical", "first"),
        source_type=("source_type", lambda s: s.mode().iloc[0]),
        affiliation=("affiliation", lambda s: s.mode().iloc[0]),
        attributions=("kind", "size"),
        words=("words", "sum"),
    )
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
    from analysis.quotes import cue_lemma

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
    from analysis.quotes import cue_lemma

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


# --- figures -------------------------------------------------------------------------------
_KIND_ALPHA = {"direct": 1.0, "mixed": 0.65, "indirect": 0.35}


def _category_colors(categories: Iterable[str]) -> dict[str, str]:
    from analysis.figures import NEUTRAL_GREY, PALETTE

    cats = sorted({str(c) for c in categories if str(c) != "unknown"})
    colors = {c: PALETTE[(i + 2) % len(PALETTE)] for i, c in enumerate(cats)}
    colors["unknown"] = NEUTRAL_GREY
    return colors


def plot_quoted_sources(quotes: pd.DataFrame, *, group_col: str = "outlet", top: int = 10):
    """Who is quoted: per outlet, words attributed to each speaker split by kind.

    Returns ``(fig, data)`` where ``data`` is the plotted table (outlet, speaker, kind,
    words). One panel per outlet (top ``top`` speakers by words), bars in the outlet's
    colour, darker for direct speech.
    """
    import matplotlib.pyplot as plt

    from analysis.figures import outlet_colors

    _check(quotes, [group_col, "canonical", "kind", "words"])
    outlets = sorted(quotes[group_col].unique())
    data = (
        quotes.groupby([group_col, "canonical", "kind"])["words"].sum().rename("words")
        .reset_index().rename(columns={"canonical": "speaker"})
    )
    colors = outlet_colors(outlets)
    n = max(1, len(outlets))
    fig, axes = plt.subplots(1, n, figsize=(5.2 * n, 0.45 * top + 1.6), squeeze=False)
    heads = []
    for ax, outlet in zip(axes[0], outlets, strict=False):
        d = data[data[group_col] == outlet]
        totals = d.groupby("speaker")["words"].sum().sort_values(ascending=False).head(top)
        left = pd.Series(0.0, index=totals.index)
        for kind in ("direct", "mixed", "indirect"):
            vals = d[d.kind == kind].set_index("speaker")["words"].reindex(totals.index).fillna(0)
            ax.barh(range(len(totals)), vals.values, left=left.values, color=colors[outlet],
                    alpha=_KIND_ALPHA[kind], label=kind, edgecolor="white", linewidth=0.5)
            left += vals
        ax.set_yticks(range(len(totals)), totals.index)
        ax.invert_yaxis()
        n_att = int((quotes[group_col] == outlet).sum())
        ax.set_title(f"{outlet} (N={n_att} attributions)", color=colors[outlet], fontsize=10)
        ax.set_xlabel("words attributed (count)")
        ax.legend(loc="lower right", fontsize=8)
        if len(totals):
            heads.append(f"{outlet}: {totals.index[0]}")
    for ax in axes[0][len(outlets):]:
        ax.set_visible(False)
    fig.suptitle("Most-quoted source by words — " + "; ".join(heads), x=0.01, ha="left",
                 fontsize=11, fontweight="bold")
    fig.tight_layout()
    return fig, data


def plot_share_of_voice(sov: pd.DataFrame, *, by: str, group_col: str = "outlet",
                        weight_label: str = "quoted words"):
    """Stacked bars: share of voice per outlet by ``by`` (from :func:`share_of_voice`).

    Returns ``(fig, data)``. The title names each outlet's largest category.
    """
    import matplotlib.pyplot as plt

    from analysis.figures import outlet_colors

    _check(sov, [group_col, by, "share", "value"])
    outlets = sorted(sov[group_col].unique())
    wide = sov.pivot_table(index=group_col, columns=by, values="share", fill_value=0.0)
    wide = wide.reindex(outlets)
    order = [c for c in wide.sum().sort_values(ascending=False).index if c != "unknown"]
    if "unknown" in wide.columns:
        order.append("unknown")
    colors = _category_colors(wide.columns)
    fig, ax = plt.subplots(figsize=(8, 1.0 + 0.7 * max(1, len(outlets))))
    left = pd.Series(0.0, index=wide.index)
    for cat in order:
        ax.barh(range(len(outlets)), wide[cat].values * 100, left=left.values * 100,
                color=colors[cat], label=cat, edgecolor="white", linewidth=0.5)
        ink = "black" if colors[cat] in ("#F0E442", "#E69F00", "#56B4E9") else "white"
        for i, (v, l0) in enumerate(zip(wide[cat].values, left.values, strict=True)):
            if v >= 0.07:
                ax.text((l0 + v / 2) * 100, i, f"{v:.0%}", ha="center", va="center",
                        fontsize=8, color=ink)
        left += wide[cat]
    totals = sov.groupby(group_col)["value"].sum().reindex(outlets)
    ax.set_yticks(range(len(outlets)),
                  [f"{o}\n(N={int(t)} {weight_label})" for o, t in totals.items()])
    for tick, o in zip(ax.get_yticklabels(), outlets, strict=True):
        tick.set_color(outlet_colors(outlets)[o])
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"share of {weight_label} (%)")
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize=8)
    top = [f"{o}: {wide.loc[o].idxmax()} {wide.loc[o].max():.0%}" for o in outlets
           if wide.loc[o].sum() > 0]
    label = {"affiliation": "side"}.get(by, by.replace("_", " "))
    ax.set_title(f"Largest share of voice by {label} — " + "; ".join(top))
    fig.tight_layout()
    return fig, sov.copy()


def plot_verb_profile(profile: pd.DataFrame, *, group_col: str = "outlet"):
    """Reporting verbs per outlet (from ``verb_profile(..., by="lemma")``): horizontal bars
    of attributions per verb, evaluative verbs hatched. Returns ``(fig, data)``."""
    import matplotlib.pyplot as plt

    from analysis.figures import outlet_colors

    _check(profile, [group_col, "lemma", "stance", "attributions"])
    outlets = sorted(profile[group_col].unique())
    colors = outlet_colors(outlets)
    lemmas = (profile.groupby("lemma")["attributions"].sum().sort_values(ascending=False).index)
    stance = profile.drop_duplicates("lemma").set_index("lemma")["stance"]
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(lemmas) * max(1, len(outlets)) / 1.5 + 1.6))
    height = 0.8 / max(1, len(outlets))
    heads = []
    for j, outlet in enumerate(outlets):
        d = profile[profile[group_col] == outlet].set_index("lemma")
        vals = d["attributions"].reindex(lemmas).fillna(0)
        bars = ax.barh([i + j * height for i in range(len(lemmas))], vals.values, height=height,
                       color=colors[outlet], label=outlet)
        for bar, lemma in zip(bars, lemmas, strict=True):
            if stance.get(lemma) == "evaluative":
                bar.set_hatch("///")
                bar.set_edgecolor("white")
        total = d["attributions"].sum()
        ev = d.loc[d["stance"] == "evaluative", "attributions"].sum()
        heads.append(f"{outlet} {ev / total:.0%} of N={total}" if total else f"{outlet} n/a")
    ax.set_yticks([i + (len(outlets) - 1) * height / 2 for i in range(len(lemmas))],
                  [f"{lem} (evaluative)" if stance.get(lem) == "evaluative" else lem
                   for lem in lemmas])
    ax.invert_yaxis()
    ax.set_xlabel("reporting cues (count)")
    ax.legend(fontsize=8)
    ax.set_title("Evaluative reporting verbs (hatched): " + "; ".join(heads) + " cues")
    fig.tight_layout()
    return fig, profile.copy()
