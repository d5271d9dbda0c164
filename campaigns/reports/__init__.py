"""Periodic reports, loudspeaker rosters and calendar exports (not built yet)."""
