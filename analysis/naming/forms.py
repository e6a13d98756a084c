"""How outlets name the same people, places and groups: exact name forms with titles and qualifiers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import pandas as pd

from analysis import lexicons
from analysis.framing.base import _COLUMN_HINT, _sentences_of
from analysis.text import STOPWORDS, token_spans
from analysis.validate import require_columns

# --- automatic name forms -------------------------------------------------------------------
_CONNECTORS = frozenset({"of", "for", "de", "al", "bin"})
_HEAD_RE = re.compile(r"[A-Z]")


@lru_cache(maxsize=1 << 16)  # names recur: most calls are for a word seen before
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

    stop = STOPWORDS.set
    # (record, token) of every capitalised word that ends a name: the only places a capitalised
    # head can match, found while the heads are counted (one pass over the words, not two)
    ending: list[tuple[int, int]] | None = None
    if heads is None:
        seen: dict[str, set[str]] = {}
        ending = []
        for r, (g, _doc, text, s, e, toks) in enumerate(records):
            sent = None
            for i, (tok, _ts, _te) in enumerate(toks):
                if not tok[:1].isupper():  # the cheap test first: most words are lower case
                    continue
                word = tok.removesuffix("'s")
                # a stop word or a single letter is never a head (nor, then, one of its places)
                if word.lower() in stop or len(word) < 2:
                    continue
                if sent is None:
                    sent = text[s:e]
                if ends_name(toks, i, sent):
                    ending.append((r, i))
                    if i:  # a sentence's first word is no evidence of a name
                        seen.setdefault(word, set()).add(g)
        heads = sorted(h for h, gs in seen.items() if len(gs) >= min_groups)
    head_set = {h.lower(): h for h in heads}
    # with capitalised heads only (names) only capitalised words can be one
    capitalised = all(h[:1].isupper() for h in head_set.values())
    openers = STOPWORDS | _openers()
    if ending is None or not capitalised:  # every word, and whether it ends a name, tested below
        places = ((r, i) for r, rec in enumerate(records) for i in range(len(rec[5])))
        tested = False
    else:
        places, tested = iter(ending), True
    rows = []
    for r, i in places:
        g, doc_id, text, s, e, toks = records[r]
        tok, _ts, te = toks[i]
        if not tested and capitalised and not tok[:1].isupper():
            continue
        word = tok.removesuffix("'s")
        head = head_set.get(word.lower())
        # a capitalised head (a name) only matches capitalised text: "State" is not "state"
        if head is None or (head[:1].isupper() and not word[:1].isupper()):
            continue
        sent = text[s:e]
        if not tested and not ends_name(toks, i, sent):
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
            if not _modifier(prev) or low in stop:
                break
            j -= 1
        while j < i and j == 0 and toks[j][0].lower() in openers:
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


@lru_cache(maxsize=1)
def _openers() -> frozenset[str]:
    # Capitalised sentence openers that are not part of a name ("Since", "After").
    return lexicons.words("sentence_openers")


def _tight(sent: str, toks: list, j: int) -> bool:
    """True when only spaces separate token j-1 from token j."""
    return sent[toks[j - 1][2] : toks[j][1]].strip() == ""
