"""Fast inserts for generated rows (a ward-year is ~30.000 deliveries).

``QuerySet.bulk_create`` builds a model instance and prepares every field of
every row one by one, which costs several times the INSERT itself. Expansion
rows have few distinct values per column (730 occurrences, 40 groups), so this
prepares each distinct value once through the field itself (the same
``get_db_prep_save`` the ORM uses) and sends the rows with one ``executemany``
per batch, ignoring rows that already exist (the unique keys make that safe).
"""

from django.db import connection, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone

BATCH_SIZE = 5000


def insert_ignoring_conflicts(model, *, constants: dict, columns: tuple[str, ...], rows) -> None:
    """INSERT rows of ``model``: ``constants`` hold the same value on every row, ``rows`` are tuples of
    values for ``columns``; fields left out take their model default. Existing keys are skipped."""
    fields = {field.name: field for field in model._meta.concrete_fields if not field.primary_key}
    defaults = {name: field.get_default() for name, field in fields.items()
                if name not in constants and name not in columns}
    fixed = {**defaults, **constants}
    for name, field in fields.items():
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            fixed[name] = timezone.now()

    fixed_values = [fields[name].get_db_prep_save(value, connection) for name, value in fixed.items()]
    column_fields = [fields[name] for name in columns]
    caches = [{} for _ in columns]

    def prepared(row):
        values = []
        for index, value in enumerate(row):
            cache = caches[index]
            if value not in cache:
                cache[value] = column_fields[index].get_db_prep_save(value, connection)
            values.append(cache[value])
        return (*fixed_values, *values)

    names = [fields[name].column for name in fixed] + [fields[name].column for name in columns]
    quoted = ", ".join(connection.ops.quote_name(name) for name in names)
    placeholders = ", ".join(["%s"] * len(names))
    insert = connection.ops.insert_statement(on_conflict=OnConflict.IGNORE)
    suffix = connection.ops.on_conflict_suffix_sql(list(fields.values()), OnConflict.IGNORE, None, None)
    sql = f"{insert} {connection.ops.quote_name(model._meta.db_table)} ({quoted}) VALUES ({placeholders}) {suffix}"
    rows = list(rows)
    with transaction.atomic(), connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, [prepared(row) for row in rows[start:start + BATCH_SIZE]])
