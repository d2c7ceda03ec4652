"""What individual programs do with their arguments: the per-program half of shell analysis.

One module per program family; `registry.interpret` is the entry point and `registry.HANDLERS`
the complete table (see docs/architecture.md).
"""
