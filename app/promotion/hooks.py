"""Service hooks (F16): commands run before and after the promotion.

The seed's LMP procedure: services that must run only on the official machine are
stopped on the contingency machine and started on promotion. Each hook has a stop
command (run before anything changes), a start command (run at the end), a
``required`` flag and a timeout. The hooks live in a small TOML file::

    [[hook]]
    name = "LMP license service"
    stop = 'sc stop "LMP"'
    start = 'sc start "LMP"'
    required = true
    timeout_s = 60        # optional; promotion.hook_timeout_s otherwise

Commands go to the system shell (cmd.exe on Windows, /bin/sh elsewhere) as written
by the operator who configures this machine.
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

HOOKS_FILE_NAME = "promotion-hooks.toml"


@dataclass
class Hook:
    name: str
    stop: str = ""
    start: str = ""
    required: bool = False
    timeout_s: int = 0  # 0 follows promotion.hook_timeout_s


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
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PromotionError(f"The service hooks file {path} cannot be read: {exc}.",
                             hint="Fix it (docs/promotion.md shows the format) or point promotion.hooks_file elsewhere.") from None
    hooks = []
    for index, item in enumerate(data.get("hook", []), 1):
        if not isinstance(item, dict) or not str(item.get("name", "")).strip():
            raise PromotionError(f"{path}: hook {index} has no name.", hint="Give every [[hook]] a name.")
        if not item.get("stop") and not item.get("start"):
            raise PromotionError(f"{path}: hook {item['name']!r} has neither a stop nor a start command.")
        hooks.append(Hook(str(item["name"]).strip(), str(item.get("stop", "")), str(item.get("start", "")),
                          bool(item.get("required", False)), int(item.get("timeout_s", 0) or 0)))
    return hooks


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
    try:
        out, _ = proc.communicate(timeout=timeout_s)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        _kill(proc)
        out, _ = proc.communicate()
        code = None
    lines = [ln.strip() for ln in out.decode("utf-8", "replace").splitlines() if ln.strip()]
    return code, (lines[-1][:300] if lines else "")


def _kill(proc: subprocess.Popen) -> None:
    """Kill the shell and what it started (a hung service command)."""
    try:
        if sys.platform == "win32":
            proc.kill()
        else:
            os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def run_hook(hook: Hook, phase: str, default_timeout_s: float) -> HookResult | None:
    command = hook.stop if phase == "stop" else hook.start
    if not command:
        return None
    timeout = hook.timeout_s or default_timeout_s
    started = time.monotonic()
    try:
        code, last = run_command(command, timeout)
    except OSError as exc:
        code, last = -1, f"cannot run: {exc}"
    if code is None:
        last = f"stopped after {timeout:.0f} s" + (f"; last output: {last}" if last else "")
    return HookResult(hook.name, phase, command, code == 0, code, last, time.monotonic() - started, hook.required)
