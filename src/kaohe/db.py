"""Bulk writes for very large result sets, where ORM objects cost more than the database."""

from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model


def insert_rows(
    model: type[Model], fields: Sequence[str], rows: Iterable[Sequence], batch: int = 20_000
) -> None:
    """INSERT `rows` (tuples in `fields` order) with one executemany per batch.

    Values are adapted by each field's own get_db_prep_save, so what lands in the
    database is exactly what Model.save() would write, on SQLite and PostgreSQL alike.
    No signals, no save(): callers use it for derived data written in bulk (results).
    """
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    # Identifiers come from model metadata, never from input; values are parameters.
    names = ", ".join(quote(f.column) for f in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {quote(meta.db_table)} ({names}) VALUES ({marks})"  # noqa: S608
    preps = [f.get_db_prep_save for f in columns]
    pending = []
    with connection.cursor() as cursor:
        for row in rows:
            pending.append(
                tuple(prep(value, connection) for prep, value in zip(preps, row, strict=True))
            )
            if len(pending) >= batch:
                cursor.executemany(sql, pending)
                pending.clear()
        if pending:
            cursor.executemany(sql, pending)
