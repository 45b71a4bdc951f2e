import pytest
from django.db import connection

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite settings; the suite runs on PostgreSQL too"
)


def test_sqlite_runs_in_wal_with_a_busy_timeout_and_immediate_transactions(db):
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        busy_ms = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory" instead of WAL.
    assert journal in ("wal", "memory")
    assert busy_ms >= 5000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
