"""Where propaganda is delivered: localities, residential groups, loudspeaker clusters and their slots,
and the ward rule (who sees which rows).
"""
