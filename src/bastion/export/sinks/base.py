"""What every export sink is: a name and ``send(items)``, which succeeds or raises.

`bastion.export.delivery` owns retries, backoff, dead letters and positions; a sink only
formats a batch and hands it to its receiver once, raising `SinkError` with
``retryable`` telling a receiver that is down (try again later) from one that refused
the batch (retrying the same bytes will not help).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx

from bastion.errors import BastionError
from bastion.export.ocsf import SessionBook, to_ocsf_safe
from bastion.store.export_log import LogItem


class SinkError(BastionError):
    """A batch was not delivered; ``retryable`` says whether sending it again may work."""

    def __init__(self, message: str, *, retryable: bool = True) -> None:
        super().__init__(message)
        self.retryable = retryable


class Sink:
    """Base of the sinks: ``name``, ``send``, ``close``.

    A sink that splits ``send`` into ``prepare`` (format a batch: CPU) and ``deliver``
    (hand it over: waiting on the network) sets ``pipelined``: the worker then formats
    the next batch while earlier ones are in flight. ``window`` is how many batches may
    be in flight at once (``deliver`` is then called from that many threads, so it must
    be thread-safe); a sink whose receiver must see batches in order keeps 1.
    """

    name: str = ""
    pipelined: bool = False
    window: int = 1

    def prepare(self, items: Sequence[LogItem], book: SessionBook) -> Any:
        return items

    def deliver(self, payload: Any) -> None:
        raise NotImplementedError

    def send(self, items: Sequence[LogItem], book: SessionBook) -> None:
        self.deliver(self.prepare(items, book))

    def close(self) -> None:
        return None


def ocsf_events(items: Sequence[LogItem], book: SessionBook) -> list[dict[str, Any]]:
    """The OCSF events of a batch, in log order (several per entry for findings)."""
    out: list[dict[str, Any]] = []
    for item in items:
        entry = item.parsed()
        book.learn(entry["event"])
        out.extend(to_ocsf_safe(entry, item.key, book.get(item.session_id)))
    return out


def http_failure(sink: str, response: httpx.Response) -> SinkError:
    """A receiver's non-2xx answer as a `SinkError`.

    Only an answer about the content (400, 413, 422) refuses the batch, which then goes
    to the dead-letter file entry by entry; every other one (401 and 403 from a wrong
    token, 404 from a wrong URL, 429, 5xx) holds the position until it is fixed, so a
    configuration mistake never dead-letters the whole log.
    """
    code = response.status_code
    retryable = code not in (400, 413, 422)
    body = response.text[:300].replace("\n", " ")
    return SinkError(f"{sink}: HTTP {code} from the receiver: {body}", retryable=retryable)


def transport_failure(sink: str, exc: Exception) -> SinkError:
    """A connection problem (refused, reset, timeout): the receiver may come back."""
    return SinkError(f"{sink}: cannot reach the receiver ({type(exc).__name__}: {exc})")


def http_client(config: Any, timeout: float = 10.0) -> httpx.Client:
    """One keep-alive client per sink; ``ca_file`` trusts a private CA."""
    verify: Any = True
    ca = config.get("ca_file")
    if ca:
        import ssl

        verify = ssl.create_default_context(cafile=str(ca))
    if config.get("insecure_skip_verify"):
        verify = False
    return httpx.Client(timeout=float(config.get("timeout_seconds", timeout)), verify=verify)
