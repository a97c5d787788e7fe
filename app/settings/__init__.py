"""Typed settings (model.py) and their storage (store.py, secrets.py)."""
