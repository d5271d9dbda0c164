"""Slots of one loudspeaker cluster must not overlap, enforced by the database.

Overlap means: the weekday masks share a day and the time ranges intersect.
No portable CHECK or exclusion constraint expresses that, so each backend gets
a trigger. On PostgreSQL the trigger first locks the cluster row, so two
concurrent inserts for the same cluster are checked one after the other.
"""

from django.db import migrations

SQLITE_CONDITION = """
    EXISTS (
        SELECT 1 FROM campaigns_broadcastslot AS other
        WHERE other.cluster_id = NEW.cluster_id
          AND other.id IS NOT NEW.id
          AND (other.weekdays & NEW.weekdays) != 0
          AND other.start < NEW."end" AND NEW.start < other."end"
    )
"""

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER broadcastslot_no_overlap_insert
    BEFORE INSERT ON campaigns_broadcastslot
    WHEN {SQLITE_CONDITION}
    BEGIN SELECT RAISE(ABORT, 'broadcastslot_overlap'); END;
    """,
    f"""
    CREATE TRIGGER broadcastslot_no_overlap_update
    BEFORE UPDATE ON campaigns_broadcastslot
    WHEN {SQLITE_CONDITION}
    BEGIN SELECT RAISE(ABORT, 'broadcastslot_overlap'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS broadcastslot_no_overlap_insert;",
    "DROP TRIGGER IF EXISTS broadcastslot_no_overlap_update;",
]

POSTGRES_FORWARD = [
    """
    CREATE FUNCTION campaigns_broadcastslot_no_overlap() RETURNS trigger AS $$
    BEGIN
        PERFORM 1 FROM campaigns_loudspeakercluster WHERE id = NEW.cluster_id FOR UPDATE;
        IF EXISTS (
            SELECT 1 FROM campaigns_broadcastslot AS other
            WHERE other.cluster_id = NEW.cluster_id
              AND other.id IS DISTINCT FROM NEW.id
              AND (other.weekdays & NEW.weekdays) <> 0
              AND other.start < NEW."end" AND NEW.start < other."end"
        ) THEN
            RAISE EXCEPTION 'broadcastslot_overlap' USING ERRCODE = 'exclusion_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER broadcastslot_no_overlap
    BEFORE INSERT OR UPDATE ON campaigns_broadcastslot
    FOR EACH ROW EXECUTE FUNCTION campaigns_broadcastslot_no_overlap();
    """,
]
POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS broadcastslot_no_overlap ON campaigns_broadcastslot;",
    "DROP FUNCTION IF EXISTS campaigns_broadcastslot_no_overlap();",
]


def run_statements(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial")]

    operations = [
        migrations.RunPython(
            run_statements({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run_statements({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
