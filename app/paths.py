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

    @property
    def settings_file(self) -> Path:
        """The INI file used when the settings are not in the registry."""
        return self.root / "contingencia.ini"

    @property
    def journal_file(self) -> Path:
        return self.root / "journal.sqlite3"

    @property
    def secrets_file(self) -> Path:
        """Secrets when no system keyring exists (headless Linux), mode 0600."""
        return self.root / "secrets.json"

    @property
    def log_dir(self) -> Path:
        if self.explicit or sys.platform == "win32":
            return self.root / "logs"
        return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))

    @property
    def identity_file(self) -> Path:
        """The official database's identity, created once; kept apart from the journal so a lost
        journal starts a new generation of the same line instead of a stranger."""
        return self.root / "identity.txt"

    @property
    def promotion_undo_file(self) -> Path:
        """What the last promotion changed, kept so that it can be undone."""
        return self.root / "promotion" / "undo.json"

    @property
    def work_dir(self) -> Path:
        return self.root / "work"

    @property
    def lock_file(self) -> Path:
        return self.root / "cycle.lock"

    @property
    def service_lock_file(self) -> Path:
        return self.root / "service.lock"

    @property
    def control_dir(self) -> Path:
        """Requests from the GUI/CLI to a running worker (run now, reload)."""
        return self.root / "control"

    @property
    def keyring_prefix(self) -> str:
        """Separates the secrets of instances that share one system keyring."""
        return str(self.root) if self.explicit else "default"

    def ensure(self) -> "Home":
        for folder in (self.root, self.log_dir, self.work_dir, self.control_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self
