"""``contingencia ...``: the command line (gui, service, backup-now, restore-now, status, config, demo...).

Exit codes: 0 success (or nothing to do), 1 the cycle or command failed, 2 invalid
settings or usage, 3 partial success (some destinations failed), 4 busy (another
cycle holds the lock), 130 interrupted. No traceback reaches the user.
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import json
import logging
import math
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import __version__
from .errors import ContingencyError, LockBusyError, SettingsError
from .paths import Home
from .runtime.logs import setup_logging
from .settings.model import Settings, flat_keys, format_value, get_value, key_info
from .settings.store import SettingsInvalid, SettingsStore

log = logging.getLogger(__name__)
#: modules that add their own commands with ``register(subparsers)``
EXTENSIONS = ("app.notify_commands", "app.promotion.commands")
EXIT = {"ok": 0, "nothing": 0, "disabled": 0, "partial": 3, "failed": 1, "rejected": 1}


@dataclass
class Instance:
    home: Home
    store: SettingsStore
    settings: Settings


def open_instance(args: argparse.Namespace, *, with_secrets: bool = True) -> Instance:
    home = Home.resolve(getattr(args, "home", None)).ensure()
    setup_logging(home, verbose=getattr(args, "verbose", False))
    store = SettingsStore(home)
    return Instance(home, store, store.load(with_secrets=with_secrets))


def seconds(text: str) -> float:
    """A number of seconds for an option: finite and not negative (``nan`` would wait for ever)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not math.isfinite(value) or value < 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 0 up")
    return value


def fail(message: str, code: int = 1) -> int:
    print(f"contingencia: {message}", file=sys.stderr)
    return code


# --- progress on a terminal ---------------------------------------------------------

class TerminalProgress:
    """A one-line progress bar on a terminal; silent when output is redirected."""

    def __init__(self, stream=sys.stderr) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.last = 0.0
        self.shown = 0  # width of the line on screen, to erase it all

    def __call__(self, step: str, done: int, total: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        if total:
            filled = int(20 * done / total)
            text = (f"{step:<22} [{'#' * filled}{'-' * (20 - filled)}] {100 * done / total:5.1f}% "
                    f"{done / 1e6:.1f}/{total / 1e6:.1f} MB")
        else:
            text = f"{step:<22} {done / 1e6:.1f} MB"
        text = text[: shutil.get_terminal_size().columns - 1]
        self.stream.write("\r" + text.ljust(self.shown))
        self.shown = len(text)
        self.stream.flush()

    def finish(self) -> None:
        if self.enabled and self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0


# --- commands ---------------------------------------------------------------------------

def cmd_run_now(args: argparse.Namespace, mode: str) -> int:
    from .runs import run_once
    inst = open_instance(args)
    if inst.settings.mode != mode:
        return fail(f"this machine is in {inst.settings.mode} mode; "
                    f"'{'backup-now' if mode == 'official' else 'restore-now'}' runs only in {mode} mode.", 2)
    if not inst.settings.enabled:
        return fail("contingency mode is off (enabled = false); turn it on with "
                    "'contingencia config set enabled true'.", 2)
    progress = TerminalProgress()
    try:
        extra = {"accept_smaller": True} if getattr(args, "accept_smaller", False) else {}
        result = run_once(inst.settings, inst.home, mode=mode, trigger="cli", on_progress=progress,
                          lock_wait_s=args.wait, **extra)
    except LockBusyError as exc:
        progress.finish()
        return fail(f"{exc} Waited {args.wait:.0f} s; try again later or use --wait.", 4)
    except ContingencyError as exc:
        progress.finish()
        return fail(str(exc))
    progress.finish()
    stream = sys.stdout if result.ok else sys.stderr
    print(("" if result.ok else "contingencia: ") + result.message, file=stream)
    return EXIT.get(result.result, 1)


def cmd_release(args: argparse.Namespace, accept: bool) -> int:
    """``retry`` and ``accept``: let the next check take the rejected bundle again."""
    from .cycles import release_rejected
    from .journal import Journal
    inst = open_instance(args, with_secrets=False)
    released = release_rejected(Journal(inst.home.journal_file), accept=accept)
    if released is None:
        print("No bundle is rejected: nothing to do.")
        return 0
    what = "accepted: the next check restores it (the identity and size checks let it through once)" if accept \
        else "will be tried again at the next check"
    print(f"{released['bundle']} {what}. Run 'contingencia restore-now' to do it now.")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from .status import collect, format_age
    inst = open_instance(args, with_secrets=False)
    status = collect(inst.settings, inst.home)
    if args.json:
        print(json.dumps(status, indent=2, default=str))
        return 0
    print(f"Machine:      {status['machine']}")
    print(f"Mode:         {status['mode']} ({'enabled' if status['enabled'] else 'disabled'})")
    print(f"State:        {status['state']} - {status['summary']}")
    worker = status["worker"]
    print(f"Worker:       {'running (pid %s), next run %s' % (worker['pid'], worker['next_run']) if worker['running'] else 'not running'}")
    for label, key in (("Last backup", "last_backup"), ("Last restore", "last_restore")):
        run = status[key]
        if run:
            size = f", {run['size'] / 1e6:.1f} MB" if run.get("size") else ""
            dur = f", {run['duration_s']:.1f} s" if run.get("duration_s") is not None else ""
            print(f"{label + ':':<14}{run['when']} {run['result']} {run['bundle'] or ''}{size}{dur}")
            if run.get("error"):
                print(f"{'':<14}{run['error']}")
    if inst.settings.mode == "contingency":
        print(f"Data age:     {format_age(status['data_age_s'])}")
    if status["current"]:
        cur = status["current"]
        print(f"Current:      {cur['kind']} / {cur['step']} for {cur['step_running_s']:.0f} s "
              f"({cur['done_bytes'] / 1e6:.1f} of {cur['total_bytes'] / 1e6:.1f} MB)")
    if status.get("notify") and not status["notify"].get("ok", True):
        print(f"E-mail:       last send failed: {status['notify'].get('error')}")
    disk = status["disk"]
    print(f"Disk use:     {disk['home_bytes'] / 1e6:.1f} MB in {status['home']} "
          f"({disk['work_bytes'] / 1e6:.1f} MB of work files)")
    return 0


def cmd_config_show(args: argparse.Namespace) -> int:
    from .settings.store import to_document
    inst = open_instance(args, with_secrets=False)
    if args.json:
        document = to_document(inst.settings)
        print(json.dumps(document, indent=2, ensure_ascii=False))
        return 0
    print(f"# {inst.store.location}")
    for info in flat_keys():
        if info.meta.get("secret"):
            saved = "(saved in keyring)" if inst.store.secrets.get(info.key) else "(not set)"
            print(f"{info.key} = {saved}")
        else:
            print(f"{info.key} = {format_value(get_value(inst.settings, info.key))}")
    for account in inst.settings.email_accounts:
        print(f"email account: {account.name} <{account.sender}> via {account.host}:{account.port} "
              f"({account.security}) -> {', '.join(account.recipients)}")
    return 0


def cmd_config_set(args: argparse.Namespace) -> int:
    try:
        info = key_info(args.key)
    except SettingsError as exc:
        return fail(str(exc), 2)
    if info.meta.get("secret"):
        return fail(f"'{args.key}' is a password: use 'contingencia config password {args.key}', "
                    "which asks for it without showing it (or reads it from standard input).", 2)
    inst = open_instance(args, with_secrets=False)
    try:
        inst.store.set_key(args.key, args.value)
    except (SettingsError, SettingsInvalid) as exc:
        return fail(str(exc), 2)
    print(f"{args.key} = {args.value}")
    return 0


def cmd_config_password(args: argparse.Namespace) -> int:
    try:
        info = key_info(args.key)
    except SettingsError as exc:
        return fail(str(exc), 2)
    if not info.meta.get("secret"):
        return fail(f"'{args.key}' is not a password; use 'contingencia config set'.", 2)
    secret = getpass.getpass(f"{args.key}: ") if sys.stdin.isatty() else sys.stdin.readline().rstrip("\r\n")
    inst = open_instance(args, with_secrets=False)
    inst.store.secrets.set(args.key, secret)
    print(f"{args.key} saved in {inst.store.secrets.description}." if secret else f"{args.key} removed.")
    return 0


def cmd_config_export(args: argparse.Namespace) -> int:
    inst = open_instance(args, with_secrets=False)
    inst.store.export_toml(Path(args.file))
    print(f"Settings written to {args.file} (passwords are not exported).")
    return 0


def cmd_config_import(args: argparse.Namespace) -> int:
    inst = open_instance(args, with_secrets=False)
    try:
        inst.store.import_toml(Path(args.file))
    except ContingencyError as exc:
        return fail(str(exc), 2)
    print(f"Settings imported from {args.file}.")
    return 0


def cmd_config_keys(args: argparse.Namespace) -> int:
    """The key table (the README's is made from it)."""
    print("| key | default | allowed | meaning |")
    print("| --- | --- | --- | --- |")
    for info in flat_keys():
        meta = info.meta
        allowed = ", ".join(meta["choices"]) if meta.get("choices") else (
            f"{meta['minimum']}-{meta['maximum']}" if meta.get("minimum") is not None else
            ("true, false" if info.kind is bool else "text"))
        default = "(keyring)" if meta.get("secret") else format_value(info.default)
        if info.key == "machine_name":
            default = "(this computer's name)"
        text = meta["label"] + (f": {meta['help']}" if meta.get("help") else "")
        print(f"| `{info.key}` | {default or '(empty)'} | {allowed} | {text.replace('|', '/')} |")
    return 0


def cmd_test_connection(args: argparse.Namespace) -> int:
    from .cycles import check_connections
    inst = open_instance(args)
    results = check_connections(inst.settings)
    for label, ok, message in results:
        print(f"[{'ok' if ok else 'FAILED'}] {message}")
    return 0 if all(ok for _, ok, _ in results) else 1


def cmd_verify(args: argparse.Namespace) -> int:
    from . import bundle
    path = Path(args.file)
    inst = open_instance(args)
    passphrase = inst.settings.contingency.encryption_passphrase or inst.settings.official.encryption_passphrase
    try:
        with tempfile.TemporaryDirectory() as scratch:
            plain = bundle.open_bundle(path, passphrase or "", Path(scratch))
            manifest = bundle.verify(plain)
            bundle.verify_members(plain, manifest, Path(scratch) / "members")
    except ContingencyError as exc:
        return fail(str(exc))
    print(f"{path.name}: ok ({manifest['engine']} database {manifest['database']}, sequence "
          f"{manifest['sequence']}, epoch {manifest['epoch']}, created {manifest['created']}, "
          f"{len(manifest['members'])} member(s) checked)")
    return 0


ENDPOINT_KEYS = {"destination1": "official.destination1", "destination2": "official.destination2",
                 "source": "contingency.source"}


def cmd_trust(args: argparse.Namespace) -> int:
    """Show the server's fingerprint and pin it once the operator accepts."""
    from .settings.model import set_value
    from .trust import presented_fingerprint
    inst = open_instance(args, with_secrets=False)
    prefix = ENDPOINT_KEYS[args.endpoint]
    endpoint = get_value(inst.settings, prefix)
    presented = presented_fingerprint(endpoint, args.endpoint)
    print(f"{args.endpoint}: {endpoint.host}:{endpoint.port or 'default port'} presents this {presented.what}:")
    print(f"  {presented.fingerprint}")
    current = getattr(endpoint, presented.field)
    if current == presented.fingerprint:
        print("It is already the trusted one.")
        return 0
    if current:
        print(f"WARNING: the trusted one is {current}. A change may mean the server was reinstalled, "
              "or that someone is in the middle: check with the server's administrator.")
    if not args.yes:
        if not sys.stdin.isatty():
            return fail("not accepted: run on a terminal to answer, or add --yes after checking the fingerprint.", 2)
        if input("Compare it with the server's. Trust it? [y/N] ").strip().lower() not in ("y", "yes", "s", "sim"):
            return fail("not accepted; nothing was changed.", 1)
    set_value(inst.settings, f"{prefix}.{presented.field}", presented.fingerprint)
    inst.store.save(inst.settings)
    print(f"Saved as {prefix}.{presented.field}.")
    return 0


def cmd_service(args: argparse.Namespace) -> int:
    from .runtime.service import Service
    home = Home.resolve(args.home).ensure()
    setup_logging(home, verbose=args.verbose, kind="service")
    try:
        return Service(home).run_forever()
    except ContingencyError as exc:
        return fail(str(exc), 4 if isinstance(exc, LockBusyError) else 1)


#: opens the window: ``(home, lang, check) -> exit code``; given by the launcher, since the
#: headless core never imports the widgets
GuiRunner = Callable[[Home, "str | None", bool], int]


def cmd_gui(args: argparse.Namespace) -> int:
    open_window: GuiRunner | None = getattr(args, "open_window", None)
    if open_window is None:
        return fail("the graphical interface is not available here: start it with 'contingencia gui'.")
    home = Home.resolve(args.home).ensure()
    setup_logging(home, verbose=args.verbose, kind="window")
    return open_window(home, args.lang, getattr(args, "check", False))


def cmd_demo(args: argparse.Namespace) -> int:
    from .demo import run_demo
    try:
        return run_demo(Path(args.home) if args.home else None, keep=args.keep)
    except ContingencyError as exc:
        return fail(str(exc))


# --- parser ---------------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="contingencia",
        description="Warm standby of a store-management server: backups shipped, verified, restored, promoted.")
    parser.add_argument("--version", action="version", version=f"contingencia {__version__}")
    parser.add_argument("--home", default=None,
                        help="folder of this instance's settings, journal, logs and work files "
                             "(default: $CONTINGENCIA_HOME, or the usual per-user place)")
    parser.add_argument("--lang", default=None, help="interface language: en or pt_BR (default: the system's)")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug lines in the log")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("gui", help="open the settings window and the tray icon")
    p.add_argument("--check", action="store_true",
                   help="build the window, print its title and buttons, and exit (checks an install)")
    p.set_defaults(func=cmd_gui)
    sub.add_parser("service", help="run the worker: the configured mode's cycle on schedule").set_defaults(func=cmd_service)
    for name, mode, text in (("backup-now", "official", "run one backup cycle now (official mode)"),
                             ("restore-now", "contingency", "check for a new backup and restore it now (contingency mode)")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--wait", type=seconds, default=300.0,
                       help="seconds to wait when another cycle is running (default 300)")
        if mode == "official":
            p.add_argument("--accept-smaller", action="store_true",
                           help="publish even if the backup shrank beyond database.shrink_limit_pct (once)")
        p.set_defaults(func=lambda a, m=mode: cmd_run_now(a, m))
    sub.add_parser("retry", help="try the rejected bundle again at the next check (contingency mode)"
                   ).set_defaults(func=lambda a: cmd_release(a, False))
    sub.add_parser("accept", help="restore the rejected bundle even though it comes from another official "
                                  "or shrank drastically (contingency mode, once)"
                   ).set_defaults(func=lambda a: cmd_release(a, True))
    p = sub.add_parser("status", help="mode, last backup and restore, data age, current state")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_status)
    sub.add_parser("test-connection", help="check the destinations (or the source) and the database"
                   ).set_defaults(func=cmd_test_connection)
    p = sub.add_parser("trust", help="show an SFTP host key or FTPS certificate and pin it once accepted")
    p.add_argument("endpoint", choices=sorted(ENDPOINT_KEYS))
    p.add_argument("--yes", action="store_true", help="accept without asking (after checking the fingerprint)")
    p.set_defaults(func=cmd_trust)
    p = sub.add_parser("verify", help="check a bundle file: manifest and every member (decrypted with "
                                      "this machine's passphrase if it is encrypted)")
    p.add_argument("file")
    p.set_defaults(func=cmd_verify)
    p = sub.add_parser("demo", help="the whole official -> contingency -> promotion cycle on SQLite, no server needed")
    p.add_argument("--keep", action="store_true", help="keep the demo folder and print where it is")
    p.set_defaults(func=cmd_demo)
    _add_config(sub)
    for module_name in EXTENSIONS:
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            log.debug("extension %s not available: %s", module_name, exc)
            continue
        module.register(sub)
    _accept_global_options_everywhere(parser)
    return parser


def _accept_global_options_everywhere(parser: argparse.ArgumentParser) -> None:
    """Let ``--home``, ``--lang`` and ``-v`` stand after the command too (``contingencia demo --home X``)."""
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        for child in action.choices.values():
            child.add_argument("--home", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
            child.add_argument("--lang", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
            child.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                               help=argparse.SUPPRESS)
            _accept_global_options_everywhere(child)


def _add_config(sub) -> None:
    config = sub.add_parser("config", help="show, change, export or import the settings")
    csub = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    p = csub.add_parser("show", help="every setting (passwords are never shown)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_config_show)
    p = csub.add_parser("set", help="change one setting: config set official.interval_min 30")
    p.add_argument("key")
    p.add_argument("value")
    p.set_defaults(func=cmd_config_set)
    p = csub.add_parser("password", help="store a password in the keyring (asked, or read from standard input)")
    p.add_argument("key")
    p.set_defaults(func=cmd_config_password)
    p = csub.add_parser("export", help="write the settings to a TOML file")
    p.add_argument("file")
    p.set_defaults(func=cmd_config_export)
    p = csub.add_parser("import", help="replace the settings with a TOML file's (an invalid file saves nothing)")
    p.add_argument("file")
    p.set_defaults(func=cmd_config_import)
    csub.add_parser("keys", help="every key with its default and allowed values (Markdown)").set_defaults(func=cmd_config_keys)


def _on_desktop() -> bool:
    return sys.platform in ("win32", "darwin") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None, gui: GuiRunner | None = None) -> int:
    """The command line; ``gui`` opens the window (see ``launcher.console``)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    args.open_window = gui
    if args.command is None:
        if _on_desktop() and gui is not None:
            return cmd_gui(args)
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except SettingsInvalid as exc:
        return fail(str(exc), 2)
    except ContingencyError as exc:
        log.exception("command failed")
        return fail(str(exc))
    except KeyboardInterrupt:
        return fail("interrupted.", 130)
    except OSError as exc:  # a home that is a file, a folder without rights: said, not a traceback
        log.debug("command failed", exc_info=True)
        where = f" ({exc.filename})" if exc.filename else ""
        return fail(f"{exc.strerror or exc}{where}. Check --home and the rights on that folder.")
    except Exception as exc:  # a bug: one line here, the traceback in the log
        log.exception("command failed unexpectedly")
        return fail(f"unexpected error: {type(exc).__name__}: {str(exc)[:200]} (details in the log).")


if __name__ == "__main__":
    sys.exit(main())
