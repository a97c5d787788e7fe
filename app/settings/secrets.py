r"""Secrets: the machine's DPAPI store on Windows; keyring, or the file keyring, elsewhere.

Windows: the service (LocalSystem or a named account) and the administrator's window run as
different accounts, and the Credential Manager is per user: what the window saved there, the
service would never read. So on Windows the secrets are the machine's, like the HKLM settings:
each value is encrypted with DPAPI's local-machine key (``CryptProtectData`` with
``CRYPTPROTECT_LOCAL_MACHINE``) in ``secrets\secrets.dpapi.json`` under the home
(``C:\ProgramData\Contingencia``), in a folder whose ACL grants only Administrators, SYSTEM and
the service's account. DPAPI keeps the values out of plain sight (a copied file is useless on
another machine); the ACL is what keeps other local users out, since any process on the machine
may decrypt a local-machine blob it can read.

Linux: a desktop uses the Secret Service. A headless machine has none: there, and only when no
usable system backend exists, secrets go to ``secrets.json`` in the instance's home, readable
only by its owner (mode 0600, like ``.pgpass``), never to the settings file.
Tests pick this backend with ``PYTHON_KEYRING_BACKEND=app.settings.secrets.FileKeyring``.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import sys
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend

from ..atomic import write_atomic
from ..errors import ContingencyError
from ..paths import Home
from ..phrases import Phrase

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
            raise ContingencyError(Phrase("The secrets file %1 cannot be read (%2).",
                                          (self.path, exc.__class__.__name__)),
                                   hint=Phrase("Check its owner and permissions, or remove it and enter the "
                                               "passwords again.")) from None

    def _write(self, data: dict) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(data, indent=1).encode("utf-8"), mode=0o600)

    def _encode(self, value: str) -> str:
        return value

    def _decode(self, stored: str) -> str:
        return stored

    def get_password(self, service: str, username: str) -> str | None:
        stored = self._read().get(service, {}).get(username)
        return None if stored is None else self._decode(stored)

    def set_password(self, service: str, username: str, password: str) -> None:
        self.set_many(service, {username: password})

    def delete_password(self, service: str, username: str) -> None:
        self.set_many(service, {username: ""})

    def set_many(self, service: str, values: dict[str, str]) -> None:
        """Store (or, for "", remove) several values in one write: all of them or none."""
        data = self._read()
        entries = data.setdefault(service, {})
        before = dict(entries)
        for username, value in values.items():
            if value:
                entries[username] = self._encode(value)
            else:
                entries.pop(username, None)
        if entries != before:
            self._write(data)


class MachineKeyring(FileKeyring):
    """Windows: DPAPI (local machine) values in a file of a folder only admins and the service reach."""

    priority = 0.1
    FOLDER = "secrets"
    FILE = "secrets.dpapi.json"
    ENTROPY = b"Contingencia secrets"

    def __init__(self, home_root: str | os.PathLike) -> None:
        super().__init__(Path(home_root) / self.FOLDER / self.FILE)

    def _write(self, data: dict) -> None:
        secure_folder(self.path.parent)
        write_atomic(self.path, json.dumps(data, indent=1).encode("utf-8"))

    def _encode(self, value: str) -> str:
        import win32crypt  # type: ignore[import-not-found]

        blob = win32crypt.CryptProtectData(value.encode("utf-8"), "Contingencia", self.ENTROPY, None, None,
                                           CRYPTPROTECT_LOCAL_MACHINE | CRYPTPROTECT_UI_FORBIDDEN)
        return base64.b64encode(blob).decode("ascii")

    def _decode(self, stored: str) -> str:
        import pywintypes  # type: ignore[import-not-found]
        import win32crypt  # type: ignore[import-not-found]

        try:
            _, plain = win32crypt.CryptUnprotectData(base64.b64decode(stored), self.ENTROPY, None, None,
                                                     CRYPTPROTECT_UI_FORBIDDEN)
        except (pywintypes.error, ValueError) as exc:
            raise ContingencyError(Phrase("A secret in %1 cannot be decrypted (%2).",
                                          (self.path, exc.__class__.__name__)),
                                   hint=Phrase("The file was made on another machine: enter the passwords again.")) from None
        return plain.decode("utf-8")


CRYPTPROTECT_UI_FORBIDDEN = 0x1
CRYPTPROTECT_LOCAL_MACHINE = 0x4
#: the service's account from the SCM, when the service is installed
SERVICE_NAME = "Contingencia"


def service_account() -> str:
    """The account the Contingência service runs as ("" when not installed, or LocalSystem)."""
    try:
        import win32service  # type: ignore[import-not-found]

        scm = win32service.OpenSCManager(None, None, win32service.SC_MANAGER_CONNECT)
        try:
            handle = win32service.OpenService(scm, SERVICE_NAME, win32service.SERVICE_QUERY_CONFIG)
            try:
                account = win32service.QueryServiceConfig(handle)[7] or ""
            finally:
                win32service.CloseServiceHandle(handle)
        finally:
            win32service.CloseServiceHandle(scm)
    except Exception:  # noqa: BLE001 - not installed, or pywin32 missing: no extra account
        return ""
    return "" if account.lower() == "localsystem" else account


def secure_folder(folder: Path, account: str | None = None) -> None:
    """Give ``folder`` a protected ACL: Administrators, SYSTEM and the service's account, full
    control, inherited by its files; nobody else (the operators' Users group included)."""
    import ntsecuritycon as con  # type: ignore[import-not-found]
    import win32security  # type: ignore[import-not-found]

    folder.mkdir(parents=True, exist_ok=True)
    sids = [win32security.CreateWellKnownSid(win32security.WinBuiltinAdministratorsSid),
            win32security.CreateWellKnownSid(win32security.WinLocalSystemSid)]
    account = service_account() if account is None else account
    if account:
        try:
            sids.append(win32security.LookupAccountName(None, account.removeprefix(".\\"))[0])
        except win32security.error as exc:
            raise ContingencyError(Phrase("The service account %1 is unknown to this machine (%2).",
                                          (account, exc.strerror)),
                                   hint=Phrase("Check the service's account (services.msc).")) from None
    dacl = win32security.ACL()
    inherit = con.OBJECT_INHERIT_ACE | con.CONTAINER_INHERIT_ACE
    for sid in sids:
        dacl.AddAccessAllowedAceEx(win32security.ACL_REVISION, inherit, con.FILE_ALL_ACCESS, sid)
    try:
        win32security.SetNamedSecurityInfo(str(folder), win32security.SE_FILE_OBJECT,
                                           win32security.DACL_SECURITY_INFORMATION
                                           | win32security.PROTECTED_DACL_SECURITY_INFORMATION,
                                           None, None, dacl, None)
    except win32security.error as exc:
        raise ContingencyError(Phrase("The secrets folder %1 cannot be protected (%2).", (folder, exc.strerror)),
                               hint=Phrase("Run the program as an administrator: the passwords are the machine's, "
                                           "shared with the service.")) from None


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
        if sys.platform == "win32" and not os.environ.get("PYTHON_KEYRING_BACKEND"):
            self.backend: KeyringBackend = MachineKeyring(home.root)
            log.debug("secrets backend: %s", type(self.backend).__name__)
            return
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
        if isinstance(self.backend, MachineKeyring):
            return f"the machine's DPAPI store {self.backend.path} (Administrators and the service only)"
        if isinstance(self.backend, FileKeyring):
            return f"file keyring {self.backend.path} (mode 0600)"
        return type(self.backend).__name__

    def _user(self, key: str) -> str:
        return f"{self.home.keyring_prefix}|{key}"

    def get(self, key: str) -> str:
        try:
            return self.backend.get_password(SERVICE, self._user(key)) or ""
        except keyring.errors.KeyringError as exc:
            raise ContingencyError(Phrase("The keyring could not be read for %1 (%2).", (key, exc.__class__.__name__))) from None

    def set(self, key: str, value: str) -> None:
        self.set_many({key: value})

    def set_many(self, values: dict[str, str]) -> None:
        """Store several secrets ("" removes one); the file stores write them all at once."""
        if not values:
            return
        try:
            if isinstance(self.backend, FileKeyring):
                self.backend.set_many(SERVICE, {self._user(k): v for k, v in values.items()})
                return
            for key, value in values.items():
                if value:
                    self.backend.set_password(SERVICE, self._user(key), value)
                elif self.get(key):
                    self.backend.delete_password(SERVICE, self._user(key))
        except keyring.errors.KeyringError as exc:
            raise ContingencyError(Phrase("The keyring could not store the passwords (%1).",
                                          (exc.__class__.__name__,)),
                                   hint=Phrase("The setting was not saved.")) from None
        except OSError as exc:
            raise ContingencyError(Phrase("The secrets could not be written (%1).", (exc.strerror or exc,)),
                                   hint=Phrase("The setting was not saved. On Windows, run the program as an "
                                               "administrator.")) from None
