"""Agency: who is the grammatical doer of conflict verbs, from surface patterns (no parser)."""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from analysis import lexicons
from analysis.framing.base import _COLUMN_HINT, _sentences_of
from analysis.naming.forms import _CONNECTORS, _is_name_token, _openers, _tight
from analysis.text import STOPWORDS, token_spans
from analysis.validate import require_columns


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
    for g, doc_id, text in zip(df[group_col].astype(str).tolist(), df[id_col].tolist(),
                               df[text_col].fillna("").astype(str).tolist(), strict=True):
        for sid, (s, e) in enumerate(_sentences_of(text)):
            sent = text[s:e]
            matches = [(m, "verb") for m in verb_rx.finditer(sent)]
            matches += [(m, "noun") for m in noun_rx.finditer(sent)]
            if not matches:  # most sentences have no conflict verb: tokenize only those that do
                continue
            toks = token_spans(sent)
            starts = {ts: k for k, (_, ts, _) in enumerate(toks)}
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
