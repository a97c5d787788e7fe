"""Where one instance keeps its settings, journal, logs, secrets and work files.

``CONTINGENCIA_HOME`` (or ``--home``) puts everything of one instance under one
folder, so an official and a contingency instance can run side by side. Without
it, the platform's usual places are used (``platformdirs``) and, on Windows, the
settings live in the registry.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_NAME = "Contingencia"
APP_AUTHOR = "Contingencia"
HOME_ENV = "CONTINGENCIA_HOME"


class InHome:
    """A file or folder at a fixed name in the home: ``home.journal_file`` is ``home.root / name``."""

    def __init__(self, name: str, doc: str = "") -> None:
        self.name = name
        self.__doc__ = doc

    def __get__(self, home: "Home | None", owner: type) -> Path:
        if home is None:  # looked up on the class (help(), documentation)
            return self  # type: ignore[return-value]
        return home.root / self.name


@dataclass(frozen=True)
class Home:
    """The folders and files of one instance."""

    root: Path
    explicit: bool  # True when chosen with CONTINGENCIA_HOME / --home

    @classmethod
    def resolve(cls, home: str | os.PathLike | None = None) -> "Home":
        chosen = home or os.environ.get(HOME_ENV)
        if chosen:
            root = Path(chosen).expanduser().resolve()
            return cls(root=root, explicit=True)
        if sys.platform == "win32":
            # the service and the operator's window run under different accounts: like the
            # settings (HKLM), the journal and logs must be the machine's, not a user's
            return cls(root=Path(platformdirs.site_data_dir(APP_NAME, appauthor=False)), explicit=False)
        root = Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
        return cls(root=root, explicit=False)

    settings_file = InHome("contingencia.ini", "The INI file used when the settings are not in the registry.")
    journal_file = InHome("journal.sqlite3")
    secrets_file = InHome("secrets.json", "Secrets when no system keyring exists (headless Linux), mode 0600.")
    identity_file = InHome("identity.txt", "The official database's identity, created once; kept apart from the "
                           "journal so a lost journal starts a new generation of the same line instead of a stranger.")
    work_dir = InHome("work")
    lock_file = InHome("cycle.lock")
    service_lock_file = InHome("service.lock")
    control_dir = InHome("control", "Requests from the GUI/CLI to a running worker (run now, reload).")
    promotion_undo_file = InHome("promotion/undo.json", "What the last promotion changed, kept so that it can be undone.")

    @property
    def log_dir(self) -> Path:
        if self.explicit or sys.platform == "win32":
            return self.root / "logs"
        return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))

    @property
    def keyring_prefix(self) -> str:
        """Separates the secrets of instances that share one system keyring."""
        return str(self.root) if self.explicit else "default"

    def ensure(self) -> "Home":
        for folder in (self.root, self.log_dir, self.work_dir, self.control_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self
