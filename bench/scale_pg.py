"""A city-year of deliveries on PostgreSQL (or a multiple): the dispatch claim and coverage queries,
on the product's table and on its monthly-partitioned copy (campaigns/scale/partitioning.py).

City-year: about 100 million deliveries a year nationally over 3,321 communes and wards is ~30,000
per ward; a city of ~100 wards makes 3 million (CITY_YEAR_ROWS). ``--scale 1`` generates one
city-year, ``--scale 10`` ten (docs/scale.md quotes both); the default, 0.05 (150,000 rows), keeps the run short.

The delivery table is the product's own DDL (Django's schema editor on ``Delivery``, foreign keys
left out so no other table is needed) in a fresh database ``loa_scale_bench``; rows come from
``generate_series``. Baseline, same run: each query on the plain table; value: on the partitioned one.
Headline: the dispatch claim. EXPLAIN (ANALYZE, BUFFERS) of both queries on both tables is printed.

Run: ``python bench/scale_pg.py [--scale 0.1] [--groups 1200]`` (needs PostgreSQL: DATABASE_URL's
server or 127.0.0.1:5432).
"""

import argparse
import datetime as dt
import json
import os
import re
import time
from statistics import median

from _django import postgres_database_url, setup_django

CITY_YEAR_ROWS = 3_000_000
REPEAT = 30
UTC = dt.UTC


def product_table_create(connection) -> str:
    from campaigns.models import Delivery

    with connection.schema_editor(collect_sql=True, atomic=False) as editor:
        editor.create_model(Delivery)
    statements = []
    for statement in editor.collected_sql:
        if "FOREIGN KEY" in statement:
            continue
        statements.append(re.sub(r'\s*CONSTRAINT "[^"]+" REFERENCES "[^"]+" \("id"\) DEFERRABLE INITIALLY DEFERRED',
                                 "", statement))
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE IF EXISTS "{Delivery._meta.db_table}" CASCADE')
        for statement in statements:
            cursor.execute(statement)
    return Delivery._meta.db_table


def timed(cursor, sql: str, params: dict, *, repeat: int = REPEAT) -> float:
    samples = []
    for _ in range(repeat):
        cursor.execute("BEGIN")
        started = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        samples.append(time.perf_counter() - started)
        cursor.execute("ROLLBACK")  # the claim's row locks go; nothing is changed
    return median(samples) * 1000


def explain(cursor, sql: str, params: dict) -> str:
    cursor.execute("BEGIN")
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, params)
    plan = "\n".join(row[0] for row in cursor.fetchall())
    cursor.execute("ROLLBACK")
    return plan


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=0.05, help="city-years of deliveries (1 = 3 million)")
    parser.add_argument("--groups", type=int, default=1200, help="residential groups in the city")
    options = parser.parse_args()
    url = postgres_database_url("loa_scale_bench")
    if url is None:
        raise SystemExit("PostgreSQL is needed (DATABASE_URL=postgres://… or a server on 127.0.0.1:5432)")
    os.environ["DATABASE_URL"] = url
    setup_django(fresh_sqlite=False, migrate=False)
    from django.db import connection

    from campaigns.scale.partitioning import (
        CLAIM_SQL,
        COVERAGE_SQL,
        deliveries_generate,
        partitioned_copy_create,
        partitions_scanned,
    )

    rows = int(CITY_YEAR_ROWS * options.scale)
    started = time.perf_counter()
    table = product_table_create(connection)
    with connection.cursor() as cursor:
        deliveries_generate(cursor, table=table, publication_id=1, group_ids=list(range(1, options.groups + 1)),
                            rows=rows, start=dt.datetime(2026, 1, 1, tzinfo=UTC), days=365,
                            now=dt.datetime(2026, 10, 1, tzinfo=UTC))
        parent = partitioned_copy_create(cursor, table=table, first_month=dt.date(2026, 1, 1), months=12)
        cursor.execute(f'INSERT INTO "{parent}" SELECT * FROM "{table}"')  # noqa: S608 - names from the code
        cursor.execute(f'VACUUM ANALYZE "{table}"')
        cursor.execute(f'VACUUM ANALYZE "{parent}"')
        generated = time.perf_counter() - started

        claim = {"now": dt.datetime(2026, 10, 1, tzinfo=UTC)}
        month = {"start": dt.datetime(2026, 3, 1, tzinfo=UTC), "end": dt.datetime(2026, 4, 1, tzinfo=UTC)}
        year = {"start": dt.datetime(2026, 1, 1, tzinfo=UTC), "end": dt.datetime(2027, 1, 1, tzinfo=UTC)}
        queries = {"claim": (CLAIM_SQL, claim, REPEAT), "coverage_month": (COVERAGE_SQL, month, REPEAT),
                   "coverage_year": (COVERAGE_SQL, year, 3)}
        results = {}
        for name, (sql, params, repeat) in queries.items():
            plain = timed(cursor, sql.format(table=table), params, repeat=repeat)
            partitioned = timed(cursor, sql.format(table=parent), params, repeat=repeat)
            results[name] = {"plain_ms": round(plain, 3), "partitioned_ms": round(partitioned, 3),
                             "partitions_read": len(partitions_scanned(cursor, sql.format(table=parent), params))}
        for name in ("claim", "coverage_month"):
            sql, params, _ = queries[name]
            for label, target in (("plain", table), ("partitioned", parent)):
                print(f"--- EXPLAIN {name} ({label})")
                print(explain(cursor, sql.format(table=target), params))
        cursor.execute(f'DROP TABLE "{parent}" CASCADE')
    print(f"{rows} deliveries generated and copied in {generated:.1f} s")
    print("query            plain ms   partitioned ms   partitions read")
    for name, result in results.items():
        print(f"{name:15} {result['plain_ms']:9.2f}   {result['partitioned_ms']:13.2f}   "
              f"{result['partitions_read']:6d}")
    claim_result = results["claim"]
    print(json.dumps({
        "bench": "scale_pg", "value": claim_result["partitioned_ms"], "unit": "ms",
        "baseline": claim_result["plain_ms"],
        "ratio": round(claim_result["partitioned_ms"] / claim_result["plain_ms"], 3), "target": "<= 2",
        "rows": rows, "scale": options.scale, "groups": options.groups, "queries": results,
    }))


if __name__ == "__main__":
    main()
