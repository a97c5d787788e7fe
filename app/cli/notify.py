"""``notify test`` and ``notify account add|list|remove``: the e-mail account from the command line.

``app.notify.smtp`` is imported by ``notify test`` alone, so that building the command line does not
import smtplib, ssl and email for every command.
"""

from __future__ import annotations

import argparse

from ..errors import ContingencyError
from ..settings.model import EmailAccount
from .common import Commands, fail, open_instance, read_secret


def register(commands: Commands) -> None:
    notify = commands.add_parser("notify", help="e-mail notifications: send a test, manage accounts")
    sub = notify.add_subparsers(dest="notify_command", metavar="ACTION", required=True)
    test = sub.add_parser("test", help="send a test message and print the server's answer")
    test.add_argument("--account", default=None, help="account name (default: the chosen one)")
    test.set_defaults(func=cmd_test)
    account = sub.add_parser("account", help="register, list or remove e-mail accounts")
    acc = account.add_subparsers(dest="account_command", metavar="ACTION", required=True)
    add = acc.add_parser("add", help="register an account (or replace one with the same name)")
    add.add_argument("--name", required=True)
    add.add_argument("--host", required=True, help="SMTP server")
    add.add_argument("--port", type=int, default=587)
    add.add_argument("--security", choices=("none", "starttls", "ssl"), default="starttls")
    add.add_argument("--user", default="")
    add.add_argument("--sender", default="", help="sender address (default: the user)")
    add.add_argument("--recipient", action="append", required=True, help="repeat for several recipients")
    add.add_argument("--password-stdin", action="store_true",
                     help="read the password from standard input (never from the command line)")
    add.add_argument("--use", action="store_true", help="send notifications through this account")
    add.set_defaults(func=cmd_account_add)
    acc.add_parser("list", help="the registered accounts").set_defaults(func=cmd_account_list)
    remove = acc.add_parser("remove", help="remove an account and its saved password")
    remove.add_argument("name")
    remove.set_defaults(func=cmd_account_remove)


def _fail_one_line(message: str) -> int:
    """An SMTP server's answer may span lines: said on one."""
    return fail(" ".join(str(message).split()))


def cmd_test(args: argparse.Namespace) -> int:
    try:
        settings = open_instance(args, with_secrets=True).settings
        name = args.account or settings.notify.account
        if not name:
            return _fail_one_line("no e-mail account is chosen; give --account NAME or choose one with "
                         "'contingencia config set notify.account NAME'.")
        account = settings.account(name)
        if account is None:
            return _fail_one_line(f"there is no e-mail account named '{name}'; see 'contingencia notify account list'.")
        from ..notify.smtp import send_test  # smtplib and ssl only for this command
        answer = send_test(account, getattr(args, "lang", None) or settings.language,
                           machine=settings.machine_name)
    except ContingencyError as exc:
        return _fail_one_line(str(exc))
    print(f"Test message sent through '{name}' to {', '.join(account.recipients)}. Server: {answer}")
    return 0


def cmd_account_add(args: argparse.Namespace) -> int:
    try:
        inst = open_instance(args, with_secrets=False)
        store, settings = inst.store, inst.settings
        password = read_secret("Password: ") if args.password_stdin else None
        account = EmailAccount(name=args.name, host=args.host, port=args.port, security=args.security,
                               user=args.user, password=password, sender=args.sender,
                               recipients=list(args.recipient))
        replaced = settings.account(args.name) is not None
        settings.email_accounts = [a for a in settings.email_accounts if a.name != args.name] + [account]
        chosen = args.use or not settings.notify.account
        if chosen:
            settings.notify.account = args.name
        store.save(settings)
    except ContingencyError as exc:
        return _fail_one_line(str(exc))
    print(f"Account '{args.name}' {'replaced' if replaced else 'added'}"
          f"{'; notifications are sent through it' if chosen else ''}.")
    return 0


def cmd_account_list(args: argparse.Namespace) -> int:
    try:
        settings = open_instance(args, with_secrets=True).settings
    except ContingencyError as exc:
        return _fail_one_line(str(exc))
    if not settings.email_accounts:
        print("No e-mail account; add one with 'contingencia notify account add'.")
        return 0
    for a in settings.email_accounts:
        mark = "*" if a.name == settings.notify.account else " "
        print(f"{mark} {a.name}: {a.host}:{a.port} {a.security}, user {a.user or '-'} "
              f"(password {'saved' if a.password else 'not saved'}), from {a.sender or a.user or '-'} "
              f"to {', '.join(a.recipients) or '-'}")
    return 0


def cmd_account_remove(args: argparse.Namespace) -> int:
    try:
        inst = open_instance(args, with_secrets=False)
        store, settings = inst.store, inst.settings
        if settings.account(args.name) is None:
            return _fail_one_line(f"there is no e-mail account named '{args.name}'.")
        settings.email_accounts = [a for a in settings.email_accounts if a.name != args.name]
        if settings.notify.account == args.name:
            settings.notify.account = ""
        store.save(settings)  # which removes the account's saved password too
    except ContingencyError as exc:
        return _fail_one_line(str(exc))
    print(f"Account '{args.name}' removed.")
    return 0
