"""The "Assistente" (F13): promote this contingency server to official, page by page.

Pages follow the seed's Option 1: presentation and confirmation -> "Configurações do
Servidor de Comunicações" (the hosts for all stores) -> preview of every change,
store by store, with the path rules -> service hooks (LMP) -> apply, with progress
-> optional backup set-up for the new official -> finish. The work runs off the GUI
thread (``promotion_op``, a ``BackgroundOp``); the GUI thread only receives its results.

On success the ``settings`` object given to the constructor is updated in place
(mode official, backups if configured), so the settings window shows it and its
"Salvar" finishes, as in MGV7.
"""

from __future__ import annotations

import dataclasses

import copy
import logging

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QFormLayout, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QProgressBar, QPushButton, QTableWidget,
                               QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget,
                               QWizard, QWizardPage)

from app.errors import ContingencyError
from app.journal import Journal
from app.paths import Home
from app.promotion.hooks import Hook, hooks_path, lmp_hook, load_hooks, save_hooks
from app.promotion.run import PromotionResult, data_age_text, run_promotion
from app.promotion.pathmap import parse_map
from app.runs import notifier_sinks
from app.promotion.plan import GENERAL
from app.settings.model import Endpoint, Settings, flat_keys, get_value, set_value, validate

from .i18n import current_language
from .operations import BackgroundOp
from .texts import core_text, phrase_text
from .views.partials.widgets import SpinBox


def step_text(step) -> str:
    """A promotion step's result in the interface's language."""
    return phrase_text(step.phrase) if step.phrase is not None else step.message

log = logging.getLogger(__name__)
CONTEXT = "PromotionWizard"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class _Tr:
    """Every page translates in the one "PromotionWizard" context of the .ts file."""

    def tr(self, text: str, disambiguation: str | None = None, n: int = -1) -> str:  # noqa: D401
        return QCoreApplication.translate(CONTEXT, text, disambiguation, n)


def promote(settings: Settings, home: Home, options: dict, report=None) -> PromotionResult:
    """``run_promotion`` (a preview or the real thing), run off the GUI thread by a ``BackgroundOp``;
    the same sinks as the command line's promotion: "promotion done" is e-mailed from here too."""
    with notifier_sinks(settings, home) as sinks:
        return run_promotion(settings, home, progress=report, trigger="wizard", events=sinks, **options)


def promotion_op(parent, settings: Settings, home: Home, options: dict, *, done, failed) -> BackgroundOp:
    """The promotion off the GUI thread: ``done(result)``, or ``failed(message)`` in the interface's words."""
    def fail(exc: BaseException) -> None:
        if isinstance(exc, ContingencyError):
            failed(core_text(exc, "Promotion"))
            return
        log.error("promotion from the wizard failed", exc_info=exc)  # a bug must not kill the GUI
        failed(f"Unexpected error: {exc!r} (see the log).")

    return BackgroundOp(parent, lambda report: promote(settings, home, options, report), with_progress=True) \
        .success(done).failure(fail)


# === pages ==================================================================================

class IntroPage(_Tr, QWizardPage):
    def __init__(self, wizard: "PromotionWizard") -> None:
        super().__init__()
        self.setTitle(self.tr("Use the contingency server as the official server"))
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "This wizard makes this machine the official server: it first restores a newer backup if the "
            "official published one, then marks the shared folders so the old official stops publishing if it "
            "comes back, changes the communication server of every store and the paths that name the old "
            "server in one step (with an undo), runs the service commands (such as the LMP license service) "
            "and switches the mode to Official.\n\n"
            "If this machine can take the old server's name and IP instead (Option 2), change them in Windows "
            "and create the same folder structure; this wizard is then not needed."))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.age = QLabel(self.tr("Data on this machine: %1").replace("%1", phrase_text(data_age_text(wizard.journal))))
        self.age.setWordWrap(True)
        layout.addWidget(self.age)
        layout.addStretch(1)
        self.confirm = QCheckBox(self.tr("I confirm the official server is down"))
        self.confirm.toggled.connect(self.completeChanged)
        layout.addWidget(self.confirm)

    def isComplete(self) -> bool:
        return self.confirm.isChecked()


class HostsPage(_Tr, QWizardPage):
    """"Configurações do Servidor de Comunicações"."""

    def __init__(self, wizard: "PromotionWizard") -> None:
        super().__init__()
        self.setTitle(self.tr("Communication server settings"))
        self.setSubTitle(self.tr("The name or IP of the machine that now does the communication of the stores."))
        layout = QVBoxLayout(self)
        self.all_stores = QCheckBox(self.tr("Use the server settings defined below for all stores"))
        self.all_stores.setChecked(True)
        layout.addWidget(self.all_stores)
        form = QFormLayout()
        default = wizard.settings.promotion.new_host or wizard.settings.machine_name
        self.comm = QLineEdit(default)
        self.web = QLineEdit(default)
        self.remote = QLineEdit(default)
        self.old = QLineEdit(wizard.settings.promotion.old_host)
        self.old.setPlaceholderText(self.tr("detected from the last backup"))
        form.addRow(self.tr("Communication control:"), self.comm)
        form.addRow(self.tr("Web manager:"), self.web)
        form.addRow(self.tr("Remote load:"), self.remote)
        form.addRow(self.tr("Old official (name or IP):"), self.old)
        layout.addLayout(form)
        note = QLabel(self.tr("Unchecked, only the stores that name the old official are changed."))
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
        self._last = default
        self.comm.textEdited.connect(self._follow)
        for line in (self.comm, self.web, self.remote):
            line.textChanged.connect(self.completeChanged)

    def _follow(self, text: str) -> None:
        """The three fields start equal; they follow the first until changed on their own."""
        for line in (self.web, self.remote):
            if line.text() == self._last:
                line.setText(text)
        self._last = text

    def hosts(self) -> dict[str, str]:
        return {"comm_control": self.comm.text().strip(), "web_manager": self.web.text().strip(),
                "remote_load": self.remote.text().strip()}

    def isComplete(self) -> bool:
        return all(h and not any(c in h for c in " \\/") for h in self.hosts().values())


class PreviewPage(_Tr, QWizardPage):
    """Every change, store by store, with the path rules and the warnings."""

    def __init__(self, wizard: "PromotionWizard") -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Preview of the changes"))
        self.setSubTitle(self.tr("Path prefixes of the old official and where they are on this machine."))
        layout = QVBoxLayout(self)
        self.maps = QTableWidget(0, 2)
        self.maps.setHorizontalHeaderLabels([self.tr("Old prefix"), self.tr("New prefix")])
        self.maps.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        self.maps.setMaximumHeight(110)
        for text in wizard.settings.promotion.path_maps:
            old, _, new = text.partition("=")
            self._add_map(old, new)
        layout.addWidget(self.maps)
        buttons = QHBoxLayout()
        for label, slot in ((self.tr("Add"), lambda: self._add_map("", "")),
                            (self.tr("Remove"), self._remove_map), (self.tr("Update preview"), self.refresh)):
            button = QPushButton(label)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Setting"), self.tr("Current value"), self.tr("New value")])
        # the setting's name as wide as it needs; the old and new values share the rest, so "Valor
        # novo" is never cut off at the wizard's default size
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.Stretch)
        header.setSectionResizeMode(2, QHeaderView.Stretch)
        self.tree.setWordWrap(True)
        layout.addWidget(self.tree, 1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.create_folders = QCheckBox(self.tr("Create the missing local folders"))
        self.create_folders.setChecked(wizard.settings.promotion.create_folders)
        layout.addWidget(self.create_folders)
        self.result: PromotionResult | None = None
        self.op: BackgroundOp | None = None
        self.caught_up = False

    def _add_map(self, old: str, new: str) -> None:
        row = self.maps.rowCount()
        self.maps.insertRow(row)
        self.maps.setItem(row, 0, QTableWidgetItem(old))
        self.maps.setItem(row, 1, QTableWidgetItem(new))

    def _remove_map(self) -> None:
        rows = sorted({i.row() for i in self.maps.selectedIndexes()}, reverse=True) or [self.maps.rowCount() - 1]
        for row in rows:
            if row >= 0:
                self.maps.removeRow(row)

    def path_maps(self) -> list[tuple[str, str]]:
        maps = []
        for row in range(self.maps.rowCount()):
            old, new = (self.maps.item(row, c).text().strip() if self.maps.item(row, c) else "" for c in (0, 1))
            if old or new:
                maps.append((old, new))
        return maps

    def initializePage(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        if self.op is not None and self.op.running():
            return
        self.result = None
        self.completeChanged.emit()
        self.tree.clear()
        self.status.setText(self.tr("Checking the source for a newer backup and reading the settings...")
                            if not self.caught_up else self.tr("Reading the settings..."))
        options = self.wiz.options(dry_run=True, skip_catch_up=self.caught_up)
        self.op = promotion_op(self, self.wiz.work_settings, self.wiz.home, options,
                               done=self._shown, failed=self._failed).run()

    def _failed(self, message: str) -> None:
        self.status.setText(self.tr("The preview failed: %1").replace("%1", message))

    def _shown(self, result: PromotionResult) -> None:
        self.caught_up = True
        self.result = result
        plan = result.plan
        for scope, changes in plan.scopes().items():
            top = QTreeWidgetItem([self.tr("General") if scope == GENERAL else scope, "", ""])
            for change in changes:
                QTreeWidgetItem(top, [change.display_name(current_language()), change.old, change.new])
            self.tree.addTopLevelItem(top)
            top.setExpanded(len(plan.scopes()) <= 2 or scope == next(iter(plan.scopes())))
        if plan.warnings:
            top = QTreeWidgetItem([self.tr("Warnings: still naming the old official"), "", ""])
            for warning in plan.warnings:
                QTreeWidgetItem(top, [f"{warning.table}.{warning.column} [{warning.row}]", warning.value, ""])
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        catch_up = next((step_text(s) for s in result.steps if s.name == "catch-up"), "")
        self.status.setText(self.tr("%1 values to change, %2 warnings. %3")
                            .replace("%1", str(len(plan.changes))).replace("%2", str(len(plan.warnings)))
                            .replace("%3", catch_up))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.result is not None and self.result.plan is not None


class HooksPage(_Tr, QWizardPage):
    """F16: services to stop before and start after (the LMP license service)."""

    def __init__(self, wizard: "PromotionWizard") -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Services"))
        self.setSubTitle(self.tr("Commands run before the changes (stop) and after them (start), such as the "
                                 "LMP license service. A failing required command stops the promotion."))
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Stop command"), self.tr("Start command"),
                                              self.tr("Required")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Stretch)
        layout.addWidget(self.table)
        buttons = QHBoxLayout()
        add, lmp, remove = QPushButton(self.tr("Add")), QPushButton(self.tr("Add LMP")), QPushButton(self.tr("Remove"))
        add.clicked.connect(lambda: self.add(Hook("")))
        # the seed's LMP: stopped and disabled here, enabled (automatic) and started on promotion
        lmp.clicked.connect(lambda: self.add(lmp_hook()))
        remove.clicked.connect(self._remove)
        for button in (add, lmp, remove):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.error = QLabel()
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        try:
            for hook in load_hooks(wizard.hooks_file):
                self.add(hook)
        except ContingencyError as exc:
            self.error.setText(core_text(exc, "Promotion"))

    def _remove(self) -> None:
        row = self.table.currentRow()
        self.table.removeRow(row if row >= 0 else self.table.rowCount() - 1)

    def add(self, hook: Hook) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        if hook.service:  # driven through the service manager: shown, edited in the hooks file
            texts = (hook.name, self.tr("Stop the service %1 and wait").replace("%1", hook.service),
                     self.tr("Start the service %1 and wait").replace("%1", hook.service))
        else:
            texts = (hook.name, hook.stop, hook.start)
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if hook.service and column:
                item.setFlags(item.flags() & ~Qt.ItemIsEditable)
            self.table.setItem(row, column, item)
        self.table.item(row, 0).setData(Qt.UserRole, hook if hook.service else None)
        required = QTableWidgetItem()
        required.setFlags(Qt.ItemIsUserCheckable | Qt.ItemIsEnabled | Qt.ItemIsSelectable)
        required.setCheckState(Qt.Checked if hook.required else Qt.Unchecked)
        self.table.setItem(row, 3, required)

    def hooks(self) -> list[Hook]:
        found = []
        for row in range(self.table.rowCount()):
            name, stop, start = (self.table.item(row, c).text().strip() if self.table.item(row, c) else ""
                                 for c in range(3))
            required = self.table.item(row, 3) is not None and self.table.item(row, 3).checkState() == Qt.Checked
            service = self.table.item(row, 0).data(Qt.UserRole) if self.table.item(row, 0) else None
            if name and service is not None:
                found.append(dataclasses.replace(service, name=name, required=required))
            elif name and (stop or start):
                found.append(Hook(name, stop, start, required))
        return found

    def validatePage(self) -> bool:
        try:
            save_hooks(self.wiz.hooks_file, self.hooks())
        except (OSError, ContingencyError) as exc:
            self.error.setText(self.tr("The service list could not be saved: %1").replace("%1", str(exc)))
            return False
        return True


class ApplyPage(_Tr, QWizardPage):
    def __init__(self, wizard: "PromotionWizard") -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Promote"))
        self.setSubTitle(self.tr("Click Promote now: the changes are made in one step and can be undone "
                                 "with Undo promotion in the settings window (or 'contingencia promote --undo')."))
        layout = QVBoxLayout(self)
        self.button = QPushButton(self.tr("Promote now"))
        self.button.clicked.connect(self.start)
        layout.addWidget(self.button, 0, Qt.AlignLeft)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        layout.addWidget(self.bar)
        self.now = QLabel()
        self.now.setWordWrap(True)
        layout.addWidget(self.now)
        self.steps = QTreeWidget()
        self.steps.setHeaderLabels([self.tr("Step"), self.tr("Result")])
        self.steps.setWordWrap(True)
        self.steps.header().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        layout.addWidget(self.steps, 1)
        self.op: BackgroundOp | None = None
        self.result: PromotionResult | None = None

    def start(self) -> None:
        if self.op is not None and self.op.running():
            return
        self.button.setEnabled(False)
        self.wiz.button(QWizard.BackButton).setEnabled(False)
        self.steps.clear()
        self.now.setText(self.tr("Promoting..."))
        self.op = promotion_op(self, self.wiz.work_settings, self.wiz.home,
                               self.wiz.options(dry_run=False, skip_catch_up=False),  # the preview restores nothing
                               done=self._done, failed=self._failed).progress(self._progress).run()

    def _progress(self, done: int, total: int, text: str) -> None:
        self.bar.setRange(0, total)
        self.bar.setValue(done)
        self.now.setText(text)

    def _failed(self, message: str) -> None:
        self.button.setEnabled(True)
        self.now.setText(self.tr("The promotion did not start: %1").replace("%1", message))

    def _done(self, result: PromotionResult) -> None:
        self.result = result
        for step in result.steps:
            text = step_text(step)
            item = QTreeWidgetItem([self.step_name(step.name), ("✔ " if step.ok else "✘ ") + text])
            item.setToolTip(1, text)
            self.steps.addTopLevelItem(item)
        self.bar.setValue(self.bar.maximum())
        if result.completed:
            self.now.setText(self.tr("Done in %1 s: this machine is now the official server.")
                             .replace("%1", f"{result.elapsed_s:.1f}"))
            self.setCommitPage(True)  # no way back once promoted
            self.button.setEnabled(False)
            self.wiz.promoted(result)
        else:
            self.button.setEnabled(True)
            self.wiz.button(QWizard.BackButton).setEnabled(True)
            self.now.setText(self.tr("The promotion stopped: %1").replace("%1", core_text(result.error, "Promotion")))
        self.completeChanged.emit()
        if result.completed:  # after the buttons were updated: there is no way back from a promotion
            self.wiz.button(QWizard.BackButton).setEnabled(False)

    def isComplete(self) -> bool:
        return self.result is not None and self.result.completed

    def step_name(self, name: str) -> str:
        names = {"catch-up": self.tr("Catch-up"), "repair": self.tr("Repair"), "plan": self.tr("Preview"),
                 "stop services": self.tr("Stop services"), "fencing": self.tr("Fencing"),
                 "apply": self.tr("Apply"), "folders": self.tr("Folders"),
                 "start services": self.tr("Start services"), "mode": self.tr("Mode")}
        return names.get(name, name)



class BackupPage(_Tr, QWizardPage):
    """Optional: backups of the new official (destination 1 folder, interval)."""

    def __init__(self, wizard: "PromotionWizard") -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Backups of the new official"))
        self.setSubTitle(self.tr("Optional: where and how often this server publishes its backups for a new "
                                 "contingency server. Other transports are set on the settings screen."))
        layout = QVBoxLayout(self)
        self.enable = QCheckBox(self.tr("Configure the backups now"))
        layout.addWidget(self.enable)
        form = QFormLayout()
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        self.folder = QLineEdit(wizard.settings.official.destination1.path)
        browse = QPushButton(self.tr("Browse..."))
        browse.clicked.connect(self._browse)
        line.addWidget(self.folder, 1)
        line.addWidget(browse)
        form.addRow(self.tr("Destination 1 folder:"), row)
        self.interval = SpinBox()
        self.interval.setRange(1, 1440)
        self.interval.setSuffix(self.tr(" min"))
        self.interval.setValue(wizard.settings.official.interval_min)
        form.addRow(self.tr("Backup every:"), self.interval)
        layout.addLayout(form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addStretch(1)
        self.enable.toggled.connect(lambda on: (self.folder.setEnabled(on), self.interval.setEnabled(on)))
        self.folder.setEnabled(False)
        self.interval.setEnabled(False)

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Destination 1 folder"), self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def validatePage(self) -> bool:
        if not self.enable.isChecked():
            return True
        problem = self.wiz.configure_backups(self.folder.text().strip(), self.interval.value())
        self.error.setText(problem)
        return not problem


class FinishPage(_Tr, QWizardPage):
    def __init__(self, wizard: "PromotionWizard") -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Finished"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        layout.addStretch(1)

    def initializePage(self) -> None:
        result = self.wiz.result
        lines = [self.tr("This machine is now the official server (mode Official)."),
                 self.tr("The settings are saved: the settings window shows them.")]
        if result is not None and result.undo_file:
            lines.append(self.tr("To put the store settings back: Undo promotion in the settings window "
                                 "(or contingencia promote --undo)."))
        self.summary.setText("\n\n".join(lines))


# === the wizard =============================================================================

class PromotionWizard(_Tr, QWizard):
    """``PromotionWizard(parent, home, settings)``; ``settings`` is updated in place on success."""

    def __init__(self, parent, home: Home, settings: Settings) -> None:
        super().__init__(parent)
        self.home = home
        self.settings = settings
        self.work_settings = _with_secrets(settings, home)
        self.journal = Journal(home.journal_file)
        self.hooks_file = hooks_path(home, settings.promotion.hooks_file)
        self.result: PromotionResult | None = None
        #: exactly what this wizard saved (the promotion's mode, the new official's backups), or None
        self.saved_settings: Settings | None = None
        self.setWindowTitle(self.tr("Contingency server wizard"))
        self.setWizardStyle(QWizard.ModernStyle)
        self.setOption(QWizard.NoBackButtonOnLastPage, True)
        self.resize(820, 600)
        self.setButtonText(QWizard.CommitButton, self.tr("Continue"))
        self.intro, self.hosts_page, self.preview = IntroPage(self), HostsPage(self), PreviewPage(self)
        self.hooks_page, self.apply_page = HooksPage(self), ApplyPage(self)
        self.backup_page, self.finish_page = BackupPage(self), FinishPage(self)
        for page in (self.intro, self.hosts_page, self.preview, self.hooks_page, self.apply_page,
                     self.backup_page, self.finish_page):
            self.addPage(page)

    def options(self, *, dry_run: bool, skip_catch_up: bool) -> dict:
        hosts = self.hosts_page.hosts()
        return {"new_host": hosts["comm_control"], "role_hosts": hosts,
                "path_maps": self.preview.path_maps(), "profile_path": self.settings.promotion.profile or None,
                "dry_run": dry_run, "create_folders": self.preview.create_folders.isChecked(),
                "hooks": self.hooks_page.hooks(), "skip_catch_up": skip_catch_up,
                "old_host": self.hosts_page.old.text().strip() or None,
                "all_stores": self.hosts_page.all_stores.isChecked()}

    def validateCurrentPage(self) -> bool:
        if self.currentPage() is self.preview:
            try:
                for old, new in self.preview.path_maps():
                    parse_map(f"{old}={new}")
            except ContingencyError as exc:
                self.preview.status.setText(core_text(exc, "Promotion"))
                return False
        return super().validateCurrentPage()

    def promoted(self, result: PromotionResult) -> None:
        """Mirror the saved settings into the window's object (mode official)."""
        self.result = result
        if result.settings is not None:
            _copy_into(self.settings, result.settings, keep_secrets=True)
            self.work_settings = result.settings
            self.saved_settings = result.settings
        # the promotion is saved: nothing on the way out can discard it, and there is no way back
        self.setOption(QWizard.NoCancelButton, True)
        self.button(QWizard.BackButton).setEnabled(False)

    def configure_backups(self, folder: str, interval_min: int) -> str:
        """Destination 1 and the interval of the new official; '' when saved, else the problem."""
        from app.settings.store import SettingsStore
        if not folder:
            return self.tr("Give the folder where the backups are published.")
        settings = copy.deepcopy(self.work_settings)
        settings.official.destination1 = Endpoint(kind="folder", path=folder)
        settings.official.schedule, settings.official.interval_min = "fixed", interval_min
        settings.mode, settings.enabled = "official", True
        problems = validate(settings)
        if problems:
            return "; ".join(str(p) for p in problems)
        try:
            SettingsStore(self.home).save(settings)
        except ContingencyError as exc:
            return core_text(exc, "Promotion")
        self.work_settings = settings
        self.saved_settings = settings
        _copy_into(self.settings, settings, keep_secrets=True)
        return ""

    def busy(self) -> bool:
        return any(op is not None and op.running() for op in (self.preview.op, self.apply_page.op))

    def done(self, code: int) -> None:
        if self.busy():  # a promotion is never cut in the middle; the GUI thread does not wait either
            self.apply_page.now.setText(self.tr("Wait until the current step finishes."))
            return
        super().done(code)


def _with_secrets(settings: Settings, home: Home) -> Settings:
    """The window's settings carry no passwords; the promotion needs them (source, database)."""
    from app.settings.store import SettingsStore
    work = copy.deepcopy(settings)
    secrets = SettingsStore(home).secrets
    for info in flat_keys():
        if info.meta.get("secret") and get_value(work, info.key) is None:
            try:
                set_value(work, info.key, secrets.get(info.key))
            except Exception:  # no keyring here: the promotion reports what it cannot reach
                log.debug("secret %s not available", info.key)
    return work


def _copy_into(target: Settings, source: Settings, *, keep_secrets: bool) -> None:
    for info in flat_keys():
        if keep_secrets and info.meta.get("secret"):
            continue
        set_value(target, info.key, copy.deepcopy(get_value(source, info.key)))
