"""Compare outlets' accounts of one event: shared vs unique content, and numbers that disagree.

Alignment: each sentence (or paragraph) is represented by TF-IDF weights of its Porter-stemmed
content words (Salton & Buckley 1988; Porter 1980), fitted per event, and matched to its most
similar unit in every other outlet covering that event by cosine similarity. A unit is *shared*
with another outlet when that similarity reaches :data:`DEFAULT_THRESHOLD`; a unit shared with no
other outlet is *unique* to its outlet (an omission by the others).

Numbers: quantities with their unit ("four hours", "more than 6,000 lives", "$10,000") are read
with their hedges ("more than", "about", "at least") as intervals; two outlets *disagree* when they
give non-overlapping intervals for the same unit in the same event.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import lexicons
from analysis.text import STOPWORDS, tokenize
from analysis.validate import require_columns

#: Cosine similarity at or above which two units count as reporting the same content.
#: Chosen with ``scripts/validate_alignment.py``: on the seeds' hand-aligned sentence pairs
#: (tests/gold/alignment_seeds.csv) and against sentences from unrelated news (the NFC climate
#: articles), see the README for the measured precision, recall and false-match rate.
DEFAULT_THRESHOLD = 0.25
#: A match must also share at least this many content-word stems: one shared word between two
#: short sentences ("This is what this visit is about.") can reach a high cosine by itself.
MIN_SHARED_TERMS = 2


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.porter import PorterStemmer

    return PorterStemmer()


def stem_tokens(text: str) -> list[str]:
    """Lower-cased, Porter-stemmed content words (stop words and bare numbers dropped)."""
    stem = _stemmer().stem
    return [stem(t) for t in tokenize(text) if t not in STOPWORDS and not t[:1].isdigit() and len(t) > 1]


def _vectorize(texts: list[str]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(
        tokenizer=stem_tokens, lowercase=False, token_pattern=None, sublinear_tf=True, norm="l2"
    )
    try:
        return vec.fit_transform(texts)
    except ValueError:  # every text empty after stop words
        from scipy.sparse import csr_matrix

        return csr_matrix((len(texts), 1))


def align(
    units: pd.DataFrame,
    articles: pd.DataFrame,
    *,
    unit_col: str = "sent_id",
    text_col: str = "text",
    threshold: float = DEFAULT_THRESHOLD,
    min_shared_terms: int = MIN_SHARED_TERMS,
) -> pd.DataFrame:
    """Best match of every unit in every other outlet covering the same event.

    ``units`` is ``corpus.sentences`` (``unit_col="sent_id"``) or ``corpus.paragraphs``
    (``unit_col="para_id"``); ``articles`` gives outlet and event. One row per
    (unit, other outlet): ``event, outlet, article_id, <unit_col>, text, other_outlet,
    match_article_id, match_<unit_col>, match_text, similarity, shared_terms, shared``
    (``shared``: similarity >= ``threshold`` and >= ``min_shared_terms`` stems in common). Events covered by a
    single outlet produce no rows (there is nothing to compare with).
    """
    require_columns(units, ["article_id", unit_col, text_col], "units")
    require_columns(articles, ["article_id", "outlet", "event"], "articles")
    df = units[["article_id", unit_col, text_col]].merge(
        articles[["article_id", "outlet", "event"]], on="article_id", how="inner"
    )
    rows = []
    for event, group in df.groupby("event", sort=True):
        outlets = sorted(group["outlet"].unique())
        if len(outlets) < 2:
            continue
        group = group.reset_index(drop=True)
        vectors = _vectorize(group[text_col].tolist())
        sim = (vectors @ vectors.T).toarray()
        present = (vectors > 0).astype(np.int32)
        overlap = (present @ present.T).toarray()
        outlet_arr = group["outlet"].to_numpy()
        for other in outlets:
            cols = np.flatnonzero(outlet_arr == other)
            rows_idx = np.flatnonzero(outlet_arr != other)
            if len(cols) == 0 or len(rows_idx) == 0:
                continue
            block = sim[np.ix_(rows_idx, cols)]
            best = block.argmax(axis=1)
            best_sim = block[np.arange(len(rows_idx)), best]
            best_overlap = overlap[rows_idx, cols[best]]
            left = group.iloc[rows_idx].reset_index(drop=True)
            right = group.iloc[cols[best]].reset_index(drop=True)
            rows.append(
                pd.DataFrame(
                    {
                        "event": event,
                        "outlet": left["outlet"],
                        "article_id": left["article_id"],
                        unit_col: left[unit_col],
                        "text": left[text_col],
                        "other_outlet": other,
                        "match_article_id": right["article_id"],
                        f"match_{unit_col}": right[unit_col],
                        "match_text": right[text_col],
                        "similarity": best_sim.round(4),
                        "shared_terms": best_overlap,
                    }
                )
            )
    columns = [
        "event", "outlet", "article_id", unit_col, "text", "other_outlet",
        "match_article_id", f"match_{unit_col}", "match_text", "similarity", "shared_terms",
    ]
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=columns)
    out["similarity"] = out["similarity"].astype(float)
    out["shared"] = (out["similarity"] >= threshold) & (out["shared_terms"] >= min_shared_terms)
    return out.sort_values(["event", "outlet", "article_id", unit_col, "other_outlet"], ignore_index=True)


def similarity_grid(units: pd.DataFrame, article_a: str, article_b: str, *, unit_col: str = "sent_id",
                    text_col: str = "text") -> pd.DataFrame:
    """Cosine similarity of every unit of ``article_a`` with every unit of ``article_b``
    (long format: ``unit_a, unit_b, similarity, shared_terms``), TF-IDF fitted on the two articles."""
    a = units[units["article_id"] == article_a].sort_values(unit_col)
    b = units[units["article_id"] == article_b].sort_values(unit_col)
    if a.empty or b.empty:
        raise ValueError(f"no units for article {article_a if a.empty else article_b!r}")
    m = _vectorize(pd.concat([a[text_col], b[text_col]]).tolist())
    sim = (m[: len(a)] @ m[len(a) :].T).toarray()
    present = (m > 0).astype(np.int32)
    overlap = (present[: len(a)] @ present[len(a) :].T).toarray()
    unit_a = np.repeat(a[unit_col].to_numpy(), len(b))
    unit_b = np.tile(b[unit_col].to_numpy(), len(a))
    return pd.DataFrame(
        {"unit_a": unit_a, "unit_b": unit_b, "similarity": sim.ravel().round(4), "shared_terms": overlap.ravel()}
    )


def coverage_overlap(alignment: pd.DataFrame) -> pd.DataFrame:
    """One row per (event, outlet, other_outlet): share of the outlet's units that have a
    match in the other outlet (``shared_share``), with counts. Not symmetric."""
    if alignment.empty:
        return pd.DataFrame(columns=["event", "outlet", "other_outlet", "units", "shared", "shared_share"])
    out = (
        alignment.groupby(["event", "outlet", "other_outlet"])
        .agg(units=("shared", "size"), shared=("shared", "sum"))
        .reset_index()
    )
    out["shared_share"] = (out["shared"] / out["units"]).round(4)
    return out


def unique_content(alignment: pd.DataFrame, *, unit_col: str = "sent_id") -> pd.DataFrame:
    """The omission table: units of each outlet that no other outlet covering the event shares.

    One row per unique unit: ``event, outlet, article_id, <unit_col>, text, best_similarity``
    (its closest match anywhere else, to show how far it is from being shared).
    """
    if alignment.empty:
        return pd.DataFrame(columns=["event", "outlet", "article_id", unit_col, "text", "best_similarity"])
    keys = ["event", "outlet", "article_id", unit_col, "text"]
    agg = alignment.groupby(keys, sort=True).agg(any_shared=("shared", "any"), best_similarity=("similarity", "max"))
    return agg[~agg["any_shared"]].drop(columns="any_shared").reset_index()


# ---------------------------------------------------------------------------------------
# Numbers and factual claims
# ---------------------------------------------------------------------------------------
_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "a hundred": 100, "dozen": 12, "a dozen": 12, "dozens": 24,
    "hundreds": 200, "thousands": 2000,
}
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "m": 1e6, "k": 1e3}
UNIT_CLASSES: dict[str, tuple[str, ...]] = {
    "duration": ("second", "minute", "hour", "day", "week", "month", "year", "decade"),
    "people": (
        "people", "person", "life", "lives", "civilian", "soldier", "troop", "death", "dead", "casualt",
        "refugee", "migrant", "child", "children", "resident", "protester", "worker", "member", "official",
        "victim", "fighter", "prisoner", "hostage", "student", "voter",
    ),
    "money": ("dollar", "euro", "rouble", "ruble", "pound", "lira", "yuan", "yen"),
    "percent": ("percent", "per cent", "%"),
    "distance": ("kilometre", "kilometer", "km", "mile", "metre", "meter"),
}
_MODIFIERS = [
    (r"more than|over|upwards of|in excess of|at least|no fewer than|no less than", "at least"),
    (r"less than|fewer than|under|up to|at most|no more than", "at most"),
    (r"about|around|roughly|approximately|some|nearly|almost|close to|an estimated|estimated", "about"),
]
_MOD_RE = "|".join(f"(?:{m})" for m, _ in _MODIFIERS).replace(" ", r"\s+")
_NUM_WORDS_RE = "|".join(sorted((w.replace(" ", r"\s+") for w in _WORD_NUMBERS), key=len, reverse=True))
_NUMBER_RE = re.compile(
    rf"""(?P<mod>\b(?:{_MOD_RE})\s+)?
        (?P<cur>[$\u20ac\u00a3])?
        (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:{_NUM_WORDS_RE})\b)
        (?:\s*(?P<scale>thousand|million|billion|trillion|bn)\b)?
        (?:\s*(?P<pct>%|percent\b|per\s+cent\b))?
        (?:[\s-]+(?P<unit>[A-Za-z]+))?""",
    re.I | re.X,
)
_YEAR_RE = re.compile(r"^(1[89]\d\d|20\d\d)$")
_MONTHS = tuple(sorted(lexicons.MONTHS, key=len, reverse=True))


def _unit_class(unit: str) -> str | None:
    u = unit.lower()
    for cls, stems in UNIT_CLASSES.items():
        if any(u.startswith(s) for s in stems):
            return cls
    return None


def _unit_key(unit: str) -> str:
    u = unit.lower()
    for stems in UNIT_CLASSES.values():
        for s in stems:
            if u.startswith(s):
                return {"lives": "life", "children": "child", "dead": "death"}.get(s, s)
    return u


def extract_numbers(units: pd.DataFrame, *, text_col: str = "text", id_cols=("article_id", "sent_id"),
                    start_col: str = "start") -> pd.DataFrame:
    """Quantities with units in each unit's text.

    One row per quantity: the ``id_cols``, ``surface`` (as written), ``value``, ``low``,
    ``high`` (the interval the hedge allows: "more than eight" -> [8, inf); "about 40" ->
    [36, 44]), ``modifier``, ``unit`` (normalised: "hour", "life", "dollar", "percent"),
    ``unit_class`` (duration, people, money, percent, distance), ``start``, ``end`` (offsets
    into the article text when ``start_col`` is present, else into the unit) and ``sentence``.
    Years, dates and numbers without a recognised unit are left out.
    """
    require_columns(units, [text_col, *id_cols], "units")
    rows = []
    has_start = start_col in units.columns
    for rec in units.itertuples(index=False):
        text = getattr(rec, text_col)
        base = getattr(rec, start_col) if has_start else 0
        for m in _NUMBER_RE.finditer(text):
            raw_num = m.group("num")
            key = re.sub(r"\s+", " ", raw_num.lower())
            if key in _WORD_NUMBERS:
                value = float(_WORD_NUMBERS[key])
            else:
                value = float(raw_num.replace(",", ""))
                if _YEAR_RE.match(raw_num) and not m.group("unit"):
                    continue
            if m.group("scale"):
                value *= _SCALES[m.group("scale").lower()]
            unit_word = m.group("unit") or ""
            if m.group("pct"):
                unit, cls = "percent", "percent"
            elif m.group("cur"):
                unit, cls = "dollar" if m.group("cur") == "$" else m.group("cur"), "money"
            else:
                cls = _unit_class(unit_word) if unit_word else None
                if cls is None:
                    continue
                unit = _unit_key(unit_word)
            prev = text[max(0, m.start() - 4) : m.start()].lower()
            if any(prev.strip().endswith(mo) for mo in _MONTHS):  # "May 12": a date, not a count
                continue
            mod_text = (m.group("mod") or "").strip().lower()
            mod_text = re.sub(r"\s+", " ", mod_text)
            modifier = next((label for pat, label in _MODIFIERS if mod_text and re.fullmatch(pat, mod_text)), "")
            low, high = value, value
            if modifier == "at least":
                high = float("inf")
            elif modifier == "at most":
                low = 0.0
            elif modifier == "about":
                low, high = value * 0.9, value * 1.1
            if m.group("pct"):
                end = m.end("pct")
            elif m.group("cur"):
                end = m.end("scale") if m.group("scale") else m.end("num")
            else:
                end = m.end("unit")
            rows.append(
                {
                    **{c: getattr(rec, c) for c in id_cols},
                    "surface": text[m.start() : end].strip(),
                    "value": value,
                    "low": low,
                    "high": high,
                    "modifier": modifier,
                    "unit": unit,
                    "unit_class": cls,
                    "start": base + m.start(),
                    "end": base + end,
                    "sentence": text,
                }
            )
    columns = [*id_cols, "surface", "value", "low", "high", "modifier", "unit", "unit_class", "start", "end",
               "sentence"]
    return pd.DataFrame(rows, columns=columns)


def number_discrepancies(numbers: pd.DataFrame, articles: pd.DataFrame, *, min_similarity: float = 0.0
                         ) -> pd.DataFrame:
    """Quantities with the same unit, in the same event, from different outlets, whose
    intervals do not overlap ("four hours" vs "more than eight hours").

    One row per disagreeing pair: ``event, unit, outlet_a, surface_a, sentence_a, outlet_b,
    surface_b, sentence_b, context_similarity`` (TF-IDF cosine of the two sentences, so a
    reader can rank pairs that describe the same thing first). A flag to check, not a verdict:
    the two figures may measure different things.
    """
    cols = ["event", "unit", "outlet_a", "article_a", "surface_a", "sentence_a",
            "outlet_b", "article_b", "surface_b", "sentence_b", "context_similarity"]
    if numbers.empty:
        return pd.DataFrame(columns=cols)
    df = numbers.merge(articles[["article_id", "outlet", "event"]], on="article_id")
    rows = []
    for (event, unit), group in df.groupby(["event", "unit"], sort=True):
        if group["outlet"].nunique() < 2:
            continue
        recs = group.to_dict("records")
        for i, a in enumerate(recs):
            for b in recs[i + 1 :]:
                if a["outlet"] == b["outlet"]:
                    continue
                if a["high"] < b["low"] or b["high"] < a["low"]:
                    first, second = sorted((a, b), key=lambda r: r["outlet"])
                    rows.append(
                        {
                            "event": event, "unit": unit,
                            "outlet_a": first["outlet"], "article_a": first["article_id"],
                            "surface_a": first["surface"], "sentence_a": first["sentence"],
                            "outlet_b": second["outlet"], "article_b": second["article_id"],
                            "surface_b": second["surface"], "sentence_b": second["sentence"],
                        }
                    )
    out = pd.DataFrame(rows, columns=cols[:-1])
    if out.empty:
        return pd.DataFrame(columns=cols)
    sims = []
    for a, b in zip(out["sentence_a"], out["sentence_b"], strict=True):
        m = _vectorize([a, b])
        sims.append(float((m[0] @ m[1].T).toarray()[0, 0]))
    out["context_similarity"] = np.round(sims, 4)
    out = out[out["context_similarity"] >= min_similarity]
    return out.sort_values(["event", "context_similarity"], ascending=[True, False], ignore_index=True)


# ---------------------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------------------
def plot_coverage_overlap(overlap: pd.DataFrame):
    """Heatmap: share of each outlet's sentences (rows) that another outlet (columns) also
    reports, pooled over the events both cover. ``overlap`` is :func:`coverage_overlap`."""
    import matplotlib.pyplot as plt

    pooled = overlap.groupby(["outlet", "other_outlet"])[["units", "shared"]].sum()
    share = (pooled["shared"] / pooled["units"]).unstack()
    outlets = sorted(set(share.index) | set(share.columns))
    share = share.reindex(index=outlets, columns=outlets)
    fig, ax = plt.subplots(figsize=(4.5 + 1.2 * len(outlets), 2.5 + 0.8 * len(outlets)))
    im = ax.imshow(share.to_numpy(dtype=float) * 100, cmap="Blues", vmin=0, vmax=100)
    ax.set_xticks(range(len(outlets)), outlets, rotation=30, ha="right")
    ax.set_yticks(range(len(outlets)), outlets)
    ax.set_xlabel("... also reported by")
    ax.set_ylabel("sentences of")
    ax.grid(False)
    for i, row in enumerate(share.to_numpy(dtype=float)):
        for j, value in enumerate(row):
            if value == value:  # not NaN
                ax.text(j, i, f"{value:.0%}", ha="center", va="center", color="black" if value < 0.6 else "white")
    fig.colorbar(im, ax=ax, label="% of sentences with a match")
    return fig


def plot_shared_unique(alignment: pd.DataFrame, *, unit_col: str = "sent_id"):
    """Bars per outlet: sentences shared with at least one other outlet vs unique to it."""
    import matplotlib.pyplot as plt

    from analysis.figures import NEUTRAL_GREY, outlet_colors

    per_unit = alignment.groupby(["outlet", "article_id", unit_col])["shared"].any().reset_index()
    counts = per_unit.groupby("outlet")["shared"].agg(shared="sum", total="size")
    counts["unique"] = counts["total"] - counts["shared"]
    colors = outlet_colors(counts.index)
    fig, ax = plt.subplots(figsize=(8, 1.4 + 0.6 * len(counts)))
    y = range(len(counts))
    ax.barh(y, counts["shared"], color=[colors[o] for o in counts.index], label="shared with another outlet")
    ax.barh(y, counts["unique"], left=counts["shared"], color=NEUTRAL_GREY, alpha=0.35, label="only in this outlet")
    ax.set_yticks(list(y), counts.index)
    for i, (s, t) in enumerate(zip(counts["shared"], counts["total"], strict=True)):
        ax.text(t, i, f"  {s}/{t} shared", va="center", fontsize=9)
    ax.set_xlabel("sentences")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=2)
    ax.set_xlim(0, counts["total"].max() * 1.25)
    return fig


def grid_matches(grid: pd.DataFrame, *, threshold: float = DEFAULT_THRESHOLD,
                 min_shared_terms: int = MIN_SHARED_TERMS) -> pd.DataFrame:
    """Each row unit's best match in a :func:`similarity_grid`, kept when it passes the
    same rule as :func:`align` (threshold and shared stems)."""
    best = grid.loc[grid.groupby("unit_a")["similarity"].idxmax()]
    return best[(best["similarity"] >= threshold) & (best["shared_terms"] >= min_shared_terms)]


def plot_similarity_grid(grid: pd.DataFrame, *, label_a: str, label_b: str):
    """Sentence-by-sentence similarity of two articles (rows: article A in reading order),
    with each row's best match circled when it counts as shared (:func:`grid_matches`)."""
    import matplotlib.pyplot as plt

    mat = grid.pivot(index="unit_a", columns="unit_b", values="similarity")
    fig, ax = plt.subplots(figsize=(2 + 0.22 * mat.shape[1], 1.5 + 0.2 * mat.shape[0]))
    im = ax.imshow(mat.to_numpy(), cmap="Greys", vmin=0, vmax=max(0.5, float(mat.to_numpy().max())), aspect="auto")
    rows, cols = list(mat.index), list(mat.columns)
    for match in grid_matches(grid).itertuples():
        ax.plot(cols.index(match.unit_b), rows.index(match.unit_a), "o", mfc="none", mec="#D55E00", ms=9, mew=1.5)
    ax.set_xlabel(f"{label_b}: sentence in reading order")
    ax.set_ylabel(f"{label_a}: sentence in reading order")
    ax.grid(False)
    fig.colorbar(im, ax=ax, label="cosine similarity (TF-IDF)")
    return fig
