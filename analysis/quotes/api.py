"""Public API of :mod:`analysis.quotes`: :func:`extract_quotes`, :data:`COLUMNS`, :func:`cue_lemma`.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.quotes.classify import DEFAULT_LEXICON, SourceLexicon, classify_source, nonpartisan_role
from analysis.quotes.document import Doc
from analysis.quotes.extractor import Extractor
from analysis.quotes.words import W

COLUMNS = [
    "speaker", "mention", "cue", "kind", "quote", "start", "end", "via",
    "source_type", "affiliation", "cue_start", "cue_end", "is_person", "speaker_kind", "gender",
    "nonpartisan_role",
]

_INT_COLUMNS = ("start", "end", "cue_start", "cue_end")


def extract_quotes(text: str, *, lexicon: SourceLexicon | None = None) -> pd.DataFrame:
    """Every attribution in one text: one row per attribution (see module docstring).

    ``text`` may be raw (curly, straight, mixed or unbalanced quotation marks) or already
    normalised; offsets index ``text`` itself. ``lexicon`` extends or replaces the source
    lexicon of :mod:`analysis.sources`. Never raises on odd input; returns an empty frame
    with the same columns when nothing is found.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_quotes needs a string of article text, got {type(text).__name__}.")
    if not text.strip():
        return pd.DataFrame({c: pd.Series(dtype="object") for c in COLUMNS})
    out = pd.DataFrame(quote_records(text, lexicon=lexicon), columns=COLUMNS)
    # astype with a dict rebuilds every column; only convert the offsets not already int64
    need = {c: "int64" for c in _INT_COLUMNS if out[c].dtype != "int64"}
    return out.astype(need) if need else out


def quote_records(text: str, *, lexicon: SourceLexicon | None = None) -> list[dict]:
    """The rows of :func:`extract_quotes` as plain dicts (keys :data:`COLUMNS`), in text order
    (by quotation start, then cue start): what a corpus-wide caller collects before building
    one frame for many articles."""
    lex = lexicon or DEFAULT_LEXICON
    if not text.strip():
        return []
    ex = Extractor(text, lex)
    attrs = ex.run()
    rows = []
    seen = set()
    for a in attrs:
        key = (a.start, a.end)
        if key in seen or a.start < 0 or a.end <= a.start:
            continue
        seen.add(key)
        stype, aff = classify_source(a.descriptor or a.speaker, is_person=a.person, lexicon=lex)
        if a.anonymous or (a.inherited is not None and a.inherited.anonymous):
            stype = "anonymous"
        if not aff and a.descriptor:
            aff = _body_affiliation(ex.d, a.descriptor, lex)
        if a.np is not None and " and " in a.speaker and not a.person:
            stype, aff = _coordinated(ex.d, a.speaker, lex, stype, aff)
        rows.append(
            {
                "speaker": a.speaker,
                "mention": a.mention,
                "cue": a.cue,
                "kind": a.kind,
                "quote": text[a.start : a.end],
                "start": a.start,
                "end": a.end,
                "via": a.via,
                "source_type": stype,
                "affiliation": aff,
                "cue_start": a.cue_start,
                "cue_end": a.cue_end,
                "is_person": bool(a.person),
                "speaker_kind": speaker_kind(a.speaker, is_person=a.person),
                "gender": (ex.d.gender(a.speaker) or "") if a.person else "",
                "nonpartisan_role": "" if aff else nonpartisan_role(a.descriptor or a.speaker, lexicon=lex),
            }
        )
    rows.sort(key=lambda r: (r["start"], r["cue_start"]))  # stable, as a stable sort_values
    return rows


def speaker_kind(speaker: str, *, is_person: bool) -> str:
    """person, body, group or unresolved (see the package docstring)."""
    s = str(speaker).strip()
    if is_person:
        return "person"
    if not s:
        return "unresolved"
    words = s.split()
    if not words[-1][:1].isupper() or not words[0][:1].isupper() or re.search(r"[A-Za-z]\s+and\s+[A-Z]", s):
        return "group"
    return "body"


def _body_affiliation(doc: Doc, descriptor: str, lex: SourceLexicon) -> str:
    """Side of a country-less institution or title via its country-prefixed form elsewhere."""
    for m in re.finditer(
        r"(?:[A-Z][\w'-]*\s+)*?(?:[A-Z][\w'-]*\s+(?:of\s+)?)?[A-Z][\w'-]*", descriptor
    ):
        chunk = m.group().strip()
        if len(chunk.split()) < 2 and chunk.lower() not in W.TITLE_WORDS:
            continue
        longer = doc.body_with_country(chunk)
        if longer:
            _, aff = classify_source(longer, lexicon=lex)
            if aff:
                return aff
    return ""


def _coordinated(doc: Doc, phrase: str, lex: SourceLexicon, stype: str, aff: str) -> tuple[str, str]:
    """Type and side of "A and B": shared values only."""
    parts = [p.strip() for p in re.split(r"\band\b", phrase) if p.strip()]
    types, affs = set(), set()
    for p in parts:
        if p[:1].isupper() and len(p.split()) == 1 and p in doc.full_names:
            full = doc.full_names[p]
            t, f = classify_source(doc.person_descriptor(full), is_person=True, lexicon=lex)
            if not f:
                f = _body_affiliation(doc, doc.person_descriptor(full), lex)
        else:
            t, f = classify_source(p, lexicon=lex)
        types.add(t)
        if f:
            affs.add(f)
    types.discard("other")
    t_out = types.pop() if len(types) == 1 else stype
    f_out = affs.pop() if len(affs) == 1 else ("" if len(affs) > 1 else aff)
    return t_out, f_out


def cue_lemma(cue: str) -> str:
    """Dictionary form of a cue as reported in the ``cue`` column ("told" -> "tell")."""
    cue = str(cue).strip()
    if cue in W.FORM_TO_LEMMA:
        return W.FORM_TO_LEMMA[cue]
    if "quoted" in cue:
        return "be quoted as saying"
    if cue.startswith("referred"):
        return "refer to ... as"
    if cue.startswith(("branded", "dubbed")):
        return "brand ... as"
    if cue.endswith("... as"):
        return "describe ... as"
    if cue in (":", "—"):
        return "colon/dash"
    return cue.lower()
