"""Alembic environment of the store: runs on the connection the Store hands over."""

from __future__ import annotations

from alembic import context

from bastion.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - the Store always passes its connection
    raise RuntimeError(
        "run Bastion's migrations through bastion.store.Store (it passes the connection); "
        "the alembic command line is not configured for this package"
    )
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
