"""Tone: sentence, article, outlet and actor-level sentiment, with uncertainty.

Methods
-------
* Sentence tone: VADER (Hutto & Gilbert 2014, "VADER: A Parsimonious Rule-based Model for
  Sentiment Analysis of Social Media Text", ICWSM), NLTK's implementation with the lexicon
  shipped in the ``vaderSentiment`` wheel, fully offline. ``compound`` is in [-1, 1]; the
  authors' cut-offs are >= 0.05 positive, <= -0.05 negative, otherwise neutral.
* Second lexicon: AFINN (Nielsen 2011, "A new ANEW: evaluation of a word list for sentiment
  analysis in microblogs"), summed per sentence and squashed with VADER's own normalisation
  x / sqrt(x^2 + 15) so both lexicons share the [-1, 1] scale and the +-0.05 cut-offs.
* Tone toward an actor mention (:func:`toward`): VADER token valences (with VADER's
  negation, booster and idiom rules) weighted by distance to the mention and down-weighted
  outside the mention's clause, fed with the words around the mention (side- and
  distance-weighted, proper nouns left out) to a multinomial logistic regression fitted
  on the NewsMTSC train split (Hamborg & Donnay 2021, EACL). ``method="window"`` uses the
  lexicon part only.
* Outlet summaries follow GDELT's GKG tone fields (Leetaru & Schrodt 2013; GKG 2.0
  codebook) applied to sentences: % positive and % negative sentences, polarity (their sum)
  and net tone (their difference).
* Uncertainty: percentile bootstrap over sentences (Efron & Tibshirani 1993) with a seed
  derived from the group name, and a two-sided permutation test of a difference in means.
* Findings over all outlets (:func:`tone_findings`): an omnibus permutation test, then
  pairwise permutation tests with Holm's (1979) correction; p-values printed by :func:`format_p`.
* Article-level tone toward an actor (:func:`article_actor_tone`): salience-weighted mention
  probabilities and a small model fitted on NewsMTSC (``scripts/validate_actor_tone.py``).

Modules: ``lexicon`` (VADER, AFINN, sentence scores), ``toward`` (one mention), ``mentions``
(actors' mentions and article-level tone), ``stats`` (summaries, speech, arcs, evidence,
:func:`sentence_tone`), ``findings`` (tests over all outlets). Everything is re-exported here.
"""

from __future__ import annotations

from analysis.sentiment.findings import (  # noqa: F401
    format_p,
    holm,
    omnibus_permutation,
    pairwise_tests,
    tone_findings,
    tone_findings_by,
)
from analysis.sentiment.lexicon import (  # noqa: F401
    CUTOFF,
    LABELS,
    afinn_score,
    label,
    score_sentences,
    score_sentences_afinn,
    score_table,
    vader,
)
from analysis.sentiment.mentions import (  # noqa: F401
    ARTICLE_FEATURES,
    ARTICLE_MODEL_FILE,
    STANCE_COLUMNS,
    ArticleModel,
    actor_article_features,
    actor_mentions,
    article_actor_tone,
    default_article_model,
    fit_article_model,
    load_actors,
)
from analysis.sentiment.stance import STANCE_FEATURES, actor_stance_features, mention_roles  # noqa: F401
from analysis.sentiment.stats import (  # noqa: F401
    compare_lexicons,
    extreme_sentences,
    mark_speech,
    pairwise_permutation,
    permutation_test,
    sentence_tone,
    sentiment_arc,
    summarize_tone,
)
from analysis.sentiment.toward import (  # noqa: F401
    MODEL_FILE,
    TAU,
    W_OUT,
    TowardModel,
    context_features,
    default_model,
    fit_toward_features,
    fit_toward_model,
    toward,
    window_score,
)

__all__ = [
    "ARTICLE_FEATURES",
    "ARTICLE_MODEL_FILE",
    "ArticleModel",
    "CUTOFF",
    "LABELS",
    "MODEL_FILE",
    "STANCE_COLUMNS",
    "STANCE_FEATURES",
    "TAU",
    "TowardModel",
    "W_OUT",
    "actor_article_features",
    "actor_mentions",
    "actor_stance_features",
    "afinn_score",
    "article_actor_tone",
    "compare_lexicons",
    "context_features",
    "default_article_model",
    "default_model",
    "extreme_sentences",
    "fit_article_model",
    "fit_toward_features",
    "fit_toward_model",
    "format_p",
    "holm",
    "label",
    "load_actors",
    "mark_speech",
    "mention_roles",
    "omnibus_permutation",
    "pairwise_permutation",
    "pairwise_tests",
    "permutation_test",
    "score_sentences",
    "score_sentences_afinn",
    "score_table",
    "sentence_tone",
    "sentiment_arc",
    "summarize_tone",
    "tone_findings",
    "tone_findings_by",
    "toward",
    "vader",
    "window_score",
]
