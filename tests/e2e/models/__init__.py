"""Scripted model servers for the agents other than Claude Code (which has ``scripted_model``).

Each module is a local stand-in for one vendor's wire API, driven by the same kind of script
(``script.Turn``): a list of assistant turns, each a final text or tool calls. See
``tests/e2e/README.md``.
"""
