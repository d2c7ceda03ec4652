"""What the engine writes for each event: redacted, bounded rows for the store and the log.

``redact`` keeps secrets and unbounded strings out; ``rows`` builds the event, finding,
alert and session rows from an event, its verdict and the session state.
"""

__all__: list[str] = []  # import from the modules; the package itself exports nothing
