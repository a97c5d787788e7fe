"""Service hooks (F16): services stopped before the promotion and started after it.

The seed's LMP procedure: services that must run only on the official machine are kept
stopped (and disabled) on the contingency machine and started on promotion. A hook is
either a Windows service, driven through the service manager (stop and wait until stopped
before anything changes; start and wait until running at the end; "already stopped" and
"already running" are done; a disabled service is set to ``enable`` first), or a pair of
shell commands. Each has a ``required`` flag and a timeout. The hooks live in a small TOML
file::

    [[hook]]
    name = "LMP"
    service = "LMP"       # the service name (services.msc, Properties), not the display name
    enable = "auto"       # a disabled service is set to auto (or manual) before it starts
    required = true
    timeout_s = 120       # optional; promotion.hook_timeout_s otherwise

    [[hook]]
    name = "Reports"
    stop = 'net stop "Reports"'
    start = 'net start "Reports"'

Commands go to the system shell (cmd.exe on Windows, /bin/sh elsewhere) as written by the
operator who configures this machine; their output is read in the console's code page (OEM)
on Windows, and a timeout kills the shell and everything it started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import tomllib
from dataclasses import dataclass
from pathlib import Path

import tomli_w

from ..atomic import write_atomic
from ..errors import PromotionError
from ..paths import Home
from ..phrases import Phrase
from ..runtime import winscm
from .documents import read_document

HOOKS_FILE_NAME = "promotion-hooks.toml"


@dataclass
class Hook:
    name: str
    stop: str = ""
    start: str = ""
    required: bool = False
    timeout_s: int = 0  # 0 follows promotion.hook_timeout_s
    service: str = ""   # a Windows service driven through the service manager instead of commands
    enable: str = ""    # manual | auto: the start type a disabled service gets before it starts

    def command(self, phase: str) -> str:
        """What the phase runs, as the results show it."""
        if self.service:
            return f"service {self.service}: {phase}"
        return self.stop if phase == "stop" else self.start


@dataclass(frozen=True)
class HookResult:
    name: str
    phase: str           # stop | start
    command: str
    ok: bool
    exit_code: int | None
    last_line: str
    elapsed_s: float
    required: bool

    def phrase(self) -> Phrase:
        what = Phrase("stop") if self.phase == "stop" else Phrase("start")
        code = Phrase("timed out") if self.exit_code is None else Phrase("exit code %1", (self.exit_code,))
        if self.last_line:
            return Phrase("%1 %2 (%3): %4: %5", (what, self.name, self.command, code, self.last_line))
        return Phrase("%1 %2 (%3): %4", (what, self.name, self.command, code))

    def text(self) -> str:
        return str(self.phrase())


def hooks_path(home: Home, configured: str = "") -> Path:
    return Path(configured) if configured else home.root / HOOKS_FILE_NAME


def load_hooks(path: Path) -> list[Hook]:
    """The hooks of ``path``; a missing file means no hooks."""
    if not path.is_file():
        return []
    data = read_document(path, Phrase("The service hooks file"), tomllib.loads,
                         hint=Phrase("Fix it (docs/promotion.md shows the format) or point promotion.hooks_file "
                                     "elsewhere."))
    hooks = []
    for index, item in enumerate(data.get("hook", []), 1):
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            raise PromotionError(Phrase("%1: hook %2 has no name.", (path, index)),
                                 hint=Phrase("Give every [[hook]] a name."))
        hooks.append(_hook(path, item))
    return hooks


def _hook(path: Path, item: dict) -> Hook:
    name = str(item["name"]).strip()
    service, enable = str(item.get("service", "")).strip(), str(item.get("enable", "")).strip()
    if service and (item.get("stop") or item.get("start")):
        raise PromotionError(Phrase("%1: hook %2 has both a service and commands.", (path, f'{name!r}')),
                             hint=Phrase("Make it either a service hook or a command hook."))
    if not service and not item.get("stop") and not item.get("start"):
        raise PromotionError(Phrase("%1: hook %2 has neither a service nor a stop or start command.",
                                    (path, f'{name!r}')))
    if enable and enable not in winscm.ENABLE_CHOICES:
        raise PromotionError(Phrase("%1: hook %2: enable = %3 is not valid.", (path, f'{name!r}', f'{enable!r}')),
                             hint=Phrase("Use \"manual\" or \"auto\", or leave it out."))
    if enable and not service:
        raise PromotionError(Phrase("%1: hook %2: enable is only for service hooks.", (path, f'{name!r}')))
    return Hook(name, str(item.get("stop", "")), str(item.get("start", "")), bool(item.get("required", False)),
                int(item.get("timeout_s", 0) or 0), service, enable)


def save_hooks(path: Path, hooks: list[Hook]) -> None:
    data = {"hook": [{k: v for k, v in h.__dict__.items() if v not in ("", 0) or k == "required"}
                     for h in hooks]}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, tomli_w.dumps(data).encode("utf-8"))


def run_command(command: str, timeout_s: float) -> tuple[int | None, str]:
    """(exit code or None on timeout, last non-empty output line)."""
    options: dict = {"creationflags": subprocess.CREATE_NEW_PROCESS_GROUP} if sys.platform == "win32" \
        else {"start_new_session": True}
    proc = subprocess.Popen(command, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, **options)
    job = _windows_job(proc)
    try:
        out, _ = proc.communicate(timeout=timeout_s)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        _kill(proc, job)
        out, _ = proc.communicate()
        code = None
    lines = [ln.strip() for ln in out.decode(output_encoding(), "replace").splitlines() if ln.strip()]
    return code, (lines[-1][:300] if lines else "")


def output_encoding() -> str:
    """cmd.exe, sc and net print in the console's (OEM) code page, not UTF-8 nor the ANSI one."""
    if sys.platform == "win32":
        return "oem"
    return "utf-8"


def _windows_job(proc: subprocess.Popen):
    """Windows: a job object holding the shell, so that what it starts can be ended with it."""
    if sys.platform != "win32":
        return None
    try:
        import win32api  # type: ignore[import-not-found]
        import win32con  # type: ignore[import-not-found]
        import win32job  # type: ignore[import-not-found]

        job = win32job.CreateJobObject(None, "")
        handle = win32api.OpenProcess(win32con.PROCESS_SET_QUOTA | win32con.PROCESS_TERMINATE, False, proc.pid)
        win32job.AssignProcessToJobObject(job, handle)
        return job
    except Exception:  # noqa: BLE001 - no pywin32, or the process already ended: taskkill remains
        return None


def _kill(proc: subprocess.Popen, job=None) -> None:
    """Kill the shell and everything it started (a hung service command)."""
    try:
        if sys.platform == "win32":
            # proc.kill() would end cmd.exe alone: the job ends every process in it, taskkill /T
            # the tree by parent process (for a child started before the job existed)
            if job is not None:
                import win32job  # type: ignore[import-not-found]

                win32job.TerminateJobObject(job, 1)
            subprocess.run(["taskkill", "/F", "/T", "/PID", str(proc.pid)], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError, subprocess.TimeoutExpired):
        pass


def run_hook(hook: Hook, phase: str, default_timeout_s: float) -> HookResult | None:
    command = hook.command(phase)
    if not command:
        return None
    timeout = hook.timeout_s or default_timeout_s
    started = time.monotonic()
    if hook.service:
        code, last = run_service(hook, phase, timeout)
    else:
        try:
            code, last = run_command(command, timeout)
        except OSError as exc:
            code, last = -1, f"cannot run: {exc}"
        if code is None:
            last = f"stopped after {timeout:.0f} s" + (f"; last output: {last}" if last else "")
    return HookResult(hook.name, phase, command, code == 0, code, last, time.monotonic() - started, hook.required)


def run_service(hook: Hook, phase: str, timeout_s: float) -> tuple[int, str]:
    """(0, what happened) or (1, why not): the service manager's answer, waited for."""
    try:
        if phase == "stop":
            return 0, winscm.stop(hook.service, timeout_s)
        return 0, winscm.start(hook.service, timeout_s, hook.enable)
    except winscm.ServiceManagerError as exc:
        return 1, str(exc)
