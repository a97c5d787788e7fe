"""The preview (F13, F15): every value the promotion will change, old -> new.

``make_plan`` reads the live database through the profile: general settings, every
store's hosts and paths, the media and image lists. Hosts are set for all stores
("Utilizar as configurações ... para todas as lojas"); paths follow the prefix rules.
It then scans every text column of every table for mentions of the old host that the
plan leaves in place: they are listed as warnings for the operator to look at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .db import Database, Table, quote
from .pathmap import PathMap, folder_of, is_local, map_path, mentions
from .profile import Field, Profile, label_columns

ROLE_NAMES = {"comm_control": "communication control", "web_manager": "web manager",
              "remote_load": "remote load", "mt1_remote_load": "MT1 remote load", "backup": "backup computer"}
MAX_WARNINGS = 200
GENERAL = "General"


@dataclass(frozen=True)
class Change:
    """One value to rewrite; ``key`` identifies the row for the UPDATE."""

    scope: str                        # "General" or the store's label
    table: str                        # as the catalog spells it
    key: tuple[tuple[str, Any], ...]  # (column, value) pairs
    column: str
    name: str                         # what the operator knows it as (F15)
    kind: str                         # host | path
    old: str
    new: str
    folder: str = ""                  # local folder to create for this path (F14), if any
    row_id: tuple[str, Any] = ("", None)  # the table's first column, to match scan hits
    name_pt_BR: str = ""              # ``name`` in Portuguese, when the profile gives it

    def display_name(self, language: str) -> str:
        return self.name_pt_BR if language.startswith("pt") and self.name_pt_BR else self.name

    def as_dict(self) -> dict[str, Any]:
        return {"scope": self.scope, "table": self.table, "key": [list(k) for k in self.key],
                "column": self.column, "name": self.name, "kind": self.kind, "old": self.old, "new": self.new}


@dataclass(frozen=True)
class Mention:
    """A value that still names the old host after the plan (a warning)."""

    table: str
    column: str
    row: str
    value: str

    def text(self) -> str:
        return f"{self.table}.{self.column} [{self.row}]: {self.value}"


@dataclass
class Plan:
    profile: Profile
    database: str
    old_hosts: list[str]
    new_host: str
    hosts: dict[str, str]
    maps: list[PathMap]
    changes: list[Change] = field(default_factory=list)
    warnings: list[Mention] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def folders(self) -> list[str]:
        """Local folders the mapped paths need (F14), in order, once each."""
        return list(dict.fromkeys(c.folder for c in self.changes if c.folder))

    def scopes(self) -> dict[str, list[Change]]:
        """Changes grouped General first, then store by store."""
        grouped: dict[str, list[Change]] = {}
        for change in self.changes:
            grouped.setdefault(change.scope, []).append(change)
        return grouped

    def rows(self) -> list[tuple[str, str, str, str]]:
        """(scope, name, old, new) for a table widget."""
        return [(c.scope, c.name, c.old, c.new) for c in self.changes]

    def render(self) -> str:
        lines = [f"Promotion plan for {self.database} (profile: {self.profile.name})",
                 f"Old official: {', '.join(self.old_hosts)}",
                 "New hosts: " + ", ".join(f"{ROLE_NAMES.get(r, r)} {h}" for r, h in self.hosts.items())]
        lines += ["Path changes: " + "; ".join(f"{m.old} -> {m.new}" for m in self.maps)] if self.maps else \
                 [f"Path changes: only \\\\{self.old_hosts[0] if self.old_hosts else '?'}\\ -> \\\\{self.new_host}\\"]
        for scope, changes in self.scopes().items():
            lines += ["", scope]
            lines += [f"  {c.name}: {c.old} -> {c.new}" for c in changes]
        if not self.changes:
            lines += ["", "Nothing to change: no setting names the old official."]
        if self.folders():
            lines += ["", f"Local folders the new paths need ({len(self.folders())}):"]
            lines += [f"  {f}" for f in self.folders()]
        lines += ["", *self.notes] if self.notes else []
        if self.warnings:
            lines += ["", f"Warnings: {len(self.warnings)} other value(s) still name the old official "
                          "and are not changed by this plan; check them by hand:"]
            lines += [f"  {w.text()}" for w in self.warnings]
        lines += ["", f"{len(self.changes)} value(s) to change."]
        return "\n".join(lines)


class _Planner:
    def __init__(self, db: Database, profile: Profile, plan: Plan, all_stores: bool) -> None:
        self.db = db
        self.profile = profile
        self.plan = plan
        self.all_stores = all_stores
        self.catalog = db.resolve(profile.tables(), str(profile.path))

    def table(self, name: str) -> Table:
        return self.catalog[name.lower()]

    def col(self, table: Table, name: str) -> str:
        return table.column(name)  # resolve() has checked it exists

    def host_for(self, role: str) -> str:
        hosts = self.plan.hosts
        if role == "mt1_remote_load":
            return hosts.get(role) or hosts.get("remote_load") or self.plan.new_host
        return hosts.get(role) or self.plan.new_host

    def new_value(self, f: Field, value: Any) -> tuple[str, str] | None:
        """(new value, folder to create) or None when the value stays."""
        if not isinstance(value, str) or not value.strip():
            return None
        if f.kind == "host":
            target = self.host_for(f.role)
            named_old = value.strip().lower() in {h.lower() for h in self.plan.old_hosts}
            if (self.all_stores or named_old) and value.strip().lower() != target.lower():
                return target, ""
            return None
        new = map_path(value, self.plan.maps, self.plan.old_hosts, self.plan.new_host)
        if new is None or new == value:
            return None
        return new, folder_of(new, f.folder) if is_local(new) else ""

    def add(self, scope: str, table: Table, key: tuple, row_id: tuple, column: str, f: Field,
            value: Any, detail: str = "") -> None:
        found = self.new_value(f, value)
        if found:
            suffix = f" ({detail})" if detail else ""
            pt_name = f.name_pt_BR + suffix if f.name_pt_BR else ""
            self.plan.changes.append(Change(scope, table.name, key, column, f.name + suffix, f.kind,
                                            value, found[0], found[1], row_id, pt_name))

    def first_column(self, table: Table) -> str:
        return next(iter(table.columns.values()))[0]

    def general(self) -> None:
        section = self.profile.general
        if section is None:
            return
        table = self.table(section.table)
        key_col, value_col, first = (self.col(table, section.key_column), self.col(table, section.value_column),
                                     self.first_column(table))
        sql = f"SELECT {quote(key_col)}, {quote(value_col)}, {quote(first)} FROM {quote(table.name)}"
        rows = {str(r[0]): (r[1], r[2]) for r in self.db.query(sql)}
        for entry in section.entries:
            if entry.column not in rows:
                self.plan.notes.append(f"Note: the general setting {entry.column} ({entry.name}) is not in "
                                       f"{table.name}; nothing to change there.")
                continue
            value, first_value = rows[entry.column]
            self.add(GENERAL, table, ((key_col, entry.column),), (first, first_value), value_col, entry, value)

    def stores(self) -> dict[Any, str]:
        section = self.profile.stores
        if section is None:
            return {}
        table = self.table(section.table)
        rows = self.select(table, [section.id_column], section.label, section.fields)
        labels: dict[Any, str] = {}
        for row in rows:
            store_id = row[self.col(table, section.id_column)]
            labels[store_id] = _label(section.label, row, table)
            key = ((self.col(table, section.id_column), store_id),)
            row_id = (self.first_column(table), row[self.first_column(table)])
            for f in section.fields:
                column = self.col(table, f.column)
                self.add(labels[store_id], table, key, row_id, column, f, row[column])
        return labels

    def lists(self, labels: dict[Any, str]) -> None:
        for section in self.profile.lists:
            table = self.table(section.table)
            rows = self.select(table, [*section.key_columns, section.store_column], section.label, section.fields)
            for row in rows:
                store = row[self.col(table, section.store_column)]
                scope = labels.get(store, f"{section.store_column} {store}")
                key = tuple((self.col(table, k), row[self.col(table, k)]) for k in section.key_columns)
                row_id = (self.first_column(table), row[self.first_column(table)])
                detail = _label(section.label, row, table)
                for f in section.fields:
                    column = self.col(table, f.column)
                    self.add(scope, table, key, row_id, column, f, row[column], detail)

    def select(self, table: Table, keys: list[str], label: str, fields) -> list[dict[str, Any]]:
        wanted = [self.first_column(table)] + [self.col(table, c) for c in
                                               [*keys, *label_columns(label), *(f.column for f in fields)]]
        columns = list(dict.fromkeys(wanted))
        order = ", ".join(quote(self.col(table, k)) for k in keys)
        sql = f"SELECT {', '.join(quote(c) for c in columns)} FROM {quote(table.name)} ORDER BY {order}"
        return [dict(zip(columns, r)) for r in self.db.query(sql)]

    def scan(self) -> None:
        """Every text column of every table: old-host mentions the plan does not remove."""
        fixed = {(c.table.lower(), c.column.lower(), str(c.row_id[1]), c.old) for c in self.changes_removing()}
        seen: set[tuple] = set()
        extra = 0
        for table in self.db.catalog().values():
            first = self.first_column(table)
            for column in table.text_columns():
                for host in self.plan.old_hosts:
                    sql = (f"SELECT {quote(first)}, {quote(column)} FROM {quote(table.name)} "
                           f"WHERE LOWER({quote(column)}) LIKE {self.db.mark}")
                    for row_id, value in self.db.query(sql, [f"%{host.lower()}%"]):
                        hit = (table.name.lower(), column.lower(), str(row_id), value)
                        if hit in fixed or hit in seen or not mentions(str(value), host):
                            continue
                        seen.add(hit)
                        if len(self.plan.warnings) >= MAX_WARNINGS:
                            extra += 1
                            continue
                        self.plan.warnings.append(Mention(table.name, column, f"{first}={row_id}", str(value)))
        if extra:
            self.plan.notes.append(f"Note: {extra} more mention(s) of the old official were found and not listed.")

    def changes_removing(self) -> list[Change]:
        return [c for c in self.plan.changes
                if not any(mentions(c.new, h) for h in self.plan.old_hosts)]


def _label(label: str, row: dict[str, Any], table: Table) -> str:
    values = {name: row.get(table.column(name) or name, "") for name in label_columns(label)}
    return label.format_map(values).strip()


def make_plan(db: Database, profile: Profile, *, database: str, old_hosts: list[str], new_host: str,
              maps: list[PathMap], hosts: dict[str, str] | None = None, all_stores: bool = True) -> Plan:
    """Read the live database and compute every change; nothing is written."""
    roles = {"comm_control": new_host, "web_manager": new_host, "remote_load": new_host}
    roles.update({k: v for k, v in (hosts or {}).items() if v})
    plan = Plan(profile, database, list(old_hosts), new_host, roles, list(maps))
    planner = _Planner(db, profile, plan, all_stores)
    planner.general()
    planner.lists(planner.stores())
    planner.scan()
    return plan


def general_hosts(db: Database, profile: Profile) -> list[str]:
    """The values of the general host settings (the backup computer): old-host candidates."""
    section = profile.general
    if section is None:
        return []
    catalog = db.resolve(profile.tables(), str(profile.path))
    table = catalog[section.table.lower()]
    keys = [e.column for e in section.entries if e.kind == "host"]
    if not keys:
        return []
    key_col, value_col = table.column(section.key_column), table.column(section.value_column)
    marks = ", ".join(db.mark for _ in keys)
    sql = f"SELECT {quote(value_col)} FROM {quote(table.name)} WHERE {quote(key_col)} IN ({marks})"
    return [str(r[0]).strip() for r in db.query(sql, keys) if r[0] and str(r[0]).strip()]
