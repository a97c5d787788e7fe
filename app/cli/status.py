"""``status``: mode, last backup and restore, data age, the current step, the worker, and the pair's
acknowledgements (on the official, read from each destination now unless the worker read them
within two minutes)."""

from __future__ import annotations

import argparse
import json

from .common import Commands, open_instance


def register(commands: Commands) -> None:
    p = commands.add_parser("status", help="mode, last backup and restore, data age, current state")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    from ..acks import pair_lines, reading_due, refresh
    from ..journal import Journal
    from ..clock import format_age
    from ..sizes import in_units
    from ..phrases import from_data
    from ..status import collect
    inst = open_instance(args, with_secrets=False)
    if reading_due(inst.settings, Journal(inst.home.journal_file)):  # the acknowledgements, read now
        if any(endpoint.kind != "folder" for _, endpoint in inst.settings.official.destinations()):
            inst = open_instance(args)  # a server's password: a folder needs none (nor keyring)
        refresh(inst.settings, Journal(inst.home.journal_file))
    status = collect(inst.settings, inst.home)
    if args.json:
        print(json.dumps(status, indent=2, default=str))
        return 0
    print(f"Machine:      {status['machine']}")
    print(f"Mode:         {status['mode']} ({'enabled' if status['enabled'] else 'disabled'})")
    print(f"State:        {status['state']} - {status['summary']}")
    worker = status["worker"]
    print(f"Worker:       {'running (pid %s), next run %s' % (worker['pid'], worker['next_run']) if worker['running'] else 'not running'}")
    increments = worker.get("increments") or {}
    if increments.get("continuous"):
        print(f"Increments:   continuous, at most one every {increments['gap_s']} s")
    if increments.get("interval_s"):
        print(f"Increments:   published within {increments['interval_s'] // 60} min of the last, next at "
              f"{increments['next']}")
    if increments.get("overrun"):
        print(f"{'':<14}{from_data(increments['overrun'])}")
    for label, key in (("Last backup", "last_backup"), ("Last restore", "last_restore")):
        run = status[key]
        if run:
            size = f", {in_units(run['size'])} MB" if run.get("size") else ""
            dur = f", {run['duration_s']:.1f} s" if run.get("duration_s") is not None else ""
            print(f"{label + ':':<14}{run['when']} {run['result']} {run['bundle'] or ''}{size}{dur}")
            if run.get("error"):
                print(f"{'':<14}{run['error']}")
    if inst.settings.mode == "contingency":
        print(f"Data age:     {format_age(status['data_age_s'])}")
    if status["current"]:
        cur = status["current"]
        print(f"Current:      {cur['kind']} / {cur['step']} for {cur['step_running_s']:.0f} s "
              f"({in_units(cur['done_bytes'])} of {in_units(cur['total_bytes'])} MB)")
    if status.get("notify") and not status["notify"].get("ok", True):
        print(f"E-mail:       last send failed: {status['notify'].get('error')}")
    for line in pair_lines(status.get("pair"), inst.settings.mode):
        print(line)
    disk = status["disk"]
    print(f"Disk use:     {in_units(disk['home_bytes'])} MB in {status['home']} "
          f"({in_units(disk['work_bytes'])} MB of work files)")
    return 0
