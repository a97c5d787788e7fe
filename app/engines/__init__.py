"""Database engines behind one interface (base.py)."""

from __future__ import annotations

from typing import Callable

from ..errors import NotSupportedError
from ..phrases import Phrase
from ..settings.model import DatabaseSettings
from .base import Engine


# each engine's module is imported when it is chosen (PostgreSQL's and SQL Server's load their
# drivers), by import statements a frozen build's analysis follows
def _sqlite() -> type[Engine]:
    from .sqlite import ENGINE
    return ENGINE


def _postgres() -> type[Engine]:
    from .postgres import ENGINE
    return ENGINE


def _sqlserver() -> type[Engine]:
    from .sqlserver import ENGINE
    return ENGINE


REGISTRY: dict[str, Callable[[], type[Engine]]] = {"sqlite": _sqlite, "postgres": _postgres, "sqlserver": _sqlserver}


def get_engine(db: DatabaseSettings) -> Engine:
    """The engine the settings select."""
    load = REGISTRY.get(db.engine)
    if load is None:
        raise NotSupportedError(Phrase("The database engine '%1' is not supported.", (db.engine,)),
                                hint=Phrase("Use sqlite, postgres or sqlserver."))
    try:
        engine_class = load()
    except ModuleNotFoundError as exc:
        raise NotSupportedError(Phrase("The %1 engine is not available: %2.", (db.engine, exc))) from None
    return engine_class(db)
