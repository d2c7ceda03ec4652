"""Connection strings without their passwords, for every message, log line and reply.

A database URL (``postgresql+psycopg://user:password@host/db``) travels into error
messages through library exceptions, our own messages and log records. Whoever reads
them (the agent, in a fail-closed reply; anyone with the log) must not learn the
password, so every outward text goes through ``redact`` and every log handler of ours
carries ``RedactingFilter``. The user name and host stay: they are what an operator
needs to find the broken setting.
"""

from __future__ import annotations

import logging
import re

__all__ = ["MASK", "RedactingFilter", "install_log_filter", "redact", "redact_url"]

# scheme://user:password@  (the password may hold anything but '@', '/' and whitespace;
# percent-encoded '@' (%40) stays inside it).
_URL_PASSWORD = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*://[^:/@\s'\"]*):([^@\s'\"]*)@")
# libpq key/value strings: password=secret or password='se cret'
_KV_PASSWORD = re.compile(r"(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'\"]+)", re.IGNORECASE)
MASK = "***"


def redact(text: str) -> str:
    """``text`` with every connection-string password replaced by ``***``."""
    if "@" not in text and "password" not in text.lower():
        return text
    text = _URL_PASSWORD.sub(lambda m: f"{m.group(1)}:{MASK}@", text)
    return _KV_PASSWORD.sub(lambda m: f"{m.group(1)}{MASK}", text)


def redact_url(url: str) -> str:
    """A database URL fit to show: ``user:***@host`` when it carried a password."""
    return redact(url)


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message (and its traceback) without passwords.

    Exceptions from database drivers format their own text, so the filter works on the
    rendered message, not on the arguments: nothing a library puts in can slip past.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


def install_log_filter(logger: logging.Logger | None = None) -> None:
    """Put ``RedactingFilter`` on every handler of ``logger`` (the root logger by default)."""
    target = logger or logging.getLogger()
    for handler in target.handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
