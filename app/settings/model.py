"""Typed, validated settings: everything the settings screen shows.

Each field carries its metadata (label, help, allowed values, range, secret), and
one mechanism serves them all: validation, the QSettings store, TOML import and
export, ``contingencia config set`` and the README's key table. Keys are dotted
paths such as ``official.destination1.path``.
"""

from __future__ import annotations

import dataclasses
import re
import socket
from dataclasses import dataclass, field
from typing import Any, Iterator

from ..errors import SettingsError
from ..transports import kind_names

MODES = ("official", "contingency")
ENGINES = ("sqlite", "postgres", "sqlserver")
SCHEDULE_KINDS = ("fixed", "times")
EVENT_KINDS = (
    "backup_ok",
    "backup_failed",
    "destination_unreachable",
    "restore_ok",
    "restore_failed",
    "bundle_rejected",
    "official_silent",
    "worker_started",
    "worker_stopped",
    "promotion_done",
    "contingency_behind",
)
DEFAULT_EVENTS = [
    "backup_failed",
    "destination_unreachable",
    "restore_failed",
    "bundle_rejected",
    "official_silent",
    "contingency_behind",
]
TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


#: the longest text any setting takes (a path, a fingerprint, a command file)
MAX_TEXT = 1024
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def time_of_day(text: str) -> tuple[int, int]:
    """``HH:MM`` as (hour, minute); the one parser of times of day."""
    if not TIME_OF_DAY.match(text):
        raise ValueError(text)
    return int(text[:2]), int(text[3:])


def path_map(text: str) -> tuple[str, str]:
    """``OLD=NEW`` as (old, new); the one parser of path prefix changes."""
    old, sep, new = text.partition("=")
    if not sep:
        raise ValueError(text)
    return map_sides(old, new)


def map_sides(old: str, new: str) -> tuple[str, str]:
    """A path prefix change's two sides, trimmed; refused (``ValueError``) when one is empty."""
    if not old.strip() or not new.strip():
        raise ValueError(f"{old}={new}")
    return old.strip(), new.strip()


#: the values a text item must parse as, and what to say when it does not
ITEM_TYPES = {"time_of_day": (time_of_day, "use times of day as HH:MM (00:00 to 23:59)"),
              "path_map": (path_map, "use OLD=NEW items, e.g. \\\\OFICIAL\\MGV7=D:\\MGV7")}


#: the choices of ``kind``: the kinds the transports registry names (``app.transports``), and
#: "none" for a second destination left unused
TRANSPORT_KINDS = kind_names() + ("none",)


def setting(default: Any = dataclasses.MISSING, *, label: str, help: str = "",
            choices: tuple[str, ...] | None = None, minimum: int | None = None,
            maximum: int | None = None, secret: bool = False, factory: Any = None,
            max_items: int | None = None, max_length: int = MAX_TEXT, item: str | None = None,
            engines: tuple[str, ...] | None = None, consent: str = "") -> Any:
    """A dataclass field with the metadata the store, the CLI and the GUI use.

    ``item`` names the type each text must parse as (``ITEM_TYPES``); ``engines`` the database
    engines the setting works with (None: every engine; ``for_engine`` reads it); ``consent``, for
    a switch, the question asked before it is turned on (what the program will then change), which
    ``config set`` and the window both ask."""
    meta = {"label": label, "help": help, "choices": choices, "minimum": minimum,
            "maximum": maximum, "secret": secret, "max_items": max_items, "max_length": max_length,
            "item": item, "engines": engines, "consent": consent}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


@dataclass
class Endpoint:
    """One way to reach the folder where bundles are published (F5, F9)."""

    kind: str = setting("folder", label="Kind", choices=TRANSPORT_KINDS,
                        help="folder (local, mounted or UNC path), ftp, ftps, sftp, smb; "
                             "none leaves the second destination unused")
    path: str = setting("", label="Folder",
                        help="folder: local or UNC path; ftp/ftps/sftp: folder on the server; "
                             "smb: \\\\server\\share\\folder")
    host: str = setting("", label="Host", help="host name or IP of the FTP/SFTP server")
    port: int = setting(0, label="Port", minimum=0, maximum=65535,
                        help="0 uses the usual port of the kind (21, 22, 445)")
    user: str = setting("", label="User")
    password: str | None = setting(None, label="Password", secret=True,
                                   help="kept in the system keyring, never in the settings file")
    passive: bool = setting(True, label="Passive mode (FTP)")
    tls_fingerprint: str = setting("", label="Trusted certificate (FTPS)",
                                   help="SHA-256 fingerprint of a self-signed certificate to trust")
    host_key: str = setting("", label="Host key (SFTP)",
                            help="pinned SHA256 fingerprint of the server's host key")
    key_file: str = setting("", label="Private key file (SFTP)")
    timeout_s: int = setting(30, label="Timeout (seconds)", minimum=1, maximum=600)
    bandwidth_kbps: int = setting(0, label="Bandwidth limit (KiB/s)", minimum=0, maximum=10_000_000,
                                  help="the most this machine sends or receives per second over this link, "
                                       "on average; 0 = no limit (spares a store's slow link)")

    @property
    def used(self) -> bool:
        return self.kind != "none"

    @property
    def configured(self) -> bool:
        """Used, with what its kind needs to be reached (its transport's required fields)."""
        from ..transports import kind_of  # the transports import this module
        found = kind_of(self.kind) if self.used else None
        return found is not None and all(getattr(self, name) for name in found[1].required)

    @property
    def place(self) -> tuple[str, str, str]:
        """Which folder this is, whatever the spelling (case, slashes, a trailing slash)."""
        return self.kind, self.host.lower(), self.path.replace("\\", "/").rstrip("/").lower()


@dataclass
class DatabaseSettings:
    """The database this machine backs up (official) or restores into (contingency)."""

    engine: str = setting("sqlite", label="Engine", choices=ENGINES)
    path: str = setting("", label="SQLite database file")
    server: str = setting("", label="Server and instance",
                          help="SQL Server: HOST\\INSTANCE or host,port; PostgreSQL: host")
    port: int = setting(0, label="Port", minimum=0, maximum=65535)
    name: str = setting("", label="Database name")
    auth: str = setting("sql", label="Authentication", choices=("sql", "windows"))
    user: str = setting("", label="User")
    password: str | None = setting(None, label="Password", secret=True)
    driver: str = setting("", label="ODBC driver", help="empty picks the newest installed")
    data_folder: str = setting("", label="Database storage folder",
                               help="where the restored database files are stored (SQL Server)")
    busy_policy: str = setting("wait", label="When the database is in use",
                               choices=("wait", "fail"),
                               help="wait for other clients to leave, or fail at once")
    busy_timeout_s: int = setting(60, label="Wait at most (seconds)", minimum=0, maximum=3600)
    shrink_limit_pct: int = setting(50, label="Refuse a backup that shrank by more than (%)",
                                    minimum=1, maximum=100,
                                    help="against the last one published (official) or restored (contingency); "
                                         "100 turns the check off")
    login_map: str = setting("", label="Users to logins",
                             help="SQL Server: the restored database's users mapped to this server's logins, as "
                                  "user=login separated by commas; a user not listed maps to the login of its "
                                  "own name; no login is created")
    owner_login: str = setting("sa", label="Database owner",
                               help="SQL Server: the login that owns the restored database; empty keeps the "
                                    "restoring login")
    allow_full_recovery: bool = setting(
        False, label="Allow the FULL recovery model (SQL Server log shipping)", engines=("sqlserver",),
        consent="SQL Server log shipping needs the FULL recovery model: a database in SIMPLE is changed to FULL "
                "(ALTER DATABASE ... SET RECOVERY FULL) at its next backup. SQL Server then keeps every change in "
                "the transaction log until a log backup truncates it; this program's log backups do, every "
                "incremental interval, and while they stop (the program stopped, a destination unreachable) the "
                "log file grows, and with it the disk it is on. Another program's log backups of this database "
                "make the next bundle a full one.",
        help="SQL Server with incremental bundles: this program may set the database to the FULL recovery "
             "model, where the transaction log grows until a log backup (this program's, every incremental "
             "interval) truncates it; off: a database in SIMPLE gets full bundles only")
    wal_shipping: bool = setting(
        False, label="Ship the WAL (PostgreSQL incremental bundles)", engines=("postgres",),
        consent="PostgreSQL WAL shipping creates on the official server one physical replication slot, "
                "contingencia_<database>, and reads the WAL through the replication protocol as the configured "
                "user, who needs the REPLICATION attribute and a replication line in pg_hba.conf (wal_level "
                "replica, a free WAL sender). The slot keeps every WAL segment this program has not received yet: "
                "while its cycles stop (the program stopped, the official unreachable) the server's pg_wal folder "
                "grows, and with it the disk it is on, unless max_slot_wal_keep_size caps it (then the chain "
                "breaks and a full bundle starts a new one). Each full bundle is a pg_basebackup of the whole "
                "server.",
        help="PostgreSQL with incremental bundles: each full bundle is a base backup of the server "
             "(pg_basebackup) and each increment the WAL since the last one, received through a replication "
             "slot; the contingency replays them in a standby (database.standby_data_dir); off: pg_dump bundles")
    standby_data_dir: str = setting(
        "", label="Standby data folder (PostgreSQL)", engines=("postgres",),
        help="contingency with WAL shipping: the data folder of the standby this program restores, starts on "
             "database.port and promotes; its parent folder holds .staging, .old, .archive and .log beside it")
    pg_bin_dir: str = setting("", label="PostgreSQL server programs folder", engines=("postgres",),
                              help="the bin folder holding pg_ctl and pg_verifybackup for the standby; empty: "
                                   "PATH, then the newest installed version")
    shared_folder: str = setting("", label="Shared backup folder",
                                 help="SQL Server on another machine: a folder (share) both the SQL Server "
                                      "service and this program reach; the .bak passes through it")
    shared_folder_on_server: str = setting("", label="Shared backup folder on the server",
                                           help="the same folder as the SQL Server machine names it; empty: the "
                                                "same path")


@dataclass
class OfficialSettings:
    """Official mode: where, when and how the backup is published (F5-F8)."""

    destination1: Endpoint = setting(label="Destination 1", factory=Endpoint)
    destination2: Endpoint = setting(label="Destination 2",
                                     factory=lambda: Endpoint(kind="none"))
    schedule: str = setting("fixed", label="Schedule", choices=SCHEDULE_KINDS,
                            help="fixed: every interval_min minutes; times: at up to three times of day")
    interval_min: int = setting(60, label="Fixed interval (minutes)", minimum=1, maximum=1440)
    incremental_interval_min: int = setting(
        0, label="Incremental bundles every (minutes)", minimum=0, maximum=1440, engines=("sqlite", "sqlserver", "postgres"),
        help="SQLite: between the full bundles of the schedule above, a small bundle of the changed pages "
             "every so many minutes (1 at the least); SQL Server: a log backup (log shipping); PostgreSQL: the "
             "WAL since the last bundle (database.wal_shipping); 0 = off, every bundle is full")
    continuous: bool = setting(
        False, label="Continuous incremental bundles", engines=("sqlite",),
        help="SQLite: the worker watches the database and publishes a small bundle soon after each committed "
             "change (an idle database publishes nothing); the incremental interval, when set, still makes one "
             "at least that often")
    continuous_gap_s: int = setting(
        10, label="Continuous: at most one bundle every (seconds)", minimum=1, maximum=3600, engines=("sqlite",),
        help="how long after the start of one continuous bundle the next may start; the data lost when this "
             "server fails is about this plus one cycle")
    increment_check: str = setting(
        "quick_check", label="Check of each increment", choices=("quick_check", "pages"), engines=("sqlite",),
        help="SQLite, incremental bundles: quick_check reads the whole copy before it is published; pages "
             "checks by sha256 that every page it does not change is the checked copy's and takes the changed "
             "ones from SQLite's consistent snapshot, so the increment takes time in proportion to the change; "
             "every full bundle still gets integrity_check")
    times: list[str] = setting(label="Times of day", factory=list, max_items=3, item="time_of_day",
                               help="up to three times as HH:MM, separated by commas")
    compression: int = setting(6, label="Compression level", minimum=0, maximum=9,
                               help="0 stores, 1 fastest ... 9 smallest")
    retention: int = setting(3, label="Bundles kept per destination", minimum=1, maximum=100,
                             help="with incremental bundles: whole chains, each a full bundle and the "
                                  "increments after it")
    work_folder: str = setting("", label="Work folder",
                               help="where the backup is prepared; empty uses the home's work folder")
    encryption_passphrase: str | None = setting(
        None, label="Encryption passphrase", secret=True,
        help="when set, bundles are encrypted (AES-256-GCM, .zip.enc); the contingency needs the same passphrase")

    @property
    def by_times(self) -> bool:
        """At times of day, rather than every ``interval_min`` (the one place this is decided)."""
        return self.schedule == "times" and bool(self.times)

    @property
    def times_of_day(self) -> list[tuple[int, int]]:
        return [time_of_day(t) for t in self.times]

    def destinations(self) -> list[tuple[str, Endpoint]]:
        return [(name, ep) for name, ep in (("destination1", self.destination1),
                                            ("destination2", self.destination2)) if ep.used]

    def labelled_destinations(self) -> list[tuple[str, Endpoint]]:
        """The used destinations named as messages name them: "destination 1", "destination 2"."""
        return [("destination " + name[-1], ep) for name, ep in self.destinations()]


@dataclass
class ContingencySettings:
    """Contingency mode: where to fetch from and where to restore (F9-F11, B3)."""

    source: Endpoint = setting(label="Communication mode", factory=Endpoint)
    temp_folder: str = setting("", label="Temporary folder",
                               help="where the bundle is received and extracted; "
                                    "empty uses the home's work folder")
    poll_interval_s: int = setting(60, label="Check for a new backup every (seconds)",
                                   minimum=1, maximum=3600)
    silent_after_min: int = setting(0, label="Official silent after (minutes)",
                                    minimum=0, maximum=10080,
                                    help="0 follows the schedule the official announces")
    silent_grace_min: int = setting(15, label="Grace before 'official silent' (minutes)",
                                    minimum=0, maximum=1440)
    encryption_passphrase: str | None = setting(None, label="Encryption passphrase", secret=True,
                                                help="the official's passphrase, to open encrypted bundles")
    full_check_every_h: int = setting(24, label="Full integrity check every (hours)", minimum=0, maximum=8760,
                                      help="other restores run the quick check; 0 runs the full check "
                                           "at every restore")
    increment_check: str = setting(
        "quick_check", label="Check of each increment", choices=("quick_check", "pages"), engines=("sqlite",),
        help="SQLite, incremental bundles: quick_check reads the whole patched file before it goes live; pages "
             "checks only what the increment changes (the sha256 of the pages it overwrites and writes) and "
             "the apply takes time in proportion to the change; the full check still runs on its schedule")


@dataclass
class EmailAccount:
    """A registered e-mail account (F12, "Novo")."""

    name: str = setting("", label="Account name")
    host: str = setting("", label="SMTP server")
    port: int = setting(587, label="Port", minimum=1, maximum=65535)
    security: str = setting("starttls", label="Security", choices=("none", "starttls", "ssl"))
    user: str = setting("", label="User")
    password: str | None = setting(None, label="Password", secret=True)
    sender: str = setting("", label="Sender")
    recipients: list[str] = setting(label="Recipients", factory=list)


@dataclass
class NotifySettings:
    """Which account sends, and which kinds of event are sent (F12)."""

    account: str = setting("", label="E-mail account", help="name of a registered account; empty sends nothing")
    events: list[str] = setting(label="Events sent", factory=lambda: list(DEFAULT_EVENTS),
                                choices=EVENT_KINDS)
    reminder_min: int = setting(240, label="Reminder while a problem lasts (minutes)",
                                minimum=0, maximum=10080, help="0 sends no reminder")
    daily_summary: bool = setting(False, label="Daily summary")
    summary_time: str = setting("08:00", label="Daily summary at", item="time_of_day")


@dataclass
class PromotionSettings:
    """The promotion wizard's defaults (F13-F16)."""

    profile: str = setting("", label="Application profile",
                           help="TOML file naming where the application keeps its settings "
                                "(required to promote; docs/promotion.md)")
    new_host: str = setting("", label="New host name or IP",
                            help="the name or IP the stores use to reach this machine once promoted; "
                                 "empty uses the machine name")
    old_host: str = setting("", label="Old official's host name",
                            help="empty takes it from the last restored backup or the backup computer setting")
    path_maps: list[str] = setting(label="Path prefix changes", factory=list, item="path_map",
                                   help="OLD=NEW items separated by commas, e.g. "
                                        "\\\\OFICIAL\\MGV7=D:\\MGV7 (a path with a comma cannot be given here)")
    create_folders: bool = setting(True, label="Create the missing local folders (F14)")
    hooks_file: str = setting("", label="Service hooks file",
                              help="TOML file of the commands to stop before and start after the promotion "
                                   "(the LMP license service); empty uses promotion-hooks.toml in the home")
    hook_timeout_s: int = setting(120, label="Service hook timeout (seconds)", minimum=1, maximum=3600)


@dataclass
class PairSettings:
    """The pair knows each other's state (B10): acknowledgements and the official's thresholds."""

    acknowledge: bool = setting(True, label="Acknowledgements between the pair",
                                help="contingency: writes what it applied into the folder it reads (ACK_<id>.TXT); "
                                     "official: reads them, shows each contingency and alerts when one falls behind")
    behind_after_min: int = setting(0, label="Contingency behind after (minutes)", minimum=0, maximum=10080,
                                    help="alert when the first backup a contingency has not applied was published "
                                         "longer ago than this; 0 = two backup intervals, at least 15 minutes")
    ack_missing_after_min: int = setting(0, label="Acknowledgement missing after (minutes)", minimum=0,
                                         maximum=10080,
                                         help="alert when a contingency's acknowledgement has not changed for this "
                                              "long; 0 = three of its checks, at least 15 minutes")


@dataclass
class Settings:
    """Everything one instance is configured with."""

    enabled: bool = setting(False, label="Enable contingency mode",
                            help="the general switch: when off, nothing runs (F1)")
    mode: str = setting("official", label="Operation mode", choices=MODES)
    machine_name: str = setting(label="Machine name", factory=socket.gethostname, max_length=64,
                                help="how this machine is named in status and e-mails")
    language: str = setting("", label="Language", help="empty follows the system; en or pt_BR")
    database: DatabaseSettings = setting(label="Database", factory=DatabaseSettings)
    official: OfficialSettings = setting(label="Official mode", factory=OfficialSettings)
    contingency: ContingencySettings = setting(label="Contingency mode", factory=ContingencySettings)
    notify: NotifySettings = setting(label="E-mail notifications", factory=NotifySettings)
    promotion: PromotionSettings = setting(label="Promotion", factory=PromotionSettings)
    pair: PairSettings = setting(label="Acknowledgements", factory=PairSettings)
    # Registered accounts: a list, stored in its own section (not a flat key).
    email_accounts: list[EmailAccount] = field(default_factory=list, metadata={"list_of": EmailAccount})

    def account(self, name: str) -> EmailAccount | None:
        return next((a for a in self.email_accounts if a.name == name), None)


# --- the generic mechanism -------------------------------------------------

@dataclass(frozen=True)
class KeyInfo:
    key: str
    kind: type
    meta: dict
    default: Any


def _field_type(f: dataclasses.Field) -> type:
    t = f.type if not isinstance(f.type, str) else f.type
    text = str(t)
    if text.startswith("list"):
        return list
    for name, typ in (("bool", bool), ("int", int), ("str", str)):
        if text.startswith(name):
            return typ
    return object


def flat_keys(sample: Any = None, prefix: str = "") -> Iterator[KeyInfo]:
    """Every scalar key of the model, dotted, in screen order, with its default."""
    sample = Settings() if sample is None else sample
    for f in dataclasses.fields(sample):
        if "list_of" in f.metadata:
            continue
        value = getattr(sample, f.name)
        if dataclasses.is_dataclass(value):
            yield from flat_keys(value, f"{prefix}{f.name}.")
        else:
            yield KeyInfo(prefix + f.name, _field_type(f), dict(f.metadata), value)


KEYS: dict[str, KeyInfo] = {}


def key_info(key: str) -> KeyInfo:
    if not KEYS:
        KEYS.update({k.key: k for k in flat_keys()})
    try:
        return KEYS[key]
    except KeyError:
        close = [k for k in KEYS if k.split(".")[-1] == key.split(".")[-1]]
        hint = f"did you mean {', '.join(close)}?" if close else "see 'contingencia config show' for the keys"
        raise SettingsError(key, key, f"there is no such setting; {hint}") from None


def for_engine(key: str, engine: str) -> bool:
    """Whether a setting works with this database engine (its ``engines``, every engine when none)."""
    engines = key_info(key).meta.get("engines")
    return not engines or engine in engines


def get_value(obj: Any, key: str) -> Any:
    for part in key.split("."):
        obj = getattr(obj, part)
    return obj


def set_value(obj: Any, key: str, value: Any) -> None:
    *parents, last = key.split(".")
    for part in parents:
        obj = getattr(obj, part)
    setattr(obj, last, value)


TRUE_WORDS = {"1", "true", "yes", "on", "sim", "s", "y"}
FALSE_WORDS = {"0", "false", "no", "off", "nao", "não", "n", ""}


def parse_value(key: str, text: Any, *, strict: bool = False) -> Any:
    """Turn user text (CLI, INI) or a typed value (TOML with ``strict``: a number must be a number,
    a list a list) into the key's type, checking range, choices, length and control characters."""
    info = key_info(key)
    return parse_typed(key, info.kind, info.meta, text, strict=strict)


def parse_typed(key: str, kind: type, meta: dict, text: Any, *, strict: bool = False) -> Any:
    if kind is bool:
        if isinstance(text, bool):
            return text
        word = str(text).strip().lower()
        if not strict and word in TRUE_WORDS:
            return True
        if not strict and word in FALSE_WORDS:
            return False
        raise SettingsError(key, text, "use true or false")
    if kind is int:
        if isinstance(text, bool) or (strict and not isinstance(text, int)):
            raise SettingsError(key, text, f"use a whole number{_range_text(meta)}")
        try:
            number = text if isinstance(text, int) else int(str(text).strip())
        except ValueError:
            raise SettingsError(key, text, f"use a whole number{_range_text(meta)}") from None
        _check_range(key, number, meta)
        return number
    if kind is list:
        if strict and not (isinstance(text, list) and all(isinstance(i, str) for i in text)):
            raise SettingsError(key, text, "use a list of texts")
        items = text if isinstance(text, list) else [t for t in str(text).split(",")]
        items = [_checked_text(key, str(i), meta).strip() for i in items if str(i).strip()]
        if meta.get("choices"):
            bad = [i for i in items if i not in meta["choices"]]
            if bad:
                raise SettingsError(key, ",".join(bad), "use any of " + ", ".join(meta["choices"]))
        if meta.get("max_items") and len(items) > meta["max_items"]:
            raise SettingsError(key, ",".join(items), f"use at most {meta['max_items']} values")
        for value in items:
            _check_item(key, value, meta)
        return items
    if strict and text is not None and not isinstance(text, str):
        raise SettingsError(key, text, "use a text")
    value = _checked_text(key, "" if text is None else str(text), meta)
    if meta.get("choices") and value not in meta["choices"]:
        raise SettingsError(key, value, "use one of " + ", ".join(meta["choices"]))
    _check_item(key, value, meta)
    return value


def _checked_text(key: str, value: str, meta: dict) -> str:
    """No control characters (a newline would inject a line into the marker), a sane length."""
    if CONTROL_CHARS.search(value):
        raise SettingsError(key, value, "use text without line breaks or control characters")
    limit = meta.get("max_length") or MAX_TEXT
    if len(value) > limit:
        raise SettingsError(key, value, f"use at most {limit} characters")
    return value


def _check_item(key: str, value: str, meta: dict) -> None:
    if meta.get("item"):
        parse, allowed = ITEM_TYPES[meta["item"]]
        try:
            parse(value)
        except ValueError:
            raise SettingsError(key, value, allowed) from None


def format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(v) for v in value)
    return "" if value is None else str(value)


def _range_text(meta: dict) -> str:
    lo, hi = meta.get("minimum"), meta.get("maximum")
    if lo is not None and hi is not None:
        return f" from {lo} to {hi}"
    return ""


def _check_range(key: str, number: int, meta: dict) -> None:
    lo, hi = meta.get("minimum"), meta.get("maximum")
    if (lo is not None and number < lo) or (hi is not None and number > hi):
        raise SettingsError(key, number, f"use a whole number{_range_text(meta)}")


# --- validation of a whole settings object ---------------------------------

def validate(settings: Settings) -> list[SettingsError]:
    """Every problem, each naming its key; an empty list means the settings can be saved."""
    problems: list[SettingsError] = []
    for info in flat_keys():
        value = get_value(settings, info.key)
        if info.meta.get("secret") and value is None:
            continue
        try:
            parse_value(info.key, value)
        except SettingsError as exc:
            problems.append(exc)
    problems += _validate_times(settings)
    problems += _validate_database(settings)
    if settings.enabled:
        problems += (_validate_official(settings) if settings.mode == "official"
                     else _validate_contingency(settings))
    problems += _validate_notify(settings)
    return problems


def _validate_times(s: Settings) -> list[SettingsError]:
    """The formats are checked key by key (``item``); what is left is the rule across keys."""
    if s.official.schedule == "times" and not s.official.times and s.enabled and s.mode == "official":
        return [SettingsError("official.times", "", "give at least one time of day for a variable schedule")]
    return []


def _validate_database(s: Settings) -> list[SettingsError]:
    db = s.database
    if db.engine == "sqlite":
        if s.enabled and not db.path:
            return [SettingsError("database.path", "", "give the SQLite database file")]
        return []
    problems = []
    if s.enabled and not db.server:
        problems.append(SettingsError("database.server", "", "give the database server (and instance)"))
    if s.enabled and not db.name:
        problems.append(SettingsError("database.name", "", "give the database name"))
    if db.name and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_$#@-]{0,115}", db.name):
        problems.append(SettingsError("database.name", db.name,
                                      "use letters, digits and _ (at most 116 characters, not starting with a digit)"))
    return problems


def _validate_endpoint(prefix: str, ep: Endpoint) -> list[SettingsError]:
    """What the endpoint's transport class says is missing or wrong for its kind."""
    from ..transports import kind_of  # the transports import this module
    found = kind_of(ep.kind) if ep.used else None
    if found is None:
        return []
    cls, kind = found
    return [SettingsError(f"{prefix}.{name}", value, allowed) for name, value, allowed in cls.problems(kind, ep)]


def _validate_official(s: Settings) -> list[SettingsError]:
    o = s.official
    if not o.destination1.used:
        return [SettingsError("official.destination1.kind", "none",
                              "the first destination is required in official mode")]
    problems = _validate_endpoint("official.destination1", o.destination1)
    problems += _validate_endpoint("official.destination2", o.destination2)
    if o.incremental_interval_min and not for_engine("official.incremental_interval_min", s.database.engine):
        problems.append(SettingsError("official.incremental_interval_min", o.incremental_interval_min,
                                      "incremental bundles are built for SQLite, SQL Server and PostgreSQL only; use 0"))
    if o.continuous and not for_engine("official.continuous", s.database.engine):
        problems.append(SettingsError("official.continuous", o.continuous,
                                      "continuous incremental bundles are built for SQLite only; use false"))
    if o.destination2.used and _same_place(o.destination1, o.destination2):
        problems.append(SettingsError("official.destination2.path", o.destination2.path,
                                      "the two destinations must be different folders"))
    return problems


def _validate_contingency(s: Settings) -> list[SettingsError]:
    src = s.contingency.source
    if not src.used:
        return [SettingsError("contingency.source.kind", "none", "choose how to reach the official's folder")]
    return _validate_endpoint("contingency.source", src)


def _validate_notify(s: Settings) -> list[SettingsError]:
    problems = []
    if s.notify.account and s.account(s.notify.account) is None:
        problems.append(SettingsError("notify.account", s.notify.account, "pick a registered e-mail account"))
    for account in s.email_accounts:
        if not account.name:
            problems.append(SettingsError("email_accounts.name", "", "give every account a name"))
        if not account.host:
            problems.append(SettingsError(f"email_accounts.{account.name}.host", "", "give the SMTP server"))
        for address in account.recipients + ([account.sender] if account.sender else []):
            if not re.fullmatch(r"[^@\s,;]+@[^@\s,;]+", address):
                problems.append(SettingsError(f"email_accounts.{account.name}.recipients", address,
                                              "use e-mail addresses like loja01@example.com"))
    return problems


def _same_place(a: Endpoint, b: Endpoint) -> bool:
    return a.place == b.place
