"""PostgreSQL's physical chain: a base backup, then the WAL, replayed by a standby on the contingency.

Official (``database.wal_shipping`` with incremental bundles on):

- what the server must offer is checked first (``requirements``): PostgreSQL 15 or later, a user
  with REPLICATION (or a superuser), ``wal_level`` replica or logical, a free WAL sender and
  replication slot, no tablespace of its own; a ``pg_hba.conf`` replication entry shows when the
  tools connect (their message names it). Nothing is changed on the server but one physical
  replication slot (``contingencia_<db>``), created when the setting's consent was given;
- a chain's full bundle is ``pg_basebackup -Ft -X fetch --checkpoint=fast`` (``base.tar`` with its
  WAL, ``backup_manifest``), its start and end LSN, timeline and system identifier in the manifest.
  The slot, created before the backup, retains the WAL from then on; after the backup it is
  advanced to the backup's end, where the chain's first increment begins;
- an increment is the WAL since the last one: ``pg_switch_wal()`` closes the segment in use (what
  was committed is then in complete segments; the rest of the switched segment is zeros, which
  deflate to almost nothing), then ``pg_receivewal --slot --endpos <a small record written just after
  the switch> --no-loop`` receives, into ``<work>/chain/wal``, what the slot kept. Only complete segments are
  shipped, as one ``<db>.wal.tar``; they must follow the chain's last one (same timeline, the next
  segment number) or the cycle takes a base backup instead. Why a forced switch and not partial
  segments: a segment is then shipped once, whole, and named as the archive names it, so the
  standby's ``restore_command`` is a plain copy, and a segment already in the work folder (a cycle
  killed after receiving it) is shipped by the next cycle, never lost: the receive folder, fsynced
  by pg_receivewal, is the buffer between the slot and the bundles.

Contingency (``database.standby_data_dir``): the full bundle is extracted into
``<dir>.staging``, checked by ``pg_verifybackup`` (every file against the backup's manifest, the
WAL parsed), given its own ``postgresql.conf`` (``hot_standby``, ``restore_command`` copying from
``<dir>.archive``, the port) and ``pg_hba.conf``, started on a free port of 127.0.0.1 and read (every
row, or amcheck), stopped, and only then swapped in for the live folder (``<dir>`` renamed to
``<dir>.old``, the staging folder to ``<dir>``; a kill between the two is undone by ``recover``).
An increment's segments go into the archive folder (temporary name, fsync, rename), the standby is
woken (``pg_ctl reload``: its startup process retries the ``restore_command`` at once instead of at
the end of ``wal_retrieve_retry_interval``) and the apply waits, reading its progress every 10 ms at
first, until ``pg_last_wal_replay_lsn()`` reaches the increment's switch. The promotion runs
``pg_ctl promote``.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import socket
import subprocess
import tarfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import faults
from ..atomic import fsync_dir, written_as
from ..errors import BackupError, BadBackupError, EngineError, RestoreError
from ..phrases import Phrase, said
from ..progress import Progress, report
from .pgtools import find_tool

log = logging.getLogger(__name__)

BASE_TAR = "base.tar"
BACKUP_MANIFEST = "backup_manifest"
WAL_SUFFIX = ".wal.tar"
SEGMENT = re.compile(r"[0-9A-F]{24}")
#: the settings a hot standby needs at least as high as the official's (else it refuses to start)
STANDBY_LIMITS = ("max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
                  "max_locks_per_transaction")
MIN_VERSION = 150000  # pg_receivewal starts from the slot's position (READ_REPLICATION_SLOT) from 15 on
RECEIVE_TIMEOUT_S = 300
REPLAY_TIMEOUT_S = 120
REPLAY_POLL_S = (0.01, 0.2)  # the replay's progress read every 10 ms at first, then up to every 0.2 s
START_TIMEOUT_S = 300
SUPPORTED_HINT = Phrase("Nothing was changed on the server: bundles stay full (pg_dump) until it is done.")


# --- names and positions (pure) ---------------------------------------------------------------------
def lsn_value(text: str) -> int:
    high, low = str(text).split("/")
    return (int(high, 16) << 32) | int(low, 16)


def lsn_text(value: int) -> str:
    return f"{value >> 32:X}/{value & 0xFFFFFFFF:X}"


def segment_name(timeline: int, segno: int, size: int) -> str:
    per = 0x100000000 // size
    return f"{timeline:08X}{segno // per:08X}{segno % per:08X}"


def parse_segment(name: str, size: int) -> tuple[int, int]:
    """(timeline, segment number) of a WAL segment's file name."""
    per = 0x100000000 // size
    return int(name[:8], 16), int(name[8:16], 16) * per + int(name[16:], 16)


def next_segment(name: str, size: int) -> str:
    timeline, segno = parse_segment(name, size)
    return segment_name(timeline, segno + 1, size)


def used_bytes(segment: Path, page: int = 8192) -> int:
    """The WAL a segment holds: up to its last page that is not all zeros (after ``pg_switch_wal`` the rest
    of a segment is zeros, which cost nothing once deflated)."""
    data = Path(segment).read_bytes()
    zero = bytes(page)
    end = len(data)
    while end > 0 and data[end - page:end] == zero:
        end -= page
    return end


def slot_name(database: str) -> str:
    """The replication slot of this program for one database (lower case, 63 bytes at most)."""
    return ("contingencia_" + re.sub(r"[^a-z0-9_]", "_", database.lower()))[:63]


def follows(names: list[str], expected: str, size: int) -> Phrase | None:
    """Why the segments ``names`` (sorted) do not continue a chain whose next segment is ``expected``."""
    if not names:
        return None
    if names[0] != expected:
        return Phrase("the WAL begins at segment %1 and the chain needs %2 (the WAL in between is gone: a "
                      "new timeline, a slot lost or recreated)", (names[0], expected))
    for before, after in zip(names, names[1:]):
        if after != next_segment(before, size):
            return Phrase("WAL segment %1 is missing (after %2)", (next_segment(before, size), before))
    return None


@dataclass(frozen=True)
class BaseBackupInfo:
    start_lsn: str
    end_lsn: str
    timeline: int
    system_identifier: str
    segment_size: int
    limits: str                      # "max_connections=100,..."
    size: int                        # the base backup's bytes: WAL past this is shipped as a new base backup

    def to_fields(self) -> dict[str, Any]:
        first = segment_name(self.timeline, lsn_value(self.end_lsn) // self.segment_size, self.segment_size)
        return {"start_lsn": self.start_lsn, "end_lsn": self.end_lsn, "replay_lsn": self.end_lsn,
                "timeline": self.timeline, "system_identifier": self.system_identifier,
                "wal_segment_size": self.segment_size, "next_segment": first, "standby_limits": self.limits,
                "base_size": self.size}


@dataclass(frozen=True)
class WalInfo:
    segments: list[str]
    next_segment: str
    replay_lsn: str                 # the standby has applied the increment once it replayed this far
    timeline: int
    system_identifier: str
    segment_size: int

    def to_fields(self) -> dict[str, Any]:
        return {"first_segment": self.segments[0] if self.segments else "",
                "last_segment": self.segments[-1] if self.segments else "", "segments": len(self.segments),
                "next_segment": self.next_segment, "replay_lsn": self.replay_lsn, "timeline": self.timeline,
                "system_identifier": self.system_identifier, "wal_segment_size": self.segment_size}


class WalGap(Exception):
    """The WAL received does not continue the chain: a base backup starts a new one."""

    def __init__(self, why: Phrase) -> None:
        super().__init__(str(why))
        self.why = why


# --- the official ----------------------------------------------------------------------------------
def requirements(engine, conn) -> None:
    """Refuse, saying what to change, a server that cannot feed a physical chain."""
    version = int(conn.execute("SHOW server_version_num").fetchone()[0])
    user = engine.db.user or "postgres"

    def refuse(why: Phrase, change: Phrase) -> None:
        raise EngineError(Phrase("PostgreSQL WAL shipping cannot run on %1: %2.", (engine.describe(), why)),
                          hint=Phrase("%1 %2", (change, SUPPORTED_HINT)))

    if version < MIN_VERSION:
        refuse(Phrase("the server is version %1", (version // 10000,)),
               Phrase("WAL shipping needs PostgreSQL 15 or later."))
    allowed = conn.execute("SELECT rolsuper OR rolreplication FROM pg_roles WHERE rolname = current_user").fetchone()
    if not allowed or not allowed[0]:
        refuse(Phrase("the user %1 has no REPLICATION attribute", (user,)),
               Phrase("Run ALTER ROLE %1 REPLICATION as a superuser, and give it a replication line in "
                      "pg_hba.conf (host replication %1 <this machine> scram-sha-256), then reload.", (user,)))
    level = conn.execute("SELECT current_setting('wal_level')").fetchone()[0]
    if level not in ("replica", "logical"):
        refuse(Phrase("wal_level is %1", (level,)),
               Phrase("Set wal_level = replica in postgresql.conf and restart PostgreSQL."))
    senders, used = conn.execute("SELECT current_setting('max_wal_senders')::int, (SELECT count(*) FROM "
                                 "pg_stat_replication)").fetchone()
    if senders - used < 1:
        refuse(Phrase("no free WAL sender (max_wal_senders = %1, %2 in use)", (senders, used)),
               Phrase("Raise max_wal_senders in postgresql.conf and restart PostgreSQL."))
    slots, taken, ours = conn.execute(
        "SELECT current_setting('max_replication_slots')::int, (SELECT count(*) FROM pg_replication_slots), "
        "(SELECT count(*) FROM pg_replication_slots WHERE slot_name = %s)", (slot_name(engine.live),)).fetchone()
    if not ours and slots - taken < 1:
        refuse(Phrase("no free replication slot (max_replication_slots = %1)", (slots,)),
               Phrase("Raise max_replication_slots in postgresql.conf and restart PostgreSQL."))
    spaces = conn.execute("SELECT count(*) FROM pg_tablespace WHERE spcname NOT IN ('pg_default', "
                          "'pg_global')").fetchone()[0]
    if spaces:
        refuse(Phrase("the server has %1 tablespace(s) of its own", (spaces,)),
               Phrase("WAL shipping copies the data folder only; keep the databases in pg_default."))


def ensure_slot(conn, name: str) -> str:
    """The physical slot, created (reserving WAL at once) when missing or lost; says what was done."""
    row = conn.execute("SELECT wal_status FROM pg_replication_slots WHERE slot_name = %s", (name,)).fetchone()
    if row is not None and row[0] != "lost":
        return ""
    if row is not None:
        conn.execute("SELECT pg_drop_replication_slot(%s)", (name,))
    conn.execute("SELECT pg_create_physical_replication_slot(%s, true)", (name,))
    return "recreated (it had lost WAL)" if row is not None else "created"


def drop_slot(conn, name: str) -> bool:
    row = conn.execute("SELECT active_pid FROM pg_replication_slots WHERE slot_name = %s", (name,)).fetchone()
    if row is None:
        return False
    conn.execute("SELECT pg_drop_replication_slot(%s)", (name,))
    return True


def _replication_args(engine) -> list[str]:
    args = ["--no-password", "--port", str(engine.port)]
    if engine.host:
        args += ["--host", engine.host]
    if engine.db.user:
        args += ["--username", engine.db.user]
    return args


def _run_tool(engine, command: list[str], what: str, error: type[EngineError], timeout: int) -> None:
    tools = engine.tools
    tools.timeout_s = timeout
    try:
        tools.run(command, what=what, error=error)
    except EngineError as exc:
        if "pg_hba.conf" in str(exc) and "replication" in str(exc):
            raise error(exc.phrase, hint=Phrase("Add a replication line to the official's pg_hba.conf (host "
                                                "replication %1 <this machine> scram-sha-256) and reload.",
                                                (engine.db.user or "postgres",))) from None
        raise


def base_backup(engine, work_dir: Path, receive_dir: Path, progress: Progress = None
                ) -> tuple[list[Path], BaseBackupInfo]:
    """A chain's full backup; the slot then points at its end and the receive folder starts empty."""
    target = Path(work_dir) / "basebackup"
    shutil.rmtree(target, ignore_errors=True)
    slot = slot_name(engine.live)
    with engine._connect(engine.live) as conn:
        requirements(engine, conn)
        engine.tools.check_version("pg_basebackup", int(conn.execute("SHOW server_version_num").fetchone()[0]))
        note = ensure_slot(conn, slot)
        if note:
            log.warning("replication slot %s %s on %s", slot, note, engine.describe())
        system = str(conn.execute("SELECT system_identifier FROM pg_control_system()").fetchone()[0])
        size = int(conn.execute("SELECT setting FROM pg_settings WHERE name = 'wal_segment_size'").fetchone()[0])
        limits = ",".join(f"{n}={conn.execute('SELECT current_setting(%s)', (n,)).fetchone()[0]}"
                          for n in STANDBY_LIMITS)
        total = int(conn.execute("SELECT sum(pg_database_size(oid)) FROM pg_database").fetchone()[0] or 0)
    shutil.rmtree(receive_dir, ignore_errors=True)
    receive_dir.mkdir(parents=True)
    _run_tool(engine, [find_tool("pg_basebackup"), "-D", str(target), "-Ft", "-X", "fetch", "--checkpoint=fast",
                       "--label=contingencia", *_replication_args(engine)],
              f"pg_basebackup of {engine.describe()}", BackupError, 6 * 3600)
    ranges = json.loads((target / BACKUP_MANIFEST).read_text("utf-8"))["WAL-Ranges"]
    if len(ranges) != 1:
        raise BackupError(Phrase("The base backup of %1 spans %2 timelines.", (engine.describe(), len(ranges))),
                          hint=Phrase("The official changed timeline during the backup; the next cycle retries."))
    files = [target / BASE_TAR, target / BACKUP_MANIFEST]
    info = BaseBackupInfo(ranges[0]["Start-LSN"], ranges[0]["End-LSN"], int(ranges[0]["Timeline"]), system, size,
                          limits, sum(f.stat().st_size for f in files))
    with engine._connect(engine.live) as conn:  # the chain's first increment begins at the backup's end
        conn.execute("SELECT pg_replication_slot_advance(%s, %s::pg_lsn)", (slot, info.end_lsn))
    report(progress, total or 1, total or 1)
    return files, info


def receive(engine, work_dir: Path, receive_dir: Path, state: dict[str, Any]) -> tuple[list[Path], WalInfo]:
    """The WAL since the chain's last increment, as one tar of complete segments; ``WalGap`` when the
    slot no longer has it or the server is on another timeline or system."""
    slot = slot_name(engine.live)
    size = int(state["wal_segment_size"])
    with engine._connect(engine.live) as conn:
        requirements(engine, conn)
        row = conn.execute("SELECT wal_status FROM pg_replication_slots WHERE slot_name = %s", (slot,)).fetchone()
        if row is None or row[0] == "lost":
            raise WalGap(Phrase("the replication slot %1 is gone or lost WAL", (slot,)))
        system = str(conn.execute("SELECT system_identifier FROM pg_control_system()").fetchone()[0])
        if system != state["system_identifier"]:
            raise WalGap(Phrase("the server is another PostgreSQL installation (system %1)", (system,)))
        switch = conn.execute("SELECT pg_switch_wal()").fetchone()[0]
        # one small record past the switch, committed and so flushed: pg_receivewal stops once it has received
        # beyond --endpos, and without it would wait for the server's next flush (up to 15 s on a quiet server)
        conn.execute("SET synchronous_commit = on")
        endpos = conn.execute("SELECT pg_logical_emit_message(true, 'contingencia', '')").fetchone()[0]
    receive_dir.mkdir(parents=True, exist_ok=True)
    _run_tool(engine, [find_tool("pg_receivewal"), "-D", str(receive_dir), "--slot", slot, f"--endpos={endpos}",
                       "--no-loop", *_replication_args(engine)],
              f"pg_receivewal from {engine.describe()}", BackupError, RECEIVE_TIMEOUT_S)
    expected = state["next_segment"]
    complete = sorted(p.name for p in receive_dir.iterdir() if SEGMENT.fullmatch(p.name))
    for shipped in (n for n in complete if n < expected):  # published by an earlier cycle
        (receive_dir / shipped).unlink()
    names = [n for n in complete if n >= expected]
    why = follows(names, expected, size)
    if why is not None:
        raise WalGap(why)
    written = sum(used_bytes(receive_dir / name) for name in names)
    if written >= int(state.get("base_size") or 0) > 0:  # at 100 % change: no worse than a full bundle
        raise WalGap(Phrase("the WAL since the last bundle (%1 segments) is larger than a base backup",
                            (len(names),)))
    faults.point("walship.received")
    tar = Path(work_dir) / f"{engine.live}{WAL_SUFFIX}"
    with tarfile.open(tar, "w", format=tarfile.PAX_FORMAT) as out:
        for name in names:
            out.add(receive_dir / name, arcname=name)
    upto = str(switch) if names else state["replay_lsn"]
    return [tar], WalInfo(names, next_segment(names[-1], size) if names else expected, upto,
                          parse_segment(names[-1], size)[0] if names else int(state["timeline"]), system, size)


# --- the contingency's standby ------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _quote(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


class Standby:
    """The standby cluster this program manages in ``database.standby_data_dir``."""

    def __init__(self, engine) -> None:
        self.engine = engine
        if not engine.db.standby_data_dir:
            raise RestoreError(Phrase("%1 holds a PostgreSQL base backup (WAL shipping), and no standby data "
                                      "folder is set here.", (engine.describe(),)),
                               hint=Phrase("Set database.standby_data_dir (an empty folder this program manages) "
                                           "and database.pg_bin_dir on this contingency."))
        self.live = Path(engine.db.standby_data_dir)
        self.staging = self.live.with_name(self.live.name + ".staging")
        self.old = self.live.with_name(self.live.name + ".old")
        self.archive = self.live.with_name(self.live.name + ".archive")
        self.logfile = self.live.with_name(self.live.name + ".log")

    # --- the server programs, as the account that owns the folder ---------------------------------------
    def program(self, name: str) -> str:
        folder = self.engine.db.pg_bin_dir
        if folder:
            exe = Path(folder) / (name + (".exe" if os.name == "nt" else ""))
            if not exe.is_file():
                raise RestoreError(Phrase("%1 is not in database.pg_bin_dir (%2).", (name, folder)),
                                   hint=Phrase("Set database.pg_bin_dir to the bin folder of the PostgreSQL server "
                                               "installed here."))
            return str(exe)
        return find_tool(name)

    def owner(self) -> str | None:
        """Under root the cluster runs as the account owning the data folder's parent (PostgreSQL refuses root)."""
        if os.name == "nt" or os.geteuid() != 0:
            return None
        uid = self.live.parent.stat().st_uid
        if uid == 0:
            raise RestoreError(Phrase("The folder %1 belongs to root; PostgreSQL does not run as root.",
                                      (self.live.parent,)),
                               hint=Phrase("Give the folder holding database.standby_data_dir to the account that "
                                           "runs PostgreSQL (chown postgres)."))
        import pwd  # POSIX only, and only under root
        return pwd.getpwuid(uid).pw_name

    def run(self, args: list[str], what: str, timeout: int = START_TIMEOUT_S, check: bool = True) -> int:
        owner = self.owner()
        command = args if owner is None else ["runuser", "-u", owner, "--", *args]
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
        if check and done.returncode != 0:
            detail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-4:])
            raise RestoreError(Phrase("%1 failed: %2 (see %3).", (what, detail, self.logfile)),
                               hint=Phrase("The live standby was not changed."))
        return done.returncode

    def running(self, folder: Path | None = None) -> bool:
        folder = folder or self.live
        return folder.is_dir() and self.run([self.program("pg_ctl"), "-D", str(folder), "status"],
                                            "pg_ctl status", check=False) == 0

    def start(self, folder: Path | None = None, port: int | None = None) -> None:
        folder = folder or self.live
        options = [] if port is None else ["-o", f"-p {port} -c listen_addresses=127.0.0.1"]
        self.run([self.program("pg_ctl"), "-D", str(folder), "-l", str(self.logfile), "-w", "-t",
                  str(START_TIMEOUT_S), *options, "start"], Phrase("Starting the standby in %1", (folder,)))

    def stop(self, folder: Path | None = None) -> None:
        folder = folder or self.live
        if self.running(folder):
            self.run([self.program("pg_ctl"), "-D", str(folder), "-m", "fast", "-w", "stop"],
                     Phrase("Stopping the standby in %1", (folder,)))

    def ensure_running(self) -> None:
        if self.live.is_dir() and not self.running():
            self.start()

    def recover(self) -> list[str]:
        """A restore killed half-way: the staging folder removed, a swap cut between its renames undone."""
        done = []
        if self.staging.exists():
            self.stop(self.staging) if (self.staging / "postmaster.pid").exists() else None
            shutil.rmtree(self.staging)
            done.append(f"removed {self.staging} left by an interrupted restore")
        if self.old.exists():
            if self.live.exists():
                shutil.rmtree(self.old)
                done.append(f"removed {self.old} left after a completed restore")
            else:
                os.replace(self.old, self.live)
                done.append(f"renamed {self.old} back to {self.live} (a restore was interrupted during the swap)")
        self.ensure_running()
        return done

    # --- a full bundle -------------------------------------------------------------------------------------
    def restore_full(self, files: list[Path], manifest: dict[str, Any], check, progress: Progress) -> str:
        for line in self.recover():
            log.info("standby recover: %s", line)
        base = next(f for f in files if f.name == BASE_TAR)
        backup_manifest = next(f for f in files if f.name == BACKUP_MANIFEST)
        self.staging.mkdir(parents=True)
        try:
            with tarfile.open(base) as tar:
                extract_within(tar, self.staging)
            shutil.copyfile(backup_manifest, self.staging / BACKUP_MANIFEST)
            report(progress, 1, 3)
            self._verify()
            self._configure(self.staging, manifest)
            self._clear_archive()
            self._own(self.staging)
            port = free_port()
            self.start(self.staging, port)
            try:
                summary = check(port)
            finally:
                self.stop(self.staging)
            report(progress, 2, 3)
            self._swap()
        except BaseException:
            if self.staging.exists():
                if (self.staging / "postmaster.pid").exists():
                    self.stop(self.staging)
                shutil.rmtree(self.staging, ignore_errors=True)
            raise
        self.start()
        shutil.rmtree(self.old, ignore_errors=True)
        report(progress, 3, 3)
        return said(Phrase("pg_verifybackup ok, %1, standby at %2", (summary, manifest['end_lsn'])))

    def _verify(self) -> None:
        done = subprocess.run([self.program("pg_verifybackup"), "--quiet", str(self.staging)],
                              capture_output=True, text=True, timeout=6 * 3600)
        if done.returncode != 0:
            raise BadBackupError(Phrase("The base backup does not match its manifest: %1.",
                                        (" | ".join(done.stderr.strip().splitlines()[-4:]),)),
                                 hint=Phrase("The live standby was not changed; the next bundle will be tried."))

    def _configure(self, folder: Path, manifest: dict[str, Any]) -> None:
        """Its own postgresql.conf (the official's kept beside as ``.official``), pg_hba.conf, standby.signal."""
        for name in ("postgresql.conf", "postgresql.auto.conf"):
            if (folder / name).exists():
                os.replace(folder / name, folder / (name + ".official"))
        copy = "copy" if os.name == "nt" else "cp"
        archive = str(self.archive).replace("\\", "\\\\") if os.name == "nt" else str(self.archive)
        listen = self.engine.host or "localhost"
        restore = copy + ' "' + archive + os.sep + '%f" "%p"'
        lines = ["# Written by Contingencia: a standby replaying the official's WAL (the official's settings are "
                 "in postgresql.conf.official).",
                 f"listen_addresses = {_quote(listen)}", f"port = {self.engine.port}", "hot_standby = on",
                 f"restore_command = {_quote(restore)}",
                 "archive_mode = off", "unix_socket_directories = ''", "wal_retrieve_retry_interval = '250ms'"]
        lines += [f"{key} = {value}" for key, value in (item.split("=") for item in
                                                        str(manifest["standby_limits"]).split(","))]
        (folder / "postgresql.conf").write_text("\n".join(lines) + "\n", encoding="utf-8")
        (folder / "postgresql.auto.conf").write_text("", encoding="utf-8")
        hba = folder / "pg_hba.conf"
        official = hba.read_text("utf-8") if hba.exists() else ""
        hba.write_text("# Contingencia: this program reaches the standby over TCP with a password\n"
                       "host all all 127.0.0.1/32 md5\nhost all all ::1/128 md5\n" + official, encoding="utf-8")
        (folder / "standby.signal").write_text("", encoding="utf-8")
        for stale in ("postmaster.pid", BACKUP_MANIFEST):
            (folder / stale).unlink(missing_ok=True)

    def _own(self, folder: Path) -> None:
        owner = self.owner()
        os.chmod(folder, 0o700)
        if owner is None:
            return
        for path in (folder, self.archive, *folder.rglob("*")):
            shutil.chown(path, owner, owner)

    def _clear_archive(self) -> None:
        shutil.rmtree(self.archive, ignore_errors=True)
        self.archive.mkdir(parents=True)

    def _swap(self) -> None:
        self.stop()
        if self.live.exists():
            os.replace(self.live, self.old)
            fsync_dir(self.live.parent)
        faults.point("walship.swap-half")
        os.replace(self.staging, self.live)
        fsync_dir(self.live.parent)

    # --- an increment ------------------------------------------------------------------------------------
    def archive_segments(self, tar_path: Path, manifest: dict[str, Any]) -> list[str]:
        """The increment's segments into the archive folder, each whole before it has its name."""
        size = int(manifest["wal_segment_size"])
        names = []
        owner = self.owner()
        self.archive.mkdir(parents=True, exist_ok=True)
        with tarfile.open(tar_path) as tar:
            for member in tar:
                if not member.isfile() or not SEGMENT.fullmatch(member.name) or member.size != size:
                    raise BadBackupError(Phrase("%1 holds %2, which is not a WAL segment.",
                                                (tar_path.name, member.name)))
                names.append(member.name)
                part = self.archive / f".{member.name}.part"
                with tar.extractfile(member) as source, written_as(part, self.archive / member.name) as out:
                    shutil.copyfileobj(source, out, 1 << 20)
                    if owner is not None:
                        shutil.chown(part, owner, owner)
        if names != sorted(names) or len(names) != int(manifest["segments"]) or (
                names and (names[0], names[-1]) != (manifest["first_segment"], manifest["last_segment"])):
            raise BadBackupError(Phrase("%1 does not hold the segments its manifest names.", (tar_path.name,)))
        return names

    def wake(self) -> None:
        """The standby's startup process retries its ``restore_command`` now, not at the end of its
        ``wal_retrieve_retry_interval``: a reload signals it (SIGHUP sets its recovery latch), and our own
        postgresql.conf, read again, is unchanged. Only a shortcut: without it the retry comes anyway."""
        self.run([self.program("pg_ctl"), "-D", str(self.live), "reload"],
                 Phrase("Waking the standby in %1", (self.live,)), timeout=60, check=False)

    def wait_replayed(self, conn, target: str, timeout: float = REPLAY_TIMEOUT_S) -> str:
        """Until the standby replayed up to ``target``; a promoted copy or a stalled replay is refused.
        Polled every 10 ms at first, then less often (up to every 0.2 s), until the deadline."""
        deadline = time.monotonic() + timeout
        pause = REPLAY_POLL_S[0]
        while True:
            recovering, replayed = conn.execute("SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()").fetchone()
            if not recovering:
                raise BadBackupError(Phrase("the standby in %1 is no longer in recovery (it was promoted)",
                                            (self.live,)))
            if replayed is not None and lsn_value(str(replayed)) >= lsn_value(target):
                return str(replayed)
            if time.monotonic() > deadline:
                raise RestoreError(Phrase("The standby in %1 replayed the WAL up to %2, not yet %3, within %4 s.",
                                          (self.live, replayed, target, int(timeout))),
                                   hint=Phrase("The segments are in %1; see %2. The next check waits again.",
                                               (self.archive, self.logfile)))
            time.sleep(pause)
            pause = min(pause * 2, REPLAY_POLL_S[1])

    def clean_archive(self, conn) -> int:
        """Segments older than the standby's last restartpoint are no longer needed (pg_archivecleanup's rule)."""
        keep = conn.execute("SELECT redo_wal_file FROM pg_control_checkpoint()").fetchone()[0]
        gone = 0
        for path in self.archive.iterdir():
            if SEGMENT.fullmatch(path.name) and path.name[8:] < keep[8:]:
                path.unlink()
                gone += 1
        return gone

    def promote(self) -> str:
        self.ensure_running()
        self.run([self.program("pg_ctl"), "-D", str(self.live), "-w", "-t", str(START_TIMEOUT_S), "promote"],
                 Phrase("Promoting the standby in %1", (self.live,)))
        return f"standby in {self.live} promoted (pg_ctl promote)"


def is_base_backup(files: list[Path]) -> bool:
    return any(Path(f).name == BASE_TAR for f in files)


def extract_within(tar: tarfile.TarFile, folder: Path) -> None:
    """A base backup's files into ``folder``: regular files and folders only, every one inside
    ``folder`` (a base backup with no tablespace holds nothing else), checked before anything is
    written; then Python's own "tar" filter too where the interpreter has it (3.11.4 and later:
    Debian 12's Python 3.11.2 has no ``extractall(filter=...)``)."""
    root = folder.resolve()
    for member in tar.getmembers():
        inside = (root / member.name.lstrip("/")).resolve()
        if member.name.startswith("/") or not (member.isfile() or member.isdir()) \
                or (inside != root and root not in inside.parents):
            raise BadBackupError(Phrase("%1 holds %2, which a base backup may not hold.",
                                        (Path(tar.name or "").name, member.name)))
    if hasattr(tarfile, "tar_filter"):
        tar.extractall(folder, filter="tar")
    else:
        tar.extractall(folder)
