"""Start the GUI: application, translations, the settings window and the tray icon."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QSystemTrayIcon

from app.paths import Home
from app.settings.store import SettingsStore

from . import collector, i18n, icons
from .settings_window import SettingsWindow
from .tray import Tray
from .workers import StatusPoller

log = logging.getLogger(__name__)


class GuiApp:
    """Owns the poller, the window and the tray, and wires them together."""

    def __init__(self, home: Home, lang: str | None) -> None:
        self.qt = collector.application(sys.argv[:1])
        self.qt.setApplicationName("Contingencia")
        self.qt.setApplicationDisplayName("Contingência")
        self.qt.setWindowIcon(icons.icon("idle"))
        self.store = SettingsStore(home)
        settings = self.store.load(with_secrets=False)
        self.lang = i18n.install(self.qt, lang or settings.language or None)
        self.poller = StatusPoller(home, settings, store=self.store)
        self.window = SettingsWindow(home, self.store, self.poller, lang=self.lang)
        self.tray: Tray | None = None
        if QSystemTrayIcon.isSystemTrayAvailable():
            self._add_tray(home)
        else:
            log.info("no system tray: the window alone")
        self.poller.start()

    def _add_tray(self, home: Home) -> None:
        self.tray = Tray(home)
        self.poller.updated.connect(self.tray.show_snapshot)
        self.tray.open_settings.connect(self.show_window)
        self.tray.run_now.connect(self.window.run_now)
        self.tray.quit_requested.connect(self.quit)
        self.window.notice.connect(self._notice)
        self.window.hide_on_close = True  # closing the window leaves the tray icon
        self.qt.setQuitOnLastWindowClosed(False)
        self.tray.show()

    def _notice(self, text: str, error: bool) -> None:
        """With the window hidden (the tray's "Executar agora"), its messages come as tray balloons."""
        if self.tray is not None and not self.window.isVisible():
            icon = QSystemTrayIcon.Warning if error else QSystemTrayIcon.Information
            self.tray.icon.showMessage("Contingência", text, icon, 8000)

    def show_window(self) -> None:
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()

    def quit(self) -> None:
        self.window.hide_on_close = False
        if self.window.close():
            self.poller.stop()
            self.qt.quit()

    def exec(self) -> int:
        self.show_window()
        code = self.qt.exec()
        self.window.shutdown()
        self.poller.stop()
        return code


def run(home: Home, lang: str | None = None) -> int:
    """The ``contingencia gui`` entry point; returns the exit code."""
    return GuiApp(home, lang).exec()
