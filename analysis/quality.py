"""Data-quality flags: markup remnants, very short or long articles, duplicates.

Each flag is a :class:`~analysis.problems.Problem` row naming the file, what was found and
what was done; nothing here drops an article.

- :func:`strip_markup`: HTML/XML tags left in text captures (``<tweet id="...">``) and
  character entities (``&amp;``) are removed in memory before parsing; a line that held
  only tags is blanked (and listed in ``removed``), so line numbers still match the file.
- :func:`length_flags`: articles under :data:`SHORT_WORDS` or over :data:`LONG_WORDS`.
- :func:`flag_duplicates`: exact duplicates (same normalised text) and near-duplicates
  (syndicated wire copy with light edits) by MinHash over word 5-shingles with
  locality-sensitive hashing (Broder 1997; Leskovec, Rajaraman & Ullman, *Mining of
  Massive Datasets*, ch. 3): candidate pairs come from shared bands, never from all pairs,
  and each candidate is checked by its exact Jaccard similarity.
"""

from __future__ import annotations

import hashlib
import html
import re

import numpy as np
import pandas as pd

from analysis import problems as pr
from analysis.decoding import line_list
from analysis.problems import Problem

SHORT_WORDS = 30
LONG_WORDS = 20_000
SHINGLE = 5
NEAR_DUPLICATE_JACCARD = 0.5
#: a shorter text with this share of its shingles in a longer one is a (cut) copy of it
NEAR_DUPLICATE_CONTAINMENT = 0.7
MIN_SHINGLES_FOR_CONTAINMENT = 20
MARKUP = "markup remnant (HTML/XML tag)"

_TAG_RE = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s+[^<>\n]{0,2000}?)?\s*/?>")
_ENTITY_RE = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9A-Fa-f]{1,6});")


def strip_markup(raw: str) -> tuple[str, list[tuple[int, str]], list[tuple[str, str]]]:
    """``(cleaned text, blanked lines, notes)``: tags and entities removed line by line.

    ``blanked lines`` are ``(line number, original text)`` of lines that held only markup;
    ``notes`` are ``(kind, message)`` naming the lines changed and the tag names seen.
    """
    if "<" not in raw and "&" not in raw:
        return raw, [], []
    lines = raw.split("\n")
    tagged, entity_lines, blanked = [], [], []
    names: set[str] = set()
    for i, line in enumerate(lines):
        new = line
        if "<" in new:
            found = _TAG_RE.findall(new)
            if found:
                names.update(re.match(r"</?([\w:.-]+)", t).group(1).lower() for t in found)
                new = _TAG_RE.sub(" ", new)
                tagged.append(i + 1)
        if "&" in new and _ENTITY_RE.search(new):
            new = _ENTITY_RE.sub(lambda m: html.unescape(m.group()), new)
            entity_lines.append(i + 1)
        if new != line:
            if not new.strip():
                blanked.append((i + 1, line.strip()))
                new = ""
            else:
                new = re.sub(r"[ \t]{2,}", " ", new).strip() if tagged and tagged[-1] == i + 1 else new
            lines[i] = new
    notes = []
    if tagged:
        shown = ", ".join(f"<{n}>" for n in sorted(names)[:8])
        notes.append(("markup", f"markup tags ({shown}) removed on {line_list(tagged)}"))
    if entity_lines:
        notes.append(("markup", f"HTML character entities (&amp; ...) decoded on {line_list(entity_lines)}"))
    return "\n".join(lines), blanked, notes


LONG_LINE_CHARS = 20_000


def long_lines(raw: str) -> list[tuple[str, str]]:
    """``(kind, message)`` naming lines longer than any news paragraph (a capture that lost
    its line breaks: every paragraph, or the page, on one line)."""
    if len(raw) <= LONG_LINE_CHARS:
        return []
    found = [(i, len(line)) for i, line in enumerate(raw.split("\n"), start=1) if len(line) > LONG_LINE_CHARS]
    if not found:
        return []
    biggest = max(n for _, n in found)
    return [("long-line", f"{line_list([i for i, _ in found])} longer than {LONG_LINE_CHARS:,} characters "
                          f"(up to {biggest:,}): the capture lost its paragraph breaks? Read as it is")]


def length_flags(n_words: int) -> list[tuple[str, str]]:
    """``(kind, message)`` for an article body far shorter or longer than news copy."""
    if n_words < SHORT_WORDS:
        return [("short", f"very short article ({n_words} words < {SHORT_WORDS}): a teaser, a brief or a "
                          "capture that lost its body? Analysed like the others")]
    if n_words > LONG_WORDS:
        return [("long", f"very long article ({n_words} words > {LONG_WORDS}): a live blog or several "
                         "articles in one capture? Analysed like the others")]
    return []


# ---------------------------------------------------------------------------------------
# Duplicates and near-duplicates
# ---------------------------------------------------------------------------------------
_N_PERM = 60
_BANDS = 30  # 30 bands of 2 rows: a pair shares a band with probability 0.94 at Jaccard 0.3, 0.995 at 0.4
_RNG = np.random.default_rng(20150512)
# multiply-shift hashing (Dietzfelbinger et al. 1997): odd multipliers, arithmetic mod 2**64
_A = _RNG.integers(1, 2**63, _N_PERM, dtype=np.uint64) | np.uint64(1)
_B = _RNG.integers(0, 2**63, _N_PERM, dtype=np.uint64)
_MIX = np.uint64(0x9E3779B97F4A7C15)


def _mix64(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: well-spread 64-bit values from word ids."""
    with np.errstate(over="ignore"):
        z = x * _MIX + _MIX
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def _shingle_hashes(codes: np.ndarray, k: int) -> np.ndarray:
    if codes.size == 0:
        return np.empty(0, dtype=np.uint64)
    h = _mix64(codes.astype(np.uint64))
    k = min(k, codes.size)
    n = codes.size - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(k):
            acc = acc * _MIX + h[j : n + j]
    return np.unique(acc)


def shingle_sets(texts: list[str], k: int = SHINGLE) -> list[np.ndarray]:
    """For each text, the sorted unique 64-bit hashes of its lower-cased word ``k``-grams
    (words split on white space, numbered across all texts, the ``k`` numbers combined by
    a polynomial)."""
    # words numbered in order of first appearance (as pd.factorize would number them), one
    # text at a time: no list of every word of the corpus is ever held
    vocab: dict[str, int] = {}
    out = []
    for text in texts:
        words = text.lower().split()
        codes = np.fromiter((vocab.setdefault(w, len(vocab)) for w in words), dtype=np.int64, count=len(words))
        out.append(_shingle_hashes(codes, k))
    return out


def minhash(sh: np.ndarray) -> np.ndarray:
    """MinHash signature (``_N_PERM`` values) of a shingle set."""
    if sh.size == 0:
        return np.zeros(_N_PERM, dtype=np.uint64)
    with np.errstate(over="ignore"):
        return ((_A[:, None] * sh[None, :] + _B[:, None]) >> np.uint64(32)).min(axis=1)


def similar(a: np.ndarray, b: np.ndarray, threshold: float = NEAR_DUPLICATE_JACCARD) -> bool:
    """Near-duplicates: Jaccard similarity at least ``threshold``, or the shorter text (20+
    shingles) has at least :data:`NEAR_DUPLICATE_CONTAINMENT` of its shingles in the other
    (a copy cut short, Broder 1997's containment)."""
    inter = np.intersect1d(a, b, assume_unique=True).size
    union = a.size + b.size - inter
    if union and inter / union >= threshold:
        return True
    shorter = min(a.size, b.size)
    return shorter >= MIN_SHINGLES_FOR_CONTAINMENT and inter / shorter >= NEAR_DUPLICATE_CONTAINMENT


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard similarity of two sorted unique arrays."""
    if a.size == 0 and b.size == 0:
        return 1.0
    inter = np.intersect1d(a, b, assume_unique=True).size
    return inter / (a.size + b.size - inter)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], a: int, b: int) -> None:
    """Join the sets of a and b; the root stays the earliest index of the set."""
    ra, rb = _find(parent, a), _find(parent, b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)


_EMPTY_KEY = hashlib.blake2b(b"", digest_size=20).digest()


def duplicate_groups(
    texts: list[str], *, threshold: float = NEAR_DUPLICATE_JACCARD
) -> list[tuple[int, int, str, float]]:
    """``(index, index of the first copy, "exact" | "near", Jaccard)`` for every text that
    repeats an earlier one, in input order. Linear in the number of texts: candidates share
    an exact-text key or a MinHash band, and each is checked against one member only."""
    # a digest of each normalised text stands for it: equal texts, equal digests, and the
    # corpus's text is not held a second time
    keys = [hashlib.blake2b(" ".join(t.lower().split()).encode(), digest_size=20).digest() for t in texts]
    sh = shingle_sets(texts)
    parent = list(range(len(texts)))
    exact_of: dict[str, int] = {}
    buckets: dict[tuple, int] = {}
    for i, key in enumerate(keys):
        if key == _EMPTY_KEY:
            continue
        if key in exact_of:
            _union(parent, i, exact_of[key])
            continue
        exact_of[key] = i
        if sh[i].size < 2:
            continue
        sig = minhash(sh[i])
        rows = _N_PERM // _BANDS
        for band in range(_BANDS):
            bkey = (band, sig[band * rows : (band + 1) * rows].tobytes())
            first = buckets.setdefault(bkey, i)
            if first != i and _find(parent, first) != _find(parent, i) and similar(sh[first], sh[i], threshold):
                _union(parent, i, first)
    out = []
    for i in range(len(texts)):
        first = _find(parent, i)
        if first != i:
            kind = "exact" if keys[i] == keys[first] else "near"
            out.append((i, first, kind, 1.0 if kind == "exact" else round(jaccard(sh[first], sh[i]), 3)))
    return out


def flag_duplicates(articles: pd.DataFrame, *, text_col: str = "text", id_col: str = "article_id",
                    outlet_col: str = "outlet", file_col: str = "source_file") -> tuple[pd.DataFrame, list[Problem]]:
    """``articles`` with ``duplicate_of`` (the first copy's id, else None), ``duplicate_kind``
    (``"exact"``, ``"near"`` or None) and ``duplicate_similarity`` (Jaccard of word
    5-shingles), plus one warning row per copy. Rows are kept: wire copy run by several
    outlets is part of their coverage; see :meth:`analysis.corpus.Corpus.unique`."""
    out = articles.copy()
    out["duplicate_of"] = None
    out["duplicate_kind"] = None
    out["duplicate_similarity"] = np.nan
    problems: list[Problem] = []
    if len(out) < 2:
        return out, problems
    groups = duplicate_groups(out[text_col].fillna("").astype(str).tolist())
    ids, outlets = out[id_col].tolist(), out[outlet_col].tolist()
    files = out[file_col].tolist() if file_col in out else [""] * len(out)
    cols = [out.columns.get_loc(c) for c in ("duplicate_of", "duplicate_kind", "duplicate_similarity")]
    for i, first, kind, sim in groups:
        out.iloc[i, cols[0]] = ids[first]
        out.iloc[i, cols[1]] = kind
        out.iloc[i, cols[2]] = sim
        same = "the same outlet" if outlets[i] == outlets[first] else f"{outlets[first]!r}"
        if kind == "exact":
            msg = f"same text as article {ids[first]!r} from {same}: a duplicate capture or syndicated (wire) copy"
        else:
            msg = (f"near-duplicate of article {ids[first]!r} from {same} ({sim:.0%} of 5-word sequences shared): "
                   "syndicated (wire) copy with edits?")
        problems.append(Problem(files[i], ids[i], "warning", msg + "; kept and marked in articles.duplicate_of",
                                "duplicate" if kind == "exact" else "near-duplicate", pr.FLAGGED))
    return out, problems


DUPLICATE_KINDS = ("duplicate", "near-duplicate")


def reflag_duplicates(articles: pd.DataFrame, problems: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Duplicate flags over a whole corpus whose batches were flagged one by one (the
    pipeline's batches): drops the per-batch duplicate rows and flags, runs
    :func:`flag_duplicates` on every article and returns ``(articles, problems)``.
    Same result as loading the corpus at once."""
    from analysis.problems import PROBLEM_COLUMNS

    kept = problems[~problems["kind"].isin(DUPLICATE_KINDS)] if "kind" in problems else problems
    flags = articles["flags"].fillna("").astype(str).map(
        lambda f: ";".join(k for k in f.split(";") if k and k not in DUPLICATE_KINDS)
    ) if "flags" in articles else None
    out, found = flag_duplicates(articles)
    if flags is not None:
        kinds = {p.article_id: p.kind for p in found}
        out["flags"] = [
            ";".join(sorted({*filter(None, f.split(";")), kinds[a]})) if a in kinds else f
            for a, f in zip(out["article_id"], flags, strict=True)
        ]
    for col in ("duplicate_of", "duplicate_kind"):
        out[col] = out[col].astype(object).where(out[col].notna(), None)
    new_rows = pd.DataFrame([p.as_row() for p in found], columns=PROBLEM_COLUMNS)
    if not len(new_rows):
        merged = kept.reset_index(drop=True)
    elif not len(kept):
        # the column types of the rows found, not of an empty frame from the batches (whose types
        # depend on whether a batch had problem rows of its own)
        merged = new_rows
    else:
        merged = pd.concat([kept, new_rows], ignore_index=True)
    return out, merged
