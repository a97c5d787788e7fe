"""``test-connection`` and ``trust``: reach the destinations (or the source) and pin what they present."""

from __future__ import annotations

import argparse
import sys

from ..settings.model import get_value
from .common import Commands, answered_yes, fail, open_instance

#: the ``trust`` argument and the settings it names
ENDPOINT_KEYS = {"destination1": "official.destination1", "destination2": "official.destination2",
                 "source": "contingency.source"}


def register(commands: Commands) -> None:
    commands.add_parser("test-connection", help="check the destinations (or the source) and the database"
                        ).set_defaults(func=cmd_test_connection)
    p = commands.add_parser("trust", help="show an SFTP host key or FTPS certificate and pin it once accepted")
    p.add_argument("endpoint", choices=sorted(ENDPOINT_KEYS))
    p.add_argument("--yes", action="store_true", help="accept without asking (after checking the fingerprint)")
    p.set_defaults(func=cmd_trust)


def cmd_test_connection(args: argparse.Namespace) -> int:
    from ..cycles import check_connections
    inst = open_instance(args)
    results = check_connections(inst.settings, inst.home)
    for label, ok, message in results:
        print(f"[{'ok' if ok else 'FAILED'}] {message}")
    return 0 if all(ok for _, ok, _ in results) else 1


def cmd_trust(args: argparse.Namespace) -> int:
    """Show the server's fingerprint and pin it once the operator accepts."""
    from ..settings.model import set_value
    from ..trust import presented_fingerprint
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
        if not answered_yes("Compare it with the server's. Trust it? [y/N] "):
            return fail("not accepted; nothing was changed.", 1)
    set_value(inst.settings, f"{prefix}.{presented.field}", presented.fingerprint)
    inst.store.save(inst.settings)
    print(f"Saved as {prefix}.{presented.field}.")
    return 0
