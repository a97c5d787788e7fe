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
#: after a timeout's kill, how long the command's output may still take to close
KILLED_OUTPUT_WAIT_S = 10
KILL_ROUNDS = 5
TH32CS_SNAPPROCESS = 0x2
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000


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


def lmp_hook(service: str = "LMP") -> Hook:
    """The window's "Add LMP" preset, the seed's procedure: LMP is kept stopped and disabled on the
    contingency machine; the promotion's stop finds it stopped, its start sets it to automatic and
    starts it, and a failure stops the promotion."""
    return Hook("LMP", required=True, service=service, enable="auto")


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
        out = _output_after_kill(proc)
        code = None
    lines = [ln.strip() for ln in out.decode(output_encoding(), "replace").splitlines() if ln.strip()]
    return code, (lines[-1][:300] if lines else "")


def _output_after_kill(proc: subprocess.Popen) -> bytes:
    """What the killed command wrote; a process that escaped the kill and holds the pipe open must
    not hang the promotion: its output is then given up."""
    try:
        out, _ = proc.communicate(timeout=KILLED_OUTPUT_WAIT_S)
        return out or b""
    except subprocess.TimeoutExpired:
        proc.stdout.close()
        return b""


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
    except Exception:  # noqa: BLE001 - no pywin32, or the process already ended: the tree walk remains
        return None


def _kill(proc: subprocess.Popen, job=None) -> None:
    """Kill the shell and everything it started (a hung service command)."""
    try:
        if sys.platform == "win32":
            _kill_windows_tree(proc, job)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        pass


def _kill_windows_tree(proc: subprocess.Popen, job) -> None:
    """proc.kill() would end cmd.exe alone. The job ends every process in it; a walk of the process
    tree by parent id ends what is outside it: a child started before the shell joined the job, one
    that broke away, and under Wine every child (Wine's processes do not inherit their parent's
    job, and its taskkill has no /T). The walk runs again while new processes appear (a loop that
    spawns); the shell's creation time tells its children from an older process whose dead
    parent's id Windows gave to the shell."""
    born = _windows_creation_time(proc.pid)
    for round_number in range(KILL_ROUNDS):
        tree = _windows_descendants(proc.pid, born)
        if round_number == 0 and job is not None:
            import win32job  # type: ignore[import-not-found]

            win32job.TerminateJobObject(job, 1)
        for pid in tree:
            _terminate_windows_process(pid)
        if round_number == 0:
            proc.kill()
        if not tree:
            return


def _windows_descendants(root_pid: int, root_born) -> list[int]:
    """The processes started, directly or not, by ``root_pid`` (created at ``root_born``): a snapshot
    of every process's parent id, each child created after its parent."""
    children: dict[int, list[int]] = {}
    for pid, parent in _windows_processes():
        if pid != parent:
            children.setdefault(parent, []).append(pid)
    found: list[int] = []
    queue = [(root_pid, root_born)]
    while queue:
        parent, born = queue.pop()
        for child in children.get(parent, []):
            child_born = _windows_creation_time(child)
            if child not in found and (born is None or child_born is None or child_born >= born):
                found.append(child)
                queue.append((child, child_born))
    return found


def _windows_processes() -> list[tuple[int, int]]:
    """(process id, parent id) of every process (Toolhelp32, which Wine has too)."""
    import ctypes
    from ctypes import wintypes

    class Entry(ctypes.Structure):
        _fields_ = [("dwSize", wintypes.DWORD), ("cntUsage", wintypes.DWORD),
                    ("th32ProcessID", wintypes.DWORD), ("th32DefaultHeapID", ctypes.c_size_t),
                    ("th32ModuleID", wintypes.DWORD), ("cntThreads", wintypes.DWORD),
                    ("th32ParentProcessID", wintypes.DWORD), ("pcPriClassBase", ctypes.c_long),
                    ("dwFlags", wintypes.DWORD), ("szExeFile", ctypes.c_wchar * 260)]

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateToolhelp32Snapshot.restype = wintypes.HANDLE
    snapshot = kernel32.CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0)
    if snapshot in (None, wintypes.HANDLE(-1).value):
        return []
    try:
        entry = Entry(dwSize=ctypes.sizeof(Entry))
        found = []
        more = kernel32.Process32FirstW(wintypes.HANDLE(snapshot), ctypes.byref(entry))
        while more:
            found.append((entry.th32ProcessID, entry.th32ParentProcessID))
            more = kernel32.Process32NextW(wintypes.HANDLE(snapshot), ctypes.byref(entry))
        return found
    finally:
        kernel32.CloseHandle(wintypes.HANDLE(snapshot))


def _windows_creation_time(pid: int):
    """When ``pid`` was created; None when it cannot be opened (ended, or not ours to query)."""
    try:
        import win32api  # type: ignore[import-not-found]
        import win32process  # type: ignore[import-not-found]

        handle = win32api.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
        try:
            return win32process.GetProcessTimes(handle)["CreationTime"]
        finally:
            win32api.CloseHandle(handle)
    except Exception:  # noqa: BLE001 - pywintypes.error: gone or denied
        return None


def _terminate_windows_process(pid: int) -> None:
    try:
        import win32api  # type: ignore[import-not-found]
        import win32con  # type: ignore[import-not-found]

        handle = win32api.OpenProcess(win32con.PROCESS_TERMINATE, False, pid)
        try:
            win32api.TerminateProcess(handle, 1)
        finally:
            win32api.CloseHandle(handle)
    except Exception:  # noqa: BLE001 - pywintypes.error: it ended already, or is not ours
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
