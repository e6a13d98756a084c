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

from .features import text_pair_features

_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9}
_YEAR_RE = re.compile(r"^(1[89]\d\d|20\d\d)$")
_CURRENCY = {"$": "dollar", "\u20ac": "euro", "\u00a3": "pound"}


@lru_cache(maxsize=1)
def _tables():
    words = lexicons.load("number_words")
    number_words = {w.lower(): float(v) for w, v in zip(words["word"], words["value"], strict=True)}
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
    return number_words, unit_rows, hedge_map, pattern


def _unit(word: str, sentence_start: bool) -> tuple[str, str] | None:
    if not word or (word[:1].isupper() and not sentence_start):
        return None  # "60 Minutes": a title, not a duration
    low = word.lower()
    for prefix, unit, cls in _tables()[1]:
        if low.startswith(prefix):
            return unit, cls
    return None


def _interval(value: float, reading: str) -> tuple[float, float]:
    if reading == "at least":
        return value, float("inf")
    if reading == "at most":
        return 0.0, value
    if reading == "about":
        return value * 0.9, value * 1.1
    return value, value


def _read(m: re.Match, text: str) -> dict | None:
    number_words, _, hedge_map, _ = _tables()
    raw = m.group("num")
    key = re.sub(r"\s+", " ", raw.lower())
    if key in number_words:
        value = number_words[key]
    else:
        value = float(raw.replace(",", ""))
        if _YEAR_RE.match(raw) and not m.group("unit") and not m.group("pct"):
            return None
    before = text[max(0, m.start("num") - 5) : m.start("num")].strip().lower().rstrip(".")
    if before.split()[-1:] and before.split()[-1] in lexicons.MONTHS:
        return None  # "May 12": a date
    if m.group("scale"):
        value *= _SCALES[m.group("scale").lower()]
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
    reading = hedge_map.get(re.sub(r"\s+", " ", (m.group("mod") or "").strip().lower()), "")
    low, high = _interval(value, reading)
    return {"surface": text[m.start() : end].strip(), "value": value, "low": low, "high": high,
            "modifier": reading, "unit": unit, "unit_class": cls, "offset": m.start(), "end_offset": end}


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
    for rec in units.itertuples(index=False):
        text = str(getattr(rec, text_col))
        base = int(getattr(rec, start_col)) if has_start else 0
        for m in pattern.finditer(text):
            q = _read(m, text)
            if q is None:
                continue
            start, end = q.pop("offset"), q.pop("end_offset")
            rows.append({**{c: getattr(rec, c) for c in id_cols}, **q, "start": base + start, "end": base + end,
                         "sentence": text})
    columns = [*id_cols, "surface", "value", "low", "high", "modifier", "unit", "unit_class", "start", "end",
               "sentence"]
    return pd.DataFrame(rows, columns=columns)


DISCREPANCY_COLUMNS = ["event", "unit", "unit_class", "outlet_a", "article_a", "surface_a", "sentence_a",
                       "outlet_b", "article_b", "surface_b", "sentence_b", "context_similarity", "relation"]


def number_discrepancies(numbers: pd.DataFrame, articles: pd.DataFrame, *, min_similarity: float | None = None,
                         top_n: int = 50) -> pd.DataFrame:
    """Figures that disagree between outlets reporting the same fact ("four hours" vs "more
    than eight hours").

    ``numbers`` is :func:`extract_numbers`. Candidate pairs: sentences with a quantity of the
    same unit, in the same event, from different outlets; kept when the pair model scores the
    two sentences at least ``min_similarity`` (default: the *partly shared* threshold) and no
    quantity of that unit in one sentence overlaps one in the other. One row per disagreeing
    sentence pair and unit, the ``top_n`` most similar first: ``event, unit, unit_class,
    outlet_a, article_a, surface_a, sentence_a, outlet_b, article_b, surface_b, sentence_b,
    context_similarity`` (model probability), ``relation``. A flag to check, not a verdict.
    """
    from .matching import model, relation, score_pairs

    threshold = model()["thresholds"]["partly"] if min_similarity is None else min_similarity
    if numbers.empty:
        return pd.DataFrame(columns=DISCREPANCY_COLUMNS)
    df = numbers.merge(articles[["article_id", "outlet", "event"]], on="article_id")
    cand = []
    for (event, unit), group in df.groupby(["event", "unit"], sort=True):
        if group["outlet"].nunique() < 2:
            continue
        sents = group.groupby(["outlet", "article_id", "sentence"], sort=True).agg(
            low=("low", list), high=("high", list), surface=("surface", list), unit_class=("unit_class", "first")
        ).reset_index().to_dict("records")
        for i, a in enumerate(sents):
            for b in sents[i + 1 :]:
                if a["outlet"] == b["outlet"]:
                    continue
                overlap = any(la <= hb and lb <= ha for la, ha in zip(a["low"], a["high"], strict=True)
                              for lb, hb in zip(b["low"], b["high"], strict=True))
                if not overlap:
                    first, second = sorted((a, b), key=lambda r: r["outlet"])
                    cand.append({"event": event, "unit": unit, "unit_class": a["unit_class"],
                                 "outlet_a": first["outlet"], "article_a": first["article_id"],
                                 "surface_a": "; ".join(first["surface"]), "sentence_a": first["sentence"],
                                 "outlet_b": second["outlet"], "article_b": second["article_id"],
                                 "surface_b": "; ".join(second["surface"]), "sentence_b": second["sentence"]})
    if not cand:
        return pd.DataFrame(columns=DISCREPANCY_COLUMNS)
    out = pd.DataFrame(cand)
    feats = text_pair_features(out["sentence_a"], out["sentence_b"])
    # Score the pair as if its figures agreed: the question is whether the two sentences report
    # the same fact, and differing figures must not count against that.
    feats["shared_numbers"] = feats["shared_numbers"].clip(lower=1)
    out["context_similarity"] = np.round(score_pairs(feats), 4)
    out["relation"] = relation(out["context_similarity"])
    out = out[out["context_similarity"] >= threshold]
    out = out.sort_values(["context_similarity", "event"], ascending=[False, True], kind="stable").head(top_n)
    return out.reset_index(drop=True)[DISCREPANCY_COLUMNS]
