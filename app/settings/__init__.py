"""Typed settings (model.py) and their storage (store.py, secrets.py)."""

from .model import Settings, Endpoint, EmailAccount, validate, flat_keys  # noqa: F401
