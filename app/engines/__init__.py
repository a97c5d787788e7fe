"""Database engines behind one interface (base.py)."""

from __future__ import annotations

import importlib

from ..errors import NotSupportedError
from ..phrases import Phrase
from ..settings.model import DatabaseSettings
from .base import Engine

_MODULES = {"sqlite": "sqlite", "postgres": "postgres", "sqlserver": "sqlserver"}


def get_engine(db: DatabaseSettings) -> Engine:
    """The engine the settings select."""
    module_name = _MODULES.get(db.engine)
    if module_name is None:
        raise NotSupportedError(Phrase("The database engine '%1' is not supported.", (db.engine,)),
                                hint=Phrase("Use sqlite, postgres or sqlserver."))
    try:
        module = importlib.import_module(f"{__name__}.{module_name}")
    except ModuleNotFoundError as exc:
        raise NotSupportedError(Phrase("The %1 engine is not available: %2.", (db.engine, exc))) from None
    return module.ENGINE(db)
