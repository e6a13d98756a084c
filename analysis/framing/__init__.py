"""Framing: distinctive language per outlet and Semetko & Valkenburg's generic news frames.

Two families of measures live here.

* **Distinctive terms** (:func:`distinctive_terms`): which words and two-word phrases one outlet
  uses where the others do not. Weighted log-odds ratio with an informative Dirichlet prior
  (Monroe, Colaresi & Quinn 2008, "Fightin' Words", *Political Analysis* 16(4)) with z-scores,
  next to the signed chi-squared and G² keyness statistics of quanteda's ``textstat_keyness``
  (Benoit et al. 2018, *JOSS* 3(30)).
* **Generic frames** (:func:`frame_evidence`, :func:`frame_scores`, :func:`frame_presence`):
  cue phrases written from the codebook questions of Semetko & Valkenburg (2000, "Framing
  European politics", *Journal of Communication* 50(2), 93-109) for the conflict,
  responsibility, economic consequences, human interest and morality frames. Every cue hit is
  kept with its sentence and character offsets, so a frame score can always be traced back to
  the sentences behind it. Article-level presence is a calibrated model per frame over the cue
  counts and sentence-embedding similarities (:func:`frame_features`): a logistic regression,
  or for conflict a random forest, fitted on the Narrative Frames Corpus dev set (Frermann et
  al. 2023) and shipped as JSON (coefficients, or tree nodes) in ``analysis/data/frame_model.json``;
  ``scripts/validate_frames.py`` refits it and records the cross-validated figures in
  ``analysis/data/validation.json`` (``framing.frames``). Method and limits: ``docs/framing.md``.

The cue lists (``analysis/lexicons/frame_cues.csv``) are topic-general on purpose: they name
disagreement, blame, solutions, money, people and moral language, never the subject of a
particular story. :data:`FRAMES` is the one list of frame names for the whole package.

Modules: ``base`` (FRAMES, sentence spans), ``terms`` (distinctive terms), ``cues`` (codebook,
cue matching, evidence), ``semantic`` (sentence embeddings against the codebook questions and
example statements), ``presence`` (features, model, scores, profiles, examples), ``prevalence``
(prevalence per outlet from probabilities with bootstrap CIs, tested differences, carrier sentences).
"""

from __future__ import annotations

from analysis.framing.base import FRAMES
from analysis.framing.cues import CODEBOOK_LEXICON, codebook, frame_evidence, phrase_regex, questions
from analysis.framing.presence import (
    MODEL_FILE,
    feature_names,
    frame_examples,
    frame_features,
    frame_model,
    frame_presence,
    frame_profile,
    frame_rules,
    frame_scores,
    frame_thresholds,
    presence_probability,
    question_rates,
    text_features,
)
from analysis.framing.prevalence import frame_carriers, frame_findings, frame_prevalence
from analysis.framing.terms import CLOUD_MAX, SHOWN_TOP, distinctive_terms, shown_terms, top_distinctive

__all__ = [
    "CLOUD_MAX", "CODEBOOK_LEXICON", "FRAMES", "MODEL_FILE", "SHOWN_TOP", "codebook", "distinctive_terms",
    "feature_names",
    "frame_carriers", "frame_evidence", "frame_examples", "frame_findings", "frame_prevalence",
    "frame_features", "frame_model", "frame_presence", "frame_profile",
    "frame_rules", "frame_scores", "frame_thresholds", "phrase_regex", "presence_probability", "question_rates",
    "questions", "shown_terms", "text_features", "top_distinctive",
]


def __getattr__(name: str):
    # CODEBOOK and QUESTIONS were constants; they are read from the lexicon files on first use
    # so that importing the package reads no file.
    if name == "CODEBOOK":
        return codebook()
    if name == "QUESTIONS":
        return questions()
    raise AttributeError(f"module 'analysis.framing' has no attribute {name!r}")
