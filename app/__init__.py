"""Contingência: the headless core (no widgets)."""

__version__ = "0.1.0"
