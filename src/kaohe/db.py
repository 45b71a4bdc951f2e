"""Bulk writes for very large result sets, where ORM objects cost more than the database."""

import json
from collections.abc import Iterable, Sequence

from django.db import connection, models


def insert_rows(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], batch: int = 20_000
) -> None:
    """INSERT `rows` (tuples in `fields` order) with one executemany per batch.

    JSON and date/time values are adapted by their field's own get_db_prep_save, so what
    lands in the database is what Model.save() would write; the drivers of SQLite and
    PostgreSQL take Decimals, numbers, strings and booleans as they are, which matters in a
    loop that runs millions of times. No signals, no save(): for derived data in bulk.
    """
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    # Identifiers come from model metadata, never from input; values are parameters.
    names = ", ".join(quote(f.column) for f in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    adapt = [
        (i, _memoized_json(f) if isinstance(f, models.JSONField) else _memoized(f))
        for i, f in enumerate(columns)
        if isinstance(f, models.JSONField | models.DateField | models.TimeField)
    ]
    pending: list[tuple] = []
    with connection.cursor() as cursor:
        for row in rows:
            if adapt:
                row = list(row)
                for i, prep in adapt:
                    row[i] = prep(row[i], connection)
            pending.append(tuple(row))
            if len(pending) >= batch:
                cursor.executemany(sql, pending)
                pending.clear()
        if pending:
            cursor.executemany(sql, pending)


def _memoized_json(field: models.JSONField):
    """JSON values repeat (most rows carry [] or the same few lists): adapt each once."""
    adapted: dict[str, object] = {}

    def prep(value, connection):
        if not value and value is not None:  # [] / {} / "": most rows, no encoding needed
            key = type(value).__name__
        else:
            key = json.dumps(value, sort_keys=True, default=str)
        if key not in adapted:
            adapted[key] = field.get_db_prep_save(value, connection)
        return adapted[key]

    return prep


def _memoized(field: models.Field):
    """Dates and times repeat too (one timestamp for a whole run's audit rows)."""
    adapted: dict[object, object] = {}

    def prep(value, connection):
        if value not in adapted:
            adapted[value] = field.get_db_prep_save(value, connection)
        return adapted[value]

    return prep
