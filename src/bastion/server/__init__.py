"""The console: control-plane HTTP API, live dashboard and human approvals (``bastion serve``).

``bastion.server.app.create_app`` builds the FastAPI application; `approvals` (the
daemon's client for human approvals) and `tables` import no web framework.
"""
