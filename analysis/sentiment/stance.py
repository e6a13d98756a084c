"""How an article treats an actor beyond sentiment words near the name: salience, voice and the
verbs of the actor's actions. One row per (article, actor), for the article-level tone model.

Features (all size-free: shares and means, so long and short articles compare):

* **Salience**: ``in_headline`` (an alias of the actor in the article's title), ``in_lead`` (a
  mention in the first two sentences), ``sentence_share`` (share of the article's sentences
  that mention the actor), ``first_position`` (where the first mention falls, 0 = start).
* **Voice**: ``quoted_share`` (mentions inside quotation marks or in a quoted sentence: the
  actor is talked about by a source), ``speaker_share`` (mentions right before or after a
  reporting verb: the actor speaks), ``evaluative_share`` (of those, verbs that carry the
  writer's stance, "claimed", "admitted", "insisted"; Caldas-Coulthard 1994; the ``stance``
  column of ``analysis/lexicons/reporting_verbs.csv``).
* **Actions**: ``conflict_doer_share`` / ``conflict_target_share`` (a conflict verb of
  ``conflict_verbs.csv`` within a few words after / before the mention: the actor accuses,
  or is accused); ``support_share`` for the one supportive verb family in that list.
* **Tone around the actor**: ``near_tone`` (mean VADER compound of the sentences that mention
  the actor and their neighbours), ``headline_tone`` (the title's compound when it names the
  actor, else 0), ``tone_gap`` (near_tone minus the article's mean sentence tone).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis import lexicons
from analysis.validate import require_columns

STANCE_FEATURES: tuple[str, ...] = (
    "in_headline", "in_lead", "sentence_share", "first_position", "quoted_share", "speaker_share",
    "evaluative_share", "conflict_doer_share", "conflict_target_share", "support_share", "near_tone",
    "headline_tone", "tone_gap",
)
WINDOW = 4  # words between a mention and a verb that still count as the actor's verb
_QUOTES = '"\u201c\u201d'
_WORD = re.compile(r"[A-Za-z]+(?:'[a-z]+)?")


@lru_cache(maxsize=1)
def _verbs() -> tuple[dict[str, str], re.Pattern, re.Pattern]:
    """Reporting-verb form -> stance, the conflict-verb regex and the support-verb regex."""
    table = lexicons.load("reporting_verbs")
    stance = {}
    for forms, st in zip(table["forms"], table["stance"], strict=True):
        for form in forms.split():
            if "_" not in form:
                stance[form.lower()] = st
    conflict = lexicons.load("conflict_verbs")
    hostile = [v for lemma, v in zip(conflict["lemma"], conflict["verb_forms"], strict=True) if lemma != "support"]
    support = [v for lemma, v in zip(conflict["lemma"], conflict["verb_forms"], strict=True) if lemma == "support"]
    return (stance, re.compile(r"^(?:" + "|".join(hostile) + r")$", re.I),
            re.compile(r"^(?:" + "|".join(support or ["(?!)"]) + r")$", re.I))


def mention_roles(sentence: str, start: int, end: int) -> dict[str, float]:
    """Voice and action cues of one mention ``sentence[start:end]`` (0/1 values).

    ``quoted``: an odd number of quotation marks before the mention; ``speaker``: a reporting
    verb among the :data:`WINDOW` words after the mention (up to a quotation mark) or the word
    right before it ("Smith said", "said Smith"), never for a quoted mention; ``evaluative``:
    that verb's stance is evaluative;
    ``conflict_doer`` / ``conflict_target``: a conflict verb among the words after / before the
    mention; ``support``: a support verb after it.
    """
    stance, hostile, support = _verbs()
    quoted = float(sum(sentence[:start].count(q) for q in _QUOTES) % 2 == 1)
    # the window stops at a quotation mark: past it the verbs belong to whoever is quoting
    close = min((i for i in (sentence.find(q, end) for q in _QUOTES) if i >= 0), default=len(sentence))
    before = _WORD.findall(sentence[:start])[-WINDOW:]
    after = _WORD.findall(sentence[end:close])[:WINDOW]
    said = [w.lower() for w in after if w.lower() in stance] + [w.lower() for w in before[-1:] if w.lower() in stance]
    said = [] if quoted else said
    return {
        "quoted": quoted,
        "speaker": float(bool(said)),
        "evaluative": float(any(stance[w] == "evaluative" for w in said)),
        "conflict_doer": float(any(hostile.match(w) for w in after)),
        "conflict_target": float(any(hostile.match(w) for w in before)),
        "support": float(any(support.match(w) for w in after)),
    }


def actor_stance_features(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    *,
    titles: pd.Series | None = None,
    keys: Sequence[str] = ("article_id", "actor"),
) -> pd.DataFrame:
    """:data:`STANCE_FEATURES` per (article, actor); one row per key pair, sorted by the keys.

    ``mentions``: :func:`analysis.sentiment.actor_mentions` output (``article_id``, ``actor``,
    ``alias``, ``sent_id``, ``sentence``, ``mention_start``, ``mention_end``; ``speech`` =
    "quoted" marks a quoted sentence when present). ``sentences``: the scored sentence table
    (``article_id``, ``sent_id``, ``compound``). ``titles``: the article titles indexed by
    article id (optional; without them ``in_headline`` and ``headline_tone`` are 0).
    """
    keys = list(keys)
    require_columns(mentions, [*keys, "alias", "sent_id", "sentence", "mention_start", "mention_end"], "mentions")
    require_columns(sentences, ["article_id", "sent_id", "compound"], "sentences")
    if mentions.empty:
        return pd.DataFrame(columns=[*keys, *STANCE_FEATURES])
    roles = pd.DataFrame([mention_roles(s, int(a), int(b)) for s, a, b in zip(
        mentions["sentence"], mentions["mention_start"], mentions["mention_end"], strict=True)], index=mentions.index)
    if "speech" in mentions.columns:
        roles["quoted"] = np.maximum(roles["quoted"], (mentions["speech"] == "quoted").astype(float))
    data = pd.concat([mentions[[*keys, "alias", "sent_id"]], roles], axis=1)
    tone = sentences.groupby(["article_id", "sent_id"])["compound"].mean()
    n_sent = sentences.groupby("article_id")["sent_id"].nunique()
    doc = sentences.groupby("article_id")["compound"].mean()
    grp = data.groupby(keys, sort=True)
    out = grp.agg(quoted_share=("quoted", "mean"), speaker_share=("speaker", "mean"),
                  evaluative_share=("evaluative", "mean"), conflict_doer_share=("conflict_doer", "mean"),
                  conflict_target_share=("conflict_target", "mean"), support_share=("support", "mean"),
                  first_sent=("sent_id", "min"), n_sentences_mentioned=("sent_id", "nunique")).reset_index()
    total = out["article_id"].map(n_sent).fillna(1).clip(lower=1).to_numpy(float)
    out["sentence_share"] = out["n_sentences_mentioned"] / total
    out["first_position"] = out["first_sent"] / total
    out["in_lead"] = (out["first_sent"] < 2).astype(float)
    out["near_tone"] = _near_tone(data, tone, keys)
    out["tone_gap"] = out["near_tone"] - out["article_id"].map(doc).fillna(0).to_numpy(float)
    out["in_headline"], out["headline_tone"] = _headline(data, out, titles, keys)
    return out[[*keys, *STANCE_FEATURES]]


def _near_tone(data: pd.DataFrame, tone: pd.Series, keys: list[str]) -> np.ndarray:
    """Mean compound of the mention sentences and their neighbours, per key pair (sorted keys)."""
    lookup = dict(zip(tone.index.tolist(), tone.to_numpy(float).tolist(), strict=True))
    near: dict[tuple, set] = {}
    for key, aid, sid in zip(zip(*(data[k].tolist() for k in keys), strict=True), data["article_id"].tolist(),
                             data["sent_id"].astype(int).tolist(), strict=True):
        near.setdefault(key, set()).update((aid, sid + d) for d in (-1, 0, 1))
    out = []
    for key in sorted(near):
        # in sentence order: a set's order follows string hashing, which changes per process
        vals = [lookup[k] for k in sorted(near[key]) if k in lookup]
        out.append(sum(vals) / len(vals) if vals else 0.0)
    return np.asarray(out)


def _headline(data: pd.DataFrame, out: pd.DataFrame, titles: pd.Series | None,
              keys: list[str]) -> tuple[np.ndarray, np.ndarray]:
    if titles is None or not len(titles):
        return np.zeros(len(out)), np.zeros(len(out))
    from analysis.sentiment.lexicon import vader

    aliases = data.groupby(keys, sort=True)["alias"].agg(lambda s: sorted(set(s)))
    hit, tone = [], []
    for (aid, *_rest), names in aliases.items():
        title = titles.get(aid, "")
        title = title if isinstance(title, str) else ""
        found = any(re.search(r"(?<!\w)" + re.escape(n) + r"(?!\w)", title) for n in names)
        hit.append(float(found))
        tone.append(float(vader().polarity_scores(title)["compound"]) if found else 0.0)
    return np.asarray(hit), np.asarray(tone)
