"""The Windows service "Contingência" (F3): the worker under the Service Control Manager.

Installed from an elevated prompt with ``contingencia-service install`` (the frozen program) or
``python -m app.runtime.winservice install`` (from source, hosted by pywin32's PythonService.exe):
``--account`` picks the account (LocalSystem when left out; a named account's password is asked,
or read from standard input with ``--password-stdin``, never taken from the command line), the
start is automatic and the recovery actions restart the service after a failure. ``remove``,
``start``, ``stop`` and ``status`` do what they say; with no argument the program is the service
itself, as the SCM starts it.

The life cycle lives in ``ServiceHost``, apart from pywin32: a worker that crashes (or ends by
itself) writes an Event Log entry and stops the service with an error code, so the recovery
actions fire; a stop (or a system shutdown) that arrives before the worker exists is honoured;
while the worker winds down the SCM gets STOP_PENDING again and again with a realistic hint.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
import threading
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol, TextIO

try:  # pywin32, on Windows only
    import servicemanager  # type: ignore[import-not-found]
    import win32service  # type: ignore[import-not-found]
    import win32serviceutil  # type: ignore[import-not-found]
except ImportError:
    servicemanager = None

from ..errors import ContingencyError
from ..phrases import Phrase

log = logging.getLogger(__name__)

SERVICE_NAME = "Contingencia"
DISPLAY_NAME = "Contingência - Operação de Contingência"
DESCRIPTION = ("Publishes (official) or restores (contingency) the store database backups configured in the "
               "Contingência settings.")
#: the worker's shutdown: a cycle cancels at its next progress report, the scheduler waits for it,
#: the notifier gets up to 20 s to send what it holds
STOP_WAIT_HINT_MS = 30_000
STOP_REPORT_EVERY_S = 5.0
ERROR_INVALID_LEVEL = 124
EXIT_WORKER_FAILED = 1
EXIT_WORKER_ENDED = 2
#: restart after one minute, twice, then after five minutes; the failure count resets after a day
RECOVERY_ACTIONS_MS = (60_000, 60_000, 300_000)
RECOVERY_RESET_S = 86_400
BUILTIN_ACCOUNTS = {"localsystem": None, "nt authority\\localservice": "NT AUTHORITY\\LocalService",
                    "nt authority\\networkservice": "NT AUTHORITY\\NetworkService"}
ROOT = Path(__file__).resolve().parents[2]


class Worker(Protocol):
    def run_forever(self) -> int: ...
    def stop(self) -> None: ...


class ServiceHost:
    """Runs one worker for the SCM; ``stop`` may come from another thread at any moment.

    ``make_worker`` builds the worker (the real one: ``Service(Home.resolve())``);
    ``stop_pending(hint_ms)`` tells the SCM the stop goes on; ``log_error``/``log_info`` write
    to the Event Log.
    """

    def __init__(self, make_worker: Callable[[], Worker], stop_pending: Callable[[int], None],
                 log_error: Callable[[str], None], log_info: Callable[[str], None], *,
                 stop_hint_ms: int = STOP_WAIT_HINT_MS, report_every_s: float = STOP_REPORT_EVERY_S) -> None:
        self.make_worker = make_worker
        self.stop_pending = stop_pending
        self.log_error = log_error
        self.log_info = log_info
        self.stop_hint_ms = stop_hint_ms
        self.report_every_s = report_every_s
        self.stop_requested = threading.Event()
        self._lock = threading.Lock()
        self.worker: Worker | None = None

    def stop(self) -> None:
        """From the SCM's control thread: answer at once, the run loop reports the progress."""
        with self._lock:
            self.stop_requested.set()
            worker = self.worker
        self.stop_pending(self.stop_hint_ms)
        if worker is not None:
            worker.stop()

    def run(self) -> int:
        """0 after a requested stop; otherwise an exit code, with an Event Log entry saying why."""
        try:
            worker = self.make_worker()
        except Exception as exc:  # noqa: BLE001 - whatever it is, the SCM must see a failure
            return self._failed(EXIT_WORKER_FAILED, "The Contingência worker could not start", exc)
        with self._lock:
            self.worker = worker
            stopped_early = self.stop_requested.is_set()
        if stopped_early:
            self.log_info("Contingência service stopped before its worker started.")
            return 0
        outcome: dict = {}
        runner = threading.Thread(target=self._run_worker, args=(worker, outcome), name="worker", daemon=True)
        runner.start()
        while runner.is_alive():
            runner.join(self.report_every_s)
            if runner.is_alive() and self.stop_requested.is_set():
                self.stop_pending(self.stop_hint_ms)
        if "error" in outcome:
            return self._failed(EXIT_WORKER_FAILED, "The Contingência worker failed", outcome["error"])
        if not self.stop_requested.is_set():
            self.log_error(f"The Contingência worker ended by itself (exit code {outcome.get('code')}); "
                           "the service stops with an error so that its recovery actions restart it.")
            return EXIT_WORKER_ENDED
        self.log_info("Contingência service stopped.")
        return 0

    @staticmethod
    def _run_worker(worker: Worker, outcome: dict) -> None:
        try:
            outcome["code"] = worker.run_forever()
        except BaseException as exc:  # noqa: BLE001 - reported by run()
            outcome["error"] = exc

    def _failed(self, code: int, what: str, exc: BaseException) -> int:
        log.error("%s", what, exc_info=exc)
        detail = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
        self.log_error(f"{what}: {exc}\n\n{detail}")
        return code


def make_worker():
    """The real worker of the machine's home, with its log file."""
    from .logs import setup_logging
    from ..paths import Home
    from .service import Service

    home = Home.resolve().ensure()
    setup_logging(home, kind="service")
    return Service(home)


class ServiceFailed(Exception):
    """Raised out of SvcRun: pywin32 then reports SERVICE_STOPPED with an error code."""


if servicemanager is not None:
    class ContingenciaService(win32serviceutil.ServiceFramework):
        _svc_name_ = SERVICE_NAME
        _svc_display_name_ = DISPLAY_NAME
        _svc_description_ = DESCRIPTION

        def __init__(self, args) -> None:
            super().__init__(args)
            self.host = ServiceHost(make_worker, self._stop_pending, servicemanager.LogErrorMsg,
                                    servicemanager.LogInfoMsg)

        def _stop_pending(self, hint_ms: int) -> None:
            self.ReportServiceStatus(win32service.SERVICE_STOP_PENDING, waitHint=hint_ms)

        def SvcStop(self) -> None:  # noqa: N802 - pywin32's name
            self.host.stop()

        def SvcShutdown(self) -> None:  # noqa: N802 - pywin32's name; its presence accepts SHUTDOWN
            self.host.stop()

        def SvcRun(self) -> None:  # noqa: N802 - pywin32's name
            self.ReportServiceStatus(win32service.SERVICE_RUNNING)  # stops are accepted from here on
            code = self.host.run()
            if code:
                raise ServiceFailed(f"worker exit code {code}")
            self.ReportServiceStatus(win32service.SERVICE_STOP_PENDING, waitHint=self.host.stop_hint_ms)


# --- installing and controlling the service ---------------------------------------------------------

@dataclass(frozen=True)
class Account:
    user: str | None         # None is LocalSystem
    password: str | None


def resolve_account(name: str, *, password_stdin: bool, stdin: TextIO,
                    ask: Callable[[str], str] = getpass.getpass, password_env: str = "") -> Account:
    """The account the service runs as; a named account's password is asked, read from stdin, or
    (the installer) taken from an environment variable set for this process only."""
    name = name.strip()
    if not name or name.lower() in BUILTIN_ACCOUNTS and BUILTIN_ACCOUNTS[name.lower()] is None:
        return Account(None, None)
    if name.lower() in BUILTIN_ACCOUNTS:
        return Account(BUILTIN_ACCOUNTS[name.lower()], "")
    if "\\" not in name and "@" not in name:
        name = ".\\" + name  # a local account: the SCM wants DOMAIN\\user or .\\user
    if password_env:
        password = os.environ.pop(password_env, "")
    elif password_stdin:
        password = stdin.readline().rstrip("\r\n")
    elif stdin.isatty():
        password = ask(f"Password of {name}: ")
    else:
        raise ContingencyError(Phrase("The password of %1 is needed.", (name,)),
                               hint=Phrase("Run on a terminal to be asked, or pass it on standard input with "
                                           "--password-stdin."))
    if not password:
        raise ContingencyError(Phrase("No password was given for %1; nothing was changed.", (name,)))
    return Account(name, password)


def class_string() -> str:
    """What PythonService.exe imports: the project's root on sys.path, then app.runtime.winservice (a package
    module, so its relative imports work). The frozen program hosts the class itself."""
    return f"{ROOT}\\app.runtime.winservice.ContingenciaService"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="contingencia-service",
                                     description="The Contingência Windows service (with no argument: run as the service).")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    for action, text in (("install", "register the service (automatic start, restart on failure)"),
                         ("update", "change the installed service's account or start type")):
        p = sub.add_parser(action, help=text)
        p.add_argument("--account", default="LocalSystem",
                       help="LocalSystem (default), NT AUTHORITY\\NetworkService, or DOMAIN\\user")
        p.add_argument("--password-stdin", action="store_true",
                       help="read the account's password from the first line of standard input")
        p.add_argument("--password-env", default="", metavar="VARIABLE", help=argparse.SUPPRESS)  # the installer
        p.add_argument("--startup", choices=("auto", "delayed", "manual", "disabled"), default="auto")
    sub.add_parser("remove", help="stop and unregister the service")
    for action in ("start", "stop"):
        p = sub.add_parser(action, help=f"{action} the service and wait")
        p.add_argument("--wait", type=float, default=60.0, help="seconds to wait (default 60)")
    sub.add_parser("status", help="the service's state and start type")
    sub.add_parser("debug", help="run the service in this console (Ctrl+C stops it)")
    return parser


def _install(args: argparse.Namespace) -> None:
    account = resolve_account(args.account, password_stdin=args.password_stdin, stdin=sys.stdin,
                              password_env=args.password_env)
    start = {"auto": win32service.SERVICE_AUTO_START, "delayed": win32service.SERVICE_AUTO_START,
             "manual": win32service.SERVICE_DEMAND_START, "disabled": win32service.SERVICE_DISABLED}[args.startup]
    exe = sys.executable if getattr(sys, "frozen", False) else None  # None: PythonService.exe
    options = dict(startType=start, errorControl=win32service.SERVICE_ERROR_NORMAL, userName=account.user,
                   password=account.password, exeName=exe, description=DESCRIPTION,
                   delayedstart=args.startup == "delayed")
    if args.action == "install":
        win32serviceutil.InstallService(class_string(), SERVICE_NAME, DISPLAY_NAME, **options)
    else:
        win32serviceutil.ChangeServiceConfig(class_string(), SERVICE_NAME, displayName=DISPLAY_NAME, **options)
    if account.user and account.password:
        _grant_service_logon(account.user)
    _set_recovery()
    _secure_secrets(account.user or "")
    print(f"Service {SERVICE_NAME} {'installed' if args.action == 'install' else 'updated'}: "
          f"account {account.user or 'LocalSystem'}, start {args.startup}, restart on failure.")


def _grant_service_logon(user: str) -> None:
    """A named account needs "Log on as a service" (services.msc grants it, the API does not)."""
    import win32security  # type: ignore[import-not-found]

    sid = win32security.LookupAccountName(None, user)[0]
    policy = win32security.LsaOpenPolicy(None, win32security.POLICY_ALL_ACCESS)
    try:
        win32security.LsaAddAccountRights(policy, sid, ["SeServiceLogonRight"])
    finally:
        win32security.LsaClose(policy)


def _secure_secrets(account: str) -> None:
    """The machine's secrets folder admits the service's (new) account."""
    from ..paths import Home
    from ..settings.secrets import MachineKeyring, secure_folder

    secure_folder(Home.resolve().ensure().root / MachineKeyring.FOLDER, account)


def _set_recovery() -> None:
    """Restart after a failure, including a stop with an error code (not only a crash)."""
    scm = win32service.OpenSCManager(None, None, win32service.SC_MANAGER_CONNECT)
    try:
        handle = win32service.OpenService(scm, SERVICE_NAME, win32service.SERVICE_CHANGE_CONFIG
                                          | win32service.SERVICE_START)
        try:
            actions = [(win32service.SC_ACTION_RESTART, delay) for delay in RECOVERY_ACTIONS_MS]
            win32service.ChangeServiceConfig2(handle, win32service.SERVICE_CONFIG_FAILURE_ACTIONS,
                                              {"ResetPeriod": RECOVERY_RESET_S, "RebootMsg": None,
                                               "Command": None, "Actions": actions})
            try:
                win32service.ChangeServiceConfig2(handle, win32service.SERVICE_CONFIG_FAILURE_ACTIONS_FLAG, True)
            except win32service.error as exc:
                if exc.winerror != ERROR_INVALID_LEVEL:  # Wine has no such setting; Windows since Vista has
                    raise
                print("warning: this system cannot restart the service after a stop with an error code; "
                      "only a crash restarts it.", file=sys.stderr)
        finally:
            win32service.CloseServiceHandle(handle)
    finally:
        win32service.CloseServiceHandle(scm)


def _control(args: argparse.Namespace) -> None:
    from . import winscm

    if args.action == "remove":
        print(winscm.stop(SERVICE_NAME, 120))
        win32serviceutil.RemoveService(SERVICE_NAME)
        print(f"Service {SERVICE_NAME} removed (the settings and the data in ProgramData are kept).")
    elif args.action == "start":
        print(winscm.start(SERVICE_NAME, args.wait))
    elif args.action == "stop":
        print(winscm.stop(SERVICE_NAME, args.wait))
    else:
        print(f"{SERVICE_NAME}: {winscm.state(SERVICE_NAME)}, start {winscm.start_type(SERVICE_NAME)}")


def _dispatch() -> int:
    # the Event Log entries' source: "Contingencia", with servicemanager's message texts
    servicemanager.Initialize(SERVICE_NAME, servicemanager.__file__)
    servicemanager.PrepareToHostSingle(ContingenciaService)
    try:
        servicemanager.StartServiceCtrlDispatcher()
    except Exception as exc:  # noqa: BLE001 - started by a person, not by the SCM
        print(f"contingencia-service: this program is started by the service manager ({exc}).\n"
              "Use 'contingencia-service install', then 'contingencia-service start'; --help lists the actions.",
              file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if servicemanager is None:
        print("contingencia-service: the Windows service needs Windows and pywin32.", file=sys.stderr)
        return 2
    if not argv:
        return _dispatch()
    args = build_parser().parse_args(argv)
    try:
        if args.action == "debug":
            win32serviceutil.HandleCommandLine(ContingenciaService, serviceClassString=class_string(),
                                               argv=[sys.argv[0], "debug"])
        elif args.action in ("install", "update"):
            _install(args)
        else:
            _control(args)
    except ContingencyError as exc:
        print(f"contingencia-service: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - pywintypes.error: a clear line, no traceback
        message = getattr(exc, "strerror", None) or str(exc)
        print(f"contingencia-service {args.action}: {message}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
