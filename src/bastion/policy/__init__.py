"""policy"""

__all__: list[str] = []  # import from the modules; the package itself exports nothing
