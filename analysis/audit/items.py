"""What can be audited: every unit the tool labelled, per measure, with the context a person needs.

:func:`audit_units` turns a corpus's tables into five *unit tables* (English articles only):

- ``quote``: one row per attribution (quotes table); measures ``quote_span``, ``quote_speaker``,
  ``source_type``, ``source_side``; weight = quoted words (share of voice is word-weighted);
- ``sentence``: one row per sentence that overlaps no extracted quote; measure ``quote_missed``
  (does it report what someone said all the same? yes / no), for the recall of quote extraction;
- ``mention``: one row per actor mention (:func:`analysis.sentiment.actor_mentions` on the
  corpus's cast, as notebook 02); measure ``mention_tone`` (negative / neutral / positive at the
  VADER cut-offs);
- ``frame``: one row per (article, generic frame); measure ``frame_presence`` (yes / no);
- ``pair``: one row per aligned sentence pair (a sentence and its best match in another outlet
  of the event); measure ``aligned_pair`` (same fact: yes / no).

Each unit table has ``unit_id`` (stable across runs), ``outlet``, ``event``, ``article_id``,
``stratum`` (the predicted class for stratified kinds, else "all"), ``weight``, ``context`` with
``span_start``/``span_end`` (offsets of the highlighted span into the context, -1 for none),
the fields the questions name, and one ``pred_<measure>`` column per measure.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

DATA = Path(__file__).resolve().parents[1] / "data" / "audit_questions.json"
KINDS = ("quote", "sentence", "mention", "frame", "pair")
MEASURES = {
    "quote": ("quote_span", "quote_speaker", "source_type", "source_side"),
    "sentence": ("quote_missed",),
    "mention": ("mention_tone",),
    "frame": ("frame_presence",),
    "pair": ("aligned_pair",),
}
#: kinds sampled within strata of the predicted class (rare positives still get judged)
STRATIFIED = {"frame", "pair"}
CONTEXT_CHARS = 1200
ARTICLE_CHARS = 8000


@lru_cache(maxsize=1)
def questions() -> dict:
    """The question texts and frame definitions (``analysis/data/audit_questions.json``)."""
    return json.loads(DATA.read_text(encoding="utf-8"))


def _window(text: str, start: int, end: int, lo: int, hi: int) -> tuple[str, int, int]:
    """``text[lo:hi]`` cut to about :data:`CONTEXT_CHARS` around ``[start, end)``; offsets relative."""
    spare = max(CONTEXT_CHARS - (end - start), 0) // 2
    if start - spare > lo:  # cut at a word boundary, not inside a word
        lo = start - spare
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    if end + spare < hi:
        hi = end + spare
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    return text[lo:hi], start - lo, end - lo


def quote_units(quotes: pd.DataFrame, articles: pd.DataFrame, paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per attribution with its paragraph(s) as context, the quote highlighted."""
    arts = articles.set_index("article_id")
    q = quotes[quotes["article_id"].isin(arts.index)].reset_index(drop=True)
    paras = paragraphs[paragraphs["article_id"].isin(set(q["article_id"]))]
    bounds = {a: (g["start"].to_numpy(), g["end"].to_numpy()) for a, g in paras.groupby("article_id")}
    rows = []
    for r in q.itertuples(index=False):
        text = arts.at[r.article_id, "text"]
        starts, ends = bounds.get(r.article_id, (np.array([0]), np.array([len(text)])))
        i = max(int(np.searchsorted(starts, r.start, side="right")) - 1, 0)
        j = min(int(np.searchsorted(ends, r.end, side="left")), len(ends) - 1)
        context, s, e = _window(text, int(r.start), int(r.end), int(starts[i]), int(max(ends[j], r.end)))
        speaker = str(r.speaker or r.canonical or "")
        rows.append({
            "unit_id": f"q:{r.article_id}:{r.start}-{r.end}:{r.cue_start}", "outlet": r.outlet, "event": r.event,
            "article_id": r.article_id, "stratum": "all", "weight": float(r.words), "context": context,
            "span_start": s, "span_end": e, "speaker": speaker,
            "detail": f"speaker: {speaker} · cue: {r.cue} · side: {r.affiliation or 'unknown'} · "
                      f"type: {r.source_type or 'unknown'}",
            "pred_quote_span": "right", "pred_quote_speaker": "right",
            "pred_source_type": str(r.source_type or "unknown"), "pred_source_side": str(r.affiliation or "unknown"),
        })
    return pd.DataFrame(rows, columns=_columns("quote", ["speaker"]))


def sentence_units(sentences: pd.DataFrame, quotes: pd.DataFrame, articles: pd.DataFrame,
                   paragraphs: pd.DataFrame) -> pd.DataFrame:
    """One row per sentence of the articles that overlaps no extracted quote; its paragraph as
    context, the sentence highlighted."""
    arts = articles.set_index("article_id")
    sents = sentences[sentences["article_id"].isin(arts.index)]
    spans: dict = {}
    for a, start, end in zip(quotes["article_id"], quotes["start"], quotes["end"], strict=True):
        spans.setdefault(a, []).append((int(start), int(end)))
    paras = {(a, p): (int(lo), int(hi)) for a, p, lo, hi in
             zip(paragraphs["article_id"], paragraphs["para_id"], paragraphs["start"], paragraphs["end"], strict=True)}
    rows = []
    for r in sents.itertuples(index=False):
        if any(qs < r.end and r.start < qe for qs, qe in spans.get(r.article_id, ())):
            continue
        text = arts.at[r.article_id, "text"]
        lo, hi = paras.get((r.article_id, r.para_id), (int(r.start), int(r.end)))
        context, s, e = _window(text, int(r.start), int(r.end), min(lo, int(r.start)), max(hi, int(r.end)))
        rows.append({
            "unit_id": f"s:{r.article_id}:{r.sent_id}", "outlet": arts.at[r.article_id, "outlet"],
            "event": arts.at[r.article_id, "event"], "article_id": r.article_id, "stratum": "all", "weight": 1.0,
            "context": context, "span_start": s, "span_end": e, "detail": "no quotation found in this sentence",
            "pred_quote_missed": "no",
        })
    return pd.DataFrame(rows, columns=_columns("sentence", []))


def mention_units(mentions: pd.DataFrame) -> pd.DataFrame:
    """One row per actor mention; the sentence as context, the mention highlighted."""
    from analysis.sentiment.lexicon import CUTOFF

    m = mentions.reset_index(drop=True)
    tone = m["tone"].to_numpy(dtype=float)
    label = np.where(tone >= CUTOFF, "positive", np.where(tone <= -CUTOFF, "negative", "neutral"))
    out = pd.DataFrame({
        "unit_id": [f"m:{a}:{s}:{ms}-{me}" for a, s, ms, me in
                    zip(m["article_id"], m["sent_id"], m["mention_start"], m["mention_end"], strict=True)],
        "outlet": m["outlet"], "event": m["event"], "article_id": m["article_id"], "stratum": "all", "weight": 1.0,
        "context": m["sentence"], "span_start": m["mention_start"].astype(int),
        "span_end": m["mention_end"].astype(int), "actor": m["actor"],
        "detail": [f"actor: {a} · tone score {t:+.2f}" for a, t in zip(m["actor"], tone, strict=True)],
        "pred_mention_tone": label,
    })
    return out[_columns("mention", ["actor"])]


def frame_units(frames: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per (article, frame); the article (title and text) as context."""
    from analysis.framing import FRAMES

    arts = articles.set_index("article_id")
    f = frames[frames["article_id"].isin(arts.index)]
    defs = questions()["frames"]
    rows = []
    for r in f.itertuples(index=False):
        title = arts.at[r.article_id, "title"] or ""
        text = f"{title}\n\n{arts.at[r.article_id, 'text']}" if title else arts.at[r.article_id, "text"]
        if len(text) > ARTICLE_CHARS:
            text = text[:ARTICLE_CHARS] + " [...]"
        for frame in FRAMES:
            present = bool(getattr(r, frame))
            rows.append({
                "unit_id": f"f:{r.article_id}:{frame}", "outlet": r.outlet, "event": arts.at[r.article_id, "event"],
                "article_id": r.article_id, "stratum": "yes" if present else "no", "weight": 1.0, "context": text,
                "span_start": -1, "span_end": -1, "frame": frame, "definition": defs.get(frame, ""),
                "detail": f"frame: {frame} · cue hits: {getattr(r, frame + '_hits')}",
                "pred_frame_presence": "yes" if present else "no",
            })
    return pd.DataFrame(rows, columns=_columns("frame", ["frame", "definition"]))


def pair_units(alignment: pd.DataFrame, articles: pd.DataFrame) -> pd.DataFrame:
    """One row per aligned sentence pair that has a candidate match (the pair is what is judged)."""
    a = alignment[alignment["article_id"].isin(set(articles["article_id"]))]
    a = a[a["match_text"].fillna("").astype(str).str.strip() != ""].reset_index(drop=True)
    shared = a["shared"].astype(bool).to_numpy()
    out = pd.DataFrame({
        "unit_id": [f"p:{x}:{s}:{o}" for x, s, o in zip(a["article_id"], a["sent_id"], a["other_outlet"], strict=True)],
        "outlet": a["outlet"], "event": a["event"], "article_id": a["article_id"],
        "stratum": np.where(shared, "yes", "no"), "weight": 1.0, "context": a["text"], "span_start": -1, "span_end": -1,
        "other_outlet": a["other_outlet"],
        "detail": [f"{o}: {t}" for o, t in zip(a["other_outlet"], a["match_text"], strict=True)],
        "pred_aligned_pair": np.where(shared, "yes", "no"),
    })
    return out[_columns("pair", ["other_outlet"])]


def _columns(kind: str, extra: list[str]) -> list[str]:
    return ["unit_id", "outlet", "event", "article_id", "stratum", "weight", "context", "span_start", "span_end",
            *extra, "detail", *[f"pred_{m}" for m in MEASURES[kind]]]


def corpus_mentions(tables, articles: pd.DataFrame, corpus_dir: str | Path | None) -> pd.DataFrame:
    """Actor mentions with their tone, as notebook 02 computes them (the corpus's own cast)."""
    from analysis import actors as cast
    from analysis import sentiment

    if articles.empty:
        return pd.DataFrame(columns=["article_id", "outlet", "event", "sent_id", "actor", "mention_start",
                                     "mention_end", "sentence", "tone"])
    scored = sentiment.sentence_tone(tables["sentences"], articles, quotes=tables["quotes"])
    actors, _ = cast.choose_actors(articles, corpus_dir=corpus_dir, actors_file=None, top=15)
    return sentiment.actor_mentions(scored, actors)


def audit_units(tables, corpus_dir: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """The unit tables of a corpus (see the module docstring), each sorted by ``unit_id``."""
    from analysis.corpus import english_only

    articles = english_only(tables["articles"])
    units = {
        "quote": quote_units(tables["quotes"], articles, tables["paragraphs"]),
        "sentence": sentence_units(tables["sentences"], tables["quotes"], articles, tables["paragraphs"]),
        "mention": mention_units(corpus_mentions(tables, articles, corpus_dir)),
        "frame": frame_units(tables["frames"], articles),
        "pair": pair_units(tables["alignment"], articles) if "alignment" in tables else pair_units(
            pd.DataFrame(columns=["article_id", "sent_id", "other_outlet", "outlet", "event", "text", "match_text",
                                  "shared"]), articles),
    }
    return {k: u.sort_values("unit_id", kind="stable").reset_index(drop=True) for k, u in units.items()}


def units_fingerprint(units: dict[str, pd.DataFrame]) -> str:
    """A short SHA-256 of the unit tables (every unit, prediction and context): a sheet made
    from other tables has another fingerprint."""
    digest = hashlib.sha256()
    for kind in KINDS:
        frame = units[kind]
        digest.update(kind.encode())
        digest.update(pd.util.hash_pandas_object(frame.astype(str), index=False).to_numpy().tobytes())
    # a letter first: a spreadsheet must not read the hash as a number ("0812e345..." would be)
    return "t" + digest.hexdigest()[:15]


def corpus_fingerprint(tables_dir: str | Path) -> str:
    """A short SHA-256 of the corpus's input files, as recorded in ``TABLES/manifest.json``."""
    manifest = json.loads((Path(tables_dir) / "manifest.json").read_text(encoding="utf-8"))
    return "c" + hashlib.sha256(json.dumps(manifest.get("inputs", {}), sort_keys=True).encode()).hexdigest()[:15]
