"""Shared helpers of the GUI tests: windows that clean up after themselves, a small
SQLite store database, and a form filled for a working official set-up.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Iterator

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QDialogButtonBox, QMessageBox, QPushButton

from app.paths import Home
from app.settings.store import SettingsStore


def make_sqlite_db(path: Path, rows: int = 2000) -> Path:
    """A small store database: items with prices, as the scales' catalogue."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT, price REAL, department INTEGER)")
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
            "INSERT INTO items SELECT i, 'ITEM ' || i, i * 0.37, i % 40 FROM n", (rows,))
    conn.close()
    return path


def window_factory(qtbot) -> Iterator:
    """Yields ``open(home, store)`` -> a shown SettingsWindow, shut down cleanly at the end."""
    from ui.settings_window import SettingsWindow

    windows = []

    def factory(home: Home, store: SettingsStore | None = None, **options):
        window = SettingsWindow(home, store or SettingsStore(home), **options)
        qtbot.addWidget(window, before_close_func=lambda w: w.shutdown())
        window._ask_unsaved = lambda: QMessageBox.Discard  # never a modal question in a test
        window.show()
        windows.append(window)
        return window

    yield factory
    for window in windows:
        window.shutdown()


def set_field(window, key: str, value) -> None:
    window.bindings[key].set(value)


def type_text(widget, text: str) -> None:
    widget.clear()
    widget.insert(text)


def fill_official_folder(qtbot, window, folder: Path, database: Path) -> None:
    """An enabled official machine backing up a SQLite file to one folder, typed and clicked in."""
    view = window.settings_view
    if not view.general.enabled.isChecked():
        click(qtbot, view.general.enabled)
    click(qtbot, view.mode.official_radio)
    choose(qtbot, window.widget("official.destination1.kind"), "Sh")  # Shared folder
    type_into(qtbot, window.widget("official.destination1.path").line, str(folder))
    choose(qtbot, window.widget("official.destination2.kind"), "No")  # Not used
    if not view.advanced_check.isChecked():
        click(qtbot, view.advanced_check)
    choose(qtbot, window.widget("database.engine"), "SQLi")
    type_into(qtbot, window.widget("database.path").line, str(database))
    assert window.collect().official.destination2.kind == "none"


def click(qtbot, widget) -> None:
    """A click where a person clicks: on the box of a check box or radio button, else the middle."""
    if isinstance(widget, QAbstractButton) and widget.isCheckable() and not isinstance(widget, QPushButton):
        qtbot.mouseClick(widget, Qt.LeftButton, pos=QPoint(8, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.LeftButton)


def type_into(qtbot, widget, text: str) -> None:
    """Select what the field holds and type over it, as a person does."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key_A, Qt.ControlModifier)
    if text:
        qtbot.keyClicks(widget, text)
    else:
        qtbot.keyClick(widget, Qt.Key_Backspace)


def choose(qtbot, combo, typed: str) -> None:
    """Pick a combo box's item as a person does with the keyboard: focus it, type its first letters."""
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new search, not the end of the last one
    combo.setFocus()
    qtbot.keyClicks(combo, typed)


def dialog_button(dialog, which):
    """A standard button (Ok, Cancel...) of a dialog's button box."""
    return dialog.findChild(QDialogButtonBox).button(which)
