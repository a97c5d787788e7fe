"""Start and stop the installed worker where the platform lets a program do it: the Windows
service manager (``app.runtime.winscm``) and systemd (``systemctl``). Elsewhere, or when no service is
installed, ``control()`` says so plainly and how to run the worker instead.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass

from ..errors import ContingencyError
from ..phrases import Phrase

WINDOWS_SERVICE = "Contingencia"
SYSTEMD_UNIT = "contingencia.service"
TIMEOUT_S = 30

NOT_INSTALLED = ("No Contingência service is installed on this machine (%1). Start the worker with "
                 "'contingencia service' in a terminal, or install the service as build_spec/INSTALL.md says.")
NO_MANAGER = ("This system has no service manager the window can use (neither the Windows service manager nor "
              "systemd). Start the worker with 'contingencia service' in a terminal.")
FAILED = "%1 failed: %2"
TEMPLATES = (NOT_INSTALLED, NO_MANAGER, FAILED)


@dataclass(frozen=True)
class ServiceControl:
    """How this machine's worker is started and stopped; ``explanation`` when it cannot be."""

    manager: str            # "windows", "systemd" or ""
    name: str               # the service or unit name
    explanation: Phrase | None = None

    @property
    def available(self) -> bool:
        return self.explanation is None

    def command(self, action: str) -> list[str]:
        if self.manager == "windows":
            return ["sc", action, self.name]
        return ["systemctl", action, self.name]

    def run(self, action: str) -> None:
        """``start`` or ``stop``; raises ``ServiceControlError`` with the manager's own words."""
        if self.manager == "windows":
            self._run_windows(action)
            return
        command = self.command(action)
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S)
        except (OSError, subprocess.SubprocessError) as exc:
            raise ServiceControlError(Phrase(FAILED, (" ".join(command), str(exc)))) from exc
        if done.returncode != 0:
            words = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
            raise ServiceControlError(Phrase(FAILED, (" ".join(command), words)))


    def _run_windows(self, action: str) -> None:
        """Through the service manager itself (``app.runtime.winscm``): it waits until the service is there."""
        from . import winscm
        try:
            (winscm.start if action == "start" else winscm.stop)(self.name, TIMEOUT_S)
        except ContingencyError as exc:
            raise ServiceControlError(Phrase(FAILED, (f"{action} {self.name}", exc.phrase))) from exc


class ServiceControlError(Exception):
    def __init__(self, phrase: Phrase) -> None:
        super().__init__(str(phrase))
        self.phrase = phrase


def _installed(command: list[str]) -> bool:
    try:
        return subprocess.run(command, capture_output=True, timeout=TIMEOUT_S).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def control() -> ServiceControl:
    """This machine's way to start and stop the worker (it asks the service manager once)."""
    if sys.platform == "win32":
        from . import winscm
        try:
            winscm.state(WINDOWS_SERVICE)
            return ServiceControl("windows", WINDOWS_SERVICE)
        except ContingencyError:
            pass
        return ServiceControl("windows", WINDOWS_SERVICE, Phrase(NOT_INSTALLED, (f"service {WINDOWS_SERVICE}",)))
    if shutil.which("systemctl"):
        if _installed(["systemctl", "cat", SYSTEMD_UNIT]):
            return ServiceControl("systemd", SYSTEMD_UNIT)
        return ServiceControl("systemd", SYSTEMD_UNIT, Phrase(NOT_INSTALLED, (f"systemd unit {SYSTEMD_UNIT}",)))
    return ServiceControl("", "", Phrase(NO_MANAGER))
