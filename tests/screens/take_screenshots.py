"""Render each screen in pt_BR and save PNGs: ``python take_screenshots.py OUT_DIR``.

Run by tests/test_screenshots.py under Xvfb (QT_QPA_PLATFORM=xcb), or offscreen as
a fallback. Every screen is filled with a plausible store set-up, in a throw-away
home, so the pictures show what an operator sees.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="contingencia-screens-"))
os.environ["CONTINGENCIA_HOME"] = str(WORK / "home")
os.environ["CONTINGENCIA_SECRETS_FILE"] = str(WORK / "home" / "secrets.json")
os.environ["PYTHON_KEYRING_BACKEND"] = "app.settings.secrets.FileKeyring"

from PySide6.QtCore import QLocale, QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QGridLayout, QHBoxLayout, QLabel, QWidget  # noqa: E402

from app.journal import Journal  # noqa: E402
from app.paths import Home  # noqa: E402
from app.settings.model import EmailAccount, Settings  # noqa: E402
from app.settings.store import SettingsStore  # noqa: E402
from ui import collector, i18n, icons, texts  # noqa: E402
from ui.views.partials.email_dialog import EmailAccountDialog  # noqa: E402
from ui.settings_window import SettingsWindow  # noqa: E402
from ui.tray import Tray  # noqa: E402

ACCOUNT = EmailAccount(name="TI Supermercado", host="smtp.supermercado.com.br", port=587, security="starttls",
                       user="contingencia", password="x", sender="contingencia@supermercado.com.br",
                       recipients=["ti@supermercado.com.br", "gerente.loja01@supermercado.com.br"])


def official_settings() -> Settings:
    s = Settings(enabled=True, mode="official", machine_name="MGV-OFICIAL")
    s.database.engine = "sqlite"
    s.database.path = str(WORK / "mgv7.db")
    s.official.destination1.kind = "folder"
    s.official.destination1.path = "\\\\CONTINGENCIA01\\BackupMGV7"
    s.official.destination2.kind = "ftp"
    s.official.destination2.host = "192.168.10.20"
    s.official.destination2.port = 21
    s.official.destination2.user = "mgv7"
    s.official.destination2.path = "/contingencia"
    s.official.schedule = "times"
    s.official.times = ["07:00", "12:30", "19:00"]
    s.official.compression = 6
    s.email_accounts = [ACCOUNT]
    s.notify.account = ACCOUNT.name
    return s


def contingency_settings() -> Settings:
    s = official_settings()
    s.mode = "contingency"
    s.machine_name = "MGV-CONTINGENCIA"
    s.contingency.source.kind = "ftp"
    s.contingency.source.host = "192.168.10.10"
    s.contingency.source.port = 21
    s.contingency.source.user = "mgv7"
    s.contingency.source.path = "/contingencia"
    s.contingency.temp_folder = "C:\\MGV7\\Contingencia\\Temp"
    s.database.engine = "sqlserver"
    s.database.server = "MGV-CONTINGENCIA\\SQLEXPRESS"
    s.database.name = "MGV7"
    s.database.auth = "windows"
    s.database.data_folder = "D:\\SQLData"
    return s


def settle(ms: int = 400) -> None:
    """Let events run for ``ms``; sleeping between rounds lets the status poll's thread have the
    interpreter (QTest.qWait holds it, so a poll would wait until the script is done)."""
    deadline = time.monotonic() + ms / 1000
    while time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def wait_for_status(window: SettingsWindow) -> None:
    """The first journal read arrives from a pool thread: wait for it, then let the layout settle."""
    deadline = time.monotonic() + 10
    while window.poller.last is None and time.monotonic() < deadline:
        settle(20)
    print("status:", window.poller.last.status["state"] if window.poller.last else "not read")
    settle()


def save(widget, out: Path, name: str) -> None:
    image = widget.grab()
    image.save(str(out / name))
    print(f"{name}: {image.width()}x{image.height()}")


def new_home(name: str) -> tuple[Home, SettingsStore]:
    home = Home.resolve(WORK / name).ensure()
    return home, SettingsStore(home)


def shot_official(out: Path) -> None:
    home, store = new_home("official")
    store.save(official_settings())
    fake_history(home, 3)
    window = SettingsWindow(home, store, lang="pt_BR")
    window.show()
    wait_for_status(window)
    save(window, out, "settings-official.png")
    window.tabs.setCurrentIndex(2)
    window.history_view.table.selectRow(12 - 1 - 3)  # the partial run: its error and steps show below
    settle()
    save(window, out, "history.png")
    worker_running(home, next_run=time.time() + 2 * 3600)
    window.poller.poll()
    window.tabs.setCurrentIndex(1)
    settle(1200)
    save(window, out, "status.png")
    # the operator has typed a name; meanwhile `contingencia config set` changes it and the retention
    window.tabs.setCurrentIndex(0)
    window.settings_view.advanced_check.setChecked(True)
    window.bindings["machine_name"].focus.setText("MGV-OFICIAL-LOJA01")
    store.set_key("machine_name", "MGV-SERVIDOR")
    store.set_key("official.retention", "5")
    deadline = time.monotonic() + 10
    while window.elsewhere_bar.isHidden() and time.monotonic() < deadline:
        settle(50)
    window.settings_view.advanced_check.setChecked(False)
    window.settings_view.verticalScrollBar().setValue(0)
    settle()
    save(window, out, "settings-changed-elsewhere.png")
    window.shutdown()
    window.deleteLater()


def worker_running(home: Home, next_run: float | None = None) -> None:
    """The background service's heartbeat, as a running worker writes it."""
    from app.clock import iso_from_timestamp
    Journal(home.journal_file).set_state("worker", {"pid": os.getpid(), "heartbeat": time.time(),
                                                    "next_run": iso_from_timestamp(next_run) if next_run else None})


def shot_contingency_status(out: Path) -> None:
    """The contingency's dashboard while the official is 25 minutes late, inside the grace."""
    from app.clock import iso_from_timestamp
    home, store = new_home("contingency-status")
    settings = contingency_settings()
    settings.contingency.silent_grace_min = 60
    store.save(settings)
    journal = Journal(home.journal_file)
    now = time.time()
    created = now - 85 * 60
    bundle = f"mgv7_{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime(created))}_000112.zip"
    marker = {"bundle": bundle, "size": 48_900_000, "sha256": "a" * 64, "sequence": 112, "epoch": 1,
              "created": iso_from_timestamp(created), "interval_min": 60, "source_host": "MGV-OFICIAL"}
    with journal.run("restore", "schedule") as run:
        with run.step("download"):
            pass
        with run.step("verify"):
            pass
        with run.step("restore"):
            pass
        run.set(bundle=bundle, bytes=48_900_000, sequence=112, epoch=1)
    shift_run(home, run.id, created + 240, 38.5)
    journal.set_state("contingency.last_marker", marker)
    journal.set_state("contingency.last_restored", {"bundle": bundle, "sequence": 112, "epoch": 1,
                                                    "created": marker["created"],
                                                    "restored_at": iso_from_timestamp(created + 280),
                                                    "sha256": marker["sha256"]})
    journal.set_state("contingency.last_poll", {"at": iso_from_timestamp(now - 40), "result": "nothing",
                                                "message": "Nothing new"})
    worker_running(home, next_run=now + 20)
    window = SettingsWindow(home, store, lang="pt_BR")
    window.show()
    wait_for_status(window)
    window.tabs.setCurrentIndex(1)
    settle(800)
    save(window, out, "status-contingency.png")
    window.shutdown()
    window.deleteLater()


def shot_contingency(out: Path) -> None:
    home, store = new_home("contingency")
    store.save(contingency_settings())
    window = SettingsWindow(home, store, lang="pt_BR")
    window.show()
    wait_for_status(window)
    save(window, out, "settings-contingency.png")
    window.settings_view.advanced_check.setChecked(True)
    settle()
    # scroll so the check box and the top of the advanced options lead the picture
    top = window.settings_view.advanced_check.mapTo(window.settings_view.widget(), QPoint(0, 0)).y()
    window.settings_view.verticalScrollBar().setValue(max(0, top - 260))
    settle()
    save(window, out, "settings-advanced.png")
    window.shutdown()
    window.deleteLater()


def shot_email(out: Path) -> None:
    dialog = EmailAccountDialog(None, account=ACCOUNT, password_saved=True, lang="pt_BR")
    dialog.show()
    settle(200)
    save(dialog, out, "email-account.png")
    dialog.close()


def shot_tray(out: Path) -> None:
    """The tray menu, with the icon of each state beside it (the menu alone says little)."""
    home, _store = new_home("tray")
    tray = Tray(home)
    tray.set_state("idle", "No backup yet.")
    tray.menu.popup(QPoint(40, 40))
    settle(300)
    menu_picture = tray.menu.grab()
    tray.menu.hide()
    sheet = QWidget()
    layout = QHBoxLayout(sheet)
    menu_label = QLabel()
    menu_label.setPixmap(menu_picture)
    layout.addWidget(menu_label, 0, Qt.AlignTop)
    legend = QGridLayout()
    for row, state in enumerate(("idle", "running", "warning", "official_silent", "error", "fenced", "disabled")):
        icon = QLabel()
        icon.setPixmap(icons.pixmap(state, 22))
        legend.addWidget(icon, row, 0)
        legend.addWidget(QLabel(texts.state_name(state)), row, 1)
    layout.addLayout(legend)
    sheet.show()
    settle(200)
    save(sheet, out, "tray-menu.png")
    sheet.close()


def fake_history(home: Home, failed_index: int) -> None:
    """Twelve hourly backups, one of them failed, with realistic times and sizes."""
    journal = Journal(home.journal_file)
    now = time.time()
    for index in range(12):
        with journal.run("backup", "schedule") as run:
            with run.step("backup"):
                pass
            with run.step("bundle"):
                pass
            with run.step("publish destination 1"):
                pass
            if index != failed_index:
                with run.step("publish destination 2"):
                    pass
            if index == failed_index:
                try:
                    with run.step("publish destination 2"):
                        raise OSError("destino 2: FTP 192.168.10.20:21 não respondeu em 30 s. "
                                      "Verifique se o servidor FTP está ligado.")
                except OSError as exc:
                    run.result, run.error = "partial", str(exc)
            created = time.gmtime(now - (12 - index) * 3600)
            run.set(bundle=f"mgv7_{time.strftime('%Y%m%dT%H%M%SZ', created)}_{index + 101:06d}.zip",
                    bytes=48_200_000 + index * 91_000, sequence=index + 101, epoch=1)
        shift_run(home, run.id, now - (12 - index) * 3600, 14.2 + index * 0.3)


def shift_run(home: Home, run_id: int, started: float, duration: float) -> None:
    """Spread the fake runs over the last hours (the journal records 'now' by design)."""
    with sqlite3.connect(home.journal_file) as conn:
        conn.execute("UPDATE runs SET started=?, finished=? WHERE id=?", (started, started + duration, run_id))
        steps = conn.execute("SELECT id FROM steps WHERE run_id=? ORDER BY id", (run_id,)).fetchall()
        for number, (step_id,) in enumerate(steps):
            begin = started + number * duration / max(len(steps), 1)
            conn.execute("UPDATE steps SET started=?, finished=?, bytes=? WHERE id=?",
                         (begin, begin + duration / max(len(steps), 1), 48_000_000, step_id))
    conn.close()


def main() -> int:
    out = Path(sys.argv[1]).resolve()
    out.mkdir(parents=True, exist_ok=True)
    app = collector.application(sys.argv[:1])
    QLocale.setDefault(QLocale("pt_BR"))
    i18n.install(app, "pt_BR")
    print(f"platform: {app.platformName()}")
    shot_official(out)
    shot_contingency(out)
    shot_contingency_status(out)
    shot_email(out)
    shot_tray(out)
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
