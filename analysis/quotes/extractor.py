"""The extractor: the steps of :mod:`cues`, :mod:`content`, :mod:`sentence`, :mod:`speakers`
and :mod:`orphans` run over one :class:`~analysis.quotes.document.Doc`, in that order."""

from __future__ import annotations

from analysis.quotes.classify import SourceLexicon
from analysis.quotes.content import ContentSteps
from analysis.quotes.cues import CueSteps
from analysis.quotes.document import Attr, Doc
from analysis.quotes.orphans import OrphanSteps
from analysis.quotes.sentence import SentenceSteps
from analysis.quotes.speakers import SpeakerSteps


class Extractor(CueSteps, ContentSteps, SentenceSteps, SpeakerSteps, OrphanSteps):
    """Every attribution of one text: sentence by sentence, then quotations left over."""

    def __init__(self, text: str, lexicon: SourceLexicon) -> None:
        self.d = Doc(text, lexicon)

    def run(self) -> list[Attr]:
        d = self.d
        for s_start, s_end in d.sents:
            self._sentence(s_start, s_end)
        self._continuations()
        self._colon_dash()
        d.attrs.sort(key=lambda a: (a.start, a.cue_start))
        return d.attrs
