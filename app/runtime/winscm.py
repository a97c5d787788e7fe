"""The Windows Service Control Manager through pywin32: stop, start, wait, change the start type.

The service hooks (a service such as LMP stopped before a promotion and started after it) and the
command line of Contingência's own service use these functions. ``sc stop``/``sc start`` return
before the service has changed state, fail on a service that is already stopped (1062) and cannot
start a disabled one; here each operation waits for the state it asked for, takes "already
stopped"/"already running" as done, and can enable a disabled service first.
Windows only (pywin32): elsewhere every call raises ``ServiceManagerError``.
"""

from __future__ import annotations

import time

from ..errors import ContingencyError
from ..phrases import Phrase

try:  # pywin32, on Windows only
    import pywintypes  # type: ignore[import-not-found]
    import win32service  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - exercised on Windows and under Wine
    win32service = None

STATES = {1: "stopped", 2: "start pending", 3: "stop pending", 4: "running",
          5: "continue pending", 6: "pause pending", 7: "paused"}
STOPPED, START_PENDING, STOP_PENDING, RUNNING = 1, 2, 3, 4
START_TYPES = {"boot": 0, "system": 1, "auto": 2, "manual": 3, "disabled": 4}
ENABLE_CHOICES = ("manual", "auto")
ERROR_SERVICE_ALREADY_RUNNING = 1056
ERROR_SERVICE_NOT_ACTIVE = 1062
POLL_S = 0.25


class ServiceManagerError(ContingencyError):
    """A service could not be queried, stopped, started or configured."""

    stage = "service"


def available() -> bool:
    return win32service is not None


def _require() -> None:
    if win32service is None:
        raise ServiceManagerError(Phrase("Windows services can only be controlled on Windows (pywin32 is missing)."))


class _Handle:
    """An open service handle and its manager's, closed together."""

    def __init__(self, name: str, access: int) -> None:
        _require()
        self.name = name
        try:
            self.scm = win32service.OpenSCManager(None, None, win32service.SC_MANAGER_CONNECT)
        except pywintypes.error as exc:
            raise ServiceManagerError(Phrase("The service manager cannot be opened (%1).", (exc.strerror,)),
                                      hint=Phrase("Run as an administrator.")) from None
        try:
            self.service = win32service.OpenService(self.scm, name, access)
        except pywintypes.error as exc:
            win32service.CloseServiceHandle(self.scm)
            raise ServiceManagerError(Phrase("The service %1 cannot be opened (%2).", (f'{name!r}', exc.strerror)),
                                      hint=Phrase("Check its name in services.msc (the service name, not the "
                                                  "display name), and run as an administrator.")) from None

    def __enter__(self) -> "_Handle":
        return self

    def __exit__(self, *_: object) -> None:
        win32service.CloseServiceHandle(self.service)
        win32service.CloseServiceHandle(self.scm)

    def state(self) -> int:
        return win32service.QueryServiceStatus(self.service)[1]

    def start_type(self) -> int:
        return win32service.QueryServiceConfig(self.service)[1]


def state(name: str) -> str:
    """stopped, running, start pending... of the service ``name``."""
    with _Handle(name, win32service.SERVICE_QUERY_STATUS if win32service else 0) as handle:
        return STATES.get(handle.state(), "unknown")


def start_type(name: str) -> str:
    with _Handle(name, win32service.SERVICE_QUERY_CONFIG if win32service else 0) as handle:
        return {v: k for k, v in START_TYPES.items()}.get(handle.start_type(), "unknown")


def set_start_type(name: str, kind: str) -> None:
    with _Handle(name, win32service.SERVICE_CHANGE_CONFIG if win32service else 0) as handle:
        _change_start_type(handle, kind)


def _change_start_type(handle: _Handle, kind: str) -> None:
    no_change = win32service.SERVICE_NO_CHANGE
    try:
        win32service.ChangeServiceConfig(handle.service, no_change, START_TYPES[kind], no_change,
                                         None, None, 0, None, None, None, None)
    except pywintypes.error as exc:
        raise ServiceManagerError(Phrase("The start type of %1 cannot be set to %2 (%3).",
                                         (f'{handle.name!r}', kind, exc.strerror)),
                                  hint=Phrase("Run as an administrator.")) from None


def stop(name: str, timeout_s: float) -> str:
    """Stop ``name`` and wait until it has stopped; a stopped service is already done."""
    access = (win32service.SERVICE_STOP | win32service.SERVICE_QUERY_STATUS) if win32service else 0
    with _Handle(name, access) as handle:
        current = handle.state()
        if current == STOPPED:
            return f"{name}: already stopped"
        if current != STOP_PENDING:
            try:
                win32service.ControlService(handle.service, win32service.SERVICE_CONTROL_STOP)
            except pywintypes.error as exc:
                if exc.winerror != ERROR_SERVICE_NOT_ACTIVE:
                    raise ServiceManagerError(Phrase("The service %1 refused to stop (%2).",
                                                     (f'{name!r}', exc.strerror))) from None
        _wait(handle, STOPPED, timeout_s)
        return f"{name}: stopped"


def start(name: str, timeout_s: float, enable: str = "") -> str:
    """Start ``name`` and wait until it runs; a disabled service is first set to ``enable``
    (manual or auto) when given, and refused otherwise; a running service is already done."""
    access = (win32service.SERVICE_START | win32service.SERVICE_QUERY_STATUS | win32service.SERVICE_QUERY_CONFIG
              | (win32service.SERVICE_CHANGE_CONFIG if enable else 0)) if win32service else 0
    with _Handle(name, access) as handle:
        current = handle.state()
        if current == RUNNING:
            return f"{name}: already running"
        enabled = ""
        if handle.start_type() == START_TYPES["disabled"]:
            if enable not in ENABLE_CHOICES:
                raise ServiceManagerError(Phrase("The service %1 is disabled.", (f'{name!r}',)),
                                          hint=Phrase("Set enable = \"manual\" or \"auto\" in its hook to enable "
                                                      "it first."))
            _change_start_type(handle, enable)
            enabled = f" (start type set to {enable})"
        if current != START_PENDING:
            try:
                win32service.StartService(handle.service, None)
            except pywintypes.error as exc:
                if exc.winerror != ERROR_SERVICE_ALREADY_RUNNING:
                    raise ServiceManagerError(Phrase("The service %1 could not be started (%2).",
                                                     (f'{name!r}', exc.strerror))) from None
        _wait(handle, RUNNING, timeout_s)
        return f"{name}: running{enabled}"


def _wait(handle: _Handle, wanted: int, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while True:
        current = handle.state()
        if current == wanted:
            return
        if wanted == RUNNING and current == STOPPED:  # StartService left it start pending: it failed
            exit_code = win32service.QueryServiceStatus(handle.service)[3]
            raise ServiceManagerError(Phrase("The service %1 stopped while starting (exit code %2).",
                                             (f'{handle.name!r}', exit_code)),
                                      hint=Phrase("Its own log or the Windows Event Log says why."))
        if time.monotonic() >= deadline:
            raise ServiceManagerError(Phrase("The service %1 is still %2 after %3 s.",
                                             (f'{handle.name!r}', STATES.get(current, current), f'{timeout_s:.0f}')),
                                      hint=Phrase("Raise the hook's timeout_s, or check the service."))
        time.sleep(POLL_S)
