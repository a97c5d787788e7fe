"""The "Configuração de Contingência" window, laid out like MGV7's screen.

Tabs: the settings form (groups in the order and words of MGV7), the status panel
and the run history. Buttons: Assistente, Testar conexão, Executar agora, Salvar,
Fechar.

Enabling rules (F1, F4):
- Only the chosen mode's group is enabled: in contingency mode the official's
  parameters are disabled, and in official mode the contingency's.
- With the general switch off, the parameters stay editable, so a machine can be
  prepared before it is switched on; a note says that nothing runs, and
  "Executar agora" explains instead of running.
- The database connection and the e-mail notifications serve both modes and stay
  enabled. The database sits under "Exibir opções avançadas" (in MGV7 it is implicit);
  a validation error in a hidden field opens the advanced options.
"""

from __future__ import annotations

import copy
import importlib.util
import logging
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QDialog, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QMainWindow, QMessageBox, QPushButton, QRadioButton, QScrollArea,
                               QTabWidget, QVBoxLayout, QWidget)

from app.errors import ContingencyError, SettingsError
from app.paths import Home
from app.runtime.service import request_run_now
from app.settings.model import EVENT_KINDS, EmailAccount, Settings, flat_keys, get_value, key_info, set_value
from app.settings.store import SettingsInvalid, SettingsStore
from app.cycles import check_connections

from . import icons, texts
from .texts import local_time
from .endpoint_editor import EndpointEditor
from .widgets import ERROR_STYLE, Binding, ComboBox, FieldFrame, PasswordEdit, PathEdit, SpinBox, TimeLine
from .operations import BackgroundOp
from .views.history_view import HistoryView
from .views.partials.accounts import AccountsRow
from .views.partials.changed_elsewhere import ChangedElsewhereBar, merge
from .views.status_view import StatusView, machine_text
from .workers import CycleThread, Snapshot, StatusPoller

log = logging.getLogger(__name__)

SECRET_KEYS = [info.key for info in flat_keys() if info.meta.get("secret")]


class SettingsWindow(QMainWindow):
    """The settings form with its status panel and history."""

    saved_settings = Signal(object)  # Settings, after a successful save
    notice = Signal(str, bool)  # every message shown at the bottom (text, is an error): the tray repeats it

    def __init__(self, home: Home, store: SettingsStore | None = None, poller: StatusPoller | None = None,
                 lang: str = "en", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.home = home
        self.store = store or SettingsStore(home)
        self.lang = lang
        self.saved_generation = self.store.generation()
        self.saved = self.store.load(with_secrets=False)
        self.bindings: dict[str, Binding] = {}
        self.cycle_thread: CycleThread | None = None
        self.test_op: BackgroundOp | None = None
        self.undo_op: BackgroundOp | None = None
        self.hide_on_close = False  # True when a tray icon keeps the application alive
        self.setWindowTitle(self.tr("Contingency settings"))
        self.setWindowIcon(icons.icon("idle"))
        self._build()
        self.apply(self.saved)
        self.poller = poller or StatusPoller(home, self.saved, parent=self, store=self.store)
        self.poller.updated.connect(self.show_snapshot)
        if poller is None:
            self.poller.start()
        elif poller.last is not None:
            self.show_snapshot(poller.last)
        self._initial_size()

    @property
    def accounts(self) -> list[EmailAccount]:
        """The e-mail accounts as the form holds them (saved on Salvar)."""
        return self.accounts_row.accounts

    @accounts.setter
    def accounts(self, accounts: list[EmailAccount]) -> None:
        self.accounts_row.accounts = accounts

    def _fill_accounts(self, selected: str | None = None) -> None:
        self.accounts_row.fill(selected)

    def new_account(self) -> None:
        self.accounts_row.new()

    def edit_account(self) -> None:
        self.accounts_row.edit()

    def remove_account(self) -> None:
        self.accounts_row.remove()

    def _initial_size(self) -> None:
        """Tall enough for the official column without scrolling, where the screen allows."""
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(1180, initial_height(screen.height()) if screen else 820)

    # ==== building =========================================================================
    def _build(self) -> None:
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._settings_tab(), self.tr("Settings"))
        self.status_view = StatusView()
        self.status_view.service_changed.connect(lambda: self.poller.poll())
        self.history_view = HistoryView(lambda run_id: self.poller.journal().steps(run_id))
        # the names the window's callers and tests know
        self.status_fields, self.progress = self.status_view.fields, self.status_view.progress
        self.history, self.run_details = self.history_view.table, self.history_view.details
        self.tabs.addTab(self.status_view, self.tr("Status"))
        self.tabs.addTab(self.history_view, self.tr("History"))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self._changed_elsewhere_bar())
        layout.addWidget(self.tabs, 1)
        layout.addLayout(self._status_line())
        self.message = QLabel(central)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        layout.addWidget(self.message)
        layout.addLayout(self._buttons())
        self.setCentralWidget(central)

    def _changed_elsewhere_bar(self) -> QWidget:
        self.elsewhere_bar = ChangedElsewhereBar()
        self.elsewhere_bar.reload_requested.connect(self._reload_saved)
        # the names the tests and the screenshots know
        self.elsewhere_text = self.elsewhere_bar.text
        self.reload_button, self.keep_button = self.elsewhere_bar.reload_button, self.elsewhere_bar.keep_button
        return self.elsewhere_bar

    def _register(self, binding: Binding) -> None:
        self.bindings[binding.key] = binding
        changed = _change_signal(binding.focus)
        if changed is not None:  # a corrected field loses its red message at once
            changed.connect(binding.frame.clear_error)

    def _bind(self, key: str, widget: QWidget, get: Callable[[], Any], set_: Callable[[Any], None],
              frame: FieldFrame | None = None) -> FieldFrame:
        frame = frame or FieldFrame(widget)
        self._register(Binding(key, get, set_, widget, frame))
        return frame

    def _line(self, key: str, placeholder: str = "") -> FieldFrame:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        return self._bind(key, edit, lambda: edit.text().strip(), lambda v: edit.setText(v or ""))

    def _path(self, key: str, *, pick_file: bool = False, file_filter: str = "") -> FieldFrame:
        edit = PathEdit(pick_file=pick_file, file_filter=file_filter)
        return self._bind(key, edit, edit.text, lambda v: edit.setText(v or ""))

    def _spin(self, key: str, suffix: str = "") -> FieldFrame:
        meta = key_info(key).meta
        spin = SpinBox()
        spin.setRange(meta["minimum"], meta["maximum"])
        spin.setSuffix(suffix)
        frame = self._bind(key, spin, spin.value, lambda v: spin.setValue(int(v)))
        spin.out_of_range.connect(frame.show_range_error)
        return frame

    def _check(self, key: str, text: str) -> FieldFrame:
        box = QCheckBox(text)
        return self._bind(key, box, box.isChecked, lambda v: box.setChecked(bool(v)))

    def _combo(self, key: str, items: list[tuple[str, str]]) -> FieldFrame:
        combo = ComboBox()
        for value, label in items:
            combo.addItem(label, value)
        return self._bind(key, combo, combo.currentData,
                          lambda v: combo.setCurrentIndex(max(0, combo.findData(v))))

    def _password(self, key: str) -> FieldFrame:
        edit = PasswordEdit()
        return self._bind(key, edit, edit.value, lambda v: None)

    def widget(self, key: str) -> QWidget:
        """The widget of a settings key (tests and the wizard use it)."""
        return self.bindings[key].focus

    def frame(self, key: str) -> FieldFrame:
        return self.bindings[key].frame

    # --- the settings tab -------------------------------------------------------------------
    def _settings_tab(self) -> QWidget:
        page = QWidget()
        columns = QHBoxLayout(page)
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(self._general_box())
        left.addWidget(self._mode_box())
        left.addWidget(self._official_box())
        left.addStretch(1)
        right.addWidget(self._contingency_box())
        self.advanced_check = QCheckBox(self.tr("Show advanced options"))
        self.advanced_check.toggled.connect(lambda on: self.advanced_box.setVisible(on))
        right.addWidget(self.advanced_check)
        right.addWidget(self._advanced_box())
        right.addWidget(self._notify_box())
        more = self._more_box()
        if more is not None:
            self.advanced_box.layout().addWidget(more)
        right.addStretch(1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(page)
        return self.scroll

    def _general_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("General parameters"))
        layout = QVBoxLayout(box)
        layout.addWidget(self._check("enabled", self.tr("Enable contingency mode")))
        self.off_note = QLabel(self.tr("Off: the settings are kept, but nothing runs until this box is "
                                       "ticked and the settings are saved."))
        self.off_note.setWordWrap(True)
        self.off_note.setStyleSheet("color: #8a5a00;")
        layout.addWidget(self.off_note)
        self.widget("enabled").toggled.connect(self._update_enabled)
        return box

    def _mode_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Operation mode"))
        self.official_radio = QRadioButton(self.tr("Official"))
        self.contingency_radio = QRadioButton(self.tr("Contingency"))
        group = QButtonGroup(box)
        group.addButton(self.official_radio)
        group.addButton(self.contingency_radio)
        row = QWidget()
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.official_radio)
        row_layout.addWidget(self.contingency_radio)
        row_layout.addStretch(1)
        frame = self._bind("mode", self.official_radio,
                           lambda: "official" if self.official_radio.isChecked() else "contingency",
                           lambda v: (self.official_radio if v == "official" else self.contingency_radio)
                           .setChecked(True), FieldFrame(row))
        self.official_radio.toggled.connect(self._update_enabled)
        layout = QVBoxLayout(box)
        layout.addWidget(frame)
        return box

    def _official_box(self) -> QGroupBox:
        self.official_box = QGroupBox(self.tr("Official mode parameters"))
        layout = QVBoxLayout(self.official_box)
        self.destination1 = EndpointEditor("official.destination1", self.tr("Destination 1 (contingency server 1)"),
                                           self._register)
        self.destination2 = EndpointEditor("official.destination2", self.tr("Destination 2 (contingency server 2)"),
                                           self._register, allow_none=True)
        layout.addWidget(self.destination1)
        layout.addWidget(self.destination2)
        layout.addWidget(self._schedule_box())
        form = QFormLayout()
        form.addRow(self.tr("Compression level (0-9):"), self._spin("official.compression"))
        form.addRow(self.tr("Backups kept per destination:"), self._spin("official.retention"))
        form.addRow(self.tr("Encryption passphrase (optional):"), self._password("official.encryption_passphrase"))
        layout.addLayout(form)
        return self.official_box

    def _schedule_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Backup schedule"))
        grid = QGridLayout(box)
        self.fixed_radio = QRadioButton(self.tr("Fixed interval"))
        self.variable_radio = QRadioButton(self.tr("Variable interval"))
        group = QButtonGroup(box)
        group.addButton(self.fixed_radio)
        group.addButton(self.variable_radio)
        self._bind("official.schedule", self.fixed_radio,
                   lambda: "fixed" if self.fixed_radio.isChecked() else "times",
                   lambda v: (self.fixed_radio if v == "fixed" else self.variable_radio).setChecked(True),
                   FieldFrame(QWidget()))
        grid.addWidget(self.fixed_radio, 0, 0)
        grid.addWidget(self._spin("official.interval_min", self.tr(" min")), 0, 1)
        grid.addWidget(self.variable_radio, 1, 0)
        self.time_checks: list[QCheckBox] = []
        self.time_edits: list[TimeLine] = []
        times_row = QWidget()
        times_layout = QHBoxLayout(times_row)
        times_layout.setContentsMargins(0, 0, 0, 0)
        for index in range(3):
            check = QCheckBox(self.tr("Time %1:").replace("%1", str(index + 1)))
            edit = TimeLine()
            check.toggled.connect(edit.setEnabled)
            edit.setEnabled(False)
            self.time_checks.append(check)
            self.time_edits.append(edit)
            times_layout.addWidget(check)
            times_layout.addWidget(edit)
        times_layout.addStretch(1)
        frame = self._bind("official.times", self.time_edits[0], self._get_times, self._set_times,
                           FieldFrame(times_row))
        grid.addWidget(frame, 2, 0, 1, 2)
        self.fixed_radio.toggled.connect(self._update_enabled)
        return box

    def _get_times(self) -> list[str]:
        return [edit.value() for check, edit in zip(self.time_checks, self.time_edits)
                if check.isChecked() and edit.value()]

    def _set_times(self, times: list[str]) -> None:
        for index, (check, edit) in enumerate(zip(self.time_checks, self.time_edits)):
            value = times[index] if index < len(times) else ""
            check.setChecked(bool(value))
            edit.setText(value)

    def _contingency_box(self) -> QGroupBox:
        self.contingency_box = QGroupBox(self.tr("Contingency mode parameters"))
        layout = QVBoxLayout(self.contingency_box)
        self.source = EndpointEditor("contingency.source", self.tr("Communication mode"), self._register)
        layout.addWidget(self.source)
        form = QFormLayout()
        form.addRow(self.tr("Check for a new backup every:"), self._spin("contingency.poll_interval_s", " s"))
        silent = self._spin("contingency.silent_after_min", self.tr(" min"))
        silent.widget.setSpecialValueText(self.tr("follow the official's schedule"))
        form.addRow(self.tr("Official silent after:"), silent)
        form.addRow(self.tr("Grace before the alert:"), self._spin("contingency.silent_grace_min", self.tr(" min")))
        form.addRow(self.tr("Encryption passphrase (if the official encrypts):"),
                    self._password("contingency.encryption_passphrase"))
        layout.addLayout(form)
        return self.contingency_box

    def _advanced_box(self) -> QGroupBox:
        self.advanced_box = QGroupBox(self.tr("Advanced options"))
        self.advanced_box.hide()
        layout = QVBoxLayout(self.advanced_box)
        form = QFormLayout()
        form.addRow(self.tr("Temporary folder:"), self._path("contingency.temp_folder"))
        form.addRow(self.tr("Work folder (official):"), self._path("official.work_folder"))
        full_check = self._spin("contingency.full_check_every_h", " h")
        full_check.widget.setSpecialValueText(self.tr("at every restore"))
        form.addRow(self.tr("Full integrity check every:"), full_check)
        layout.addLayout(form)
        layout.addWidget(self._database_box())
        other = QFormLayout()
        other.addRow(self.tr("Machine name:"), self._line("machine_name"))
        other.addRow(self.tr("Language:"), self._combo("language", [("", self.tr("System language")),
                                                                    ("en", "English"),
                                                                    ("pt_BR", "Português (Brasil)")]))
        layout.addLayout(other)
        layout.addWidget(self._promotion_box())
        for key in ("contingency.temp_folder", "official.work_folder"):
            self.frame(key).widget.line.setPlaceholderText(self.tr("empty: the instance's work folder"))
        return self.advanced_box

    def _promotion_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Promotion (used by the wizard)"))
        form = QFormLayout(box)
        toml = "TOML (*.toml)"
        form.addRow(self.tr("Application profile:"), self._path("promotion.profile", pick_file=True, file_filter=toml))
        form.addRow(self.tr("New host name or IP:"),
                    self._line("promotion.new_host", self.tr("empty: the machine name")))
        form.addRow(self.tr("Old official's host name:"),
                    self._line("promotion.old_host", self.tr("empty: taken from the last backup")))
        paths = QLineEdit()
        paths.setPlaceholderText("\\\\OFICIAL\\MGV7=D:\\MGV7")
        form.addRow(self.tr("Path prefix changes:"),
                    self._bind("promotion.path_maps", paths,
                               lambda: [p.strip() for p in paths.text().split(",") if p.strip()],
                               lambda v: paths.setText(", ".join(v or []))))
        form.addRow(self._check("promotion.create_folders", self.tr("Create the missing local folders")))
        form.addRow(self.tr("Service hooks file:"),
                    self._path("promotion.hooks_file", pick_file=True, file_filter=toml))
        form.addRow(self.tr("Service hook timeout:"), self._spin("promotion.hook_timeout_s", " s"))
        return box

    def _more_box(self) -> QGroupBox | None:
        """Settings added to the model after this window was drawn: shown with the model's own labels."""
        missing = [info for info in flat_keys() if info.key not in self.bindings]
        if not missing:
            return None
        box = QGroupBox(self.tr("More settings"))
        form = QFormLayout(box)
        for info in missing:
            # the model's own words, translated in the "Setting" context of the catalogue
            name = QCoreApplication.translate("Setting", info.meta.get("label", info.key))
            label = name + ":"
            if info.meta.get("secret"):
                frame = self._password(info.key)
            elif info.kind is bool:
                frame, label = self._check(info.key, name), ""
            elif info.kind is int and info.meta.get("minimum") is not None:
                frame = self._spin(info.key)
            elif info.meta.get("choices") and info.kind is str:
                frame = self._combo(info.key, [(c, c) for c in info.meta["choices"]])
            elif info.kind is list:
                edit = QLineEdit()
                frame = self._bind(info.key, edit, lambda e=edit: [p.strip() for p in e.text().split(",") if p.strip()],
                                   lambda v, e=edit: e.setText(", ".join(v or [])))
            else:
                frame = self._line(info.key)
            help_text = info.meta.get("help", "")
            frame.setToolTip(QCoreApplication.translate("Setting", help_text) if help_text else "")
            form.addRow(label, frame)
        return box

    def _database_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Database"))
        self.db_form = QFormLayout(box)
        engines = [("sqlite", self.tr("SQLite (embedded)")), ("postgres", "PostgreSQL"), ("sqlserver", "SQL Server")]
        sqlite_files = self.tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)")
        rows = [
            ("database.engine", self.tr("Engine:"), self._combo("database.engine", engines)),
            ("database.path", self.tr("SQLite database file:"),
             self._path("database.path", pick_file=True, file_filter=sqlite_files)),
            ("database.server", self.tr("Server and instance:"), self._line("database.server", "HOST\\INSTANCE")),
            ("database.data_folder", self.tr("Database storage folder:"), self._path("database.data_folder")),
            ("database.port", self.tr("Port:"), self._spin("database.port")),
            ("database.name", self.tr("Database name:"), self._line("database.name")),
            ("database.auth", self.tr("Authentication:"),
             self._combo("database.auth", [("sql", self.tr("User and password")), ("windows", self.tr("Windows"))])),
            ("database.user", self.tr("User:"), self._line("database.user")),
            ("database.password", self.tr("Password:"), self._password("database.password")),
            ("database.driver", self.tr("ODBC driver:"), self._line("database.driver", self.tr("newest installed"))),
            ("database.busy_policy", self.tr("When the database is in use:"),
             self._combo("database.busy_policy", [("wait", self.tr("wait for the other clients")),
                                                  ("fail", self.tr("fail at once"))])),
            ("database.busy_timeout_s", self.tr("Wait at most:"), self._spin("database.busy_timeout_s", " s")),
        ]
        for _key, label, frame in rows:
            self.db_form.addRow(label, frame)
        self.widget("database.port").setSpecialValueText(self.tr("default"))
        self.widget("database.engine").currentIndexChanged.connect(self._update_database_rows)
        self.widget("database.auth").currentIndexChanged.connect(self._update_database_rows)
        return box

    def _notify_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("E-mail notifications"))
        layout = QVBoxLayout(box)
        self.accounts_row = AccountsRow(self._secret, lambda dialog: self._exec(dialog), self.lang)
        rows = self.accounts_row
        # the names the window's tests and callers know
        self.account_combo = rows.combo
        self.new_account_button, self.edit_account_button = rows.new_button, rows.edit_button
        self.remove_account_button = rows.remove_button
        layout.addWidget(self._bind("notify.account", rows.combo, rows.chosen, rows.select, FieldFrame(rows)))
        layout.addWidget(QLabel(self.tr("Send an e-mail when:")))
        self.event_checks: dict[str, QCheckBox] = {}
        grid_widget = QWidget()
        grid = QGridLayout(grid_widget)
        grid.setContentsMargins(0, 0, 0, 0)
        for index, kind in enumerate(EVENT_KINDS):
            check = QCheckBox(texts.event_name(kind))
            self.event_checks[kind] = check
            grid.addWidget(check, index // 2, index % 2)
        layout.addWidget(self._bind("notify.events", next(iter(self.event_checks.values())),
                                    lambda: [k for k, c in self.event_checks.items() if c.isChecked()],
                                    lambda v: [c.setChecked(k in v) for k, c in self.event_checks.items()],
                                    FieldFrame(grid_widget)))
        form = QFormLayout()
        reminder = self._spin("notify.reminder_min", self.tr(" min"))
        reminder.widget.setSpecialValueText(self.tr("no reminder"))
        form.addRow(self.tr("Remind while a problem lasts, every:"), reminder)
        summary_time = TimeLine()
        summary_row = QWidget()
        summary_layout = QHBoxLayout(summary_row)
        summary_layout.setContentsMargins(0, 0, 0, 0)
        summary_layout.addWidget(self._check("notify.daily_summary", self.tr("Daily summary at")))
        summary_layout.addWidget(self._bind("notify.summary_time", summary_time, summary_time.value,
                                            lambda v: summary_time.setText(v or "")))
        summary_layout.addStretch(1)
        form.addRow(summary_row)
        layout.addLayout(form)
        return box

    # --- status and history tabs -----------------------------------------------------------
    def _status_line(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.line_icon = QLabel()
        self.line_text = QLabel()
        self.line_text.setWordWrap(True)
        row.addWidget(self.line_icon)
        row.addWidget(self.line_text, 1)
        return row

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.wizard_button = QPushButton(self.tr("Wizard"))
        self.undo_button = QPushButton(self.tr("Undo promotion"))
        self.undo_button.setToolTip(self.tr("Put back the store settings the last promotion changed (hosts, paths)."))
        self.undo_button.clicked.connect(self.undo_promotion)
        self.test_button = QPushButton(self.tr("Test connection"))
        self.run_button = QPushButton(self.tr("Run now"))
        self.save_button = QPushButton(self.tr("Save"))
        self.close_button = QPushButton(self.tr("Close"))
        self.save_button.setDefault(True)
        self.wizard_button.clicked.connect(self.open_wizard)
        self.test_button.clicked.connect(self.test_connection)
        self.run_button.clicked.connect(self.run_now)
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close)
        for button in (self.wizard_button, self.undo_button, self.test_button, self.run_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        row.addWidget(self.close_button)
        return row

    # ==== settings <-> widgets =============================================================
    def apply(self, settings: Settings) -> None:
        """Show these settings; passwords are never shown, only whether one is saved."""
        self.accounts = copy.deepcopy(settings.email_accounts)
        self._fill_accounts()
        for info in flat_keys():
            binding = self.bindings[info.key]
            if not info.meta.get("secret"):
                binding.set(get_value(settings, info.key))
        self._refresh_password_placeholders()
        self._update_enabled()
        self._update_database_rows()
        self.clear_problems()

    def collect(self) -> Settings:
        """The settings as the form shows them (a typed password, or None to keep the saved one)."""
        settings = Settings()
        for info in flat_keys():
            set_value(settings, info.key, self.bindings[info.key].get())
        settings.email_accounts = copy.deepcopy(self.accounts)
        return settings

    def collect_with_secrets(self) -> Settings:
        """The form's settings with saved passwords filled in where none was typed (for tests of connections)."""
        settings = self.collect()
        for key in SECRET_KEYS:
            if get_value(settings, key) is None:
                set_value(settings, key, self._secret(key) or None)
        for account in settings.email_accounts:
            if account.password is None:
                account.password = self._secret(f"email_accounts.{account.name}.password") or None
        return settings

    def _secret(self, key: str) -> str:
        """A saved password, or "" when the keyring cannot be read (said once, below the form)."""
        try:
            return self.store.secrets.get(key)
        except ContingencyError as exc:
            self.show_message(texts.core_text(exc), error=True)
            return ""

    def is_dirty(self) -> bool:
        return self.collect() != self.saved

    def _refresh_password_placeholders(self) -> None:
        for key in SECRET_KEYS:
            widget = self.bindings[key].focus
            widget.clear()
            widget.set_saved(bool(self._secret(key)))

    # ==== enabling rules =======================================================================
    def _update_enabled(self) -> None:
        official = self.official_radio.isChecked()
        self.official_box.setEnabled(official)
        self.contingency_box.setEnabled(not official)
        self.frame("contingency.temp_folder").setEnabled(not official)
        self.frame("official.work_folder").setEnabled(official)
        self.widget("official.interval_min").setEnabled(self.fixed_radio.isChecked())
        for check in self.time_checks:
            check.setEnabled(not self.fixed_radio.isChecked())
        self.off_note.setVisible(not self.widget("enabled").isChecked())

    def _update_database_rows(self) -> None:
        engine = self.widget("database.engine").currentData()
        windows_auth = engine == "sqlserver" and self.widget("database.auth").currentData() == "windows"
        visible = {
            "database.path": engine == "sqlite",
            "database.server": engine != "sqlite",
            "database.data_folder": engine == "sqlserver",
            "database.port": engine != "sqlite",
            "database.name": engine != "sqlite",
            "database.auth": engine == "sqlserver",
            "database.user": engine != "sqlite" and not windows_auth,
            "database.password": engine != "sqlite" and not windows_auth,
            "database.driver": engine == "sqlserver",
        }
        for key, shown in visible.items():
            self.db_form.setRowVisible(self.frame(key), shown)
        label = self.db_form.labelForField(self.frame("database.server"))
        label.setText(self.tr("Server and instance:") if engine == "sqlserver" else self.tr("Server:"))

    # ==== settings saved elsewhere =================================================================
    def follow_saved(self, fresh: Settings | None = None, generation: int | None = None) -> list[str]:
        """Take in settings saved by someone else (the Assistente, ``config set``, a promotion).

        Fields the operator has not touched show the saved values; edited fields keep what the
        operator typed and are listed in the bar above the tabs, which offers to reload. The mode
        always follows what was saved: a promotion is never undone by a later Salvar.
        Returns the keys whose edits differ from the saved values."""
        if fresh is None:
            generation = self.store.generation()
            fresh = self.store.load(with_secrets=False)
        merged = merge(self.collect(), self.saved, fresh)
        if merged.take_accounts:
            self.accounts = copy.deepcopy(fresh.email_accounts)
            self._fill_accounts()
        for key, value in merged.take.items():
            self.bindings[key].set(value)
        edited = merged.edited
        self.saved, self.saved_generation = fresh, generation if generation is not None else self.saved_generation
        for key in SECRET_KEYS:
            widget = self.bindings[key].focus
            if not widget.text():  # a typed password stays; the placeholder says whether one is saved
                widget.set_saved(bool(self._secret(key)))
        self._update_enabled()
        self._update_database_rows()
        if edited:
            self.elsewhere_bar.ask([self._label_of(key) for key in edited])
        else:
            self.elsewhere_bar.hide()
            self.show_message(self.tr("The settings were changed elsewhere; the window shows them."))
        return edited

    def _label_of(self, key: str) -> str:
        """The field's label as the form shows it (the key when it has none)."""
        binding = self._binding_for(key)
        if binding is None:
            return key
        for form in binding.frame.parentWidget().findChildren(QFormLayout) if binding.frame.parentWidget() else []:
            label = form.labelForField(binding.frame)
            if label is not None:
                return label.text().rstrip(":")
        return key

    def _reload_saved(self) -> None:
        self.apply(self.saved)
        self.elsewhere_bar.hide()
        self.show_message(self.tr("The saved settings were reloaded."))

    # ==== validation and save ======================================================================
    def clear_problems(self) -> None:
        for binding in self.bindings.values():
            binding.frame.clear_error()

    def _binding_for(self, key: str) -> Binding | None:
        if key in self.bindings:
            return self.bindings[key]
        if key.startswith("email_accounts."):
            return self.bindings["notify.account"]  # account fields are edited in the "New" dialog
        return None

    def show_problems(self, problems: list[SettingsError]) -> None:
        """Each message beside its field; the first field gets the focus."""
        self.clear_problems()
        first: Binding | None = None
        unplaced = []
        for problem in problems:
            binding = self._binding_for(problem.key)
            if binding is None:
                unplaced.append(texts.problem_text(problem))
                continue
            if binding.frame.error.isVisible() or binding.frame.error.text():
                binding.frame.show_error(binding.frame.error.text() + "\n" + texts.problem_text(problem))
            else:
                binding.frame.show_error(texts.problem_text(problem))
            first = self._earlier(first, binding)
            if self.advanced_box.isAncestorOf(binding.frame):
                self.advanced_check.setChecked(True)  # a hidden field with an error is shown
        if first is not None:
            self._reveal(first)
        count = len(problems)
        text = self.tr("Nothing was saved: %1 problem(s) to correct.").replace("%1", str(count))
        self.show_message(" ".join([text] + unplaced), error=True)

    def _earlier(self, first: Binding | None, other: Binding) -> Binding:
        """Of two fields, the one the window shows first (the problems come in the model's order)."""
        if first is None:
            return other
        order = list(self.bindings.values())
        return other if order.index(other) < order.index(first) else first

    def _reveal(self, binding: Binding) -> None:
        """Bring the first field with an error into view and give it the focus."""
        self.tabs.setCurrentIndex(0)
        QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(binding.frame))
        binding.focus.setFocus()

    def save(self) -> bool:
        """Validate and save; nothing is written while any value is invalid.

        Settings saved elsewhere since the window read them are taken in first: a field the
        operator did not touch never writes an old value back."""
        if not self.elsewhere_bar.isHidden() or (self.store.generation() != self.saved_generation
                                              and self.follow_saved()):
            # the operator's edits differ from what was saved elsewhere: the bar above asks first
            self.show_message(self.tr("Nothing was saved: the settings were changed elsewhere. Choose above "
                                      "whether to reload them or keep your changes, then save."), error=True)
            return False
        settings = self.collect()
        try:
            self.store.save(settings)
        except SettingsInvalid as exc:
            self.show_problems(exc.problems)
            return False
        except ContingencyError as exc:
            self.show_message(texts.core_text(exc), error=True)
            return False
        self._after_save(settings)
        return True

    def _after_save(self, settings: Settings) -> None:
        for key in SECRET_KEYS:
            set_value(settings, key, None)
        for account in settings.email_accounts:
            account.password = None
        self.saved = settings
        self.saved_generation = self.store.generation()
        self.elsewhere_bar.hide()
        self.accounts = copy.deepcopy(settings.email_accounts)
        self.poller.settings, self.poller.generation = settings, self.saved_generation
        self.clear_problems()
        self._refresh_password_placeholders()
        worker = (self.poller.last.status.get("worker") if self.poller.last else None) or {}
        if not settings.enabled:
            after = self.tr("Contingency mode is off: nothing runs.")
        elif worker.get("running"):
            after = self.tr("The background service picks them up without a restart.")
        else:
            after = self.tr("The background service is not running: nothing runs on schedule until it is started.")
        missing = self._missing_folders(settings)
        if missing:
            after += "\n" + self.tr("Warning: these folders do not exist (yet): %1. Create them, or check the "
                                     "path: nothing can be published or read there.").replace("%1", "; ".join(missing))
        self.show_message(self.tr("Settings saved.") + " " + after, error=bool(missing))
        self.saved_settings.emit(settings)
        self.poller.poll()

    @staticmethod
    def _missing_folders(settings: Settings) -> list[str]:
        """The mode's local or shared folders that are not there (said on Salvar; saving goes on)."""
        if settings.mode == "official":
            endpoints = [e for _label, e in settings.official.labelled_destinations()]
        else:
            endpoints = [settings.contingency.source]
        return [e.path for e in endpoints if e.kind == "folder" and e.path and not Path(e.path).is_dir()]

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)
        self.notice.emit(text, error)

    def _exec(self, dialog) -> bool:
        """Run a modal dialog (a separate method so tests can drive the dialog instead)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    # ==== buttons ======================================================================================
    def open_wizard(self) -> None:
        if importlib.util.find_spec("ui.wizard") is None:
            QMessageBox.information(self, self.tr("Wizard"),
                                    self.tr("The promotion wizard is not available yet in this version."))
            return
        from . import wizard  # written separately; optional until it exists

        dialog = wizard.PromotionWizard(self, self.home, self.collect())
        self._exec(dialog)
        # Finished or cancelled, what the Assistente saved (the promotion, the backups) is what
        # the window now shows and what Salvar starts from: the old mode cannot be written back.
        if dialog.saved_settings is not None or self.store.generation() != self.saved_generation:
            self.follow_saved()
            self.show_message(self.tr("The wizard saved the settings: the window shows them."))

    # --- Desfazer promoção ----------------------------------------------------------------
    def _update_undo_button(self, status: dict) -> None:
        """Offered on a promoted machine while the promotion's undo record is there."""
        self.undo_button.setVisible(self.saved.mode == "official" and bool(status.get("promotion_undo")))

    def _confirm_undo(self) -> bool:
        text = self.tr(
            "Undo the promotion?\n\n"
            "Put back: the values the promotion changed in the store database (the communication server of "
            "every store and the paths), in one transaction.\n\n"
            "Left as they are: the mode (this machine stays Official until you change it to Contingency and save), "
            "the fencing mark (PROMOTED.TXT) in the shared folders and the epoch, so the old official does not "
            "start publishing again by surprise, and the services the promotion started.")
        answer = QMessageBox.question(self, self.tr("Undo promotion"), text,
                                      QMessageBox.Yes | QMessageBox.Cancel, QMessageBox.Cancel)
        return answer == QMessageBox.Yes

    def undo_promotion(self) -> None:
        if self.undo_op is not None and self.undo_op.running() or not self._confirm_undo():
            return
        from app.promotion.undo import undo_promotion
        try:
            settings = self.store.load(with_secrets=True)
        except ContingencyError as exc:
            self.show_message(texts.core_text(exc), error=True)
            return
        self.undo_button.setEnabled(False)
        self.show_message(self.tr("Undoing the promotion..."))
        self.undo_op = BackgroundOp(self, lambda: undo_promotion(settings, self.home)) \
            .success(self._undone).failure(self._undo_failed).run()

    def _undone(self, report: str) -> None:
        self.undo_button.setEnabled(True)
        self.poller.poll()  # the button follows the undo record at the next reading
        self.show_message(texts.core_text(report, "Promotion"))

    def _undo_failed(self, exc: BaseException) -> None:
        self.undo_button.setEnabled(True)
        self.show_message(self.tr("The promotion could not be undone: %1").replace("%1", texts.core_text(exc)),
                          error=True)

    def test_connection(self) -> None:
        if self.test_op is not None and self.test_op.running():
            return
        self.test_button.setEnabled(False)
        self.show_message(self.tr("Testing the connections..."))
        settings = self.collect_with_secrets()
        self.test_op = BackgroundOp(self, lambda: check_connections(settings)) \
            .success(self._connection_tested) \
            .failure(lambda exc: self._connection_tested([("test", False, exc)])).run()

    def _connection_tested(self, results: list) -> None:
        self.test_button.setEnabled(True)
        self.connection_results = results
        names = {"source": self.tr("Source"), "destination 1": self.tr("Destination 1"),
                 "destination 2": self.tr("Destination 2"), "database": self.tr("Database")}
        lines = [f"{'✔' if ok else '✘'} {names.get(label, label)}: {texts.core_text(message)}"
                 for label, ok, message in results]
        all_ok = all(ok for _label, ok, _message in results)
        self.show_message("\n".join(lines), error=not all_ok)
        box = QMessageBox(QMessageBox.Information if all_ok else QMessageBox.Warning, self.tr("Test connection"),
                          "\n\n".join(lines), QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()  # not exec(): the window stays responsive

    def run_now(self) -> None:
        if self.cycle_thread is not None and self.cycle_thread.isRunning():
            self.show_message(self.tr("A cycle is already running."))
            return
        if self.is_dirty() and not self._confirm_save_before_run():
            return
        if not self.saved.enabled:
            self.show_message(self.tr("Contingency mode is off: tick \"Enable contingency mode\" and save first."),
                              error=True)
            return
        worker = (self.poller.last.status.get("worker") if self.poller.last else None) or {}
        if worker.get("running"):
            request_run_now(self.home)
            self.show_message(self.tr("The background service runs the cycles here: it was asked to run one now. "
                                      "Follow it in the Status tab."))
            return
        self._start_cycle()

    def _confirm_save_before_run(self) -> bool:
        answer = QMessageBox.question(self, self.tr("Run now"),
                                      self.tr("The changes must be saved before running. Save them now?"),
                                      QMessageBox.Save | QMessageBox.Cancel, QMessageBox.Save)
        return answer == QMessageBox.Save and self.save()

    def _start_cycle(self) -> None:
        try:
            settings = self.store.load(with_secrets=True)
        except ContingencyError as exc:
            self.show_message(texts.core_text(exc), error=True)
            return
        self.cycle_thread = CycleThread(settings, self.home, self)
        self.cycle_thread.progress.connect(self._cycle_progress)
        self.cycle_thread.finished_cycle.connect(self._cycle_finished)
        self.run_button.setEnabled(False)
        self.progress.setValue(0)
        self.show_message(self.tr("Running a cycle now..."))
        self.cycle_thread.start()

    def _cycle_progress(self, step: str, done: int, total: int) -> None:
        self._set_progress(step, done, total)
        # straight to the label: progress is not a notice the tray should repeat
        self.message.setStyleSheet("")
        self.message.setText(self.tr("Running: %1").replace("%1", texts.step_name(step)))

    def _set_progress(self, step: str | None, done: int, total: int) -> None:
        self.status_view.set_progress(step, done, total)

    def _cycle_finished(self, result: str, message: str, run_id: int) -> None:
        self.run_button.setEnabled(True)
        self.last_cycle = (result, message, run_id)
        if result == "busy":
            text = self.tr("Another process is running a cycle of this instance now; try again when it ends.")
            self.show_message(f"{text}\n{message}", error=True)
        else:
            self.show_message(f"{texts.result_name(result)}: {message}", error=result in ("failed", "partial",
                                                                                         "rejected"))
        self.poller.poll()

    # ==== status and history ===========================================================================
    def show_snapshot(self, snapshot: Snapshot) -> None:
        if snapshot.settings is not None and snapshot.generation > self.saved_generation:
            self.follow_saved(snapshot.settings, snapshot.generation)
        status = snapshot.status
        state = status.get("state", "error")
        summary = texts.status_text(status)
        self.status_view.local_cycle = bool(self.cycle_thread and self.cycle_thread.isRunning())
        self.status_view.show_status(status, self.saved)
        self.status_fields["notify"].setText(self._notify_text(status.get("notify")))
        self.line_icon.setPixmap(icons.pixmap(state, 18))
        self.line_text.setText(f"<b>{texts.state_name(state)}</b> — {_escape(summary)}")
        self.setWindowIcon(icons.icon(state))
        self.setWindowTitle(self.tr("Contingency settings") + " — " + machine_text(status, self.saved))
        self._update_undo_button(status)
        self.history_view.show_runs(snapshot.runs)

    def _notify_text(self, notify: dict | None) -> str:
        """The e-mail row: the last delivery (when, which account), its error, what waits to be sent."""
        if not self.saved.notify.account:
            return self.tr("no account chosen: no e-mail is sent")
        if not isinstance(notify, dict) or not notify.get("at"):
            return self.tr("no e-mail sent yet (account %1)").replace("%1", self.saved.notify.account)
        when, account = local_time(notify["at"]), notify.get("account") or self.saved.notify.account
        if notify.get("ok", True):
            text = self.tr("last e-mail sent at %1 (account %2)").replace("%1", when).replace("%2", account)
        else:
            text = self.tr("the last e-mail could not be sent at %1 (account %2): %3") \
                .replace("%1", when).replace("%2", account).replace("%3", str(notify.get("error") or ""))
        if notify.get("pending"):
            text += "\n" + self.tr("%1 e-mail(s) waiting to be sent again").replace("%1", str(notify["pending"]))
        return text

    # ==== closing =========================================================================================
    def _ask_unsaved(self) -> QMessageBox.StandardButton:
        return QMessageBox.question(self, self.tr("Unsaved changes"),
                                    self.tr("The settings were changed. Save them before closing?"),
                                    QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel,
                                    QMessageBox.Save)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.is_dirty():
            answer = self._ask_unsaved()
            if answer == QMessageBox.Cancel or (answer == QMessageBox.Save and not self.save()):
                event.ignore()
                return
            if answer == QMessageBox.Discard:
                self.apply(self.saved)
        if self.hide_on_close:
            event.ignore()
            self.hide()
            return
        self.shutdown()
        event.accept()

    def shutdown(self) -> None:
        """Stop the timers and wait for our threads: nothing may outlive the window."""
        if self.cycle_thread is not None and self.cycle_thread.isRunning():
            self.cycle_thread.cancel.set()
            self.cycle_thread.wait(30000)
        for op in (self.test_op, self.undo_op):
            if op is not None:
                op.wait(30)
        self.status_view.wait()
        for editor in (self.destination1, self.destination2, self.source):
            editor.shutdown()
        if self.poller.parent() is self:
            self.poller.stop()


#: room left for the title bar and the window's frame, which ``resize`` does not count
FRAME_ALLOWANCE = 60


def initial_height(available: int) -> int:
    """The window's first height on a screen with ``available`` pixels (taskbar excluded): the whole
    form where it fits, never taller than the screen; the form scrolls below that."""
    return max(min(980, available - FRAME_ALLOWANCE), 480)


def _change_signal(widget: QWidget):
    """The signal a field emits when the operator changes it (None for a widget without one)."""
    for name in ("textChanged", "valueChanged", "toggled", "currentIndexChanged"):
        signal = getattr(widget, name, None)
        if signal is not None:
            return signal
    return None


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
