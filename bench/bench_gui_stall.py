"""The longest stall of the GUI thread while "Executar agora" runs a full backup cycle.

A 10 ms QTimer on the main thread records the gap between its ticks while the
settings window runs a backup of a generated SQLite database (default ~150 MB)
into a folder destination. A gap well above 10 ms is time the GUI could not
repaint or answer a click.

    python bench/bench_gui_stall.py [--mb 150] [--keep DIR]

Runs offscreen (QT_QPA_PLATFORM=offscreen unless set).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "app.settings.secrets.FileKeyring")

TICK_MS = 10
ROW_BYTES = 130  # about what one generated row takes on disk


def make_database(path: Path, megabytes: int) -> float:
    """A store-like table of ``megabytes`` MB, generated inside SQLite (seconds taken)."""
    started = time.perf_counter()
    rows = megabytes * 1_000_000 // ROW_BYTES
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price REAL, code TEXT)")
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO items SELECT i, 'ITEM ' || i, i * 0.37, hex(randomblob(40)) FROM n", (rows,))
    conn.close()
    return time.perf_counter() - started


class StallMeter:
    """Gaps between the ticks of a 10 ms timer on the GUI thread."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((now - self.last) * 1000)
        self.last = now

    def stop(self) -> None:
        self.timer.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=int, default=150, help="size of the generated database (MB)")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-gui-stall-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["CONTINGENCIA_HOME"] = str(work / "home")
    os.environ["CONTINGENCIA_SECRETS_FILE"] = str(work / "home" / "secrets.json")

    from PySide6.QtTest import QTest

    from app.paths import Home
    from app.settings.store import SettingsStore
    from ui import collector
    from ui.settings_window import SettingsWindow

    database = work / "loja.db"
    if not database.exists():
        took = make_database(database, args.mb)
        print(f"generated {database.stat().st_size / 1e6:.0f} MB in {took:.1f} s")
    share = work / "share"
    share.mkdir(exist_ok=True)

    app = collector.application(sys.argv[:1])
    home = Home.resolve(work / "home").ensure()
    window = SettingsWindow(home, SettingsStore(home))
    window.show()
    for key, value in (("enabled", True), ("mode", "official"), ("official.destination1.kind", "folder"),
                       ("official.destination1.path", str(share)), ("official.destination2.kind", "none"),
                       ("database.engine", "sqlite"), ("database.path", str(database))):
        window.bindings[key].set(value)
    assert window.save(), window.message.text()
    QTest.qWait(300)

    meter = StallMeter()
    meter.start()
    started = time.perf_counter()
    window.buttons.run_button.click()
    while window.buttons.last_cycle is None:
        QTest.qWait(5)
    duration = time.perf_counter() - started
    meter.stop()
    result, message, _run_id = window.buttons.last_cycle
    gaps = sorted(meter.gaps)
    p99 = gaps[int(len(gaps) * 0.99) - 1] if gaps else 0.0
    print(f"cycle: {result} in {duration:.1f} s ({message})")
    print(f"timer ticks: {len(gaps)}, median gap {statistics.median(gaps):.1f} ms, "
          f"p99 {p99:.1f} ms, longest main-thread stall {gaps[-1]:.1f} ms")
    window.shutdown()
    app.processEvents()
    return 0 if result == "ok" else 1


if __name__ == "__main__":
    sys.exit(main())
