"""The identity measure (scripts/validate_speaker_identity.py) counts splits of one person,
not other people who share a surname: table-driven."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest

from analysis.paths import ROOT

_spec = importlib.util.spec_from_file_location("validate_speaker_identity",
                                               ROOT / "scripts" / "validate_speaker_identity.py")
vsi = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(vsi)


@pytest.mark.parametrize(("leader", "other", "split"), [
    ("Donald Trump", "Top Trump", True),
    ("Donald Trump", "Trump California", True),  # a surname before a place name
    ("Jerry Brown", "Kate Brown", False),  # another person: a known first name
    ("Donald Trump", "Ivanka Trump", False),
    ("Barack Obama", "Obama's EPA", False),  # a body named after the person is another speaker
])
def test_possible_splits(leader, other, split):
    rows = [leader] * 5 + [other]
    quotes = pd.DataFrame({"speaker_id": [r.lower().replace(" ", "-") for r in rows], "canonical": rows,
                           "speaker_kind": "person"})
    assert (other in vsi.possible_splits(quotes, top=1)[leader]) is split
