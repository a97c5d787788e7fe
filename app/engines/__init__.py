"""Database engines behind one interface (base.py)."""

from __future__ import annotations

import importlib

from ..errors import NotSupportedError
from ..settings.model import DatabaseSettings
from .base import Engine

_MODULES = {"sqlite": "sqlite", "postgres": "postgres", "sqlserver": "sqlserver"}


def get_engine(db: DatabaseSettings) -> Engine:
    """The engine the settings select."""
    module_name = _MODULES.get(db.engine)
    if module_name is None:
        raise NotSupportedError(f"The database engine '{db.engine}' is not supported.",
                                hint="Use sqlite, postgres or sqlserver.")
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as exc:
        raise NotSupportedError(f"The {db.engine} engine is not available: {exc}.") from None
    return module.ENGINE(db)
