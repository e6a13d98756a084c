"""Same inputs, same outputs, whatever the process: string hashing differs between Python processes
(PYTHONHASHSEED), so any table that followed set or dict-of-hash order would change between runs."""

import os
import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURES

BUILD = ("from analysis.tables import build_tables; import sys; "
         "build_tables(sys.argv[1], sys.argv[2], progress=False, jobs=1)")


@pytest.mark.slow
def test_tables_do_not_depend_on_string_hashing(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(FIXTURES / "tiny", corpus)
    folders = []
    for seed in ("1", "2"):
        out = tmp_path / f"hash{seed}"
        subprocess.run([sys.executable, "-c", BUILD, str(corpus), str(out)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed})
        folders.append(out)
    names = sorted(p.name for p in folders[0].glob("*.parquet"))
    assert names and names == sorted(p.name for p in folders[1].glob("*.parquet"))
    differ = [n for n in names if (folders[0] / n).read_bytes() != (folders[1] / n).read_bytes()]
    assert not differ, f"tables that change with PYTHONHASHSEED: {differ}"
