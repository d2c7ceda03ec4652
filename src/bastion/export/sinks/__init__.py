"""Export sinks: one module per receiver; `make_sink` builds one from its configuration."""

from __future__ import annotations

from bastion.export.config import SinkConfig
from bastion.export.sinks.base import Sink, SinkError


def make_sink(config: SinkConfig) -> Sink:
    """The sink a ``[[export.sink]]`` table describes (its credentials read now)."""
    if config.type == "splunk_hec":
        from bastion.export.sinks.splunk import SplunkHecSink

        return SplunkHecSink(config)
    if config.type == "sentinel":
        from bastion.export.sinks.sentinel import SentinelSink

        return SentinelSink(config)
    if config.type == "syslog":
        from bastion.export.sinks.syslog import SyslogSink

        return SyslogSink(config)
    if config.type == "webhook":
        from bastion.export.sinks.webhook import WebhookSink

        return WebhookSink(config)
    if config.type == "otlp":
        from bastion.export.sinks.otlp import OtlpSink

        return OtlpSink(config)
    raise SinkError(f"unknown sink type {config.type!r}", retryable=False)


__all__ = ["Sink", "SinkError", "make_sink"]
