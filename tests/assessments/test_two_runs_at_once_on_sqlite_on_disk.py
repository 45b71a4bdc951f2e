"""Two runs of one assessment at once on SQLite as production sets it up (on disk, WAL,
IMMEDIATE, busy timeout): the second waits for the first's transaction, then replaces its
run; one run is left and neither fails. In a process of its own (two_runs_on_disk.py),
since the test run's in-memory database does not make a writer wait. On PostgreSQL the same
case runs in test_runs_and_stage_moves_take_turns.py."""

import json
import subprocess
import sys
from pathlib import Path

from tests.project.test_production_settings import environment

ROOT = Path(__file__).resolve().parents[2]


def test_the_second_run_waits_and_one_run_is_left(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "tests.assessments.two_runs_on_disk"],
        cwd=ROOT,
        env=environment(KAOHE_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="kaohe.settings"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome == {
        "first_stored": True,
        "second_waited": True,
        "second_finished": True,
        "errors": [],
        "runs": 1,
    }
    assert (tmp_path / "kaohe.sqlite3").exists()  # on disk, not the test run's database
