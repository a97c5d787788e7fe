"""The pair knows each other's state (B10): each contingency acknowledges what it applied.

Contingency: after every check of the source it writes ``ACK_<id>.TXT`` into the folder it
reads, through the same transport (temporary name, then rename: ``Transport.write_bytes``).
``<id>`` is this contingency's own stable id (``pair-id.txt`` in its home), so two
contingencies reading one folder never write the same file. The file says which bundle it
applied (sequence, sha256, identity, generation, epoch, full or incremental and the sequence
of its chain's full bundle, and whether it waits for a full one), when, how old its data is,
and its own health (the result and error of its last check, its free disk, its program version
and machine name). It never touches the
official's files: ``BACKUPOK.TXT``, the bundles and ``PROMOTED.TXT`` are not ACK names, and the
official's leftover cleaning and retention leave ACK files alone.

Official: every cycle, every minute (the worker) and on ``contingencia status``, it reads
every ACK file of each destination, strictly (at most ``ACK_LIMIT`` bytes, known keys checked
one by one; a huge or garbage file is refused and shown as unreadable, never trusted), and
judges each contingency as SQL Server log shipping's monitor does: behind (the first bundle it
has not applied was published longer ago than the threshold), acknowledgement missing (its
file has not changed for longer than the threshold, counted on the official's clock from when
the official saw it change), or reporting an error. Each contingency is one problem for the
e-mails (one message when it starts, reminders, one "back in sync" when it clears).
"""

from __future__ import annotations

import logging
import re
import shutil
import threading
import uuid
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from typing import Any, Iterable

from . import __version__
from .atomic import write_atomic
from .clock import format_age, iso, parse_iso, utc_now
from .errors import ContingencyError
from .events import Event, Sink, emit
from .journal import Journal, StateKey
from .paths import Home
from .phrases import Phrase, from_data, said, to_data
from .settings.model import Settings
from .sizes import in_units
from .transports import get_transport
from .transports.base import Transport

log = logging.getLogger(__name__)

ACK_PREFIX = "ACK_"
ACK_NAME = re.compile(r"^ACK_(?P<id>[0-9a-f]{16})\.TXT$")
#: the largest acknowledgement the official reads; a bigger file is refused unread
ACK_LIMIT = 4096
#: at most this many acknowledgements are read from one folder (a flood of files cannot stall the official)
MAX_ACKS = 8
FORMAT = "1"
MAX_LINES = 40
ERROR_LIMIT = 300
TEXT_LIMIT = 256
#: a contingency whose acknowledgement changes less often than this is "missing" (0 in the settings)
MISSING_FLOOR_S = 15 * 60
#: the automatic "behind" threshold: this many backup intervals, and never less than the floor
BEHIND_INTERVALS = 2
BEHIND_FLOOR_S = 15 * 60
#: how often the official's worker reads the acknowledgements between its cycles
WATCH_EVERY_S = 60
RESULTS = ("ok", "nothing", "failed", "rejected")
INT = re.compile(r"^\d{1,19}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
TOKEN = re.compile(r"^[A-Za-z0-9:._-]{0,64}$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class AckError(ValueError):
    """An acknowledgement that is not what a contingency writes: refused, never trusted."""

    def __init__(self, reason: Phrase) -> None:
        super().__init__(str(reason))
        self.phrase = reason


@dataclass
class Ack:
    """``ACK_<id>.TXT``: one contingency's word on what it applied and how it is."""

    id: str
    host: str
    written_at: str               # this contingency's clock
    version: str = ""
    result: str = "nothing"       # the result of its last check of the source
    error: str = ""               # what went wrong in that check (or the rejection it waits on)
    bundle: str = ""              # the bundle it applied last (empty: none yet)
    sequence: int = 0
    sha256: str = ""
    epoch: int = 0
    identity: str = ""
    generation: str = ""
    kind: str = ""                # full or incremental (app/delta/chain.py); empty: not known
    chain: int = 0                # the sequence of the full bundle its chain starts at; 0: none
    wants_full: int = 0           # 1: it cannot follow the chain from its copy and waits for a full bundle
    created: str = ""             # when the official made that bundle
    applied_at: str = ""          # when this contingency restored it
    data_age_s: int = -1          # -1: nothing applied yet
    free_bytes: int = -1
    poll_interval_s: int = 0

    INTS = ("sequence", "epoch", "chain", "wants_full", "data_age_s", "free_bytes", "poll_interval_s")
    TIMES = ("written_at", "created", "applied_at")

    def to_text(self) -> str:
        lines = [f"format={FORMAT}"]
        for f in fields(self):
            value = str(getattr(self, f.name))
            if CONTROL.search(value):
                raise ValueError(f"the acknowledgement's {f.name} has a control character")
            lines.append(f"{f.name}={value}")
        return "\r\n".join(lines) + "\r\n"

    @classmethod
    def parse(cls, data: bytes, file_id: str) -> "Ack":
        """Strictly: bounded, UTF-8, one known key per line, each value of its type; else ``AckError``."""
        if len(data) > ACK_LIMIT:
            raise AckError(Phrase("larger than %1 bytes", (ACK_LIMIT,)))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise AckError(Phrase("not UTF-8 text")) from None
        values = _key_values(text)
        if values.pop("format", None) != FORMAT:
            raise AckError(Phrase("not format %1", (FORMAT,)))
        known = {f.name for f in fields(cls)}
        for key in ("id", "host", "written_at"):
            if not values.get(key):
                raise AckError(Phrase("%1 is missing", (key,)))
        found: dict[str, Any] = {}
        for key, value in values.items():
            if key in known:  # a newer contingency's extra keys are skipped, never trusted
                found[key] = _checked(key, value)
        if found["id"] != file_id:
            raise AckError(Phrase("its id %1 is not the one in its name", (found["id"],)))
        return cls(**found)


def _key_values(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    lines = text.split("\r\n") if "\r\n" in text else text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) > MAX_LINES:
        raise AckError(Phrase("more than %1 lines", (MAX_LINES,)))
    for line in lines:
        key, sep, value = line.partition("=")
        if not sep or not re.fullmatch(r"[a-z][a-z0-9_]{0,31}", key):
            raise AckError(Phrase("a line is not key=value"))
        if key in values:
            raise AckError(Phrase("%1 is given twice", (key,)))
        if CONTROL.search(value):
            raise AckError(Phrase("%1 has a control character", (key,)))
        values[key] = value
    return values


def _is_bundle_name(name: str) -> bool:
    from .bundle import is_bundle_name  # here: status imports this module, and bundle brings isal
    return is_bundle_name(name)


def _checked(key: str, value: str) -> Any:
    """One value of its type and shape."""
    if key in Ack.INTS:
        if key in ("data_age_s", "free_bytes") and value == "-1":
            return -1
        if not INT.match(value):
            raise AckError(Phrase("%1 is not a number", (key,)))
        return int(value)
    if key in Ack.TIMES:
        if value:
            try:
                parse_iso(value)
            except ValueError:
                raise AckError(Phrase("%1 is not a time", (key,))) from None
        return value
    if key == "id" and not re.fullmatch(r"[0-9a-f]{16}", value):
        raise AckError(Phrase("id is not 16 hex digits"))
    if key == "sha256" and value and not SHA256.match(value):
        raise AckError(Phrase("sha256 is not a sha256"))
    if key == "bundle" and value and not _is_bundle_name(value):
        raise AckError(Phrase("bundle is not a bundle name"))
    if key == "kind" and value not in ("", "full", "incremental"):
        raise AckError(Phrase("kind is not full or incremental"))
    if key == "result" and value not in RESULTS:
        raise AckError(Phrase("result is not one of %1", (", ".join(RESULTS),)))
    if key in ("identity", "generation", "version") and not TOKEN.match(value):
        raise AckError(Phrase("%1 is not a plain token", (key,)))
    if len(value) > (ERROR_LIMIT if key == "error" else TEXT_LIMIT):
        raise AckError(Phrase("%1 is too long", (key,)))
    return value


def ack_name(ack_id: str) -> str:
    return f"{ACK_PREFIX}{ack_id}.TXT"


def is_ack_file(name: str) -> bool:
    """An acknowledgement or its temporary copy: the official's leftover cleaning leaves these alone."""
    return name.lstrip(".").startswith(ACK_PREFIX)


ID_PATTERN = re.compile(r"^[0-9a-f]{16}$")


def contingency_id(home: Home) -> str:
    """This contingency's stable id, created on first use (``pair-id.txt`` in its home)."""
    path = home.root / "pair-id.txt"
    try:
        text = path.read_text("ascii").strip()
        if ID_PATTERN.match(text):
            return text
    except (OSError, UnicodeDecodeError):
        pass
    new = uuid.uuid4().hex[:16]
    write_atomic(path, (new + "\n").encode("ascii"))
    return new


# === the contingency's side ================================================================

def one_line(text: str, limit: int = ERROR_LIMIT) -> str:
    flat = CONTROL.sub(" ", text or "").strip()
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def build_ack(settings: Settings, home: Home, journal: Journal, result: str, message: str) -> Ack:
    """What this contingency says after a check whose outcome was ``result`` / ``message``."""
    from .delta.follow import applied  # what the live copy is in its chain, and whether it waits for a full one
    from .status import data_age_s  # the one place the data age is counted
    restored = journal.get_state(StateKey.LAST_RESTORED) or {}
    in_chain = applied(journal) or {}
    error = message if result in ("failed", "rejected") else _waiting_on_rejection(journal)
    free = shutil.disk_usage(home.root).free if home.root.is_dir() else -1
    age = data_age_s(restored)
    return Ack(id=contingency_id(home), host=one_line(settings.machine_name, 64), written_at=iso(utc_now()),
               version=__version__, result=result if result in RESULTS else "nothing", error=one_line(error),
               bundle=restored.get("bundle", ""), sequence=int(restored.get("sequence") or 0),
               sha256=restored.get("sha256", ""), epoch=int(restored.get("epoch") or 0),
               identity=restored.get("identity", ""), generation=restored.get("generation", ""),
               kind=restored.get("kind") if restored.get("kind") in ("full", "incremental") else "",
               chain=int(restored.get("chain") or 0), wants_full=int(bool(in_chain.get("wants_full"))),
               created=restored.get("created", ""),
               applied_at=restored.get("restored_at", ""), data_age_s=-1 if age is None else age,
               free_bytes=free, poll_interval_s=settings.contingency.poll_interval_s)


def _waiting_on_rejection(journal: Journal) -> str:
    """A check that found nothing new while the official's current bundle is the one rejected."""
    rejected = journal.get_state(StateKey.REJECTED) or {}
    marker = journal.get_state(StateKey.LAST_MARKER) or {}
    if rejected and rejected.get("sha256") == marker.get("sha256"):
        return f"{rejected.get('bundle', '')} rejected: {rejected.get('reason', '')}"
    return ""


def write_ack(settings: Settings, home: Home, journal: Journal, result: str, message: str) -> None:
    """Write this contingency's acknowledgement into its source; a failure never fails the check."""
    if not settings.pair.acknowledge:
        return
    from .cycles import SOURCE_DEADLINE_FACTOR, with_deadline
    source = settings.contingency.source
    ack = build_ack(settings, home, journal, result, message)
    name = ack_name(ack.id)
    try:
        transport = get_transport(source, "source")

        def write() -> None:
            with transport:
                transport.write_bytes(name, ack.to_text().encode("utf-8"))

        with_deadline(write, SOURCE_DEADLINE_FACTOR * source.timeout_s, f"source: writing {name}")
        journal.set_state(StateKey.PAIR_ACK_WRITTEN, {"at": ack.written_at, "ok": True, "name": name})
    except ContingencyError as exc:
        log.warning("the acknowledgement was not written: %s", exc)
        journal.set_state(StateKey.PAIR_ACK_WRITTEN, {"at": ack.written_at, "ok": False, "name": name,
                                                      "error": said(exc.phrase), "error_phrase": to_data(exc.phrase)})


def write_ack_quietly(settings: Settings, home: Home, journal: Journal, result: str, message: str) -> None:
    """``write_ack`` after a check: whatever goes wrong (this machine's disk too) is logged, and the
    check's own result stands."""
    try:
        write_ack(settings, home, journal, result, message)
    except Exception:  # noqa: BLE001 - the acknowledgement must never turn a restore into a failure
        log.exception("the acknowledgement was not written")


# === the official's side =====================================================================

def read_acks(transport: Transport) -> list[tuple[str, Ack | AckError]]:
    """Every acknowledgement in the folder (up to ``MAX_ACKS``), each parsed or refused."""
    found: list[tuple[str, Ack | AckError]] = []
    for entry in [f for f in transport.list() if ACK_NAME.match(f.name)][:MAX_ACKS]:
        if entry.size > ACK_LIMIT:  # refused unread: a huge file costs the official nothing
            found.append((entry.name, AckError(Phrase("larger than %1 bytes (%2)", (ACK_LIMIT, entry.size)))))
            continue
        data = transport.read_bytes(entry.name, ACK_LIMIT + 1)
        if data is None:  # removed between the listing and the read
            continue
        try:
            found.append((entry.name, Ack.parse(data, ACK_NAME.match(entry.name)["id"])))
        except AckError as exc:
            found.append((entry.name, exc))
    return found


_watch_lock = threading.Lock()  # the worker's minute job and a cycle may read at the same time


def watches_acks(settings: Settings) -> bool:
    """Whether this machine reads the contingencies' acknowledgements: an enabled official that asks for them."""
    return settings.mode == "official" and settings.enabled and settings.pair.acknowledge


def refresh(settings: Settings, journal: Journal, sinks: Iterable[Sink] = (), *,
            now: datetime | None = None) -> dict[str, Any] | None:
    """Read every destination's acknowledgements, judge each contingency, keep it in the journal
    (``StateKey.PAIR``) and tell the sinks; never raises for what a folder holds."""
    if not watches_acks(settings):
        return None
    from .cycles import SOURCE_DEADLINE_FACTOR, with_deadline
    now = now or utc_now()
    with _watch_lock:
        before = journal.get_state(StateKey.PAIR) or {}
        seen = {c["file"]: c for c in before.get("contingencies", [])}
        entries, unreachable = [], {}
        for label, endpoint in settings.official.labelled_destinations():
            try:
                transport = get_transport(endpoint, label)

                def read() -> list[tuple[str, Ack | AckError]]:
                    with transport:
                        return read_acks(transport)

                acks = with_deadline(read, SOURCE_DEADLINE_FACTOR * endpoint.timeout_s, f"{label}: reading ACK files")
            except ContingencyError as exc:
                unreachable[label] = {"error": said(exc.phrase), "error_phrase": to_data(exc.phrase)}
                entries += [c for c in seen.values() if c["destination"] == label]  # kept as last seen
                continue
            for name, ack in acks:
                entries.append(judge(settings, journal, label, name, ack, seen.get(f"{label}/{name}"), now))
        state = {"checked_at": iso(now), "contingencies": entries, "unreachable": unreachable}
        journal.set_state(StateKey.PAIR, state)
    _tell(settings, sinks, entries, before)
    return state


def full_wanted(journal: Journal) -> str | None:
    """The contingency (its machine name) that waits for a full bundle no published chain gives it:
    the official's current chain starts at or before the bundle it holds. ``None`` when none does."""
    chain = journal.get_state(StateKey.OFFICIAL_CHAIN)
    if not chain:
        return None  # no chain goes on: the next bundle is full anyway
    for entry in (journal.get_state(StateKey.PAIR) or {}).get("contingencies", []):
        if entry.get("wants_full") and int(chain.get("chain") or 0) <= int(entry.get("sequence") or 0):
            return entry.get("host") or entry["name"]
    return None


def reading_due(settings: Settings, journal: Journal) -> bool:
    """Whether ``contingencia status`` reads the folders itself: not while a running worker's reading
    is fresh (a hung or far destination would hold the command for its timeouts)."""
    if not watches_acks(settings):
        return False
    from .status import worker_status
    last = (journal.get_state(StateKey.PAIR) or {}).get("checked_at")
    fresh = bool(last) and (utc_now() - parse_iso(last)).total_seconds() < 2 * WATCH_EVERY_S
    return not (fresh and worker_status(journal)["running"])


def judge(settings: Settings, journal: Journal, label: str, name: str, ack: Ack | AckError,
          before: dict[str, Any] | None, now: datetime) -> dict[str, Any]:
    """One contingency's state as the official sees it: ok, behind, missing, error or unreadable."""
    entry: dict[str, Any] = {"file": f"{label}/{name}", "destination": label, "name": name}
    if isinstance(ack, AckError):
        refused = Phrase("%1 in %2 was refused: %3.", (name, label, ack.phrase))
        entry.update(state="unreadable", problem=to_data(refused))
        return entry
    changed = not before or before.get("written_at") != ack.written_at
    seen_at = now if changed else parse_iso(before["seen_at"])
    entry.update(asdict(ack), seen_at=iso(seen_at))
    behind = _behind(journal, ack, before, now)
    entry.update(behind)
    silent_s = (now - seen_at).total_seconds()
    host = ack.host
    if silent_s > missing_threshold_s(settings, ack):
        entry.update(state="missing", problem=to_data(Phrase(
            "Contingency %1 (%2) has not acknowledged for %3 min.", (host, label, int(silent_s // 60)))))
    elif ack.error or ack.result in ("failed", "rejected"):
        entry.update(state="error", problem=to_data(Phrase(
            "Contingency %1 (%2) reports an error: %3", (host, label, ack.error or ack.result))))
    elif behind["lag_s"] > behind_threshold_s(settings):
        entry.update(state="behind", problem=to_data(Phrase(
            "Contingency %1 (%2) is %3 min behind: it applied %4, the official has published %5 since.",
            (host, label, behind["lag_s"] // 60, ack.bundle or "nothing", behind["behind_by"] or "?"))))
    else:
        entry.update(state="ok", problem=None)
    return entry


def _behind(journal: Journal, ack: Ack, before: dict[str, Any] | None, now: datetime) -> dict[str, Any]:
    """How far the contingency is behind what this official published: bundles and seconds.

    The lag counts from when the first bundle it has not applied was published (the official's
    clock); when its applied bundle is not in this journal (another line, an old journal), from
    when this official first saw it behind."""
    latest = journal.get_state(StateKey.OFFICIAL_LAST_OK) or {}
    if not latest.get("bundle") or latest["bundle"] == ack.bundle:
        return {"behind_by": 0, "lag_s": 0, "behind_since": None}
    published = [r for r in journal.runs(200, "backup") if r.result in ("ok", "partial") and r.bundle]
    newer = []
    for run in published:  # newest first
        if run.bundle == ack.bundle:
            break
        newer.append(run)
    else:
        newer = []
    if newer:
        since = datetime.fromtimestamp(newer[-1].finished or newer[-1].started, now.tzinfo)
    else:
        since = parse_iso((before or {}).get("behind_since") or iso(now))
    return {"behind_by": len(newer), "lag_s": max(0, int((now - since).total_seconds())), "behind_since": iso(since)}


def behind_threshold_s(settings: Settings) -> int:
    """``pair.behind_after_min``, or two backup intervals (at least 15 minutes)."""
    if settings.pair.behind_after_min:
        return settings.pair.behind_after_min * 60
    return max(BEHIND_FLOOR_S, BEHIND_INTERVALS * _interval_s(settings))


def _interval_s(settings: Settings) -> int:
    """The official's backup interval; on a schedule of times of day, the longest gap between them."""
    o = settings.official
    if not o.by_times:
        return o.interval_min * 60
    minutes = sorted(h * 60 + m for h, m in o.times_of_day)
    gaps = [b - a for a, b in zip(minutes, minutes[1:])] + [minutes[0] + 1440 - minutes[-1]]
    return max(gaps) * 60


def missing_threshold_s(settings: Settings, ack: Ack) -> int:
    """``pair.ack_missing_after_min``, or three of the contingency's checks (at least 15 minutes)."""
    if settings.pair.ack_missing_after_min:
        return settings.pair.ack_missing_after_min * 60
    return max(MISSING_FLOOR_S, 3 * ack.poll_interval_s)


def _tell(settings: Settings, sinks: Iterable[Sink], entries: list[dict[str, Any]], before: dict[str, Any]) -> None:
    """One problem per contingency: an event while it lasts (the notifier throttles), one when it clears."""
    was = {c["file"]: c.get("state") for c in before.get("contingencies", [])}
    for entry in entries:
        problem = f"contingency {entry['file']}"
        who = entry.get("host") or entry["name"]
        if entry.get("state") not in ("ok", None):
            emit(sinks, Event("contingency_behind", problem, False,
                              said(Phrase("Contingency %1 is not in sync.", (who,))),
                              said(from_data(entry["problem"])), settings.machine_name, settings.mode))
        elif was.get(entry["file"]) not in ("ok", None):
            emit(sinks, Event("contingency_behind", problem, True,
                              said(Phrase("Contingency %1 is back in sync: it applied %2.",
                                          (who, entry.get("bundle") or "?"))),
                              machine=settings.machine_name, mode=settings.mode))


def pair_status(settings: Settings, journal: Journal) -> dict[str, Any] | None:
    """What ``status`` shows of the pair: the official's last reading, or the contingency's last write."""
    if not settings.pair.acknowledge:
        return None
    if settings.mode == "official":
        return journal.get_state(StateKey.PAIR)
    return {"written": journal.get_state(StateKey.PAIR_ACK_WRITTEN)}


def first_problem(pair: dict[str, Any] | None) -> dict[str, Any] | None:
    """The first contingency that is not in sync, for the official's state."""
    for entry in (pair or {}).get("contingencies", []):
        if entry.get("state") not in ("ok", None):
            return entry
    return None


def pair_lines(pair: dict[str, Any] | None, mode: str) -> list[str]:
    """The pair's lines of ``contingencia status``: each contingency on the official, the last
    acknowledgement written on the contingency."""
    if not pair:
        return []
    if mode != "official":
        written = pair.get("written") or {}
        if not written:
            return ["Acknowledged: not yet"]
        outcome = f"written as {written.get('name')}" if written.get("ok") else f"not written: {written.get('error')}"
        return [f"Acknowledged: {written.get('at')} {outcome}"]
    lines = [f"Contingencies: read at {pair.get('checked_at')}"
             + ("" if pair.get("contingencies") else " - no contingency has acknowledged yet")]
    for label, record in (pair.get("unreachable") or {}).items():
        lines.append(f"  {label}: not read: {record['error']}")
    for c in pair.get("contingencies", []):
        lines.append("  " + contingency_line(c))
    return lines


def contingency_line(c: dict[str, Any]) -> str:
    """One contingency, in one line of English: who, where, its state and what it applied."""
    if c.get("state") == "unreadable":
        return f"{c['destination']} {c['name']}: unreadable - {from_data(c['problem'])}"
    age = format_age(None if c.get("data_age_s", -1) < 0 else c["data_age_s"])
    text = (f"{c.get('host')} via {c['destination']}: {c['state']} - applied {c.get('bundle') or 'nothing yet'}"
            f" (sequence {c.get('sequence')}) at {c.get('applied_at') or '-'}, data age {age}, "
            f"acknowledged {c.get('written_at')}, version {c.get('version') or '?'}, "
            f"{in_units(c.get('free_bytes') or 0, 'GB')} GB free")
    if c.get("behind_by"):
        text += f", {c['behind_by']} bundle(s) behind"
    if c.get("problem"):
        text += f"\n    {from_data(c['problem'])}"
    return text
