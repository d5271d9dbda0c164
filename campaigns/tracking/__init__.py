"""Delivery tracking per residential group: confirmations and coverage (not built yet)."""
