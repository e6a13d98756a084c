import os
from pathlib import Path

import pytest

os.environ.setdefault("MPLCONFIGDIR", str(Path(__file__).resolve().parents[1] / ".mplconfig"))
os.environ.setdefault("JUPYTER_PLATFORM_DIRS", "1")

import matplotlib  # noqa: E402

matplotlib.use("Agg")

from analysis.paths import SEEDS_DIR, TESTS_DIR  # noqa: E402

FIXTURES = TESTS_DIR / "fixtures"
MT = SEEDS_DIR / "000_dffc62277f6884d0.txt"
TRT = SEEDS_DIR / "003_7a7a1e349b722e39.txt"


@pytest.fixture(scope="session")
def seeds():
    from analysis.corpus import load_corpus

    return load_corpus(SEEDS_DIR)


@pytest.fixture(scope="session")
def tiny():
    from analysis.corpus import load_corpus

    return load_corpus(FIXTURES / "tiny")
