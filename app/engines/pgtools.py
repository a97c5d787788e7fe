"""PostgreSQL's client tools (pg_dump, pg_restore): where they are, which version, how they run.

The password reaches the tools through a temporary passfile (mode 0600, deleted
after use): never on a command line nor in an inherited environment variable.
A tool runs with its stderr in a temporary file (constant memory, no pipe
deadlock); its last lines become the error message.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..errors import EngineError
from ..phrases import Phrase

CONNECT_TIMEOUT_S = 15
VERSION_TIMEOUT_S = 30
LIST_TIMEOUT_S = 300
#: a dump or a restore that runs longer than this is stuck, not slow
TOOL_TIMEOUT_S = 6 * 3600
POLL_S = 0.5
STDERR_LINES = 8


# --- pure helpers (unit-tested without a server) ---------------------------

def tool_major(version_text: str) -> int:
    """The major version in ``pg_dump --version`` output: 'pg_dump (PostgreSQL) 15.4' -> 15."""
    match = re.search(r"\)\s*(\d+)(?:\.(\d+))?", version_text) or re.search(r"(\d+)\.(\d+)", version_text)
    if not match:
        raise EngineError(Phrase("The version of the PostgreSQL client tools could not be read from %1.",
                                 (f'{version_text!r}',)),
                          hint=Phrase("Check the PostgreSQL client installation."))
    major = int(match.group(1))
    # Before version 10 the major version had two parts (9.6).
    return major * 10 + int(match.group(2) or 0) if major < 10 else major * 10


def server_major(server_version_num: int) -> int:
    """``server_version_num`` (150004, 90624) in the same scale as ``tool_major``."""
    if server_version_num >= 100000:
        return server_version_num // 10000 * 10
    return server_version_num // 10000 * 10 + server_version_num // 100 % 100


def check_tool_version(tool: str, version_text: str, server_version_num: int) -> None:
    """Refuse client tools older than the server: pg_dump would abort half-way, and
    an old pg_restore cannot read what a newer pg_dump wrote."""
    tool_v, server_v = tool_major(version_text), server_major(server_version_num)
    if tool_v < server_v:
        raise EngineError(
            Phrase("%1 is version %2 but the PostgreSQL server is version %3.",
                   (tool, _show(tool_v), _show(server_v))),
            hint=Phrase("Install the PostgreSQL %1 client tools (or newer) and put their bin folder first in PATH.",
                        (_show(server_v),)))


def _show(scaled: int) -> str:
    return str(scaled // 10) if scaled >= 100 else f"{scaled // 10}.{scaled % 10}"


def passfile_line(password: str) -> str:
    """One ~/.pgpass line matching any host, port, database and user."""
    escaped = password.replace("\\", "\\\\").replace(":", "\\:")
    return f"*:*:*:*:{escaped}\n"


def count_archive_tables(listing: str) -> int:
    """Tables named in a ``pg_restore --list`` table of contents."""
    return sum(1 for line in listing.splitlines()
               if not line.startswith(";") and re.match(r"^\d+; \d+ \d+ TABLE (?!DATA )", line))


def tail(text: str, lines: int = STDERR_LINES) -> str:
    kept = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return " | ".join(kept[-lines:])


def install_folders() -> list[Path]:
    """Where PostgreSQL installers put versioned bin folders (Windows, Debian/Ubuntu)."""
    return [Path(os.environ.get("ProgramFiles", r"C:\Program Files")) / "PostgreSQL", Path("/usr/lib/postgresql")]


def find_tool(tool: str) -> str:
    """The path of a PostgreSQL client tool: PATH first, then the newest installed version."""
    found = shutil.which(tool)
    if found:
        return found
    exe = tool + (".exe" if os.name == "nt" else "")
    candidates = [p for root in install_folders() if root.is_dir() for p in root.glob(f"*/bin/{exe}")
                  if p.is_file()]
    if candidates:
        return str(max(candidates, key=lambda p: _version_key(p.parent.parent.name)))
    raise EngineError(Phrase("The PostgreSQL client tool %1 was not found.", (tool,)),
                      hint=Phrase("Install the PostgreSQL client tools (pg_dump, pg_restore) and put their bin "
                                  "folder in PATH."))


def _version_key(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", text)) or (0,)


def tool_hint(stderr_tail: str) -> str:
    if "unsupported version" in stderr_tail:
        return "The backup was written by a newer pg_dump: install newer PostgreSQL client tools here."
    if "permission denied" in stderr_tail or "must be owner" in stderr_tail:
        return "Give the configured database user the rights it needs (or use a superuser)."
    if "role" in stderr_tail and "does not exist" in stderr_tail:
        return "Create on this server the roles that exist on the official server."
    if "password authentication failed" in stderr_tail or "no password supplied" in stderr_tail:
        return "Check database.user and the saved password."
    return "The live database was not changed; see the message above and the log."


# --- running the tools ---------------------------------------------------------

@dataclass
class ClientTools:
    """pg_dump / pg_restore for one server and user."""

    host: str
    port: int
    user: str
    password: str | None
    scrub: Callable[[str], str]
    timeout_s: int = TOOL_TIMEOUT_S

    def connection_args(self, dbname: str) -> list[str]:
        args = ["--no-password", "--port", str(self.port)]
        if self.host:
            args += ["--host", self.host]
        if self.user:
            args += ["--username", self.user]
        return args + [f"--dbname={dbname}"]

    def dump_command(self, dbname: str, target: Path) -> list[str]:
        return [find_tool("pg_dump"), "--format=custom", "--compress=0", f"--file={target}",
                *self.connection_args(dbname)]

    def restore_command(self, dbname: str, dump: Path, jobs: int) -> list[str]:
        return [find_tool("pg_restore"), "--no-owner", "--exit-on-error", f"--jobs={jobs}",
                *self.connection_args(dbname), str(dump)]

    def env(self, passfile: Path | None) -> dict[str, str]:
        env = dict(os.environ)
        # An inherited PGPASSWORD would win over the passfile: drop it.
        for key in ("PGPASSWORD", "PGPASSFILE", "PGSERVICE", "PGOPTIONS"):
            env.pop(key, None)
        if passfile is not None:
            env["PGPASSFILE"] = str(passfile)
        env["PGCONNECT_TIMEOUT"] = str(CONNECT_TIMEOUT_S)
        env["PGAPPNAME"] = "contingencia"
        return env

    @contextmanager
    def passfile(self) -> Iterator[Path | None]:
        """A passfile readable only by this user, removed whatever happens."""
        if not self.password:
            yield None
            return
        fd, name = tempfile.mkstemp(prefix="contingencia-", suffix=".pgpass")
        path = Path(name)
        try:
            os.chmod(path, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(passfile_line(self.password))
            yield path
        finally:
            path.unlink(missing_ok=True)

    def version(self, tool: str) -> str:
        try:
            done = subprocess.run([find_tool(tool), "--version"], capture_output=True, text=True,
                                  timeout=VERSION_TIMEOUT_S)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise EngineError(Phrase("%1 --version could not be run: %2.", (tool, exc)),
                              hint=Phrase("Check the PostgreSQL client installation.")) from None
        return done.stdout.strip()

    def check_version(self, tool: str, server_version_num: int) -> None:
        check_tool_version(tool, self.version(tool), server_version_num)

    def run(self, command: list[str], *, what: str, error: type[EngineError], watch=None) -> None:
        """Run a client tool, calling ``watch()`` while it runs; raise ``error`` with stderr's
        last lines when it fails or outlives ``timeout_s``."""
        with self.passfile() as passfile, tempfile.TemporaryFile() as stderr:
            try:
                proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                        stderr=stderr, env=self.env(passfile))
            except OSError as exc:
                raise error(f"{what} could not start: {exc}.",
                            hint="Check the PostgreSQL client installation.") from None
            deadline = time.monotonic() + self.timeout_s
            try:
                while True:
                    try:
                        code = proc.wait(timeout=POLL_S)
                        break
                    except subprocess.TimeoutExpired:
                        if time.monotonic() > deadline:
                            raise error(f"{what} did not finish within {self.timeout_s} s and was stopped.",
                                        hint="Check the server's load and the disk; the live database was "
                                             "not changed.") from None
                        if watch is not None:
                            watch()
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
            if code != 0:
                raise error(f"{what} failed (exit code {code}): {self.scrub(read_tail(stderr))}.",
                            hint=tool_hint(read_tail(stderr)))

    def list_archive(self, dump: Path, error: type[EngineError]) -> str:
        """``pg_restore --list``: reads the archive's table of contents back, a cheap
        proof that the file is a complete custom-format archive."""
        try:
            done = subprocess.run([find_tool("pg_restore"), "--list", str(dump)], capture_output=True,
                                  text=True, timeout=LIST_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise error(f"Reading the archive {dump.name} took too long.", hint="Check the disk.") from None
        if done.returncode != 0:
            raise error(f"The archive {dump.name} cannot be read: {tail(done.stderr)}.",
                        hint="The backup is incomplete or corrupt; the next bundle will be tried.")
        return done.stdout


def read_tail(handle) -> str:
    """The last lines of a (possibly large) temporary file, read in constant memory."""
    handle.seek(0)
    lines: deque[str] = deque(maxlen=STDERR_LINES)
    for raw in handle:
        text = raw.decode("utf-8", "replace").strip()
        if text:
            lines.append(text)
    return " | ".join(lines)
