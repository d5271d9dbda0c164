"""Value queries compiled to SQL once per process, then run again with new parameter values.

Django builds a queryset and compiles it to SQL on every call. For the portal's few fixed list
queries (joins to four piece tables, a window ranking each kind) that work is most of what an
uncached page costs beyond Wagtail's own serving (bench/portal.py), while the SQL itself runs in a
fraction of it. ``PreparedValues`` builds the queryset once with stand-in values, keeps the
compiled statement, and on each call puts the real values where Django put the stand-ins (escaped
as Django escapes them when a stand-in sits inside a LIKE pattern, e.g. ``path__startswith``).
Rows come back as ``values()`` would give them, through Django's own converters (dates on SQLite).
Values may be integers, strings or aware datetimes (adapted as Django adapts them for the database:
on SQLite, a UTC string).

A query whose shape changes with its input (an ``IN`` list of varying length, an optional
condition) is not a candidate: its shape goes into the cache key, or it stays an ordinary queryset.
"""

import datetime as dt
import itertools
import threading
from collections.abc import Callable

from django.db import connections, router
from django.db.models import QuerySet
from wagtail.models import Page

_numbers = itertools.count(1)


class PreparedValues:
    """``build(**values)`` must return a ``values()`` queryset whose SQL shape does not depend on
    ``values``; ``rows(**values)`` returns its rows as dictionaries."""

    def __init__(self, build: Callable[..., QuerySet], *, model=None):
        self.build = build
        self.model = model or Page  # whose database the query reads
        self._compiled: dict = {}  # database alias -> (sql, slots, names, compiler)
        self._lock = threading.Lock()

    def database(self) -> str:
        """The alias the rows are read from."""
        return router.db_for_read(self.model)

    def rows(self, **values) -> list[dict]:
        names, rows = self._run(values)
        return [dict(zip(names, row, strict=True)) for row in rows]

    def tuples(self, **values) -> list[tuple]:
        """The rows as tuples, in the order of the queryset's ``values()`` names (fields, then annotations)."""
        return [tuple(row) for row in self._run(values)[1]]

    def _run(self, values: dict) -> tuple[list[str], list]:
        alias = self.database()
        compiled = self._compiled.get(alias)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(alias)
                if compiled is None:
                    stand_ins = {name: _stand_in(value) for name, value in values.items()}
                    compiled = self._compiled[alias] = self._compile(self.build(**stand_ins).using(alias), stand_ins)
        sql, slots, names, compiler = compiled
        params = [slot(values, compiler.connection) for slot in slots]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            rows = [row[:len(names)] for row in cursor.fetchall()]
        converters = compiler.get_converters([column[0] for column in compiler.select[:compiler.col_count]])
        if converters:
            rows = list(compiler.apply_converters(rows, converters))
        return names, rows

    @staticmethod
    def _compile(queryset: QuerySet, stand_ins: dict) -> tuple:
        query = queryset.query
        compiler = query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()
        slots, found = [], set()
        for param in params:
            slot = _slot(param, stand_ins, found, compiler.connection)
            slots.append(slot)
        if found != set(stand_ins):
            raise ValueError(f"stand-ins not found in the compiled query: {set(stand_ins) - found}")
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
        return sql, slots, names, compiler


def _stand_in(value):
    """A value no real parameter equals, of the same type (strings: letters only, so LIKE leaves it)."""
    number = next(_numbers)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise TypeError("a naive datetime cannot stand in: pass an aware one")
        return dt.datetime(1901, 1, 1, tzinfo=dt.UTC) + dt.timedelta(seconds=number)  # before any real row
    if isinstance(value, bool):
        raise TypeError("a boolean cannot stand in: make it part of the query's shape")
    if isinstance(value, int):
        return 2_147_000_000 + number  # in every integer column's range (Django turns others into "no rows")
    if isinstance(value, str):
        return "loastandin" + "".join(chr(ord("a") + int(digit)) for digit in f"{number:08d}")  # never a path
    raise TypeError(f"no stand-in for {type(value).__name__}")


def _slot(param, stand_ins: dict, found: set, connection):
    """How to produce this parameter from the call's values."""
    for name, stand_in in stand_ins.items():
        if isinstance(stand_in, dt.datetime):
            adapt = connection.ops.adapt_datetimefield_value
            if param == stand_in or (param == adapt(stand_in) and type(param) is type(adapt(stand_in))):
                found.add(name)
                return lambda values, connection, name=name, adapt=adapt: adapt(values[name])
            continue
        if param == stand_in and type(param) is type(stand_in):
            found.add(name)
            return lambda values, connection, name=name: values[name]
        if isinstance(param, str) and isinstance(stand_in, str) and stand_in in param:
            found.add(name)
            return lambda values, connection, name=name, pattern=param, stand_in=stand_in: pattern.replace(
                stand_in, connection.ops.prep_for_like_query(values[name]))
    return lambda values, connection, param=param: param
