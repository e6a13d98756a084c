"""Terms for keyword in context and the naming table: from the user, the corpus folder's
``terms.csv``, or chosen from the corpus; and the naming table itself."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from analysis.framing import distinctive_terms, top_distinctive
from analysis.framing.base import _COLUMN_HINT, _sentences_of
from analysis.framing.cues import PhraseFinder
from analysis.naming.forms import name_forms
from analysis.text import STOPWORDS, tokenize
from analysis.validate import require_columns

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
    forms: pd.DataFrame | None = None,
    id_col: str = "article_id",
    scored: pd.DataFrame | None = None,
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
    ``forms``: :func:`name_forms` of ``df`` with ``id_col`` (unique per row) when computed
    already, so the texts are not read again for them. ``scored``: :func:`analysis.framing.
    distinctive_terms` of the same ``df``, columns and stop words, with ``min_count`` 2 or less
    and unigrams among its orders, when computed already (its unigram rows are those computed
    here: each order is scored on its own).
    """
    require_columns(df, [text_col, group_col], "choose_terms", hint=_COLUMN_HINT)
    rows: list[dict] = []
    if df[group_col].astype(str).nunique() < 2 or df.empty:
        return pd.DataFrame(columns=TERM_COLUMNS)
    if scored is None:
        scored = distinctive_terms(df, text_col=text_col, group_col=group_col, ngrams=(1,))
    else:
        scored = scored[scored["ngram"] == 1]
    best = top_distinctive(scored[scored["n_group"] >= 2], k=per_outlet, min_z=min_z)
    rows += [{"concept": t, "term": t, "source": "distinctive"} for t in dict.fromkeys(best["term"])]
    for a, b in spelling_variants(df, text_col=text_col, group_col=group_col)[:max_variants]:
        rows += [{"concept": f"{a} / {b}", "term": t, "source": "spelling"} for t in (a, b)]
    rows += _form_terms(df, text_col=text_col, group_col=group_col, max_heads=max_heads, forms=forms, id_col=id_col)
    out = pd.DataFrame(rows, columns=TERM_COLUMNS)
    return out.drop_duplicates(subset=["concept", "term"]).reset_index(drop=True)


def spelling_variants(df: pd.DataFrame, *, text_col: str = "text", group_col: str = "outlet") -> list[tuple[str, str]]:
    """Pairs of capitalised words that look like two spellings of one name, used by different
    outlets: each word used at least twice, same first letter, lengths within two letters, a
    difflib similarity of at least 0.75, not a plural or demonym of the other, no outlet using
    both (a house style, as Kiev/Kyiv), and the same company: a cosine similarity of at least
    0.3 between the content words within two tokens of each. Sorted by total use."""
    import difflib

    import numpy as np

    use: dict[str, Counter] = {}
    near: dict[str, list[str]] = {}  # the tokens within two of each use, counted only for the pairs tested
    for g, text in zip(df[group_col].astype(str).tolist(), df[text_col].fillna("").astype(str).tolist(), strict=True):
        for s, e in _sentences_of(text):
            toks = tokenize(text[s:e], lower=False)
            for k in range(1, len(toks)):
                tok = toks[k]
                if not tok[:1].isupper():  # the cheap test first: most words are lower case
                    continue
                word = tok.removesuffix("'s")
                if len(word) >= 4 and word[1:].islower() and word.isalpha():
                    found = use.get(word)
                    if found is None:
                        found = use[word] = Counter()
                        near[word] = []
                    found[g] += 1
                    near[word] += toks[max(0, k - 2) : k] + toks[k + 1 : k + 3]
    totals = {w: sum(c.values()) for w, c in use.items()}
    words = sorted((w for w in use if totals[w] >= 2), key=lambda w: (-totals[w], w))
    by_letter: dict[str, list[str]] = {}
    for w in words:
        by_letter.setdefault(w[0], []).append(w)
    outlet_ids: dict[str, int] = {}
    alphabet: dict[str, int] = {}
    for w in words:
        for o in use[w]:
            outlet_ids.setdefault(o, len(outlet_ids))
        for ch in w.lower():
            alphabet.setdefault(ch, len(alphabet))
    stop = STOPWORDS.set
    context: dict[str, Counter] = {}

    def company(w: str) -> Counter:
        if w not in context:
            context[w] = Counter(t for t in map(str.lower, near[w]) if t not in stop)
        return context[w]

    pairs = []
    for group in by_letter.values():
        if len(group) < 2:
            continue
        # the cheap tests of every pair at once, as arrays: lengths within two letters, no
        # outlet writing both spellings (a house style), and the letters the two share, which
        # bound difflib's ratio from above (its quick_ratio): most pairs stop there
        lengths = np.array([len(w) for w in group])
        outlets = np.zeros((len(group), len(outlet_ids)), dtype=np.float32)
        letters = np.zeros((len(group), len(alphabet)), dtype=np.int64)
        for r, w in enumerate(group):
            outlets[r, [outlet_ids[o] for o in use[w]]] = 1
            for ch, n in Counter(w.lower()).items():
                letters[r, alphabet[ch]] = n
        for i, a in enumerate(group[:-1]):
            rest = slice(i + 1, len(group))
            shared = np.minimum(letters[i], letters[rest]).sum(axis=1)
            bound = 2.0 * shared / (lengths[i] + lengths[rest])
            ok = (np.abs(lengths[rest] - lengths[i]) <= 2) & (outlets[rest] @ outlets[i] == 0) & (bound >= 0.75)
            for j in np.flatnonzero(ok).tolist():
                b = group[i + 1 + j]
                if _inflected(a, b):
                    continue
                if (difflib.SequenceMatcher(None, a.lower(), b.lower()).ratio() >= 0.75
                        and _cosine(company(a), company(b)) >= 0.3):
                    pairs.append((a, b))
    return sorted(pairs, key=lambda p: (-totals[p[0]] - totals[p[1]], p))


def _cosine(a: Counter, b: Counter) -> float:
    dot = sum(v * b.get(k, 0) for k, v in a.items())
    norm = (sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5
    return dot / norm if norm else 0.0


def _inflected(a: str, b: str) -> bool:
    short, long = sorted((a.lower(), b.lower()), key=len)
    return long.startswith(short) and long[len(short):] in ("s", "es", "n", "ns", "an", "ans", "ese", "i", "ia")


def _form_terms(df: pd.DataFrame, *, text_col: str, group_col: str, max_heads: int,
                forms: pd.DataFrame | None = None, id_col: str = "article_id") -> list[dict]:
    if forms is not None and id_col in df.columns and df[id_col].is_unique:
        # the mentions in the order name_forms gives with rows numbered as in ``df``
        row = pd.Series(range(len(df)), index=df[id_col].to_numpy())
        forms = (forms.assign(_row=forms[id_col].map(row).to_numpy())
                 .sort_values(["head", group_col, "_row", "start"], kind="stable"))
    else:
        frame = df[[text_col, group_col]].assign(_row=range(len(df)))
        forms = name_forms(frame, None, text_col=text_col, group_col=group_col, id_col="_row")
    if forms.empty:
        return []
    # each outlet's most frequent form of each head (the first seen among equally frequent ones)
    uses: dict[tuple[str, str], Counter] = {}
    for head, group, form in zip(forms["head"], forms[group_col], forms["form"], strict=True):
        uses.setdefault((head, group), Counter())[form] += 1
    top: dict[str, set[str]] = {}
    for (head, _group), counts in uses.items():
        top.setdefault(head, set()).add(max(counts, key=counts.get))
    differing = [head for head, tops in top.items() if len(tops) > 1]
    heads = forms[forms["head"].isin(differing)]["head"].value_counts()
    rows = []
    for head in heads.index[:max_heads]:
        for form in sorted(top[head]):
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
    lows = [t.lower() for t in texts]
    spans: dict[int, list[tuple[int, int]]] = {}  # split only the texts an example comes from
    rows = []
    for concept, forms in variants.items():
        if isinstance(forms, str):
            forms = [forms]
        ordered = sorted(forms, key=len, reverse=True)
        finder = PhraseFinder(ordered, group_prefix="v")
        counts = {v: Counter() for v in forms}
        examples: dict[tuple[str, str], str] = {}
        for k, (text, g, low) in enumerate(zip(texts, keys, lows, strict=True)):
            for m in finder.finditer(text, low):
                v = ordered[int(m.lastgroup[1:])]
                counts[v][g] += 1
                if (v, g) not in examples:
                    if k not in spans:
                        spans[k] = _sentences_of(text)
                    sent = next((text[s:e] for s, e in spans[k] if s <= m.start() < e), "")
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
