"""How long the GUI thread's garbage collections take with the settings window open (ui/collector.py).

The window's process collects on the GUI thread only, from a timer: the young generations as often
as CPython would, the full collection every few minutes. This measures each kind 30 times with the
settings window shown, wall and CPU time, with what existed at the start frozen (as the product
does) and, for comparison, without the freeze.

    python bench/bench_gc_pause.py

Runs offscreen (QT_QPA_PLATFORM=offscreen unless set); each variant in a process of its own.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "app.settings.secrets.FileKeyring")
ROUNDS = 30


def measure(frozen: bool) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-gc-"))
    os.environ["CONTINGENCIA_HOME"] = str(work)
    os.environ["CONTINGENCIA_SECRETS_FILE"] = str(work / "secrets.json")
    from app.paths import Home
    from app.settings.store import SettingsStore
    from ui import collector
    from ui.settings_window import SettingsWindow

    app = collector.application(sys.argv[:1])
    if not frozen:
        gc.unfreeze()
    home = Home.resolve(work).ensure()
    window = SettingsWindow(home, SettingsStore(home))
    window.show()
    for _ in range(50):
        app.processEvents()
        time.sleep(0.01)
    print(f"{'frozen' if frozen else 'not frozen'}: {gc.get_freeze_count()} objects frozen, "
          f"{len(gc.get_objects())} tracked")
    for generation in (0, 1, 2):
        walls, cpu = [], 0.0
        for _ in range(ROUNDS):
            garbage = [[i] for i in range(800)]  # a few hundred young objects, as the window makes
            del garbage
            wall, started_cpu = time.perf_counter(), time.process_time()
            gc.collect(generation)
            walls.append(time.perf_counter() - wall)
            cpu += time.process_time() - started_cpu
        walls.sort()
        print(f"  generation {generation}: wall median {walls[ROUNDS // 2] * 1000:.2f} ms, "
              f"max {walls[-1] * 1000:.2f} ms; CPU {cpu / ROUNDS * 1000:.2f} ms each")
    window.shutdown()


def main() -> int:
    if len(sys.argv) > 1:
        measure(sys.argv[1] == "frozen")
        return 0
    print(f"load average {os.getloadavg()[0]:.1f}")
    for variant in ("frozen", "plain", "frozen", "plain"):  # interleaved: the machine's load varies
        subprocess.run([sys.executable, __file__, variant], check=True)
    print(f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
