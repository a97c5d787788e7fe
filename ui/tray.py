"""The tray icon: its colour and tooltip follow ``status.collect()["state"]`` (B5).

green: idle (healthy); blue: running; yellow: warning or official silent;
red: error or fenced; grey: contingency mode off. On the official, each contingency server's
state (app/acks.py) is a line of the tooltip and of the menu. The menu opens the settings,
runs a cycle now, opens the log folder, and quits.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QMenu, QSystemTrayIcon

from app.paths import Home

from . import icons, texts
from .views.partials import pair as pair_texts
from .workers import Snapshot

TOOLTIP_MAX = 120  # some desktops cut longer tooltips


class Tray(QObject):
    """The tray icon and its menu; ``state`` and ``tooltip`` are kept even when no tray is shown."""

    open_settings = Signal()
    run_now = Signal()
    quit_requested = Signal()

    def __init__(self, home: Home, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.state = ""
        self.tooltip = ""
        self.icon = QSystemTrayIcon(self)
        self.menu = QMenu()
        self._build_menu()
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.set_state("idle", "")

    def _build_menu(self) -> None:
        # the first line repeats the state, for desktops that show no tooltip
        self.state_action = QAction(self.menu)
        self.state_action.triggered.connect(self.open_settings)
        self.menu.addAction(self.state_action)
        self.pair_actions: list[QAction] = []  # the official's contingency servers, one line each
        self.separator = self.menu.addSeparator()
        self.open_action = QAction(self.tr("Open settings"), self.menu)
        self.run_action = QAction(self.tr("Run now"), self.menu)
        self.logs_action = QAction(self.tr("Open log folder"), self.menu)
        self.quit_action = QAction(self.tr("Quit"), self.menu)
        self.open_action.triggered.connect(self.open_settings)
        self.run_action.triggered.connect(self.run_now)
        self.logs_action.triggered.connect(self.open_logs)
        self.quit_action.triggered.connect(self.quit_requested)
        self.menu.addAction(self.open_action)
        self.menu.addAction(self.run_action)
        self.menu.addAction(self.logs_action)
        self.menu.addSeparator()
        self.menu.addAction(self.quit_action)

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (QSystemTrayIcon.Trigger, QSystemTrayIcon.DoubleClick):
            self.open_settings.emit()

    def open_logs(self) -> bool:
        self.home.log_dir.mkdir(parents=True, exist_ok=True)
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.home.log_dir)))

    def show_snapshot(self, snapshot: Snapshot) -> None:
        status = snapshot.status
        machine = status.get("machine") or ""
        title = f"{machine} ({texts.mode_name(status['mode'])})" if machine and status.get("mode") else machine
        self.set_state(status.get("state", "error"), texts.status_text(status), title)
        self.show_increments(texts.increments_text(status.get("worker") or {}))
        self.show_contingencies((status.get("pair") or {}).get("contingencies") or [])

    def show_increments(self, text: str) -> None:
        """The incremental mode the worker runs, under the state in the tooltip."""
        if text:
            self.tooltip += "\n" + text
            self.icon.setToolTip(self.tooltip)

    def show_contingencies(self, entries: list[dict]) -> None:
        """On the official, one line per contingency server, in the tooltip and the menu (after the state)."""
        lines = [pair_texts.short_line(entry) for entry in entries]
        for action in self.pair_actions[len(lines):]:
            self.menu.removeAction(action)
        del self.pair_actions[len(lines):]
        while len(self.pair_actions) < len(lines):
            action = QAction(self.menu)
            action.triggered.connect(self.open_settings)
            self.menu.insertAction(self.separator, action)
            self.pair_actions.append(action)
        for action, line in zip(self.pair_actions, lines):
            action.setText(line)
        if lines:
            self.tooltip += "\n" + "\n".join(lines)
            self.icon.setToolTip(self.tooltip)

    def set_state(self, state: str, text: str, machine: str = "") -> None:
        """``text`` is the summary already in the interface's language; ``machine`` the machine and its mode."""
        tooltip = (self.tr("Contingency %1: %2").replace("%1", machine) if machine
                   else self.tr("Contingency: %1")).replace("%2" if machine else "%1", texts.state_name(state))
        if text:
            tooltip += "\n" + (text if len(text) <= TOOLTIP_MAX else text[:TOOLTIP_MAX - 1] + "…")
        if state != self.state:
            self.icon.setIcon(icons.icon(state))
            self.state_action.setIcon(icons.icon(state))
        self.state_action.setText(tooltip.splitlines()[0])
        self.state, self.tooltip = state, tooltip
        self.icon.setToolTip(tooltip)

    @property
    def family(self) -> str:
        """ok, running, warning, error or off: the colour the icon shows."""
        return icons.family(self.state)

    def show(self) -> None:
        self.icon.show()
