"""Run history, progress and state, in a small SQLite file in the home.

The worker writes; the GUI, the tray and ``contingencia status`` read. WAL mode lets
readers look while a cycle writes. Each run records its steps with timings and
bytes; ``state`` holds small JSON values (last restored bundle, sequence, epoch,
worker heartbeat, alerts).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, Iterator

from .phrases import to_data

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,            -- backup | restore | promotion | ...
  trigger TEXT NOT NULL DEFAULT 'manual',
  pid INTEGER,
  started REAL NOT NULL,
  finished REAL,
  result TEXT NOT NULL DEFAULT 'running',  -- running|ok|partial|failed|nothing|rejected|interrupted|cancelled
  step TEXT, step_started REAL,
  done_bytes INTEGER DEFAULT 0, total_bytes INTEGER DEFAULT 0, progress_at REAL,
  bundle TEXT, sequence INTEGER, epoch INTEGER, bytes INTEGER,
  message TEXT, error TEXT, details TEXT
);
CREATE TABLE IF NOT EXISTS steps (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  name TEXT NOT NULL, started REAL NOT NULL, finished REAL,
  bytes INTEGER DEFAULT 0, result TEXT DEFAULT 'running', error TEXT
);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT, updated REAL);
CREATE INDEX IF NOT EXISTS runs_kind ON runs(kind, id);
"""


class StateKey(StrEnum):
    """Every key of the ``state`` table: one spelling, checked when used."""

    WORKER = "worker"                                  # the service's heartbeat
    EPOCH = "epoch"                                    # this machine's epoch as an official
    HIGHEST_EPOCH = "highest_epoch"                    # the highest epoch seen in any folder
    FENCED = "fenced"                                  # this official was replaced
    OFFICIAL_SEQUENCE = "official.sequence"            # the last sequence number used
    OFFICIAL_GENERATION = "official.generation"        # the line the sequence belongs to
    OFFICIAL_LAST_OK = "official.last_ok"              # the last bundle published everywhere
    OFFICIAL_CHAIN = "official.chain"                  # the chain the next incremental continues (app/delta)
    PAIR = "official.pair"                             # the contingencies' acknowledgements, as last read
    LAST_MARKER = "contingency.last_marker"            # the last marker read from the source
    MARKER_SEEN = "contingency.marker_seen"            # when this machine saw the marker change
    LAST_POLL = "contingency.last_poll"
    LAST_RESTORED = "contingency.last_restored"
    RESTORING = "contingency.restoring"                # the full bundle being swapped in (kill recovery)
    LAST_FULL_CHECK = "contingency.last_full_check"    # when a restore last ran the full integrity check
    CHAIN_APPLIED = "contingency.chain"                # what the live copy is: chain, sequence, base hash, time
    CHAIN_APPLYING = "contingency.chain_applying"      # the increment being patched in (kill recovery)
    WANTS_FULL = "contingency.wants_full"              # the chain is broken here: waiting for a full bundle
    REJECTED = "contingency.rejected"                  # the bundle refused, not retried
    ACCEPT = "contingency.accept"                      # the operator's go-ahead for one refused bundle
    CLOCK_SKEW = "contingency.clock_skew"              # the official's clock ahead of this machine's
    PAIR_ACK_WRITTEN = "contingency.ack_written"       # this contingency's last acknowledgement
    OFFICIAL_SILENT = "official_silent"
    NOTIFY_PROBLEMS = "notify.problems"
    NOTIFY_OUTBOX = "notify.outbox"
    NOTIFY_STATUS = "notify.status"
    NOTIFY_SUMMARY = "notify.summary"
    NOTIFY_LAST_ATTEMPT = "notify.last_attempt"


FINAL_RESULTS = ("ok", "partial", "failed", "nothing", "rejected", "interrupted", "cancelled")
PROGRESS_INTERVAL_S = 0.25


def pid_alive(pid: int | None) -> bool:
    """Whether a process exists (the worker's heartbeat, a run's owner)."""
    if not pid:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _windows_pid_alive(pid: int) -> bool:
    """Ask Windows directly: there ``os.kill(pid, 0)`` would send Ctrl+C, not probe."""
    import ctypes

    kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return kernel32.GetLastError() == 5  # access denied: it exists, under another account
    try:
        code = ctypes.c_ulong()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


@dataclass
class RunRecord:
    id: int
    kind: str
    trigger: str
    pid: int | None
    started: float
    finished: float | None
    result: str
    step: str | None
    step_started: float | None
    done_bytes: int
    total_bytes: int
    progress_at: float | None
    bundle: str | None
    sequence: int | None
    epoch: int | None
    bytes: int | None
    message: str | None
    error: str | None
    details: dict

    @property
    def duration(self) -> float | None:
        return None if self.finished is None else self.finished - self.started

    def as_dict(self) -> dict[str, Any]:
        data = dict(self.__dict__)
        data["duration"] = self.duration
        return data


class Journal:
    """The journal of one home. Safe to share between threads.

    Readers (the window, ``status``) open a connection per call and hold nothing. A cycle
    keeps one connection for its whole run (``kept``): opening and closing one per write
    costs a WAL checkpoint at every close, 1.5-27 ms against 0.02 ms on a kept one.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._kept: sqlite3.Connection | None = None
        self._keepers = 0
        self._create()

    def _create(self) -> None:
        """Schema and WAL mode, once per file; several processes may race to create it.

        Switching to WAL needs a moment alone with the file, and SQLite's busy timeout
        does not cover that switch: retry briefly instead of failing a reader.
        """
        deadline = time.monotonic() + 30
        while True:
            try:
                with self._connect() as conn:
                    if conn.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                        conn.execute("PRAGMA journal_mode=WAL")
                    conn.executescript(SCHEMA)
                    self._upgrade(conn)
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @staticmethod
    def _upgrade(conn: sqlite3.Connection) -> None:
        """Columns added after a journal was first made."""
        columns = {row[1] for row in conn.execute("PRAGMA table_info(runs)")}
        if "progress_at" not in columns:
            conn.execute("ALTER TABLE runs ADD COLUMN progress_at REAL")

    def _open(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.row_factory = sqlite3.Row
        return conn

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._kept is not None:  # one thread at a time on the kept connection
                yield self._kept
                return
        conn = self._open()
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def kept(self) -> Iterator[None]:
        """Use one connection for everything inside (nested uses share it)."""
        with self._lock:
            if self._keepers == 0:
                self._kept = self._open()
            self._keepers += 1
        try:
            yield
        finally:
            with self._lock:
                self._keepers -= 1
                if self._keepers == 0:
                    kept, self._kept = self._kept, None
                    kept.close()

    def _write(self, sql: str, params: tuple = ()) -> int:
        with self._lock, self._connect() as conn:
            return conn.execute(sql, params).lastrowid

    # --- state ---------------------------------------------------------------------
    def get_state(self, key: StateKey | str, default: Any = None) -> Any:
        with self._connect() as conn:
            row = conn.execute("SELECT value FROM state WHERE key=?", (StateKey(key).value,)).fetchone()
        return default if row is None else json.loads(row["value"])

    def set_state(self, key: StateKey | str, value: Any) -> None:
        self._write("INSERT INTO state(key, value, updated) VALUES(?,?,?) "
                    "ON CONFLICT(key) DO UPDATE SET value=excluded.value, updated=excluded.updated",
                    (StateKey(key).value, json.dumps(value), time.time()))

    def delete_state(self, key: StateKey | str) -> None:
        self._write("DELETE FROM state WHERE key=?", (StateKey(key).value,))

    # --- runs -------------------------------------------------------------------------
    def run(self, kind: str, trigger: str = "manual") -> "Run":
        return Run(self, kind, trigger)

    def runs(self, limit: int = 50, kind: str | None = None) -> list[RunRecord]:
        sql = "SELECT * FROM runs" + (" WHERE kind=?" if kind else "") + " ORDER BY id DESC LIMIT ?"
        params = (kind, limit) if kind else (limit,)
        with self._connect() as conn:
            return [_record(row) for row in conn.execute(sql, params)]

    def last_run(self, kind: str, results: tuple[str, ...] | None = None) -> RunRecord | None:
        sql = "SELECT * FROM runs WHERE kind=?"
        params: tuple = (kind,)
        if results:
            sql += f" AND result IN ({','.join('?' * len(results))})"
            params += tuple(results)
        with self._connect() as conn:
            row = conn.execute(sql + " ORDER BY id DESC LIMIT 1", params).fetchone()
        return None if row is None else _record(row)

    def running(self) -> RunRecord | None:
        """The run in progress, if its process is alive."""
        with self._connect() as conn:
            rows = [_record(r) for r in conn.execute("SELECT * FROM runs WHERE result='running' ORDER BY id DESC")]
        return next((r for r in rows if pid_alive(r.pid)), None)

    def steps(self, run_id: int) -> list[dict[str, Any]]:
        with self._connect() as conn:
            return [dict(r) for r in conn.execute("SELECT * FROM steps WHERE run_id=? ORDER BY id", (run_id,))]

    def close_interrupted(self) -> int:
        """Mark runs whose process died (killed, power cut) as interrupted."""
        with self._connect() as conn:
            rows = [_record(r) for r in conn.execute("SELECT * FROM runs WHERE result='running'")]
        dead = [r for r in rows if not pid_alive(r.pid) or r.pid == os.getpid()]
        for r in dead:
            self._write("UPDATE runs SET result='interrupted', finished=?, error=COALESCE(error, ?) WHERE id=?",
                        (time.time(), f"The process stopped during step '{r.step or 'start'}'; "
                                      "the next cycle cleaned up and started again.", r.id))
            self._write("UPDATE steps SET result='interrupted', finished=? WHERE run_id=? AND finished IS NULL",
                        (time.time(), r.id))
        return len(dead)


def _record(row: sqlite3.Row) -> RunRecord:
    data = dict(row)
    data["details"] = json.loads(data["details"]) if data.get("details") else {}
    return RunRecord(**data)


class Run:
    """One cycle's entry: ``with journal.run('backup') as run: with run.step('bundle'): ...``."""

    def __init__(self, journal: Journal, kind: str, trigger: str) -> None:
        self.journal = journal
        self.kind = kind
        self.trigger = trigger
        self.id = 0
        self.result = "ok"
        self.message = ""
        self.error: str | None = None
        self.details: dict[str, Any] = {}
        self.fields: dict[str, Any] = {}
        self._last_progress = 0.0
        self._step_id = 0
        self._step_bytes = 0

    def __enter__(self) -> "Run":
        self._keeping = ExitStack()
        self._keeping.enter_context(self.journal.kept())
        try:
            self.id = self.journal._write(
                "INSERT INTO runs(kind, trigger, pid, started) VALUES(?,?,?,?)",
                (self.kind, self.trigger, os.getpid(), time.time()))
        except BaseException:
            self._keeping.close()
            raise
        return self

    def __exit__(self, exc_type, exc, tb) -> bool:
        if exc is not None and self.result in ("ok", "running"):
            self.result = "cancelled" if exc_type.__name__ == "Cancelled" else "failed"
            self.error = self.error or str(exc)
        for name in ("error", "message"):  # a message the core phrased keeps its template for the window
            phrase = getattr(getattr(self, name), "phrase", None)
            if phrase is not None:
                self.details[f"{name}_phrase"] = to_data(phrase)
        with self._keeping:
            self.journal._write(
                "UPDATE runs SET finished=?, result=?, step=NULL, message=?, error=?, details=?, "
                "bundle=?, sequence=?, epoch=?, bytes=? WHERE id=?",
                (time.time(), self.result, self.message, self.error, json.dumps(self.details),
                 self.fields.get("bundle"), self.fields.get("sequence"), self.fields.get("epoch"),
                 self.fields.get("bytes"), self.id))
        return False

    def set(self, **fields: Any) -> None:
        self.fields.update(fields)

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        now = time.time()
        self._step_bytes = 0
        self._step_id = self.journal._write("INSERT INTO steps(run_id, name, started) VALUES(?,?,?)",
                                            (self.id, name, now))
        self.journal._write("UPDATE runs SET step=?, step_started=?, done_bytes=0, total_bytes=0, progress_at=? "
                            "WHERE id=?", (name, now, now, self.id))
        try:
            yield
        except BaseException as exc:
            self.journal._write("UPDATE steps SET finished=?, result='failed', error=?, bytes=? WHERE id=?",
                                (time.time(), str(exc), self._step_bytes, self._step_id))
            raise
        self.journal._write("UPDATE steps SET finished=?, result='ok', bytes=? WHERE id=?",
                            (time.time(), self._step_bytes, self._step_id))

    def progress(self, done: int, total: int) -> None:
        """Bytes done of total in the current step; written at most four times a second."""
        self._step_bytes = done
        now = time.monotonic()
        if now - self._last_progress < PROGRESS_INTERVAL_S and done < total:
            return
        self._last_progress = now
        self.journal._write("UPDATE runs SET done_bytes=?, total_bytes=?, progress_at=? WHERE id=?",
                            (done, total, time.time(), self.id))
