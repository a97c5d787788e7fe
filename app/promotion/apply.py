"""Apply a plan in one transaction, with an undo record written first; undo it.

The undo record (``<home>/promotion/undo.json``) holds every changed value's table,
row key, column, old and new value. ``undo`` puts every old value back in one
transaction, but only when every value is still what the promotion wrote: a value
changed since means someone worked on the new official, and the undo refuses rather
than destroy that work.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..clock import iso, utc_now
from ..errors import PromotionError
from .db import Database, quote
from .documents import read_document
from .plan import Plan
from ..phrases import Phrase

UNDO_VERSION = 1


def _where(db: Database, key: list | tuple) -> tuple[str, list[Any]]:
    return " AND ".join(f"{quote(col)} = {db.mark}" for col, _ in key), [value for _, value in key]


def write_undo(path: Path, plan: Plan) -> None:
    record = {"version": UNDO_VERSION, "created": iso(utc_now()), "database": plan.database,
              "old_hosts": plan.old_hosts, "new_host": plan.new_host,
              "changes": [c.as_dict() for c in plan.changes]}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, json.dumps(record, indent=1, ensure_ascii=False).encode("utf-8"))


def apply_plan(db: Database, plan: Plan, record: Path) -> int:
    """Every change of ``plan`` or none; returns how many values were changed."""
    write_undo(record, plan)
    try:
        for change in plan.changes:
            _update(db, change.table, change.key, change.column, change.old, change.new)
        db.conn.commit()
    except PromotionError:
        _rollback(db, record)
        raise
    except Exception as exc:
        _rollback(db, record)
        raise PromotionError(Phrase("Changing the settings in %1 failed: %2. Nothing was changed.",
                                    (plan.database, exc)),
                             hint=Phrase("Check that the database is writable and not locked by the application, "
                                         "then run the promotion again.")) from None
    return len(plan.changes)


def _rollback(db: Database, record: Path) -> None:
    try:
        db.conn.rollback()
    finally:
        record.unlink(missing_ok=True)  # nothing was applied: nothing to undo


def _update(db: Database, table: str, key, column: str, expected: str, value: str) -> None:
    """UPDATE one value, only if it is still ``expected`` (the preview's value)."""
    where, params = _where(db, key)
    sql = (f"UPDATE {quote(table)} SET {quote(column)} = {db.mark} "
           f"WHERE {where} AND {quote(column)} = {db.mark}")
    cur = db.execute(sql, [value, *params, expected])
    count = cur.rowcount
    cur.close()
    if count != 1:
        row = ", ".join(f"{c}={v}" for c, v in key)
        raise PromotionError(Phrase("%1.%2 [%3] is no longer %4 (the preview's value); nothing was changed.",
                                    (table, column, row, f'{expected!r}')),
                             hint=Phrase("The database changed since the preview (a restore, or someone editing): "
                                         "look at the new preview and apply again."))


def read_undo(path: Path) -> dict[str, Any]:
    record = read_document(path, Phrase("The undo record"), json.loads,
                           missing=PromotionError(Phrase("There is no promotion to undo (%1 does not exist).",
                                                         (path,)),
                                                  hint=Phrase("Undo works once, after a promotion made on this "
                                                              "machine.")))
    if record.get("version") != UNDO_VERSION or not isinstance(record.get("changes"), list):
        raise PromotionError(Phrase("The undo record %1 is not one this version understands.", (path,)))
    return record


def undo(db: Database, path: Path) -> int:
    """Put every previous value back in one transaction; returns how many values."""
    record = read_undo(path)
    changes = record["changes"]
    used: dict[str, set[str]] = {}
    for c in changes:
        used.setdefault(c["table"], set()).update({c["column"], *(k for k, _ in c["key"])})
    db.resolve(used, f"undo record {path}")
    conflicts = _changed_since(db, changes)
    if conflicts:
        db.conn.rollback()
        shown = "; ".join(conflicts[:10]) + (f"; and {len(conflicts) - 10} more" if len(conflicts) > 10 else "")
        raise PromotionError(Phrase("The promotion cannot be undone: %1 value(s) changed since it: %2.",
                                    (len(conflicts), shown)),
                             hint=Phrase("Nothing was changed. Put those values back by hand if you really mean to "
                                         "undo."))
    try:
        for c in changes:
            _update(db, c["table"], c["key"], c["column"], c["new"], c["old"])
        db.conn.commit()
    except Exception:
        db.conn.rollback()
        raise
    os.replace(path, path.with_name(f"undo-done-{time.strftime('%Y%m%d-%H%M%S')}.json"))
    return len(changes)


def _changed_since(db: Database, changes: list[dict[str, Any]]) -> list[str]:
    conflicts = []
    for c in changes:
        where, params = _where(db, c["key"])
        rows = db.query(f"SELECT {quote(c['column'])} FROM {quote(c['table'])} WHERE {where}", params)
        current = rows[0][0] if rows else None
        if current != c["new"]:
            row = ", ".join(f"{k}={v}" for k, v in c["key"])
            conflicts.append(f"{c['table']}.{c['column']} [{row}] is {current!r}, not {c['new']!r}")
    return conflicts


def create_folders(plan: Plan) -> list[tuple[str, bool, str]]:
    """Create the missing local folders the new paths need (F14): (folder, ok, what happened)."""
    report = []
    for folder in plan.folders():
        path = Path(folder)
        if path.is_dir():
            report.append((folder, True, "already exists"))
            continue
        try:
            path.mkdir(parents=True, exist_ok=True)
            report.append((folder, True, "created"))
        except OSError as exc:
            report.append((folder, False, f"cannot be created: {exc.strerror or exc}"))
    return report

