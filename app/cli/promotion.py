"""``promote``: preview, apply or undo the promotion from the command line."""

from __future__ import annotations

import argparse
import sys

from ..errors import ContingencyError, PromotionError
from .common import Commands, Instance, answered_yes, fail, open_instance


def register(commands: Commands) -> None:
    p = commands.add_parser(
        "promote", help="make this contingency server the official one (preview with --dry-run, or --undo)",
        description="Catch up, fence the old official, rewrite the application's settings (hosts for all "
                    "stores, path prefixes) in one transaction, run the service hooks and switch to official mode.")
    p.add_argument("--new-host", help="name or IP the stores will use to reach this machine "
                                      "(default: promotion.new_host)")
    p.add_argument("--old-host", help="the old official's name(s), comma-separated "
                                      "(default: from the last backup and the backup-computer setting)")
    p.add_argument("--map", action="append", default=None, metavar="OLD=NEW",
                   help="path prefix change, e.g. '\\\\OFICIAL\\MGV7=D:\\MGV7' (repeatable; "
                        "default: promotion.path_maps)")
    p.add_argument("--profile", help="application profile TOML (default: promotion.profile)")
    p.add_argument("--dry-run", action="store_true", help="print the plan and change nothing")
    p.add_argument("--create-folders", action="store_true", help="create the missing local folders (F14)")
    p.add_argument("--skip-catch-up", action="store_true", help="do not look for a newer backup first")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument("--undo", action="store_true", help="put back the values the last promotion changed")
    p.set_defaults(func=cmd_promote)


def cmd_promote(args: argparse.Namespace) -> int:
    try:
        inst = open_instance(args)
    except ContingencyError as exc:
        return fail(str(exc), 2)
    if args.undo:
        return _undo(inst)
    try:
        options = _options(args, inst.settings)
    except PromotionError as exc:
        return fail(str(exc), 2)
    return _promote(args, inst, options)


def _options(args: argparse.Namespace, settings) -> dict:
    from ..promotion.pathmap import parse_map
    new_host = (args.new_host or settings.promotion.new_host or "").strip()
    if not new_host:
        raise PromotionError("--new-host is missing.",
                             hint="Give the name or IP the stores will use to reach this machine, "
                                  "e.g. --new-host CONTINGENCIA.")
    texts = args.map if args.map is not None else settings.promotion.path_maps
    maps = [parse_map(text) for text in texts]
    return {"new_host": new_host, "path_maps": [(m.old, m.new) for m in maps],
            "profile_path": args.profile or None, "old_host": args.old_host or None,
            "create_folders": args.create_folders, "skip_catch_up": args.skip_catch_up}


def _promote(args: argparse.Namespace, inst: Instance, options: dict) -> int:
    from ..runs import notifier_sinks
    from ..promotion.run import run_promotion
    try:
        preview = run_promotion(inst.settings, inst.home, dry_run=True, trigger="cli", **options)
    except PromotionError as exc:
        return fail(str(exc), 2)
    except ContingencyError as exc:
        return fail(str(exc))
    print(preview.plan.render())
    print(preview.report())
    if args.dry_run:
        return 0
    if not args.yes and not _confirm():
        return fail("not confirmed; nothing was changed (use --yes to skip the question).", 1)
    # the preview only said whether a newer backup waits (a dry run restores nothing): the
    # promotion itself catches up, unless --skip-catch-up said not to
    try:
        with notifier_sinks(inst.settings, inst.home) as sinks:
            result = run_promotion(inst.settings, inst.home, trigger="cli", progress=_print_progress,
                                   events=sinks, **options)
    except ContingencyError as exc:
        return fail(str(exc))
    print(result.report())
    if result.plan and result.plan.changes != preview.plan.changes:
        print("Note: the database changed between the preview and the promotion; the values above were applied.")
    return 0 if result.completed else fail(result.error or "the promotion did not finish.")


def _confirm() -> bool:
    if not sys.stdin.isatty():
        print("contingencia: refusing to promote without a terminal to confirm; use --yes.", file=sys.stderr)
        return False
    return answered_yes("The official server is down and this machine becomes the official. Apply? [y/N] ")


def _print_progress(done: int, total: int, text: str) -> None:
    print(f"[{done}/{total}] {text}", file=sys.stderr)


def _undo(inst: Instance) -> int:
    from ..promotion.undo import undo_promotion
    try:
        print(undo_promotion(inst.settings, inst.home))
    except ContingencyError as exc:
        return fail(str(exc))
    return 0
