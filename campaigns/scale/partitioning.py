"""Deliveries partitioned by month on PostgreSQL: the plan of docs/scale.md, as SQL a bench and a test run.

The product's table (``campaigns_delivery``) is not changed here. ``partitioned_copy_create`` builds
``<table>_by_month``: the same columns, declaratively partitioned by ``RANGE (due_at)`` into one
partition per month, with a DEFAULT partition for anything outside the months created, the primary
key widened to ``(id, due_at)`` (PostgreSQL requires the partition key in it) and the product's
indexes on the parent (so every partition gets them). A migration adopting it would create the
partitioned table, copy month by month, then swap names in one transaction.

The two hot queries, as the product runs them:

- the dispatch claim (``campaigns.dispatch.claim.claim_due``), the oldest due planned rows;
- coverage, delivered rows per residential group and month for a campaign period.
"""

import datetime as dt

CLAIM_SQL = """
SELECT id FROM {table}
WHERE status = 'planned' AND due_at <= %(now)s AND (next_attempt_at IS NULL OR next_attempt_at <= %(now)s)
ORDER BY due_at, id LIMIT 25 FOR UPDATE SKIP LOCKED
"""

COVERAGE_SQL = """
SELECT group_id, date_trunc('month', due_at AT TIME ZONE 'Asia/Ho_Chi_Minh') AS month, count(*) AS delivered
FROM {table}
WHERE status = 'delivered' AND due_at >= %(start)s AND due_at < %(end)s
GROUP BY group_id, month ORDER BY group_id, month
"""


def month_starts(first: dt.date, months: int) -> list[dt.date]:
    starts, year, month = [], first.year, first.month
    for _ in range(months + 1):
        starts.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return starts


def partitioned_copy_create(cursor, *, table: str, first_month: dt.date, months: int) -> str:
    """Create ``<table>_by_month`` (empty) with one partition per month from ``first_month``; returns its name."""
    parent = f"{table}_by_month"
    cursor.execute(f'DROP TABLE IF EXISTS "{parent}" CASCADE')
    cursor.execute(f'CREATE TABLE "{parent}" (LIKE "{table}" INCLUDING DEFAULTS INCLUDING GENERATED) '
                   f"PARTITION BY RANGE (due_at)")
    cursor.execute(f'ALTER TABLE "{parent}" ADD PRIMARY KEY (id, due_at)')
    cursor.execute(f'CREATE INDEX "{parent}_status_due" ON "{parent}" (status, due_at)')
    cursor.execute(f'CREATE INDEX "{parent}_publication" ON "{parent}" (publication_id)')
    cursor.execute(f'CREATE INDEX "{parent}_group_due" ON "{parent}" (group_id, due_at)')
    starts = month_starts(first_month, months)
    for start, end in zip(starts, starts[1:], strict=False):
        cursor.execute(f'CREATE TABLE "{parent}_{start:%Y_%m}" PARTITION OF "{parent}" '
                       f"FOR VALUES FROM ('{start:%Y-%m-%d}') TO ('{end:%Y-%m-%d}')")
    cursor.execute(f'CREATE TABLE "{parent}_default" PARTITION OF "{parent}" DEFAULT')
    return parent


def partitions_scanned(cursor, sql: str, params: dict) -> list[str]:
    """The partitions (or tables) a query's plan reads, from EXPLAIN (FORMAT JSON)."""
    cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
    plan = cursor.fetchone()[0]
    plan = plan[0]["Plan"] if isinstance(plan, list) else plan
    found = []

    def walk(node):
        if "Relation Name" in node:
            found.append(node["Relation Name"])
        for child in node.get("Plans", []):
            walk(child)

    walk(plan)
    return sorted(set(found))


GENERATE_SQL = """
INSERT INTO {table} (publication_id, channel, occurrence, group_id, cluster_id, due_at, status, attempts,
                     next_attempt_at, claimed_by, external_id, error, pack, updated_at,
                     confirmed_via, status_note, roster_position, roster_pinned)
SELECT %(publication)s, 'facebook', at, (%(groups)s::bigint[])[1 + n %% %(group_count)s], NULL, at,
       CASE WHEN at > %(now)s OR n %% 53 = 0 THEN 'planned' WHEN n %% 97 = 0 THEN 'failed' ELSE 'delivered' END,
       1, NULL, '', '', '', '{{}}'::jsonb, %(now)s, '', '', 0, false
FROM (SELECT n, %(start)s::timestamptz + n * %(step)s * interval '1 second' AS at
      FROM generate_series(0, %(rows)s - 1) AS n) AS occurrences
"""


def deliveries_generate(cursor, *, table: str, publication_id: int, group_ids: list[int], rows: int,
                        start: dt.datetime, days: int, now: dt.datetime) -> None:
    """``rows`` deliveries spread evenly over ``days`` from ``start``, over the given groups: delivered
    before ``now`` (a few failed, about 2 % still planned: the claim's backlog), planned after."""
    cursor.execute(GENERATE_SQL.format(table=table), {
        "publication": publication_id, "groups": list(group_ids), "group_count": len(group_ids), "rows": rows,
        "start": start, "step": days * 86400 / rows, "now": now})
