"""A script that calls the kit at its top level, without ``if __name__ == "__main__":``, is
re-run by every worker process as it starts. The kit must stop with a message that says so,
not hang waiting for the lock its caller holds."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import textwrap

import pytest

from analysis.paths import SEEDS_DIR
from analysis.pipeline import StartingWorkerError, refuse_in_starting_worker


def test_refuses_while_a_worker_is_starting(monkeypatch):
    monkeypatch.setattr(multiprocessing.current_process(), "_inheriting", True, raising=False)
    with pytest.raises(StartingWorkerError, match='__name__ == "__main__"'):
        refuse_in_starting_worker("analysis.tables.build_tables")


def test_allows_an_ordinary_call():
    refuse_in_starting_worker("analysis.tables.build_tables")  # no exception


@pytest.mark.slow
def test_unguarded_script_stops_with_the_message_instead_of_hanging(tmp_path):
    script = tmp_path / "unguarded.py"
    script.write_text(textwrap.dedent(f"""
        from analysis.tables import build_tables
        build_tables({str(SEEDS_DIR)!r}, {str(tmp_path / "tables")!r}, jobs=2, batch_size=1, progress=False, force=True)
        print("built")
    """))
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    assert done.returncode != 0, done.stdout
    assert '__name__ == "__main__"' in done.stderr
