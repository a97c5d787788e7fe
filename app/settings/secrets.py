"""Secrets through keyring, and the file keyring for headless machines.

Windows uses the Credential Manager and a Linux desktop the Secret Service. A
headless Linux machine has neither: there, and only when no usable system
backend exists, secrets go to ``secrets.json`` in the instance's home, readable
only by its owner (mode 0600, like ``.pgpass``), never to the settings file.
Tests pick this backend with ``PYTHON_KEYRING_BACKEND=app.settings.secrets.FileKeyring``.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend

from ..atomic import write_atomic
from ..errors import ContingencyError
from ..paths import Home

log = logging.getLogger(__name__)
SERVICE = "contingencia"
SECRETS_FILE_ENV = "CONTINGENCIA_SECRETS_FILE"


class FileKeyring(KeyringBackend):
    """A keyring in one JSON file of mode 0600 (headless machines only)."""

    priority = 0.1  # never preferred over a real system keyring

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        super().__init__()
        self._path = Path(path) if path else None

    @property
    def path(self) -> Path:
        """Resolved at each use: keyring keeps one backend per process, homes may change."""
        if self._path is not None:
            return self._path
        return Path(os.environ.get(SECRETS_FILE_ENV) or Home.resolve().secrets_file)

    def _read(self) -> dict:
        try:
            return json.loads(self.path.read_text("utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise ContingencyError(f"The secrets file {self.path} cannot be read ({exc.__class__.__name__}).",
                                   hint="Check its owner and permissions, or remove it and enter the passwords again.") from None

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(data, indent=1).encode("utf-8"), mode=0o600)

    def get_password(self, service: str, username: str) -> str | None:
        return self._read().get(service, {}).get(username)

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._read()
        data.setdefault(service, {})[username] = password
        self._write(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._read()
        if data.get(service, {}).pop(username, None) is not None:
            self._write(data)


def _usable(backend: KeyringBackend) -> bool:
    name = type(backend).__module__ + "." + type(backend).__name__
    if "fail" in name.lower():
        return False
    if "chainer" in name.lower():
        return bool(getattr(backend, "backends", []))
    return True


class Secrets:
    """Read and write the secrets of one home."""

    def __init__(self, home: Home) -> None:
        self.home = home
        chosen = keyring.get_keyring()
        if isinstance(chosen, FileKeyring) and chosen._path is None and not os.environ.get(SECRETS_FILE_ENV):
            self.backend = FileKeyring(home.secrets_file)  # chosen by name: keep it in this home
        elif os.environ.get("PYTHON_KEYRING_BACKEND") or _usable(chosen):
            self.backend = chosen
        else:
            self.backend = FileKeyring(home.secrets_file)
        log.debug("secrets backend: %s", type(self.backend).__name__)

    @property
    def description(self) -> str:
        if isinstance(self.backend, FileKeyring):
            return f"file keyring {self.backend.path} (mode 0600)"
        return type(self.backend).__name__

    def _user(self, key: str) -> str:
        return f"{self.home.keyring_prefix}|{key}"

    def get(self, key: str) -> str:
        try:
            return self.backend.get_password(SERVICE, self._user(key)) or ""
        except keyring.errors.KeyringError as exc:
            raise ContingencyError(f"The keyring could not be read for {key} ({exc.__class__.__name__}).") from None

    def set(self, key: str, value: str) -> None:
        try:
            if value:
                self.backend.set_password(SERVICE, self._user(key), value)
            elif self.get(key):
                self.backend.delete_password(SERVICE, self._user(key))
        except keyring.errors.KeyringError as exc:
            raise ContingencyError(f"The keyring could not store the password of {key} ({exc.__class__.__name__}).",
                                   hint="The setting was not saved.") from None
