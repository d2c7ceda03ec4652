"""Fleet: many daemons, one control plane, over NATS JetStream and PostgreSQL.

A daemon's publisher (`publisher`) sends its signed audit log in batches to a JetStream
stream; control-plane ingesters (`ingest`) verify each batch against what the control
plane already holds for that device (`controlplane`) and store it. See docs/fleet.md.
"""
