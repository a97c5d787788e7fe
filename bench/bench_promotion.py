"""Time of a promotion on a large store database: from "the official is dead" to "stores point here".

    python3 bench/bench_promotion.py [--size-mb 500]

The manual alternative is the seed's Option 3: a technician opening every store's screens
and retyping each host and path by hand (72 values for the 4 stores of the demo; the
generated database has 8 stores). What this measures is the automated part: the plan
(every value to change, plus the scan of every text column for other mentions of the old
host), fencing, the one-transaction apply with its undo record, and the switch of mode.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_core import generate  # noqa: E402

from app.paths import Home  # noqa: E402
from app.promotion.run import run_promotion  # noqa: E402
from app.settings.model import Settings  # noqa: E402
from app.settings.store import SettingsStore  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mb", type=int, default=500)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="bench-promotion-"))
    try:
        db = root / "store.db"
        generate(db, args.size_mb)
        shared = root / "shared"
        shared.mkdir()
        home = Home.resolve(root / "contingency").ensure()
        settings = Settings(enabled=True, mode="contingency", machine_name="CONTINGENCIA")
        settings.database.path = str(db)
        settings.contingency.source.path = str(shared)
        SettingsStore(home).save(settings)
        print(f"database: {db.stat().st_size / 1e6:.0f} MB, 8 stores")
        for dry_run in (True, False):
            started = time.perf_counter()
            result = run_promotion(settings, home, new_host="CONTINGENCIA", path_maps=[("\\\\OFICIAL\\MGV7", "D:\\MGV7")],
                                   old_host="OFICIAL", dry_run=dry_run, skip_catch_up=True)
            elapsed = time.perf_counter() - started
            label = "dry run (plan + scan)" if dry_run else "promotion (plan, fence, apply, mode)"
            print(f"{label:<40} {elapsed:6.2f} s  {len(result.plan.changes)} values, "
                  f"{len(result.plan.warnings)} warnings, completed={result.completed}")
        conn = sqlite3.connect(db)
        hosts = {row[0] for row in conn.execute("SELECT comm_control_host FROM stores")}
        conn.close()
        print(f"stores now point at: {', '.join(sorted(hosts))}")
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
