"""Quantities in sentences, and outlets that give different figures for the same fact.

Quantities with their unit ("four hours", "more than 6,000 lives", "$10,000", "45 percent") are
read with their hedges ("more than", "about", "up to") as intervals. Unit words, number words
and hedges are data: ``analysis/lexicons/units.csv``, ``number_words.csv`` and ``hedges.csv``.
A unit word written with a capital inside a sentence is a name, not a unit ("60 Minutes",
"Fahrenheit 9/11"), and a number after a month name is a date.

Two outlets *disagree* only when two of their sentences report the same fact (the pair model of
:mod:`.matching` scores them at least ``partly shared``) and give non-overlapping intervals for the
same unit; output is bounded to the ``top_n`` most similar pairs.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import lexicons
from analysis.validate import require_columns

from .features import pair_features, text_pair_features, unit_index

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9}
_YEAR_RE = re.compile(r"^(1[89]\d\d|20\d\d)$")
_CURRENCY = {"$": "dollar", "\u20ac": "euro", "\u00a3": "pound"}


@lru_cache(maxsize=1)
def _tables():
    words = lexicons.load("number_words")
    number_words = {w.lower(): float(v) for w, v in zip(words["word"], words["value"], strict=True)}
    vague = frozenset(w.lower() for w, k in zip(words["word"], words["kind"], strict=True) if k == "vague")
    units = lexicons.load("units")
    unit_rows = sorted(zip(units["prefix"], units["unit"], units["unit_class"], strict=True),
                       key=lambda r: -len(r[0]))
    hedges = lexicons.load("hedges")
    hedge_map = {p.lower(): r for p, r in zip(hedges["phrase"], hedges["reading"], strict=True)}
    hedge_re = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in sorted(hedge_map, key=len, reverse=True))
    word_re = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(number_words, key=len, reverse=True))
    pattern = re.compile(
        rf"""(?P<mod>\b(?:{hedge_re})\s+)?
            (?P<cur>[$\u20ac\u00a3])?
            (?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|\b(?:{word_re})\b)
            (?:\s*(?P<scale>thousand|million|billion|trillion|bn)\b)?
            (?:\s*(?P<pct>%|percent\b|per\s+cent\b))?
            (?:[\s-]+(?P<unit>[A-Za-z]+))?""",
        re.I | re.X,
    )
    return number_words, unit_rows, hedge_map, pattern, vague


_DIGIT_RE = re.compile(r"\d")
_WORD_RE = re.compile(r"\w+")
#: the characters besides ASCII letters that re.IGNORECASE matches to an ASCII letter (capital I
#: with dot, dotless i, long s, Kelvin sign)
_ASCII_FOLDS_RE = re.compile("[\u0130\u0131\u017f\u212a]")
_ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _low(text: str) -> str:
    """Lower case as the pattern reads case: the characters it takes for ASCII letters become
    them ('\u017fix' -> 'six'), so a matched number word, hedge or scale is found in the tables."""
    return text.translate(_ASCII_FOLDS).lower()


@lru_cache(maxsize=1)
def _number_word_ends() -> frozenset[str]:
    """The last word of each number word ("a dozen" -> "dozen"), lower-cased."""
    return frozenset(w.split()[-1] for w in _tables()[0])


def _may_hold_number(text: str) -> bool:
    """False only when ``text`` cannot hold a quantity: no digit and no number word. A number
    word matches between word boundaries, so its last word is a whole word of the text; a text
    with a character that ignoring case reads as an ASCII letter is always scanned."""
    if _DIGIT_RE.search(text) or _ASCII_FOLDS_RE.search(text):
        return True
    return not _number_word_ends().isdisjoint(_WORD_RE.findall(text.lower()))


@lru_cache(maxsize=1)
def _unit_prefixes() -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    """The unit prefixes as one alternation in the order :func:`_unit` tries them (longest
    first), and each prefix's (unit, unit class), the first listed for a prefix."""
    rows = _tables()[1]
    found: dict[str, tuple[str, str]] = {}
    for prefix, unit, cls in rows:
        found.setdefault(prefix, (unit, cls))
    return re.compile("|".join(re.escape(prefix) for prefix, _, _ in rows)), found


def _unit(word: str, sentence_start: bool) -> tuple[str, str] | None:
    if not word or (word[:1].isupper() and not sentence_start):
        return None  # "60 Minutes": a title, not a duration
    # the first prefix, longest first, that starts the word (one alternation, tried in order)
    pattern, units = _unit_prefixes()
    m = pattern.match(word.lower())
    return units[m.group()] if m else None


def _interval(value: float, reading: str) -> tuple[float, float]:
    if reading == "at least":
        return value, float("inf")
    if reading == "at most":
        return 0.0, value
    if reading == "about":
        return value * 0.9, value * 1.1
    if reading == "vague":
        return value / 2, value * 5
    return value, value


def _read(m: re.Match, text: str) -> dict | None:
    number_words, _, hedge_map, _, vague = _tables()
    raw = m.group("num")
    key = re.sub(r"\s+", " ", _low(raw))
    if key in number_words:
        value = number_words[key]
        if key in vague and not m.group("mod"):  # "hundreds of", "thousands": an order of magnitude
            return _finish(m, text, value, "vague")
    else:
        value = float(raw.replace(",", ""))
        if _YEAR_RE.match(raw) and not m.group("unit") and not m.group("pct"):
            return None
    reading = hedge_map.get(re.sub(r"\s+", " ", _low((m.group("mod") or "").strip())), "")
    return _finish(m, text, value, reading)


def _finish(m: re.Match, text: str, value: float, reading: str) -> dict | None:
    before = text[max(0, m.start("num") - 5) : m.start("num")].strip().lower().rstrip(".")
    if before.split()[-1:] and before.split()[-1] in lexicons.MONTHS:
        return None  # "May 12": a date
    if m.group("scale"):
        value *= _SCALES[_low(m.group("scale"))]
    if m.group("pct"):
        unit, cls, end = "percent", "percent", m.end("pct")
    elif m.group("cur"):
        unit, cls = _CURRENCY.get(m.group("cur"), m.group("cur")), "money"
        end = m.end("scale") if m.group("scale") else m.end("num")
    else:
        found = _unit(m.group("unit") or "", sentence_start=False)
        if found is None:
            return None
        (unit, cls), end = found, m.end("unit")
    low, high = _interval(value, reading)
    return {"surface": text[m.start() : end].strip(), "value": value, "low": low, "high": high,
            "modifier": reading, "unit": unit, "unit_class": cls, "offset": m.start(), "end_offset": end}


#: each text's quantities (:func:`_quantities`): the ``numbers`` table and each event's dashboard
#: read the same sentences, in one process the second finds them here
_QUANTITIES: dict[str, tuple] = {}
_QUANTITIES_SIZE = 50_000  # texts kept at most (cleared when full): memory stays bounded


def _quantities(text: str, pattern: re.Pattern) -> tuple:
    """``(quantity, start, end)`` of each quantity with a unit in ``text`` (offsets into it), in order."""
    if not _may_hold_number(text):  # most sentences: one quick look instead of the full pattern
        return ()
    found = []
    for m in pattern.finditer(text):
        q = _read(m, text)
        if q is None:
            continue
        start, end = q.pop("offset"), q.pop("end_offset")
        found.append((q, start, end))
    return tuple(found)


def extract_numbers(units: pd.DataFrame, *, text_col: str = "text", id_cols=("article_id", "sent_id"),
                    start_col: str = "start") -> pd.DataFrame:
    """Quantities with units in each unit's text.

    One row per quantity: the ``id_cols``, ``surface`` (as written), ``value``, ``low``,
    ``high`` (the interval the hedge allows: "more than eight" -> [8, inf); "about 40" ->
    [36, 44]), ``modifier``, ``unit`` (normalised: "hour", "life", "dollar", "percent"),
    ``unit_class`` (duration, people, money, percent, distance, area, mass), ``start``, ``end``
    (offsets into the article text when ``start_col`` is present, else into the unit) and
    ``sentence``. Years, dates, titles and numbers without a recognised unit are left out.
    """
    require_columns(units, [text_col, *id_cols], "units")
    pattern = _tables()[3]
    has_start = start_col in units.columns
    rows = []
    ids = list(zip(*(units[c].tolist() for c in id_cols), strict=True)) if id_cols else [()] * len(units)
    bases = units[start_col].tolist() if has_start else [0] * len(units)
    memo = _QUANTITIES
    for raw, key, base in zip(units[text_col].tolist(), ids, bases, strict=True):
        text = str(raw)
        found = memo.get(text)
        if found is None:
            found = _quantities(text, pattern)
            if len(memo) >= _QUANTITIES_SIZE:
                memo.clear()
            memo[text] = found
        if not found:
            continue
        base = int(base)
        for q, start, end in found:
            rows.append({**dict(zip(id_cols, key, strict=True)), **q, "start": base + start, "end": base + end,
                         "sentence": text})
    columns = [*id_cols, "surface", "value", "low", "high", "modifier", "unit", "unit_class", "start", "end",
               "sentence"]
    return pd.DataFrame(rows, columns=columns)


DISCREPANCY_COLUMNS = ["event", "unit", "unit_class", "outlet_a", "article_a", "surface_a", "sentence_a",
                       "outlet_b", "article_b", "surface_b", "sentence_b", "context_similarity", "relation"]


#: Words either side of a quantity that describe what it counts ("fires *in California*").
CONTEXT_WORDS = 3


def _context(sentence: str, surface: str) -> frozenset[str]:
    """Stems of up to :data:`CONTEXT_WORDS` content words either side of ``surface`` in ``sentence``."""
    from .features import stem_tokens

    pos = sentence.find(surface)
    if pos < 0:
        return frozenset()
    before = stem_tokens(sentence[:pos])[-CONTEXT_WORDS:]
    after = stem_tokens(sentence[pos + len(surface) :])[:CONTEXT_WORDS]
    return frozenset(before + after)


_YEARS_RE = re.compile(r"\b(?:1[89]\d\d|20\d\d)\b")


def _years(text: str) -> frozenset[str]:
    return frozenset(_YEARS_RE.findall(str(text)))


def _candidate_pairs(df: pd.DataFrame) -> pd.DataFrame:
    """Each number sentence's best match in every other outlet with a quantity of the same unit
    in the same event (blocked alignment, so large events are not compared all-pairs)."""
    sents = df.drop_duplicates(["event", "unit", "article_id", "sentence"]).copy()
    sents["key"] = sents["event"].astype(str) + "\x1f" + sents["unit"] + "\x1f" + sents["article_id"].astype(str)
    sents["sid"] = np.arange(len(sents))
    pairs = pd.DataFrame(np.sort(_best_matches(sents), axis=1), columns=["a", "b"]).drop_duplicates()
    return pairs.merge(sents.add_suffix("_a"), left_on="a", right_on="sid_a").merge(
        sents.add_suffix("_b"), left_on="b", right_on="sid_b")


#: each block's best matches, keyed by the model, the block's sentences in order and their
#: outlets: the figures of a block depend on nothing else, and the ``discrepancies`` table and
#: each event's dashboard score the same blocks (the second finds them here, in one process)
_BLOCK_MATCHES: dict = {}
_BLOCK_MEMO_SIZE = 5_000  # blocks kept at most (cleared when full)


def _best_matches(sents: pd.DataFrame) -> np.ndarray:
    """``(sid, match sid)`` of every number sentence and its best match in each other outlet of
    its block (event and unit), one row per pair in :func:`.matching.align`'s order: the pairs
    ``align`` finds when each block is an event and each ``key`` an article.

    A block is a few sentences (a median of 6 on a real corpus), so instead of one ``align``
    call per block, which pays for finding candidates and for building frames, every pair of
    sentences from different outlets is scored exactly, with the embeddings of all blocks
    computed in one call: ``align`` finds the same best matches (ties to the earlier sentence)
    among its candidates, which hold every pair within rounding of the best. A block with an
    outlet past :data:`.matching.EXHAUSTIVE` sentences, where ``align`` keeps only each
    sentence's nearest neighbours there, is aligned by ``align`` itself."""
    from analysis.embed import embed

    from .matching import EXHAUSTIVE, align, model, score_pairs

    model_id = id(model())
    keys, sids = sents["key"].tolist(), sents["sid"].tolist()
    texts, outlets = sents["sentence"].tolist(), sents["outlet"].tolist()
    blocks: dict[str, list[int]] = {}
    for pos, (key, text) in enumerate(zip(keys, texts, strict=True)):
        if str(text).strip():  # align leaves out blank units
            blocks.setdefault(key.rsplit("\x1f", 1)[0], []).append(pos)
    found, large = [], []
    vectors = None
    for block, members in blocks.items():
        names = sorted(set(outlets[p] for p in members))
        if len(names) < 2:
            continue
        sizes = [sum(outlets[p] == name for p in members) for name in names]
        if max(sizes) > EXHAUSTIVE:
            large.extend(members)
            continue
        rows = sorted(members, key=lambda p: (outlets[p], keys[p], sids[p]))
        code = np.array([names.index(outlets[p]) for p in rows])
        memo_key = (model_id, tuple(texts[p] for p in rows), code.tobytes())
        best = _BLOCK_MATCHES.get(memo_key)
        if best is None:
            if vectors is None:
                vectors = embed(texts)
            index = unit_index([texts[p] for p in rows], embeddings=vectors[rows])
            i, j = np.nonzero(code[:, None] != code[None, :])
            similarity = score_pairs(pair_features(index, i, j))
            # best pair per (sentence, other outlet); ties go to the earlier sentence (as align)
            order = np.lexsort((j, -similarity, code[j], i))
            i_s, o_s = i[order], code[j][order]
            first = order[np.r_[True, (i_s[1:] != i_s[:-1]) | (o_s[1:] != o_s[:-1])]]
            best = (i[first].tolist(), j[first].tolist())
            if len(_BLOCK_MATCHES) >= _BLOCK_MEMO_SIZE:
                _BLOCK_MATCHES.clear()
            _BLOCK_MATCHES[memo_key] = best
        for a, b in zip(*best, strict=True):
            left, right = rows[a], rows[b]
            found.append((block, outlets[left], keys[left], sids[left], outlets[right], sids[right]))
    if large:
        part = sents.iloc[large]
        arts = part.drop_duplicates("key")[["key", "outlet"]]
        arts = pd.DataFrame({"article_id": arts["key"], "outlet": arts["outlet"],
                             "event": arts["key"].str.rsplit("\x1f", n=1).str[0]})
        al = align(part[["key", "sid", "sentence"]].rename(columns={"key": "article_id", "sentence": "text"}),
                   arts, unit_col="sid")
        found.extend(zip(al["event"], al["outlet"], al["article_id"], al["sid"].tolist(), al["other_outlet"],
                         al["match_sid"].tolist(), strict=True))
    found.sort(key=lambda r: r[:5])  # align's order: event, outlet, article, unit, other outlet
    return np.array([(r[3], r[5]) for r in found], dtype=np.int64).reshape(-1, 2)


def number_discrepancies(numbers: pd.DataFrame, articles: pd.DataFrame, *, min_similarity: float | None = None,
                         top_n: int = 50) -> pd.DataFrame:
    """Figures that disagree between outlets reporting the same fact ("four hours" vs "more
    than eight hours").

    ``numbers`` is :func:`extract_numbers`. Candidate pairs: each sentence with a quantity and
    its best match (blocked alignment) among sentences of every other outlet with a quantity of
    the same unit in the same event; kept when the pair model scores the two sentences at least
    ``min_similarity`` (default: the model's *same claim* threshold), scored as if their figures
    agreed, no quantity of that unit in one overlaps one in the other, the two do not name
    different years ("by 2050" / "by 2025": different targets, not a contradiction), and the
    two quantities share a content word among the :data:`CONTEXT_WORDS` words either side
    ("talks *lasted* four hours" / "the talks *lasted* more than eight hours"), a sign they count
    the same thing. One row per
    disagreeing sentence pair and unit, the ``top_n`` most similar first: ``event, unit,
    unit_class, outlet_a, article_a, surface_a, sentence_a, outlet_b, article_b, surface_b,
    sentence_b, context_similarity`` (model probability), ``relation``. A flag to check, not a
    verdict.
    """
    from .matching import model, relation, score_pairs

    thresholds = model()["thresholds"]
    threshold = thresholds.get("same_claim", thresholds["shared"]) if min_similarity is None else min_similarity
    if numbers.empty:
        return pd.DataFrame(columns=DISCREPANCY_COLUMNS)
    df = numbers.merge(articles[["article_id", "outlet", "event"]], on="article_id")
    df = df[df.groupby(["event", "unit"])["outlet"].transform("nunique") >= 2]
    if df.empty:
        return pd.DataFrame(columns=DISCREPANCY_COLUMNS)
    # each row gets the lists of every quantity of its sentence (event, unit, article, sentence)
    sentence_keys = ["event", "unit", "article_id", "sentence"]
    df = df.dropna(subset=sentence_keys)
    keys = list(zip(*(df[c].tolist() for c in sentence_keys), strict=True))
    sentences, surfaces = df["sentence"].tolist(), df["surface"].tolist()
    context = [_context(str(t), str(q)) for t, q in zip(sentences, surfaces, strict=True)]
    lists: dict = {}
    for key, *values in zip(keys, df["low"].tolist(), df["high"].tolist(), surfaces, context, strict=True):
        for into, value in zip(lists.setdefault(key, ([], [], [], [])), values, strict=True):
            into.append(value)
    df = df.drop(columns=["low", "high", "surface"]).reset_index(drop=True)
    for k, col in enumerate(("low", "high", "surface", "context")):
        df[col] = [lists[key][k] for key in keys]
    pairs = _candidate_pairs(df)
    pairs = pairs[pairs["outlet_a"] != pairs["outlet_b"]]
    disjoint = [not any(la <= hb and lb <= ha for la, ha in zip(low_a, high_a, strict=True)
                        for lb, hb in zip(low_b, high_b, strict=True))
                for low_a, high_a, low_b, high_b in zip(*(pairs[c].tolist() for c in ("low_a", "high_a", "low_b",
                                                                                      "high_b")), strict=True)]
    # sentences about different years ("by 2050" / "by 2025") report different facts
    years: dict = {}  # a sentence is in many pairs: its years are read once
    of = [[years[t] if t in years else years.setdefault(t, _years(t)) for t in pairs[c].tolist()]
          for c in ("sentence_a", "sentence_b")]
    other_years = [bool(ya) and bool(yb) and not (ya & yb) for ya, yb in zip(*of, strict=True)]
    # the figures must count the same thing: some word next to them in common
    same_thing = [any(ca & cb for ca in context_a for cb in context_b) for context_a, context_b in
                  zip(pairs["context_a"].tolist(), pairs["context_b"].tolist(), strict=True)]
    keep = np.asarray(disjoint, dtype=bool) & ~np.asarray(other_years, dtype=bool) & np.asarray(same_thing, dtype=bool)
    pairs = pairs[keep] if len(pairs) else pairs
    if pairs.empty:
        return pd.DataFrame(columns=DISCREPANCY_COLUMNS)
    swap = (pairs["outlet_a"] > pairs["outlet_b"]).to_numpy()
    out = pd.DataFrame({"event": pairs["event_a"].to_numpy(), "unit": pairs["unit_a"].to_numpy(),
                        "unit_class": pairs["unit_class_a"].to_numpy()})
    for side, other in (("a", "b"), ("b", "a")):
        for col in ("outlet", "article_id", "surface", "sentence"):
            values = np.where(swap, pairs[f"{col}_{other}"].to_numpy(dtype=object),
                              pairs[f"{col}_{side}"].to_numpy(dtype=object))
            name = {"article_id": "article"}.get(col, col)
            out[f"{name}_{side}"] = ["; ".join(v) if isinstance(v, list) else v for v in values]
    feats = text_pair_features(out["sentence_a"], out["sentence_b"])
    # Score the pair as if its figures agreed: the question is whether the two sentences report
    # the same fact, and differing figures must not count against that.
    feats["shared_numbers"] = feats["shared_numbers"].clip(lower=1)
    out["context_similarity"] = np.round(score_pairs(feats), 4)
    out["relation"] = relation(out["context_similarity"])
    out = out[out["context_similarity"] >= threshold]
    out = out.sort_values(["context_similarity", "event", "article_a", "article_b"],
                          ascending=[False, True, True, True], kind="stable").head(top_n)
    return out.reset_index(drop=True)[DISCREPANCY_COLUMNS]
