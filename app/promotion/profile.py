"""Application profiles: where the promoted application keeps the settings to rewrite.

A profile is a TOML file (``app/demo/store.toml`` is the example the
demo store uses; ``docs/promotion.md`` explains how to write one). It names three
kinds of places, following the seed's Option 3 list (F15):

- ``[general]``: a key/value table of general settings; each ``[[general.entries]]``
  names one key that holds a host or a path;
- ``[stores]``: the table with one row per store; each ``[[stores.fields]]`` names a
  column that holds a host (with its role) or a path;
- ``[[lists]]``: tables with several rows per store (media, images), each with path
  columns and the column that names the store.

The loader only checks the file's own shape; the names are checked against the live
database's catalog when a plan is made (``plan.py``), before any SQL uses them.
"""

from __future__ import annotations

import re
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PromotionError
from .documents import read_document
from ..phrases import Phrase

#: roles of host fields; the wizard's three fields set comm_control, web_manager and
#: remote_load (the latter also mt1_remote_load); the others follow the main new host
HOST_ROLES = ("comm_control", "web_manager", "remote_load", "mt1_remote_load", "backup", "other")
KINDS = ("host", "path")
NAME_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_$ .]{0,127}$")


@dataclass(frozen=True)
class Field:
    """One place that holds a host or a path: a column, or a key of a key/value table."""

    column: str          # column name, or the key for [general] entries
    kind: str            # host | path
    name: str            # the F15 name shown to the operator
    role: str = "other"  # hosts only
    folder: bool = True  # paths only: the value is a folder (else a file: its parent folder is created)
    name_pt_BR: str = ""  # the same name in Portuguese, shown on a Portuguese interface


@dataclass(frozen=True)
class GeneralSection:
    table: str
    key_column: str
    value_column: str
    entries: tuple[Field, ...]


@dataclass(frozen=True)
class StoreSection:
    table: str
    id_column: str
    label: str           # format string over the row's columns, e.g. "{code} {name}"
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class ListSection:
    table: str
    key_columns: tuple[str, ...]
    store_column: str
    label: str
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Profile:
    path: Path
    name: str
    description: str = ""
    general: GeneralSection | None = None
    stores: StoreSection | None = None
    lists: tuple[ListSection, ...] = field(default_factory=tuple)

    def tables(self) -> dict[str, set[str]]:
        """Every table and the columns the profile uses, for the catalog check."""
        used: dict[str, set[str]] = {}
        if self.general:
            used.setdefault(self.general.table, set()).update({self.general.key_column, self.general.value_column})
        if self.stores:
            cols = {self.stores.id_column, *label_columns(self.stores.label)}
            used.setdefault(self.stores.table, set()).update(cols | {f.column for f in self.stores.fields})
        for section in self.lists:
            cols = {*section.key_columns, section.store_column, *label_columns(section.label)}
            used.setdefault(section.table, set()).update(cols | {f.column for f in section.fields})
        return used


def label_columns(label: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(label) if name]


class _Reader:
    """Reads one profile file and collects every problem with where it is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def problem(self, where: str, text: str) -> None:
        self.problems.append(f"{where}: {text}")

    def text(self, data: dict, key: str, where: str, *, required: bool = True, default: str = "") -> str:
        value = data.get(key, None)
        if value is None:
            if required:
                self.problem(where, f"'{key}' is missing")
            return default
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(where, f"'{key}' must be a non-empty text")
            return default
        return value.strip()

    def identifier(self, data: dict, key: str, where: str) -> str:
        value = self.text(data, key, where)
        if value and not NAME_PATTERN.match(value):
            self.problem(where, f"'{key}' = {value!r} is not a plain table or column name")
        return value

    def label(self, data: dict, where: str, default: str) -> str:
        label = self.text(data, "label", where, required=False, default=default)
        try:
            for name in label_columns(label):
                if not NAME_PATTERN.match(name):
                    self.problem(where, f"the label names {name!r}, which is not a column name")
        except ValueError as exc:
            self.problem(where, f"the label {label!r} is not a valid format ({exc})")
        return label

    def field(self, data: dict, where: str, column_key: str) -> Field | None:
        if not isinstance(data, dict):
            self.problem(where, "must be a table of keys (column, kind, name...)")
            return None
        column = self.identifier(data, column_key, where) if column_key == "column" else \
            self.text(data, column_key, where)
        kind = self.text(data, "kind", where)
        if kind and kind not in KINDS:
            self.problem(where, f"'kind' = {kind!r}; use host or path")
        role = self.text(data, "role", where, required=False, default="other")
        if kind == "host" and role not in HOST_ROLES:
            self.problem(where, f"'role' = {role!r}; use one of {', '.join(HOST_ROLES)}")
        folder = data.get("folder", True)
        if not isinstance(folder, bool):
            self.problem(where, "'folder' must be true or false")
            folder = True
        name = self.text(data, "name", where, required=False, default=column)
        name_pt = self.text(data, "name_pt_BR", where, required=False, default="")
        return Field(column, kind, name or column, role, folder, name_pt)

    def fields(self, data: dict, key: str, where: str, column_key: str = "column") -> tuple[Field, ...]:
        items = data.get(key)
        if not isinstance(items, list) or not items:
            self.problem(where, f"give at least one [[{where}.{key}]] entry")
            return ()
        found = [self.field(item, f"{where}.{key}[{i + 1}]", column_key) for i, item in enumerate(items)]
        return tuple(f for f in found if f is not None)

    def general(self, data: dict) -> GeneralSection:
        return GeneralSection(self.identifier(data, "table", "general"),
                              self.identifier(data, "key_column", "general"),
                              self.identifier(data, "value_column", "general"),
                              self.fields(data, "entries", "general", column_key="key"))

    def stores(self, data: dict) -> StoreSection:
        id_column = self.identifier(data, "id_column", "stores")
        return StoreSection(self.identifier(data, "table", "stores"), id_column,
                            self.label(data, "stores", "{" + id_column + "}" if id_column else ""),
                            self.fields(data, "fields", "stores"))

    def list_section(self, data: dict, where: str) -> ListSection:
        keys = data.get("key_columns")
        if not isinstance(keys, list) or not keys or not all(isinstance(k, str) for k in keys):
            self.problem(where, "'key_columns' must be a list of the columns that identify a row, e.g. [\"id\"]")
            keys = []
        for k in keys:
            if not NAME_PATTERN.match(k):
                self.problem(where, f"key column {k!r} is not a plain column name")
        return ListSection(self.identifier(data, "table", where), tuple(keys),
                           self.identifier(data, "store_column", where),
                           self.label(data, where, "{" + keys[0] + "}" if keys else ""),
                           self.fields(data, "fields", where))


def load_profile(path: str | Path | None = None) -> Profile:
    """Read and check a profile file; there is no default: each application has its own."""
    if not path:
        raise PromotionError(Phrase("No application profile is set."),
                             hint=Phrase("Set promotion.profile (or --profile) to the TOML file that says where "
                                         "the application keeps its hosts and paths (docs/promotion.md)."))
    path = Path(path)
    data = read_document(path, Phrase("The application profile"), tomllib.loads, invalid=Phrase("is not valid TOML"),
                         missing=PromotionError(Phrase("The application profile %1 does not exist.", (path,)),
                                                hint=Phrase("Check promotion.profile (or --profile).")),
                         hint=Phrase("Fix the file; docs/promotion.md shows the format."))
    return parse_profile(data, path)


def parse_profile(data: dict, path: Path) -> Profile:
    reader = _Reader(path)
    name = reader.text(data, "name", "top level", required=False, default=path.stem)
    known = {"name", "description", "general", "stores", "lists"}
    for key in sorted(set(data) - known):
        reader.problem("top level", f"unknown key '{key}' (known: {', '.join(sorted(known))})")
    general = reader.general(data["general"]) if isinstance(data.get("general"), dict) else None
    stores = reader.stores(data["stores"]) if isinstance(data.get("stores"), dict) else None
    raw_lists = data.get("lists", [])
    if not isinstance(raw_lists, list):
        reader.problem("lists", "use [[lists]] tables")
        raw_lists = []
    lists = tuple(reader.list_section(item, f"lists[{i + 1}]") for i, item in enumerate(raw_lists)
                  if isinstance(item, dict))
    if lists and stores is None:
        reader.problem("lists", "[[lists]] need a [stores] section to name their store")
    if general is None and stores is None:
        reader.problem("top level", "the profile names no place to change: give [general] and/or [stores]")
    if reader.problems:
        raise PromotionError(Phrase("The application profile %1 has problems: %2.", (path, "; ".join(reader.problems))),
                             hint=Phrase("Fix the file; docs/promotion.md shows the format."))
    return Profile(path, name, str(data.get("description", "")), general, stores, lists)
