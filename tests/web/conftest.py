from tests.assessments.conftest import scored  # noqa: F401 — the matrix needs a scored assessment
