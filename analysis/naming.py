"""Labels and naming: keyword in context, collocations, naming variants and agency per outlet.

* :func:`kwic` / :func:`kwic_side_by_side`: keyword-in-context lines for given terms, one column
  per outlet, every line with its character offsets.
* :func:`collocation_differences`: bigram collocations each outlet uses (NLTK's
  ``BigramCollocationFinder`` scored with Dunning's 1993 log-likelihood ratio) and how often the
  other outlets use the same pair, so phrases only one outlet uses stand out.
* :func:`naming_table`: how each outlet names contested places, actors and events, from
  competing names for one referent: the corpus folder's ``terms.csv`` when present (the seeds
  keep theirs in ``seeds/terms.csv``), the user's own, or terms chosen from the corpus
  (:func:`terms_for_corpus`, :func:`choose_terms`: distinctive words, spelling variants,
  names written with different qualifiers). No list is built in.
* :func:`name_forms`: the automatic complement: the exact forms (titles, modifiers) around each
  proper name and label, per outlet ("pro-Russian separatists" against "the separatists").
* :func:`conflict_agents`: who is the grammatical doer of conflict verbs (blame, accuse,
  annex, support, urge, ...), from surface patterns without a parser: active clauses with a
  name or pronoun right before the verb, passives with a *by*-phrase, and nominalisations
  ("X's annexation of Y", "annexation of Y by X"). Clauses whose subject is not a name or a
  pronoun directly before the verb are returned with an empty doer rather than a guess.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis import lexicons
from analysis.framing import distinctive_terms, phrase_regex, top_distinctive
from analysis.framing.base import _COLUMN_HINT, _sentences_of
from analysis.text import STOPWORDS, token_spans, tokenize
from analysis.validate import require_columns

# --- keyword in context -------------------------------------------------------------------


def _term_pattern(terms: Sequence[str]) -> re.Pattern:
    if isinstance(terms, str):
        terms = [terms]
    terms = [t for t in terms if t and t.strip()]
    if not terms:
        raise ValueError("kwic: give at least one non-empty search term, e.g. ['sanctions'].")
    alts = sorted(set(terms), key=len, reverse=True)
    return re.compile("|".join(f"(?P<t{i}>{phrase_regex(t)})" for i, t in enumerate(alts)),
                      re.IGNORECASE), alts


def kwic(
    df: pd.DataFrame,
    terms: Sequence[str],
    *,
    text_col: str = "text",
    group_col: str = "outlet",
    id_col: str = "article_id",
    window: int = 60,
) -> pd.DataFrame:
    """Keyword-in-context lines: one row per match of any of ``terms``.

    Terms are matched case-insensitively as whole words; a trailing ``*`` allows any ending
    ("annex*" finds annexed, annexation). Columns: term (the search term that matched),
    group_col, id_col, start, end (offsets of the match in the text), left, match, right
    (``window`` characters either side, line breaks flattened).
    """
    require_columns(df, [text_col, group_col, id_col], "kwic", hint=_COLUMN_HINT)
    rx, alts = _term_pattern(terms)
    rows = []
    for gid, doc_id, text in zip(df[group_col], df[id_col], df[text_col].fillna(""), strict=True):
        for m in rx.finditer(text):
            term = alts[int(m.lastgroup[1:])]
            s, e = m.start(), m.end()
            left = " ".join(text[max(0, s - window) : s].split())
            right = " ".join(text[e : e + window].split())
            rows.append((term, gid, doc_id, s, e, left, m.group(), right))
    cols = ["term", group_col, id_col, "start", "end", "left", "match", "right"]
    out = pd.DataFrame.from_records(rows, columns=cols)
    return out.sort_values(["term", group_col, id_col, "start"], kind="stable").reset_index(drop=True)


def kwic_side_by_side(
    lines: pd.DataFrame, *, group_col: str = "outlet", max_lines: int = 5, width: int = 40
) -> pd.DataFrame:
    """KWIC lines laid out side by side: one row per (term, line number), one column per outlet.

    Input: the output of :func:`kwic`. Each cell reads ``"...left [match] right..."`` trimmed
    to ``width`` characters either side; an outlet with fewer lines gets empty cells, and a
    column ``n_<outlet>`` gives its total number of matches for the term.
    """
    require_columns(lines, ["term", group_col, "left", "match", "right"], "kwic_side_by_side", hint=_COLUMN_HINT)
    if lines.empty:
        return pd.DataFrame(columns=["term", "line"])
    groups = sorted(lines[group_col].astype(str).unique())
    rows = []
    for term, sub in lines.groupby("term", sort=True):
        per = {g: sub[sub[group_col].astype(str) == g] for g in groups}
        depth = min(max_lines, max(len(v) for v in per.values()))
        for i in range(depth):
            row = {"term": term, "line": i + 1}
            for g in groups:
                if i < len(per[g]):
                    r = per[g].iloc[i]
                    gap = " " if r["right"][:1].isalnum() else ""
                    row[g] = f"{r['left'][-width:]} [{r['match']}]{gap}{r['right'][:width]}"
                else:
                    row[g] = ""
            for g in groups:
                row[f"n_{g}"] = len(per[g])
            rows.append(row)
    return pd.DataFrame(rows)


# --- collocations -------------------------------------------------------------------------


def _sentence_tokens(texts: Iterable[str]) -> list[list[str]]:
    docs = []
    for text in texts:
        for s, e in _sentences_of(text):
            docs.append(tokenize(text[s:e]))
    return docs


def collocation_differences(
    df: pd.DataFrame,
    *,
    text_col: str = "text",
    group_col: str = "outlet",
    min_freq: int = 2,
    top_n: int = 15,
) -> pd.DataFrame:
    """Bigram collocations per outlet, with how often the other outlets use the same pair.

    Unit of observation: one row per (group, bigram), the ``top_n`` best per group. Method:
    NLTK ``BigramCollocationFinder.from_documents`` over sentences (no pair spans a sentence
    break), pairs seen fewer than ``min_freq`` times in the group or with a stop word at
    either end dropped, scored by Dunning's (1993) log-likelihood ratio. Columns: group_col,
    bigram, llr, n_group, n_other (count of the pair in all other groups), only_here (True
    when no other group uses the pair).
    """
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder

    require_columns(df, [text_col, group_col], "collocation_differences", hint=_COLUMN_HINT)
    groups = sorted(df[group_col].astype(str).unique())
    finders = {}
    for g in groups:
        texts = df.loc[df[group_col].astype(str) == g, text_col].fillna("").astype(str)
        finders[g] = BigramCollocationFinder.from_documents(_sentence_tokens(texts))
    rows = []
    measure = BigramAssocMeasures.likelihood_ratio
    for g in groups:
        finder = finders[g]
        finder.apply_freq_filter(min_freq)
        finder.apply_word_filter(lambda w: w in STOPWORDS or not any(c.isalpha() for c in w))
        scored = sorted(finder.score_ngrams(measure), key=lambda x: (-x[1], x[0]))[:top_n]
        for pair, score in scored:
            n_other = sum(finders[o].ngram_fd.get(pair, 0) for o in groups if o != g)
            rows.append({group_col: g, "bigram": " ".join(pair), "llr": score,
                         "n_group": finder.ngram_fd[pair], "n_other": n_other,
                         "only_here": n_other == 0})
    return pd.DataFrame(rows, columns=[group_col, "bigram", "llr", "n_group", "n_other", "only_here"])


# --- terms: from the corpus folder or chosen from the corpus ----------------------------------
TERMS_FILE = "terms.csv"
TERM_COLUMNS = ["concept", "term", "source"]


def read_terms(path: str | Path) -> pd.DataFrame:
    """A terms file: a CSV with a ``term`` column (cue phrases, see
    :func:`analysis.framing.phrase_regex`) and optionally ``concept`` (terms sharing a concept
    are competing names for the same referent; a term without one is its own concept).

    Returns columns concept, term, source (``"file"``).
    """
    path = Path(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    if "term" not in frame.columns:
        raise ValueError(f"{path}: a terms file needs a 'term' column (and optionally 'concept'); "
                         f"found {', '.join(frame.columns)}.")
    frame = frame[frame["term"].str.strip() != ""]
    concept = frame["concept"] if "concept" in frame.columns else frame["term"]
    concept = concept.where(concept.str.strip() != "", frame["term"])
    return pd.DataFrame({"concept": concept.str.strip(), "term": frame["term"].str.strip(),
                         "source": "file"}).reset_index(drop=True)


def terms_for_corpus(
    df: pd.DataFrame,
    corpus_dir: str | Path | None = None,
    terms: str | Sequence[str] | None = None,
    *,
    terms_file: str | Path | None = None,
    text_col: str = "text",
    group_col: str = "outlet",
    **choose_options,
) -> pd.DataFrame:
    """The terms for keyword-in-context and the naming table, in order of preference:
    ``terms`` given by the user (a comma-separated string or a list), a ``terms_file`` (same
    format as ``terms.csv``, e.g. ``--terms FILE`` on the command line), the corpus folder's
    ``terms.csv``, else :func:`choose_terms` on ``df``. Columns concept, term, source.
    """
    if isinstance(terms, str):
        terms = [t.strip() for t in terms.split(",") if t.strip()]
    if terms:
        return pd.DataFrame({"concept": list(terms), "term": list(terms), "source": "user"})
    if terms_file:
        return read_terms(terms_file)
    if corpus_dir is not None and (Path(corpus_dir) / TERMS_FILE).is_file():
        return read_terms(Path(corpus_dir) / TERMS_FILE)
    return choose_terms(df, text_col=text_col, group_col=group_col, **choose_options)


def choose_terms(
    df: pd.DataFrame,
    *,
    text_col: str = "text",
    group_col: str = "outlet",
    per_outlet: int = 3,
    min_z: float = 0.0,
    max_variants: int = 6,
    max_heads: int = 5,
) -> pd.DataFrame:
    """Terms worth reading in context, chosen from the corpus itself (no built-in list).

    Three kinds, each bounded: (1) ``distinctive``: each outlet's ``per_outlet`` words with
    the highest weighted log-odds z against the other outlets (:func:`analysis.framing.
    distinctive_terms`, z above ``min_z``, used at least twice by that outlet; on a small
    corpus these lead without being significant); (2)
    ``spelling``: different spellings of one name used by different outlets
    (:func:`spelling_variants`, such as Kiev/Kyiv), up to ``max_variants`` pairs, one concept
    each; (3) ``name form``: a name or label that outlets write with different
    qualifiers (the head of :func:`name_forms` whose most frequent form differs between
    outlets), up to ``max_heads``. Columns concept, term, source. Empty with one outlet.
    """
    require_columns(df, [text_col, group_col], "choose_terms", hint=_COLUMN_HINT)
    rows: list[dict] = []
    if df[group_col].astype(str).nunique() < 2 or df.empty:
        return pd.DataFrame(columns=TERM_COLUMNS)
    scored = distinctive_terms(df, text_col=text_col, group_col=group_col, ngrams=(1,))
    best = top_distinctive(scored[scored["n_group"] >= 2], k=per_outlet, min_z=min_z)
    rows += [{"concept": t, "term": t, "source": "distinctive"} for t in dict.fromkeys(best["term"])]
    for a, b in spelling_variants(df, text_col=text_col, group_col=group_col)[:max_variants]:
        rows += [{"concept": f"{a} / {b}", "term": t, "source": "spelling"} for t in (a, b)]
    rows += _form_terms(df, text_col=text_col, group_col=group_col, max_heads=max_heads)
    out = pd.DataFrame(rows, columns=TERM_COLUMNS)
    return out.drop_duplicates(subset=["concept", "term"]).reset_index(drop=True)


def spelling_variants(df: pd.DataFrame, *, text_col: str = "text", group_col: str = "outlet") -> list[tuple[str, str]]:
    """Pairs of capitalised words that look like two spellings of one name, used by different
    outlets: each word used at least twice, same first letter, lengths within two letters, a
    difflib similarity of at least 0.75, not a plural or demonym of the other, no outlet using
    both (a house style, as Kiev/Kyiv), and the same company: a cosine similarity of at least
    0.3 between the content words within two tokens of each. Sorted by total use."""
    import difflib

    use: dict[str, Counter] = {}
    context: dict[str, Counter] = {}
    for g, text in zip(df[group_col].astype(str), df[text_col].fillna("").astype(str), strict=True):
        for s, e in _sentences_of(text):
            toks = tokenize(text[s:e], lower=False)
            for k in range(1, len(toks)):
                word = toks[k].removesuffix("'s")
                if len(word) >= 4 and word[:1].isupper() and word[1:].islower() and word.isalpha():
                    use.setdefault(word, Counter())[g] += 1
                    near = (t.lower() for t in toks[max(0, k - 2) : k] + toks[k + 1 : k + 3])
                    context.setdefault(word, Counter()).update(t for t in near if t not in STOPWORDS)
    words = sorted((w for w in use if sum(use[w].values()) >= 2), key=lambda w: (-sum(use[w].values()), w))
    by_letter: dict[str, list[str]] = {}
    for w in words:
        by_letter.setdefault(w[0], []).append(w)
    pairs = []
    for group in by_letter.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                # a house style: no outlet writes both spellings
                if abs(len(a) - len(b)) > 2 or set(use[a]) & set(use[b]) or _inflected(a, b):
                    continue
                if (difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.75
                        and _cosine(context.get(a, Counter()), context.get(b, Counter())) >= 0.3):
                    pairs.append((a, b))
    return sorted(pairs, key=lambda p: (-sum(use[p[0]].values()) - sum(use[p[1]].values()), p))


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    norm = (sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5
    return dot / norm if norm else 0.0


def _inflected(a: str, b: str) -> bool:
    short, long = sorted((a.lower(), b.lower()), key=len)
    return long.startswith(short) and long[len(short):] in ("s", "es", "n", "ns", "an", "ans", "ese", "i", "ia")


def _form_terms(df: pd.DataFrame, *, text_col: str, group_col: str, max_heads: int) -> list[dict]:
    id_col = "_row"
    frame = df[[text_col, group_col]].assign(_row=range(len(df)))
    forms = name_forms(frame, None, text_col=text_col, group_col=group_col, id_col=id_col)
    if forms.empty:
        return []
    top = (forms.groupby(["head", group_col])["form"].agg(lambda s: s.value_counts().index[0]).reset_index())
    differing = top.groupby("head")["form"].nunique()
    heads = forms[forms["head"].isin(differing[differing > 1].index)]["head"].value_counts()
    rows = []
    for head in heads.index[:max_heads]:
        for form in sorted(set(top.loc[top["head"] == head, "form"])):
            rows.append({"concept": head, "term": form, "source": "name form"})
    return rows


def variants_from_terms(terms: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """``{concept: terms}`` for :func:`naming_table` from a terms table (concept, term)."""
    require_columns(terms, ["concept", "term"], "variants_from_terms", hint=_COLUMN_HINT)
    return {c: tuple(dict.fromkeys(sub["term"])) for c, sub in terms.groupby("concept", sort=False)}


def naming_table(
    df: pd.DataFrame,
    *,
    text_col: str = "text",
    group_col: str = "outlet",
    variants: Mapping[str, Sequence[str]] | None = None,
    only_used: bool = True,
) -> pd.DataFrame:
    """How each outlet names each place, actor and event: counts of competing variants.

    ``variants`` maps a concept to its competing names (e.g. from :func:`variants_from_terms`
    on :func:`terms_for_corpus`); by default they are chosen from ``df`` with
    :func:`choose_terms` (there is no built-in list).

    Unit of observation: one row per (concept, variant). Columns: concept, variant, one count
    column per outlet, total, and ``example_<outlet>``: the first sentence where that outlet
    uses the variant (the evidence). Variants are matched case-insensitively as whole words
    ("separatist*" finds separatist and separatists); a longer variant inside the same concept
    wins over a shorter one at the same place ("freedom fighters" is not also "fighters").
    ``only_used`` drops variants no outlet uses.
    """
    require_columns(df, [text_col, group_col], "naming_table", hint=_COLUMN_HINT)
    if variants is None:
        variants = variants_from_terms(choose_terms(df, text_col=text_col, group_col=group_col))
    groups = sorted(df[group_col].astype(str).unique())
    texts = df[text_col].fillna("").astype(str).tolist()
    keys = df[group_col].astype(str).tolist()
    spans = [_sentences_of(t) for t in texts]
    rows = []
    for concept, forms in variants.items():
        if isinstance(forms, str):
            forms = [forms]
        ordered = sorted(forms, key=len, reverse=True)
        rx = re.compile("|".join(f"(?P<v{i}>{phrase_regex(v)})" for i, v in enumerate(ordered)),
                        re.IGNORECASE)
        counts = {v: Counter() for v in forms}
        examples: dict[tuple[str, str], str] = {}
        for text, g, sp in zip(texts, keys, spans, strict=True):
            for m in rx.finditer(text):
                v = ordered[int(m.lastgroup[1:])]
                counts[v][g] += 1
                if (v, g) not in examples:
                    sent = next((text[s:e] for s, e in sp if s <= m.start() < e), "")
                    examples[(v, g)] = sent
        for v in forms:
            if only_used and not counts[v]:
                continue
            row = {"concept": concept, "variant": v}
            row.update({g: counts[v].get(g, 0) for g in groups})
            row["total"] = sum(counts[v].values())
            row.update({f"example_{g}": examples.get((v, g), "") for g in groups})
            rows.append(row)
    cols = ["concept", "variant", *groups, "total", *[f"example_{g}" for g in groups]]
    return pd.DataFrame(rows, columns=cols)


# --- automatic name forms -------------------------------------------------------------------
_CONNECTORS = frozenset({"of", "for", "de", "al", "bin"})
_HEAD_RE = re.compile(r"[A-Z]")


def _is_name_token(tok: str) -> bool:
    # Capitalised word, acronym (U.S.), or hyphenated form with a capital part (pro-Russian);
    # not a one-letter prefix compound such as "T-shirt" or "X-ray".
    parts = tok.split("-")
    if len(parts) > 1 and len(parts[0]) == 1:
        return False
    return bool(_HEAD_RE.match(tok)) or any(p[:1].isupper() for p in parts[1:])


@lru_cache(maxsize=1)
def role_words() -> frozenset[str]:
    """Lower-case words that belong to how a person or group is named ("Kremlin adviser X"):
    ``analysis/lexicons/name_role_words.csv``."""
    return lexicons.words("name_role_words")


def _modifier(tok: str) -> bool:
    low = tok.lower()
    return _is_name_token(tok) or "-" in tok or low in role_words()


def name_forms(
    df: pd.DataFrame,
    heads: Sequence[str] | None = None,
    *,
    text_col: str = "text",
    group_col: str = "outlet",
    id_col: str = "article_id",
    max_modifiers: int = 5,
    min_groups: int = 2,
) -> pd.DataFrame:
    """The exact forms in which each outlet names people, places and groups.

    For every occurrence of a head word (a name such as a surname, or a label such as
    "separatists") that ends a name (the next word is not capitalised), the form is the head
    plus the words directly before it that belong to the name: capitalised words and acronyms
    ("U.S. Secretary of State John Kerry"), hyphenated qualifiers ("pro-Russian",
    "self-proclaimed") and role words (:func:`role_words`: "Kremlin adviser", "Russian
    counterpart"), up to ``max_modifiers``; "of" is kept between capitalised words; a
    capitalised sentence opener ("Since", "While") is dropped. Possessive 's is not part of the
    form. Heads default to capitalised words, not sentence-initial, that end a name in at least
    ``min_groups`` outlets, so the table compares how the *same* referent is named.

    Unit of observation: one row per mention. Columns: head, form, group_col, id_col, start,
    end (offsets of the form in the text), sentence.
    """
    require_columns(df, [text_col, group_col, id_col], "name_forms", hint=_COLUMN_HINT)
    records = []
    for g, doc_id, text in zip(df[group_col].astype(str), df[id_col],
                               df[text_col].fillna("").astype(str), strict=True):
        for s, e in _sentences_of(text):
            records.append((g, doc_id, text, s, e, token_spans(text[s:e])))

    def ends_name(toks: list, i: int, sent: str) -> bool:
        return not (i + 1 < len(toks) and _is_name_token(toks[i + 1][0])
                    and _tight(sent, toks, i + 1) and not toks[i][0].endswith("'s"))

    if heads is None:
        seen: dict[str, set[str]] = {}
        for g, _doc, text, s, e, toks in records:
            for i, (tok, _, _) in enumerate(toks):
                word = tok.removesuffix("'s")
                if (i > 0 and word[:1].isupper() and word.lower() not in STOPWORDS and len(word) > 1
                        and ends_name(toks, i, text[s:e])):
                    seen.setdefault(word, set()).add(g)
        heads = sorted(h for h, gs in seen.items() if len(gs) >= min_groups)
    head_set = {h.lower(): h for h in heads}
    rows = []
    for g, doc_id, text, s, e, toks in records:
        sent = text[s:e]
        for i, (tok, _ts, te) in enumerate(toks):
            word = tok.removesuffix("'s")
            head = head_set.get(word.lower())
            # a capitalised head (a name) only matches capitalised text: "State" is not "state"
            if head is None or (head[:1].isupper() and not word[:1].isupper()):
                continue
            if not ends_name(toks, i, sent):
                continue
            j = i
            while j > 0 and i - j < max_modifiers and _tight(sent, toks, j):
                prev = toks[j - 1][0]
                low = prev.lower()
                if prev.endswith("'s"):
                    if _is_name_token(prev):  # "Kiev's forces": the possessor names them
                        j -= 1
                    break
                if low == "of" and j >= 2 and _is_name_token(toks[j - 2][0]) and _is_name_token(toks[j][0]):
                    j -= 1
                    continue
                if not _modifier(prev) or low in STOPWORDS:
                    break
                j -= 1
            while j < i and j == 0 and toks[j][0].lower() in STOPWORDS | _openers():
                j += 1
            start, end = s + toks[j][1], s + te - (len(tok) - len(word))
            rows.append({"head": head, "form": " ".join(text[start:end].split()), group_col: g,
                         id_col: doc_id, "start": start, "end": end, "sentence": sent})
    cols = ["head", "form", group_col, id_col, "start", "end", "sentence"]
    out = pd.DataFrame(rows, columns=cols)
    return out.sort_values(["head", group_col, id_col, "start"], kind="stable").reset_index(drop=True)


def name_form_table(forms: pd.DataFrame, *, group_col: str = "outlet") -> pd.DataFrame:
    """Counts of each (head, form) per outlet from :func:`name_forms`, one row per form.

    Columns: head, form, one count column per outlet, total, shared (True if every outlet
    uses this exact form). Sorted by head, then total descending.
    """
    require_columns(forms, ["head", "form", group_col], "name_form_table", hint=_COLUMN_HINT)
    if forms.empty:
        return pd.DataFrame(columns=["head", "form", "total", "shared"])
    table = forms.groupby(["head", "form", group_col]).size().unstack(fill_value=0)
    groups = list(table.columns)
    table = table.reset_index()
    table.columns.name = None
    table["total"] = table[groups].sum(axis=1)
    table["shared"] = (table[groups] > 0).all(axis=1)
    return table.sort_values(["head", "total", "form"], ascending=[True, False, True]).reset_index(
        drop=True
    )


# --- agency ------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def conflict_verbs() -> dict[str, tuple[str, str]]:
    """Conflict verbs: ``{lemma: (regex of verb forms, regex of nominalisations or "")}`` from
    ``analysis/lexicons/conflict_verbs.csv``."""
    table = lexicons.load("conflict_verbs")
    return {r.lemma: (r.verb_forms, r.noun_forms) for r in table.itertuples(index=False)}


@lru_cache(maxsize=1)
def _bridge() -> frozenset[str]:
    # Words allowed between a subject and its verb ("Russia also continues to blame").
    return lexicons.words("clause_bridge_words")


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    # Capitalised sentence openers that are not part of a name ("Since", "After").
    return lexicons.words("sentence_openers")


_PRONOUNS = frozenset("he she they we it i you".split())


@lru_cache(maxsize=1)
def _verb_forms() -> re.Pattern:
    alts = "|".join(f"(?P<v_{lemma}>{rx})" for lemma, (rx, _) in conflict_verbs().items())
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=1)
def _noun_forms() -> re.Pattern:
    alts = "|".join(f"(?P<n_{lemma}>{rx})" for lemma, (_, rx) in conflict_verbs().items() if rx)
    return re.compile(rf"(?<![\w-])(?:{alts})(?![\w-])", re.IGNORECASE)


def _name_run_left(toks: list[tuple[str, int, int]], i: int, sent: str) -> tuple[int, int] | None:
    """Token range [j, i) of a name phrase ending right before token i (coordination allowed)."""
    j = i
    while j > 0:
        tok = toks[j - 1][0]
        gap = sent[toks[j - 1][2] : toks[j][1]]
        if gap.strip() not in ("", "'s"):
            break
        if _is_name_token(tok) or (tok.lower() == "and" and j - 2 >= 0 and _is_name_token(toks[j - 2][0])
                                   and j < i) or (tok.lower() in _CONNECTORS and j - 2 >= 0
                                                  and _is_name_token(toks[j - 2][0]) and j < i):
            j -= 1
            continue
        break
    # a capitalised sentence opener ("Since", "After") is not part of the name
    while j < i and j == 0 and toks[j][0].lower() in STOPWORDS | _openers():
        j += 1
    if j == i:
        return None
    # "The Kremlin": include a leading "the" for readability
    if j > 0 and toks[j - 1][0].lower() == "the":
        j -= 1
    return j, i


def _name_run_right(toks: list[tuple[str, int, int]], i: int, sent: str) -> tuple[int, int] | None:
    """Token range of the agent phrase after "by": names and nouns up to punctuation or a verb."""
    k = i
    while k < len(toks) and k - i < 8:
        if k > i and sent[toks[k - 1][2] : toks[k][1]].strip() not in ("", "'s"):
            break
        low = toks[k][0].lower()
        if low in STOPWORDS and low not in {"the", "and", "of", "both", "its", "their"}:
            break
        k += 1
    while k > i and toks[k - 1][0].lower() in STOPWORDS | {"both"}:
        k -= 1
    content = [t for t, _, _ in toks[i:k] if t.lower() not in STOPWORDS | {"both"}]
    if not content:
        return None
    while toks[i][0].lower() in {"both"}:
        i += 1
    return i, k


def conflict_agents(
    df: pd.DataFrame,
    *,
    text_col: str = "text",
    group_col: str = "outlet",
    id_col: str = "article_id",
) -> pd.DataFrame:
    """Who does what to whom with conflict verbs, from surface patterns (no parser).

    Unit of observation: one row per conflict verb or nominalisation (:func:`conflict_verbs`,
    from ``analysis/lexicons/conflict_verbs.csv``). Patterns, in order: passive "was annexed by X" (doer X);
    "X's annexation" and "annexation ... by X" (doer X); active "X (also|has|continues to ...)
    blames" where X is a run of capitalised words (coordination allowed) or a pronoun. If no
    pattern applies the doer is empty and ``pattern`` is "unresolved": no guessing.
    Verbs after "to" with no name before them ("was not to blame", "urged them to support")
    are unresolved too. Pronouns are reported as such (no coreference).

    Columns: group_col, id_col, sent_id, verb (lemma), form (as written), pattern (active,
    passive, possessive, by-phrase, unresolved), doer, start, end (offsets of the verb in the
    text), sentence.
    """
    require_columns(df, [text_col, group_col, id_col], "conflict_agents", hint=_COLUMN_HINT)
    verb_rx, noun_rx = _verb_forms(), _noun_forms()
    rows = []
    for g, doc_id, text in zip(df[group_col].astype(str), df[id_col],
                               df[text_col].fillna("").astype(str), strict=True):
        for sid, (s, e) in enumerate(_sentences_of(text)):
            sent = text[s:e]
            toks = token_spans(sent)
            starts = {ts: k for k, (_, ts, _) in enumerate(toks)}
            matches = [(m, "verb") for m in verb_rx.finditer(sent)]
            matches += [(m, "noun") for m in noun_rx.finditer(sent)]
            for m, kind in sorted(matches, key=lambda x: x[0].start()):
                k = starts.get(m.start())
                if k is None:
                    continue
                lemma = m.lastgroup[2:]
                doer, pattern = _find_doer(toks, k, sent, kind)
                rows.append({group_col: g, id_col: doc_id, "sent_id": sid, "verb": lemma,
                             "form": m.group(), "pattern": pattern, "doer": doer,
                             "start": s + m.start(), "end": s + m.end(), "sentence": sent})
    cols = [group_col, id_col, "sent_id", "verb", "form", "pattern", "doer", "start", "end",
            "sentence"]
    out = pd.DataFrame(rows, columns=cols)
    # a noun form that is also a verb form (support, attacks) is kept once, as found first
    return out.drop_duplicates(subset=[id_col, "start"]).reset_index(drop=True)


def _span_text(sent: str, toks: list, rng: tuple[int, int]) -> str:
    a, b = rng
    return " ".join(sent[toks[a][1] : toks[b - 1][2]].split())


def _tight(sent: str, toks: list, j: int) -> bool:
    """True when only spaces separate token j-1 from token j."""
    return sent[toks[j - 1][2] : toks[j][1]].strip() == ""


def _find_doer(toks: list, k: int, sent: str, kind: str) -> tuple[str, str]:
    lower = [t[0].lower() for t in toks]
    # by-phrase within the next six tokens: passive verb or "annexation of Crimea by Russia"
    for b in range(k + 1, min(len(toks), k + 7)):
        if lower[b] == "by":
            run = _name_run_right(toks, b + 1, sent)
            if run:
                prev = lower[k - 1] if k > 0 else ""
                is_passive = kind == "verb" and (
                    prev in {"was", "were", "been", "being", "is", "are", "be", "get", "got"}
                    or (prev.endswith("ly") and lower[k].endswith("ed"))
                    or k == 0
                    or not _is_name_token(toks[k - 1][0]) and lower[k].endswith("ed")
                    and sent[toks[k - 1][2] : toks[k][1]].strip() == ","
                )
                if kind == "noun" or is_passive:
                    return _span_text(sent, toks, run), "passive" if is_passive else "by-phrase"
            break
        if lower[b] in {",", "and", "but"}:
            break
    if kind == "noun":
        # X's annexation: the possessor directly before
        if k > 0 and sent[toks[k - 1][2] : toks[k][1]].strip() == "" and lower[k - 1].endswith("'s"):
            name = toks[k - 1][0][:-2]
            run = _name_run_left(toks, k - 1, sent)
            head = _span_text(sent, toks, run) + " " if run else ""
            return (head + name).strip(), "possessive"
        return "", "unresolved"
    # active clause: skip bridge words leftwards, then take a name run or a pronoun
    j = k
    while j > 0 and lower[j - 1] in _bridge() and _tight(sent, toks, j):
        j -= 1
    if j > 0 and not _tight(sent, toks, j):
        # punctuation right before the clause ("..., accusing it of"): a participle or a new
        # clause whose subject is elsewhere in the sentence; no guessing.
        return "", "unresolved"
    if j > 0 and lower[j - 1] in {"not"}:
        return "", "unresolved"
    if k - j >= 1 and lower[k - 1] == "to" and j == k - 1:
        return "", "unresolved"
    if j > 0 and lower[j - 1] in _PRONOUNS:
        return toks[j - 1][0], "active"
    run = _name_run_left(toks, j, sent)
    if run:
        return _span_text(sent, toks, run), "active"
    # "Russian authorities have denied": a common noun headed by a capitalised modifier
    if j > 1 and lower[j - 1] not in STOPWORDS and _is_name_token(toks[j - 2][0]):
        run = _name_run_left(toks, j - 1, sent)
        if run:
            return _span_text(sent, toks, (run[0], j)), "active"
    return "", "unresolved"


def agency_table(agents: pd.DataFrame, *, group_col: str = "outlet") -> pd.DataFrame:
    """Counts of (doer, verb) per outlet from :func:`conflict_agents`, resolved rows only.

    Unit: one row per (doer, verb); columns: doer, verb, one count column per outlet, total.
    """
    require_columns(agents, ["doer", "verb", group_col], "agency_table", hint=_COLUMN_HINT)
    done = agents[agents["doer"] != ""]
    if done.empty:
        return pd.DataFrame(columns=["doer", "verb", "total"])
    table = done.groupby(["doer", "verb", group_col]).size().unstack(fill_value=0).reset_index()
    table.columns.name = None
    groups = [c for c in table.columns if c not in ("doer", "verb")]
    table["total"] = table[groups].sum(axis=1)
    return table.sort_values(["total", "doer", "verb"], ascending=[False, True, True]).reset_index(
        drop=True
    )
