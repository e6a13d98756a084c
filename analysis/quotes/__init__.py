"""Who is quoted: direct, indirect and mixed attributions with speaker, cue, type and side.

Unit of observation: one row per attribution (a stretch of reported speech tied to a
source by a cue). Columns of :func:`extract_quotes`:

``speaker``      canonical name within the text ("Viktor Kremenyuk" where the text says
                 "Kremenyuk" or "he"); for a group or body, the phrase as written without
                 its article; "" when no source could be named (see ``speaker_kind``)
``mention``      the speaker as written at the cue
``cue``          reporting verb or phrase ("said", "told", "according to", ":", "—")
``kind``         direct (wholly inside quotation marks), indirect (no quotation marks),
                 mixed (reported speech containing a quoted fragment)
``quote``        the attributed content; ``start``/``end`` its offsets in the input text
``via``          channel or outer source ("Twitter", "RIA Novosti", "statement")
``source_type``  official, expert, media, organization, anonymous, other
``affiliation``  the side the source speaks for: a country, international body or
                 political party ("" if unknown)
``cue_start``/``cue_end``  offsets of the cue
``is_person``    True when the speaker is a named person (not a body, group or pronoun)
``speaker_kind`` person, body (named organisation or institution), group (a descriptor
                 such as "officials", "a spokesman") or unresolved (a pronoun with no
                 compatible antecedent, or no source at all)
``gender``       female / male / "" for persons: from honorifics, gendered titles and the
                 first-name list of :mod:`analysis.identity`
``nonpartisan_role`` the word of the source's descriptor that presents it in a role outside
                 party politics ("professor", "police chief", "judge"; "" when none, or when
                 a side, a leaning or a political role is named): the evidence for the side
                 ``Nonpartisan`` that :func:`analysis.sources.resolve_speakers` gives when no
                 other side is found

Method: rules over reporting verbs and sentence structure, in the tradition of the
rule-based quotation extractors of Pouliquen et al. (2007), Krestel et al. (2008),
Pareti (2016, PARC 3.0 attribution relations) and the Gender Gap Tracker (Asr et al.
2021), without a parser. The package follows the steps:

- :mod:`.marks` -- every quotation-mark house style into one view, marks paired per
  paragraph (multi-paragraph quotations joined, nested quotations dropped);
- :mod:`.document` -- the indexed article (:class:`Doc`), the attribution being built
  (:class:`Attr`) and the explicit states :class:`Structure` / :class:`Gap`;
- :mod:`.phrases` -- noun phrases and clauses without a parser;
- :mod:`.cues`, :mod:`.content`, :mod:`.sentence`, :mod:`.speakers`, :mod:`.orphans` --
  the extractor steps; :mod:`.extractor` runs them;
- :mod:`.classify` -- source type and side from the source's descriptor;
- :mod:`.words` -- word classes and reporting verbs, read from ``analysis/lexicons``.

Each reporting cue outside a quotation is tied to a subject noun phrase (before the verb,
inverted after it, or shared with a coordinated or participial verb) and to its content
(a that-clause or bare clause after the verb, a quotation after it, or the clause or
quotation before it); "according to X", "X was quoted as saying", "referred to/described
... as", colon and dash attributions and unattributed quotations that directly continue
an attributed one are handled explicitly. Speakers are resolved within the text: a
surname joins the most recent full name with that surname; he/she join the most recent
person of a compatible gender (unknown gender is compatible only when no person of the
right gender is in reach); they/it join the most recent group or body. A speaker phrase
that is a number, percentage, date, document, title of a work or a sentence fragment is
never a source: a leading preposition or participle is dropped ("Despite Trump" ->
"Trump"); what is left with no source becomes ``speaker_kind = "unresolved"``.

Scope (what counts as an attribution): content expressed as a clause or quotation and
tied to a source by a cue, including accusations and blame with a clausal object
("accused X of doing Y"). Not counted: quotations nested inside another quotation,
scare quotes and titles in quotation marks, cognition verbs (think, believe), and speech
acts with only a noun object ("denied the claim", "welcomed the decision").
"""

from analysis.quotes.api import COLUMNS, cue_lemma, extract_quotes, quote_records
from analysis.quotes.classify import (
    DEFAULT_LEXICON,
    NONPARTISAN,
    SOURCE_TYPES,
    SourceLexicon,
    affiliation_of,
    classify_source,
    nonpartisan_role,
    nonpartisan_ruled_out,
    party_of,
)


def __getattr__(name: str):
    # REPORTING_VERBS is read from the lexicon on first use: importing the package reads no file
    if name == "REPORTING_VERBS":
        from analysis.quotes.words import W

        return W.REPORTING_VERBS
    raise AttributeError(f"module 'analysis.quotes' has no attribute {name!r}")

__all__ = [
    "COLUMNS", "DEFAULT_LEXICON", "NONPARTISAN", "REPORTING_VERBS", "SOURCE_TYPES", "SourceLexicon",
    "affiliation_of", "classify_source", "cue_lemma", "extract_quotes", "nonpartisan_role",
    "nonpartisan_ruled_out", "party_of", "quote_records",
]
