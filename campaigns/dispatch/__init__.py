"""Dispatch: claim due deliveries and carry them out through one adapter per channel."""
