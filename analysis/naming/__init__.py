"""Labels and naming: keyword in context, collocations, naming variants and agency per outlet.

* :func:`kwic` / :func:`kwic_side_by_side`: keyword-in-context lines for given terms, one column
  per outlet, every line with its character offsets.
* :func:`collocation_differences`: bigram collocations each outlet uses (NLTK's
  ``BigramCollocationFinder`` scored with Dunning's 1993 log-likelihood ratio) and how often the
  other outlets use the same pair, so phrases only one outlet uses stand out.
* :func:`naming_table`: how each outlet names contested places, actors and events, from
  competing names for one referent: the corpus folder's ``terms.csv`` when present (the seeds
  keep theirs in ``seeds/terms.csv``), the user's own, or terms chosen from the corpus
  (:func:`terms_for_corpus`, :func:`choose_terms`: distinctive words, spelling variants,
  names written with different qualifiers). No list is built in.
* :func:`name_forms`: the automatic complement: the exact forms (titles, modifiers) around each
  proper name and label, per outlet ("pro-Russian separatists" against "the separatists").
* :func:`conflict_agents`: who is the grammatical doer of conflict verbs (blame, accuse,
  annex, support, urge, ...), from surface patterns without a parser: active clauses with a
  name or pronoun right before the verb, passives with a *by*-phrase, and nominalisations
  ("X's annexation of Y", "annexation of Y by X"). Clauses whose subject is not a name or a
  pronoun directly before the verb are returned with an empty doer rather than a guess.
"""

from __future__ import annotations

from analysis.naming.agency import agency_table, conflict_agents, conflict_verbs
from analysis.naming.context import collocation_differences, kwic, kwic_side_by_side
from analysis.naming.forms import name_form_table, name_forms, role_words
from analysis.naming.terms import (
    TERM_COLUMNS,
    TERMS_FILE,
    choose_terms,
    naming_table,
    read_terms,
    spelling_variants,
    terms_for_corpus,
    variants_from_terms,
)

__all__ = [
    "TERMS_FILE", "TERM_COLUMNS", "agency_table", "choose_terms", "collocation_differences", "conflict_agents",
    "conflict_verbs", "kwic", "kwic_side_by_side", "name_form_table", "name_forms", "naming_table", "read_terms",
    "role_words", "spelling_variants", "terms_for_corpus", "variants_from_terms",
]
