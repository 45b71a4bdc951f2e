"""Bulk work for very large result sets: inserts where ORM objects cost more than the
database, and independent read queries run side by side."""

import contextlib
import gc
import json
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import connection, connections, models


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], batch: int = 20_000
) -> None:
    """INSERT `rows` (tuples in `fields` order): on PostgreSQL by COPY, elsewhere with one
    executemany per batch.

    Date/time values are adapted by their field's own get_db_prep_save and JSON values
    become the text Model.save() would store (the field's encoder), so what lands in the
    database is what save() would write; the drivers of SQLite and
    PostgreSQL take Decimals, numbers, strings and booleans as they are, which matters in a
    loop that runs millions of times. No signals, no save(): for derived data in bulk.
    """
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    # Identifiers come from model metadata, never from input; values are parameters.
    table = quote(meta.db_table)
    names = ", ".join(quote(f.column) for f in columns)
    adapt = [
        (i, _json_text(f) if isinstance(f, models.JSONField) else _memoized(f))
        for i, f in enumerate(columns)
        if isinstance(f, models.JSONField | models.DateField | models.TimeField)
    ]

    def adapted():
        for row in rows:
            if adapt:
                row = list(row)
                for i, prep in adapt:
                    row[i] = prep(row[i], connection)
            yield row

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one statement. Scoring and storing a 100,000-member
            # run (1.1 million rows) took 20.7 s with executemany, one INSERT per row even
            # pipelined, and 10.3 s with COPY (docs/benchmarks.md).
            copy_rows(cursor, table, names, adapted())
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        pending: list[Sequence] = []
        for row in adapted():
            pending.append(row)
            if len(pending) >= batch:
                cursor.executemany(sql, pending)
                pending.clear()
        if pending:
            cursor.executemany(sql, pending)


def copy_rows(cursor, table: str, names: str, rows: Iterable[Sequence]) -> None:
    """Stream `rows` into `table` (quoted) `names` (quoted, comma-separated) with PostgreSQL's
    COPY, through Django's cursor on psycopg 3, which adapts each value as for a query."""
    with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _json_text(field: models.JSONField):
    """A JSON value as the text Django's SQLite backend stores, which PostgreSQL's COPY
    takes for a jsonb column as well. Django's PostgreSQL adapter would instead wrap the
    value and encode it again each time a row is written (900,000 times for a 100,000-member
    run); most values are empty lists, encoded here once."""
    empty: dict[type, str] = {}

    def prep(value, connection):
        if value is None:
            return None  # SQL NULL, as get_db_prep_save writes it
        if not value:
            if type(value) not in empty:
                empty[type(value)] = json.dumps(value, cls=field.encoder)
            return empty[type(value)]
        return json.dumps(value, cls=field.encoder)

    return prep


def _memoized(field: models.Field):
    """Values repeat (one timestamp serves a whole run's audit rows): adapt each distinct
    value once."""
    adapted: dict[object, object] = {}

    def prep(value, connection):
        if value not in adapted:
            adapted[value] = field.get_db_prep_save(value, connection)
        return adapted[value]

    return prep


def read_concurrently(tasks: Sequence[Callable[[], Any]], workers: int | None = None) -> list:
    """Run independent read-only `tasks` (each makes its own queries) and return their
    results in order: in up to `workers` threads, each on its own database connection,
    so one task's GROUP BY runs while another's Python turns rows into values (SQLite and
    psycopg release the GIL while the database works).

    Inside a transaction the tasks run one after another in it instead: another
    connection would not see the transaction's uncommitted rows.
    """
    workers = min(len(tasks), workers or min(4, os.cpu_count() or 1))
    if workers < 2 or connection.in_atomic_block:
        return [task() for task in tasks]

    def on_own_connection(task):
        try:
            return task()
        finally:
            connections.close_all()  # this thread's connections, not the caller's

    with ThreadPoolExecutor(workers, thread_name_prefix="kaohe-read") as pool:
        return list(pool.map(on_own_connection, tasks))


@contextlib.contextmanager
def gc_paused():
    """Pause the cyclic garbage collector (as a `with` block or a decorator) for bulk work.

    A 100,000-member run allocates millions of dicts, tuples and Decimals that hold no
    reference cycles, and the collector would walk them over and over as they pile up:
    2.3 s of the 7.5 s it takes to score and store such a run. Whatever cycles do form are
    collected once the collector is back on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
