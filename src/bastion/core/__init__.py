"""The agent-neutral core every part speaks: events, tool kinds, session state, records,
errors and the layout of a Bastion home.

Nothing here imports another part of Bastion or does I/O beyond naming paths, so every
part (the hook's in-process fallback included) can depend on it cheaply. No module here
knows an agent's native tool names or files: sensors translate those into ``ToolKind`` and
``ToolSpec`` (``bastion.sensors``).
"""

__all__: list[str] = []  # import from the modules; the package itself exports nothing
