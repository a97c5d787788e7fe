"""The little SQL the promotion needs, the same on SQLite, PostgreSQL and SQL Server.

Names from a profile are never trusted: they are looked up in the database's own
catalog (case-insensitively, as the engines fold names differently) and the catalog's
spelling is quoted with double quotes. Values always go through parameters in the
engine's paramstyle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from ..errors import PromotionError
from ..phrases import Phrase

TEXT_TYPES = ("char", "text", "clob", "string", "varchar", "nvarchar", "ntext", "character")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@dataclass
class Table:
    name: str                                            # as the catalog spells it
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)  # lower -> (name, type)

    def column(self, name: str) -> str | None:
        found = self.columns.get(name.lower())
        return found[0] if found else None

    def text_columns(self) -> list[str]:
        return [n for n, t in self.columns.values() if _is_text(t)]


def _is_text(type_name: str) -> bool:
    lowered = (type_name or "").lower()
    return any(word in lowered for word in TEXT_TYPES)


class Database:
    """One DB-API connection plus what is needed to write portable statements."""

    def __init__(self, conn: Any, engine_name: str, paramstyle: str) -> None:
        self.conn = conn
        self.engine_name = engine_name
        self.mark = "?" if paramstyle == "qmark" else "%s"
        self._catalog: dict[str, Table] | None = None

    def execute(self, sql: str, params: Iterable[Any] = ()) -> Any:
        cur = self.conn.cursor()
        cur.execute(sql, tuple(params))
        return cur

    def query(self, sql: str, params: Iterable[Any] = ()) -> list[tuple]:
        cur = self.execute(sql, params)
        try:
            return [tuple(row) for row in cur.fetchall()]
        finally:
            cur.close()

    # --- catalog -------------------------------------------------------------------
    def catalog(self) -> dict[str, Table]:
        """Every user table, lower-cased name -> Table."""
        if self._catalog is None:
            self._catalog = self._sqlite_catalog() if self.engine_name == "sqlite" else self._schema_catalog()
        return self._catalog

    def _sqlite_catalog(self) -> dict[str, Table]:
        tables: dict[str, Table] = {}
        names = [r[0] for r in self.query("SELECT name FROM sqlite_master WHERE type='table' "
                                          "AND name NOT LIKE 'sqlite_%'")]
        for name in names:
            table = Table(name)
            for row in self.query(f"PRAGMA table_info({quote(name)})"):
                table.columns[row[1].lower()] = (row[1], row[2] or "")
            tables[name.lower()] = table
        return tables

    def _schema_catalog(self) -> dict[str, Table]:
        if self.engine_name == "postgres":
            where = "c.TABLE_SCHEMA = current_schema()"
        else:  # SQL Server: the default schema of the login
            where = "c.TABLE_SCHEMA = SCHEMA_NAME()"
        # upper case: SQL Server with a case-sensitive collation needs it, PostgreSQL folds it
        rows = self.query("SELECT c.TABLE_NAME, c.COLUMN_NAME, c.DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS c "
                          "JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA "
                          "AND t.TABLE_NAME = c.TABLE_NAME "
                          f"WHERE {where} AND t.TABLE_TYPE = 'BASE TABLE' "
                          "ORDER BY c.TABLE_NAME, c.ORDINAL_POSITION")
        tables: dict[str, Table] = {}
        for table_name, column, data_type in rows:
            table = tables.setdefault(table_name.lower(), Table(table_name))
            table.columns[column.lower()] = (column, data_type or "")
        return tables

    def resolve(self, used: dict[str, set[str]], where: str) -> dict[str, Table]:
        """Check that every table and column exists; one error lists everything missing."""
        catalog = self.catalog()
        missing: list[str] = []
        for table_name, columns in used.items():
            table = catalog.get(table_name.lower())
            if table is None:
                missing.append(f"table {table_name}")
                continue
            missing += [f"column {table_name}.{c}" for c in sorted(columns) if table.column(c) is None]
        if missing:
            raise PromotionError(Phrase("The application profile %1 does not match the database: %2 not found.",
                                        (where, ', '.join(missing))),
                                 hint=Phrase("Check that the profile is the right one for this application and "
                                             "database (promotion.profile or --profile)."))
        return catalog
