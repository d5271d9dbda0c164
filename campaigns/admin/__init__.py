"""The admin machinery every stage's screens share: the ward-scoped viewset, the menu, ids, exports."""
