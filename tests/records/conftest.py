import pytest


@pytest.fixture(autouse=True)
def evidence_root(settings, tmp_path):
    """Each test stores evidence in its own empty folder."""
    root = tmp_path / "evidence"
    settings.EVIDENCE_ROOT = root
    return root


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
