"""The "Configuração de Contingência" window: the assembly of its screens and the orchestration of
loading, validating and saving the settings.

Tabs: the settings form (``views/settings_view.py`` and its groups in ``views/groups/``), the
status panel and the run history. Above the tabs, the bar that asks about settings changed
elsewhere; below them the status line, the message line and the buttons
(``views/commands.py``: Assistente, Desfazer promoção, Testar conexão, Executar agora, Salvar,
Fechar).
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QMessageBox, QTabWidget, QVBoxLayout, QWidget

from app.errors import ContingencyError, SettingsError
from app.paths import Home
from app.settings.model import EmailAccount, Settings, get_value, set_value
from app.settings.store import SettingsInvalid, SettingsStore

from . import icons, texts
from .views.commands import CommandButtons
from .views.history_view import HistoryView
from .views.partials.changed_elsewhere import ChangedElsewhereBar, merge
from .views.partials.form import SECRET_KEYS, Form
from .views.partials.status_line import StatusLine
from .views.partials.widgets import ERROR_STYLE, Binding
from .views.settings_view import SettingsView
from .views.status_view import StatusView, machine_text
from .workers import Snapshot, StatusPoller

log = logging.getLogger(__name__)


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
        self.form = Form(ask=lambda dialog: self._exec(dialog))
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

    def _initial_size(self) -> None:
        """Tall enough for the official column without scrolling, where the screen allows."""
        screen = self.screen().availableGeometry() if self.screen() else None
        self.resize(1180, initial_height(screen.height()) if screen else 820)

    # ==== assembly =====================================================================================
    def _build(self) -> None:
        self.settings_view = SettingsView(self.form, self._secret, lambda dialog: self._exec(dialog), self.lang)
        self.accounts_row = self.settings_view.email.accounts_row
        self.status_view = StatusView()
        self.status_view.service_changed.connect(lambda: self.poller.poll())
        self.history_view = HistoryView(lambda run_id: self.poller.journal().steps(run_id))
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.settings_view, self.tr("Settings"))
        self.tabs.addTab(self.status_view, self.tr("Status"))
        self.tabs.addTab(self.history_view, self.tr("History"))
        self.elsewhere_bar = ChangedElsewhereBar()
        self.elsewhere_bar.reload_requested.connect(self._reload_saved)
        self.status_line = StatusLine()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.buttons = CommandButtons(self)
        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.addWidget(self.elsewhere_bar)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status_line)
        layout.addWidget(self.message)
        layout.addLayout(self.buttons.row)
        self.setCentralWidget(central)

    @property
    def bindings(self) -> dict[str, Binding]:
        return self.form.bindings

    def widget(self, key: str) -> QWidget:
        """The widget of a settings key (tests and the wizard use it)."""
        return self.form.widget(key)

    def frame(self, key: str):
        return self.form.frame(key)

    def run_now(self) -> None:
        """Executar agora (the tray's menu asks the window)."""
        self.buttons.run_now()

    # ==== settings <-> widgets =========================================================================
    @property
    def accounts(self) -> list[EmailAccount]:
        """The e-mail accounts as the form holds them (saved on Salvar)."""
        return self.accounts_row.accounts

    def apply(self, settings: Settings) -> None:
        """Show these settings; passwords are never shown, only whether one is saved."""
        self.accounts_row.set_accounts(settings.email_accounts)
        self.form.show(settings)
        self._refresh_password_placeholders()
        self.settings_view.refresh()
        self.form.clear_problems()

    def collect(self) -> Settings:
        """The settings as the form shows them (a typed password, or None to keep the saved one)."""
        settings = self.form.read()
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

    def load_with_secrets(self) -> Settings | None:
        """The saved settings with their passwords, for work that runs them (None: said below the form)."""
        try:
            return self.store.load(with_secrets=True)
        except ContingencyError as exc:
            self.show_message(texts.core_text(exc), error=True)
            return None

    def _secret(self, key: str) -> str:
        """A saved password, or "" when the keyring cannot be read (said once, below the form)."""
        try:
            return self.store.secrets.get(key)
        except ContingencyError as exc:
            self.show_message(texts.core_text(exc), error=True)
            return ""

    def is_dirty(self) -> bool:
        return self.collect() != self.saved

    def _refresh_password_placeholders(self, *, keep_typed: bool = False) -> None:
        for key, field in zip(SECRET_KEYS, self.form.password_fields()):
            if keep_typed and field.text():
                continue  # a typed password stays; the placeholder says whether one is saved
            field.clear()
            field.set_saved(bool(self._secret(key)))

    def worker_status(self) -> dict:
        """The background service as the last poll saw it."""
        return (self.poller.last.status.get("worker") if self.poller.last else None) or {}

    # ==== settings saved elsewhere =====================================================================
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
            self.accounts_row.set_accounts(fresh.email_accounts)
        self.form.take(merged.take)
        self.saved, self.saved_generation = fresh, generation if generation is not None else self.saved_generation
        self._refresh_password_placeholders(keep_typed=True)
        self.settings_view.refresh()
        if merged.edited:
            self.elsewhere_bar.ask([self.form.label_of(key) for key in merged.edited])
        else:
            self.elsewhere_bar.hide()
            self.show_message(self.tr("The settings were changed elsewhere; the window shows them."))
        return merged.edited

    def _reload_saved(self) -> None:
        self.apply(self.saved)
        self.elsewhere_bar.hide()
        self.show_message(self.tr("The saved settings were reloaded."))

    # ==== validation and save ==========================================================================
    def show_problems(self, problems: list[SettingsError]) -> None:
        """Each message beside its field; the first field on the screen gets the focus."""
        self.form.clear_problems()
        first: Binding | None = None
        unplaced = []
        for problem in problems:
            binding = self.form.binding_for(problem.key)
            if binding is None:
                unplaced.append(texts.problem_text(problem))
                continue
            shown = binding.frame.error.text()
            binding.frame.show_error(shown + "\n" + texts.problem_text(problem) if shown
                                     else texts.problem_text(problem))
            first = self.form.earlier(first, binding)
            self.settings_view.expose(binding)  # a hidden field with an error is shown
        if first is not None:
            self.tabs.setCurrentWidget(self.settings_view)
            self.settings_view.reveal(first)
        text = self.tr("Nothing was saved: %1 problem(s) to correct.").replace("%1", str(len(problems)))
        self.show_message(" ".join([text] + unplaced), error=True)

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
        self.accounts_row.accounts = copy.deepcopy(settings.email_accounts)
        self.poller.settings, self.poller.generation = settings, self.saved_generation
        self.form.clear_problems()
        self._refresh_password_placeholders()
        if not settings.enabled:
            after = self.tr("Contingency mode is off: nothing runs.")
        elif self.worker_status().get("running"):
            after = self.tr("The background service picks them up without a restart.")
        else:
            after = self.tr("The background service is not running: nothing runs on schedule until it is started.")
        missing = missing_folders(settings)
        if missing:
            after += "\n" + self.tr("Warning: these folders do not exist (yet): %1. Create them, or check the "
                                     "path: nothing can be published or read there.").replace("%1", "; ".join(missing))
        self.show_message(self.tr("Settings saved.") + " " + after, error=bool(missing))
        self.saved_settings.emit(settings)
        self.poller.poll()

    def show_message(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setText(text)
        self.notice.emit(text, error)

    def _exec(self, dialog) -> bool:
        """Run a modal dialog (a separate method so tests can drive the dialog instead)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    # ==== status and history ===========================================================================
    def show_snapshot(self, snapshot: Snapshot) -> None:
        if snapshot.settings is not None and snapshot.generation > self.saved_generation:
            self.follow_saved(snapshot.settings, snapshot.generation)
        status = snapshot.status
        self.status_view.local_cycle = self.buttons.cycle_running()
        self.status_view.show_status(status, self.saved)
        self.status_line.show_status(status)
        self.setWindowIcon(icons.icon(status.get("state", "error")))
        self.setWindowTitle(self.tr("Contingency settings") + " — " + machine_text(status, self.saved))
        self.buttons.update_undo_button(status)
        self.history_view.show_runs(snapshot.runs)

    # ==== closing ======================================================================================
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
        self.buttons.shutdown()
        self.status_view.wait()
        for editor in self.settings_view.editors():
            editor.shutdown()
        if self.poller.parent() is self:
            self.poller.stop()


#: room left for the title bar and the window's frame, which ``resize`` does not count
FRAME_ALLOWANCE = 60


def initial_height(available: int) -> int:
    """The window's first height on a screen with ``available`` pixels (taskbar excluded): the whole
    form where it fits, never taller than the screen; the form scrolls below that."""
    return max(min(980, available - FRAME_ALLOWANCE), 480)


def missing_folders(settings: Settings) -> list[str]:
    """The mode's local or shared folders that are not there (said on Salvar; saving goes on)."""
    if settings.mode == "official":
        endpoints = [e for _label, e in settings.official.labelled_destinations()]
    else:
        endpoints = [settings.contingency.source]
    return [e.path for e in endpoints if e.kind == "folder" and e.path and not Path(e.path).is_dir()]
