"""Bastion: runtime governance and Agent Detection and Response for AI coding agents."""

__version__ = "0.1.0"
