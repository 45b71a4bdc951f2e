"""`make bench` builds a 1.3 GB database in a scratch folder: it must not pile up in /tmp
run after run, and a folder the caller chose must be left alone."""

import os

import pytest

from kaohe.bench.records import scratch_var_dir


def test_scratch_folder_is_removed_even_when_the_run_fails(monkeypatch):
    monkeypatch.delenv("KAOHE_VAR_DIR", raising=False)
    with pytest.raises(RuntimeError), scratch_var_dir() as scratch:
        assert os.environ["KAOHE_VAR_DIR"] == str(scratch)
        (scratch / "kaohe.sqlite3").write_bytes(b"rows")
        raise RuntimeError("benchmark stopped")
    assert not scratch.exists()
    assert "KAOHE_VAR_DIR" not in os.environ


def test_a_folder_the_caller_set_is_kept(monkeypatch, tmp_path):
    monkeypatch.setenv("KAOHE_VAR_DIR", str(tmp_path))
    with scratch_var_dir() as scratch:
        (scratch / "kaohe.sqlite3").write_bytes(b"rows")
    assert (tmp_path / "kaohe.sqlite3").exists()
    assert os.environ["KAOHE_VAR_DIR"] == str(tmp_path)
