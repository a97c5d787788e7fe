"""``retry`` and ``accept``: let the next check take the rejected bundle again (contingency mode)."""

from __future__ import annotations

import argparse

from .common import Commands, open_instance


def register(commands: Commands) -> None:
    commands.add_parser("retry", help="try the rejected bundle again at the next check (contingency mode)"
                        ).set_defaults(func=lambda a: cmd_release(a, False))
    commands.add_parser("accept", help="restore the rejected bundle even though it comes from another official "
                                       "or shrank drastically (contingency mode, once)"
                        ).set_defaults(func=lambda a: cmd_release(a, True))


def cmd_release(args: argparse.Namespace, accept: bool) -> int:
    from ..cycles import release_rejected
    from ..journal import Journal
    inst = open_instance(args, with_secrets=False)
    released = release_rejected(Journal(inst.home.journal_file), accept=accept)
    if released is None:
        print("No bundle is rejected: nothing to do.")
        return 0
    what = "accepted: the next check restores it (the identity and size checks let it through once)" if accept \
        else "will be tried again at the next check"
    print(f"{released['bundle']} {what}. Run 'contingencia restore-now' to do it now.")
    return 0
