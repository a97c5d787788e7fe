"""``config show|set|password|export|import|keys``: the settings from the command line."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..errors import ContingencyError, SettingsError
from ..settings.model import flat_keys, format_value, get_value, key_info
from ..settings.store import SettingsInvalid
from .common import Commands, answered_yes, fail, open_instance, read_secret


def register(commands: Commands) -> None:
    config = commands.add_parser("config", help="show, change, export or import the settings")
    actions = config.add_subparsers(dest="config_command", metavar="ACTION", required=True)
    p = actions.add_parser("show", help="every setting (passwords are never shown)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)
    p = actions.add_parser("set", help="change one setting: config set official.interval_min 30")
    p.add_argument("key")
    p.add_argument("value")
    p.add_argument("--yes", action="store_true", help="accept a change that asks first (database.allow_full_recovery)")
    p.set_defaults(func=cmd_set)
    p = actions.add_parser("password", help="store a password in the keyring (asked, or read from standard input)")
    p.add_argument("key")
    p.set_defaults(func=cmd_password)
    p = actions.add_parser("export", help="write the settings to a TOML file")
    p.add_argument("file")
    p.set_defaults(func=cmd_export)
    p = actions.add_parser("import", help="replace the settings with a TOML file's (an invalid file saves nothing)")
    p.add_argument("file")
    p.set_defaults(func=cmd_import)
    actions.add_parser("keys", help="every key with its default and allowed values (Markdown)").set_defaults(func=cmd_keys)


def cmd_show(args: argparse.Namespace) -> int:
    from ..settings.store import to_document
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


def _wrong_key(name: str, *, secret: bool) -> str | None:
    """Why ``name`` is not a key of that kind (a password, or a plain setting), or None."""
    try:
        is_secret = bool(key_info(name).meta.get("secret"))
    except SettingsError as exc:
        return str(exc)
    if is_secret and not secret:
        return (f"'{name}' is a password: use 'contingencia config password {name}', "
                "which asks for it without showing it (or reads it from standard input).")
    if secret and not is_secret:
        return f"'{name}' is not a password; use 'contingencia config set'."
    return None


def _confirmed(key: str, value: str, yes: bool) -> bool:
    """A switch the model asks consent for (``consent``) is turned on only once answered, as in the window."""
    question = key_info(key).meta.get("consent")
    if not question or yes or value.strip().lower() not in ("true", "1", "yes", "on"):
        return True
    print(question, file=sys.stderr)
    if not sys.stdin.isatty():
        return False
    return answered_yes("Allow it? [y/N] ")


def cmd_set(args: argparse.Namespace) -> int:
    wrong = _wrong_key(args.key, secret=False)
    if wrong:
        return fail(wrong, 2)
    if not _confirmed(args.key, args.value, args.yes):
        return fail("not confirmed; nothing was changed (add --yes once you accept it).", 1)
    inst = open_instance(args, with_secrets=False)
    try:
        inst.store.set_key(args.key, args.value)
    except (SettingsError, SettingsInvalid) as exc:
        return fail(str(exc), 2)
    print(f"{args.key} = {args.value}")
    return 0


def cmd_password(args: argparse.Namespace) -> int:
    wrong = _wrong_key(args.key, secret=True)
    if wrong:
        return fail(wrong, 2)
    secret = read_secret(f"{args.key}: ")
    inst = open_instance(args, with_secrets=False)
    inst.store.secrets.set(args.key, secret)
    print(f"{args.key} saved in {inst.store.secrets.description}." if secret else f"{args.key} removed.")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    inst = open_instance(args, with_secrets=False)
    inst.store.export_toml(Path(args.file))
    print(f"Settings written to {args.file} (passwords are not exported).")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    inst = open_instance(args, with_secrets=False)
    try:
        inst.store.import_toml(Path(args.file))
    except ContingencyError as exc:
        return fail(str(exc), 2)
    print(f"Settings imported from {args.file}.")
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
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
        if meta.get("engines"):
            text += f" ({', '.join(meta['engines'])} only)"
        print(f"| `{info.key}` | {default or '(empty)'} | {allowed} | {text.replace('|', '/')} |")
    return 0
