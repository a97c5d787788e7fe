"""Settings <-> QSettings (the registry on Windows, an INI file elsewhere), secrets <-> keyring.

The GUI, the CLI and the worker all load and save through ``SettingsStore``. A save
validates first and writes nothing when any value is invalid; passwords never reach
QSettings, only the keyring (``secrets.py``). Saves go through QSettings; loads read what it
wrote without Qt (``qsettings_reader.py``), so ``status`` and the service start without it.
"""

from __future__ import annotations

import dataclasses
import functools
import sys
from pathlib import Path
from typing import Any

from ..atomic import write_atomic
from ..errors import ContingencyError, SettingsError
from ..paths import Home
from .model import (EmailAccount, Settings, flat_keys, format_value, get_value, parse_typed, parse_value,
                    set_value, validate)
from .qsettings_reader import SavedValues, read_ini, read_registry, registry_location
from ..phrases import Phrase

ACCOUNTS_GROUP = "email_accounts"
ACCOUNT_FIELDS = [f for f in dataclasses.fields(EmailAccount)]


class SettingsInvalid(ContingencyError):
    """Several settings are invalid; ``problems`` names each."""

    stage = "settings"

    SHOWN = 5  # the first problems are listed, the others counted: the message stays readable

    def __init__(self, problems: list[SettingsError]) -> None:
        self.problems = problems
        listed = " ".join(str(p) for p in problems[:self.SHOWN])
        more = f" ({len(problems) - self.SHOWN} more problems.)" if len(problems) > self.SHOWN else ""
        super().__init__(f"{listed}{more} Nothing was saved.")


class SettingsStore:
    """Load and save the settings of one home."""

    def __init__(self, home: Home) -> None:
        self.home = home.ensure()

    @functools.cached_property
    def secrets(self) -> "Secrets":
        """The keyring, opened on first use (``status`` and the window's load never need it)."""
        from .secrets import Secrets
        return Secrets(self.home)

    # --- QSettings ---------------------------------------------------------
    @property
    def in_registry(self) -> bool:
        """The machine's settings on Windows are in the registry, shared by the service and the window."""
        return sys.platform == "win32" and not self.home.explicit

    def _qsettings(self) -> "QSettings":
        from PySide6.QtCore import QSettings  # imported for a save only: reading needs no Qt
        if self.in_registry:
            return QSettings(QSettings.NativeFormat, QSettings.SystemScope, "Contingencia", "Contingencia")
        return QSettings(str(self.home.settings_file), QSettings.IniFormat)

    def _saved(self) -> SavedValues:
        """What QSettings saved, read without Qt."""
        if self.in_registry:
            return SavedValues(read_registry(), case_sensitive=False)
        return SavedValues(read_ini(self.home.settings_file), case_sensitive=sys.platform != "win32")

    @property
    def location(self) -> str:
        """Where the settings are, as QSettings names it."""
        return registry_location() if self.in_registry else str(self.home.settings_file)

    def load(self, *, with_secrets: bool = True) -> Settings:
        """The saved settings; unknown or damaged values fall back to their default.

        ``with_secrets`` reads passwords from the keyring (the worker needs them);
        the GUI loads without, so a saved password is never shown.
        """
        qs = self._saved()
        settings = Settings()
        for info in flat_keys():
            if info.meta.get("secret"):
                value = self.secrets.get(info.key) if with_secrets else None
                set_value(settings, info.key, value)
                continue
            raw = qs.value(info.key.replace(".", "/"))
            if raw is None:
                continue
            try:
                set_value(settings, info.key, parse_value(info.key, raw))
            except SettingsError:
                pass  # a damaged value keeps its default; validation on save will say so
        settings.email_accounts = self._load_accounts(qs, with_secrets)
        return settings

    def _load_accounts(self, qs: SavedValues, with_secrets: bool) -> list[EmailAccount]:
        accounts = []
        for index in range(qs.array_size(ACCOUNTS_GROUP)):
            account = EmailAccount()
            for f in ACCOUNT_FIELDS:
                if f.metadata.get("secret"):
                    continue
                raw = qs.value(f"{ACCOUNTS_GROUP}/{index + 1}/{f.name}")  # QSettings counts array items from 1
                if raw is None:
                    continue
                if f.name == "port":
                    account.port = int(raw) if str(raw).isdigit() else account.port  # damaged: the default
                elif f.name == "recipients":
                    account.recipients = [r.strip() for r in str(raw).split(",") if r.strip()] \
                        if not isinstance(raw, list) else [str(r) for r in raw]
                else:
                    setattr(account, f.name, str(raw))
            if with_secrets:
                account.password = self.secrets.get(self.account_secret_key(account.name))
            accounts.append(account)
        return accounts

    @staticmethod
    def account_secret_key(name: str) -> str:
        """The keyring key of an e-mail account's password."""
        return f"email_accounts.{name}.password"

    def save(self, settings: Settings) -> None:
        """Validate, write the settings, then the secrets; secrets that are ``None`` are left as they are.

        Never a partial save: the settings go first (on Windows HKLM refuses a window that is not
        elevated, before any secret is touched), then every secret in one write; when the secrets
        cannot be written, the settings are put back as they were.
        """
        problems = validate(settings)
        if problems:
            raise SettingsInvalid(problems)
        qs = self._qsettings()
        before = {key: qs.value(key) for key in qs.allKeys()}
        secrets = self._write_settings(qs, settings, self._load_accounts(self._saved(), with_secrets=False))
        self._check_written(qs)
        try:
            self.secrets.set_many(secrets)
        except ContingencyError:
            qs.clear()
            for key, value in before.items():
                qs.setValue(key, value)
            qs.sync()
            raise
        self._touch_generation()

    def _write_settings(self, qs: "QSettings", settings: Settings, saved_accounts: list[EmailAccount]) -> dict[str, str]:
        """Write every non-secret value to ``qs``; returns the secrets to store ("" removes one)."""
        secrets: dict[str, str] = {}
        for info in flat_keys():
            value = get_value(settings, info.key)
            if info.meta.get("secret"):
                if value is not None:
                    secrets[info.key] = value
                continue
            qs.setValue(info.key.replace(".", "/"), format_value(value))
        kept = {a.name for a in settings.email_accounts}
        for old in saved_accounts:
            if old.name not in kept:  # a removed (or renamed) account's password leaves the keyring
                secrets[self.account_secret_key(old.name)] = ""
        qs.remove(ACCOUNTS_GROUP)
        qs.beginWriteArray(ACCOUNTS_GROUP, len(settings.email_accounts))
        for index, account in enumerate(settings.email_accounts):
            qs.setArrayIndex(index)
            for f in ACCOUNT_FIELDS:
                value = getattr(account, f.name)
                if f.metadata.get("secret"):
                    if value is not None:
                        secrets[self.account_secret_key(account.name)] = value
                    continue
                qs.setValue(f.name, format_value(value))
        qs.endArray()
        return secrets

    @staticmethod
    def _check_written(qs: "QSettings") -> None:
        qs.sync()
        if qs.status() != type(qs).NoError:
            native = qs.format() == type(qs).NativeFormat and sys.platform == "win32"
            raise ContingencyError(Phrase("The settings could not be written to %1.", (qs.fileName(),)),
                                   hint=Phrase("Run the program as an administrator: the settings are shared with "
                                               "the service, in the machine's registry. Nothing was saved.") if native
                                   else Phrase("Check that the folder is writable. Nothing was saved."))

    # --- change notification for a running worker ---------------------------
    @property
    def generation_file(self) -> Path:
        return self.home.root / "settings.generation"

    def _touch_generation(self) -> None:
        current = self.generation()
        write_atomic(self.generation_file, str(current + 1).encode())

    def generation(self) -> int:
        """A counter bumped at every save: the worker reloads when it changes."""
        try:
            return int(self.generation_file.read_text().strip() or 0)
        except (FileNotFoundError, ValueError):
            return 0

    # --- single keys, TOML ---------------------------------------------------
    def set_key(self, key: str, text: str) -> Settings:
        settings = self.load(with_secrets=False)
        set_value(settings, key, parse_value(key, text))
        self.save(settings)
        return settings

    def export_toml(self, path: Path) -> None:
        """Every key except secrets, grouped by section, as TOML."""
        import tomli_w  # TOML only for export and import: every other command starts without it

        settings = self.load(with_secrets=False)
        write_atomic(Path(path), tomli_w.dumps(to_document(settings)).encode("utf-8"))

    def import_toml(self, path: Path) -> Settings:
        """Replace the settings with a TOML file's; an invalid file saves nothing."""
        import tomllib

        try:
            document = tomllib.loads(Path(path).read_text("utf-8"))
        except FileNotFoundError:
            raise ContingencyError(Phrase("The file %1 does not exist.", (path,))) from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ContingencyError(Phrase("The file %1 is not valid TOML: %2.", (path, exc)),
                                   hint=Phrase("Nothing was saved.")) from None
        settings = from_document(document)
        self.save(settings)
        return settings


def to_document(settings: Settings) -> dict[str, Any]:
    document: dict[str, Any] = {}
    for info in flat_keys():
        if info.meta.get("secret"):
            continue
        *parents, last = info.key.split(".")
        node = document
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = get_value(settings, info.key)
    document[ACCOUNTS_GROUP] = [
        {f.name: getattr(a, f.name) for f in ACCOUNT_FIELDS if not f.metadata.get("secret")}
        for a in settings.email_accounts
    ]
    return document


def from_document(document: dict[str, Any]) -> Settings:
    """Build settings from a nested mapping, refusing unknown keys and values of the wrong type."""
    settings = Settings()
    settings.email_accounts = []
    problems: list[SettingsError] = []
    known = {info.key for info in flat_keys()}

    def walk(node: dict[str, Any], prefix: str) -> None:
        for name, value in node.items():
            key = prefix + name
            if key == ACCOUNTS_GROUP:
                continue
            if isinstance(value, dict):
                walk(value, key + ".")
            elif key not in known:
                problems.append(SettingsError(key, value, "there is no such setting"))
            else:
                try:
                    set_value(settings, key, parse_value(key, value, strict=True))
                except SettingsError as exc:
                    problems.append(exc)

    walk(document, "")
    accounts = document.get(ACCOUNTS_GROUP, [])
    if not isinstance(accounts, list):
        problems.append(SettingsError(ACCOUNTS_GROUP, accounts, "use a list of [[email_accounts]] tables"))
        accounts = []
    for index, item in enumerate(accounts):
        account = _account_from(item, f"{ACCOUNTS_GROUP}[{index}]", problems)
        if account is not None:
            settings.email_accounts.append(account)
    if problems:
        raise SettingsInvalid(problems)
    return settings


ACCOUNT_TYPES = {f.name: f for f in ACCOUNT_FIELDS if not f.metadata.get("secret")}


def _account_from(item: Any, where: str, problems: list[SettingsError]) -> EmailAccount | None:
    """One ``[[email_accounts]]`` table, each field with its type (the same rules as the keys)."""
    if not isinstance(item, dict):
        problems.append(SettingsError(where, item, "use a table of account fields"))
        return None
    account = EmailAccount()
    for name, value in item.items():
        f = ACCOUNT_TYPES.get(name)
        if f is None:
            problems.append(SettingsError(f"{where}.{name}", value, "there is no such account field"))
            continue
        kind = list if name == "recipients" else type(f.default) if f.default is not dataclasses.MISSING else str
        try:
            setattr(account, name, parse_typed(f"{where}.{name}", kind, dict(f.metadata), value, strict=True))
        except SettingsError as exc:
            problems.append(exc)
    return account
