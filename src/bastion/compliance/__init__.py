"""Compliance evidence: a control catalogue as data, evidence queries, reports (issue #18)."""
