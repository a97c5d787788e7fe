"""The "Estado" tab: an operator's dashboard of this machine, updated at every poll (each second).

Official: the last backup (and the last good one when the last failed), the next one expected
and how late it is, each destination's own result. Contingency: the last restore, the data's
age, the last check of the source, when the official's next backup is due and when the alert
goes out. Both: what runs now, the background service with Iniciar/Parar serviço where the
platform lets a program start it (a plain explanation where not), the e-mails, the data folder.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from app.phrases import from_data
from app.runtime import servicectl
from app.settings.model import Settings

from .. import icons, texts
from ..operations import BackgroundOp
from ..texts import age, human_duration, human_size, local_time
from .partials import pair as pair_texts

#: the rows of the dashboard, in order; which ones a mode shows is in ``MODE_ROWS``
ROWS = ("machine", "summary", "last_backup", "last_good_backup", "next_backup", "destinations", "contingencies",
        "last_restore", "rejected", "data_age", "last_check", "expected", "acknowledged", "current", "progress",
        "worker", "notify", "home")
MODE_ROWS = {
    "official": {"last_backup", "last_good_backup", "next_backup", "destinations", "contingencies"},
    "contingency": {"last_restore", "rejected", "data_age", "last_check", "expected", "acknowledged"},
}
#: rejections the operator may overrule with Aceitar (the bundle itself is sound)
ACCEPTABLE = ("identity", "shrink")
LATE_AFTER_S = 60


class StatusView(QWidget):
    service_changed = Signal()  # the service was started or stopped: poll again now

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.state_icon = QLabel()
        self.state_label = QLabel()
        state_row = QHBoxLayout()
        state_row.addWidget(self.state_icon)
        state_row.addWidget(self.state_label, 1)
        self.form.addRow(self.tr("State:"), state_row)
        labels = {
            "machine": self.tr("This machine:"), "summary": self.tr("Summary:"), "last_backup": self.tr("Last backup:"),
            "last_good_backup": self.tr("Last good backup:"), "next_backup": self.tr("Next backup:"),
            "destinations": self.tr("Destinations:"), "last_restore": self.tr("Last restore:"),
            "data_age": self.tr("Data age:"), "last_check": self.tr("Last check of the source:"),
            "expected": self.tr("Official's next backup:"), "current": self.tr("Current step:"),
            "worker": self.tr("Background service:"), "notify": self.tr("E-mail:"), "home": self.tr("Data folder:"),
            "rejected": self.tr("Rejected backup:"), "contingencies": self.tr("Contingency servers:"),
            "acknowledged": self.tr("Acknowledgement to the official:"),
        }
        self.fields: dict[str, QLabel] = {}
        self.rows: dict[str, QWidget] = {}
        for name in ROWS:
            if name == "progress":
                self.progress = QProgressBar()
                self.progress.setRange(0, 1000)
                self.progress.setValue(0)
                self.form.addRow("", self.progress)
                self.rows[name] = self.progress
                continue
            label = QLabel()
            label.setWordWrap(True)
            label.setTextFormat(Qt.PlainText)  # what a folder or a contingency wrote is never markup
            label.setTextInteractionFlags(Qt.TextSelectableByMouse)
            self.fields[name] = label
            if name == "worker":
                self.form.addRow(labels[name], self._service_row(label))
            elif name == "rejected":
                self.form.addRow(labels[name], self._rejected_row(label))
            else:
                self.form.addRow(labels[name], label)
                self.rows[name] = label
        self.local_cycle = False  # a cycle started by this window is running (its progress comes from it)
        self._control: servicectl.ServiceControl | None = None
        self._service_op: BackgroundOp | None = None
        self._service_running = False
        # asking the service manager runs a program: never on the GUI thread
        self._control_op = BackgroundOp(self, servicectl.control).success(self._control_known).run()

    def _service_row(self, label: QLabel) -> QWidget:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label, 1)
        self.service_button = QPushButton()
        self.service_button.clicked.connect(self._toggle_service)
        self.service_button.hide()
        layout.addWidget(self.service_button, 0, Qt.AlignTop)
        self.rows["worker"] = row
        return row

    def _rejected_row(self, label: QLabel) -> QWidget:
        """The rejected bundle, with Tentar de novo and, for another official or a shrink, Aceitar."""
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label, 1)
        self.retry_button = QPushButton(self.tr("Try again"))
        self.retry_button.setToolTip(self.tr("The next check tries this backup again."))
        self.retry_button.clicked.connect(lambda: self._release(accept=False))
        self.accept_button = QPushButton(self.tr("Accept anyway"))
        self.accept_button.setToolTip(self.tr("The next check restores this backup although it comes from another "
                                              "official or is much smaller; every other check still applies."))
        self.accept_button.clicked.connect(lambda: self._release(accept=True))
        for button in (self.retry_button, self.accept_button):
            layout.addWidget(button, 0, Qt.AlignTop)
        self.rows["rejected"] = row
        self._home = ""
        return row

    def _release(self, *, accept: bool) -> None:
        from app.cycles import release_rejected
        from app.journal import Journal
        from app.paths import Home
        release_rejected(Journal(Home.resolve(self._home).journal_file), accept=accept)
        self.fields["rejected"].setText(self.tr("released: the next check takes it"))
        self.retry_button.setEnabled(False)
        self.accept_button.setEnabled(False)

    def show_rejected(self, rejected: dict | None, home: str) -> None:
        self._home = home
        if rejected:
            self.fields["rejected"].setText(f"{rejected.get('bundle', '')}: {rejected.get('reason', '')}")
            self.retry_button.setEnabled(True)
            self.accept_button.setEnabled(rejected.get("kind") in ACCEPTABLE)
        self.form.setRowVisible(self.rows["rejected"], bool(rejected))

    # --- showing a snapshot ----------------------------------------------------------------
    def show_status(self, status: dict[str, Any], settings: Settings) -> None:
        state = status.get("state", "error")
        mode = status.get("mode", settings.mode)
        summary = texts.status_text(status)
        self.state_icon.setPixmap(icons.pixmap(state, 24))
        self.state_label.setText(f"<b>{texts.state_name(state)}</b>")
        for name, row in self.rows.items():
            shown = not any(name in names for names in MODE_ROWS.values()) or name in MODE_ROWS.get(mode, set())
            self.form.setRowVisible(row, shown)
        f = self.fields
        f["machine"].setText(machine_text(status, settings))
        f["summary"].setText(summary)
        f["last_backup"].setText(self.run_text(status.get("last_backup")))
        last, good = status.get("last_backup") or {}, status.get("last_good_backup")
        self.form.setRowVisible(self.rows["last_good_backup"], mode == "official" and last.get("result") != "ok")
        f["last_good_backup"].setText(self.run_text(good))
        f["next_backup"].setText(self.expected_text(status.get("expected"), official=True))
        f["destinations"].setText(self.destinations_text(status.get("destinations") or []))
        f["contingencies"].setText(pair_texts.official_text(status.get("pair")))
        f["acknowledged"].setText(pair_texts.written_text(status.get("pair")))
        pair_shown = status.get("pair") is not None
        for name in ("contingencies", "acknowledged"):
            if not pair_shown:  # acknowledgements switched off (pair.acknowledge)
                self.form.setRowVisible(self.rows[name], False)
        f["last_restore"].setText(self.run_text(status.get("last_restore")))
        f["data_age"].setText(self.age_text(status))
        f["last_check"].setText(self.check_text(status.get("last_poll")))
        f["expected"].setText(self.expected_text(status.get("expected"), official=False))
        self.show_current(status.get("current"))
        worker = status.get("worker") or {}
        f["worker"].setText(self.worker_text(worker))
        self._show_service_button(bool(worker.get("running")))
        f["notify"].setText(self.notify_text(status.get("notify"), settings))
        f["home"].setText(self.home_text(status))
        self.show_rejected(status.get("rejected") if mode == "contingency" else None, status.get("home", ""))

    def home_text(self, status: dict) -> str:
        """The data folder and the disk it takes (the work files of killed runs are removed at every cycle)."""
        disk = status.get("disk") or {}
        if not disk.get("home_bytes"):
            return status.get("home", "")
        return self.tr("%1 (%2 in all, %3 of work files)").replace("%1", status.get("home", "")).replace(
            "%2", human_size(disk["home_bytes"])).replace("%3", human_size(disk.get("work_bytes")) or "0 B")

    def run_text(self, run: dict | None) -> str:
        if not run:
            return self.tr("none yet")
        parts = [local_time(run.get("when")), texts.result_name(run.get("result", ""))]
        if run.get("bundle"):
            parts.append(run["bundle"])
        if run.get("size"):
            parts.append(human_size(run["size"]))
        if run.get("duration_s") is not None and run.get("result") != "running":
            parts.append(self.tr("took %1").replace("%1", human_duration(run["duration_s"])))
        text = " — ".join(p for p in parts if p)
        if run.get("result") not in ("ok", "nothing") and run.get("error"):
            text += "\n" + texts.core_error(run, "error")
        return text

    def age_text(self, status: dict) -> str:
        seconds = status.get("data_age_s")
        if seconds is None:
            return self.tr("unknown (nothing restored yet)")
        restored = status.get("last_verified_restore") or {}
        return self.tr("%1 (the backup was made at %2)").replace("%1", age(seconds)) \
            .replace("%2", local_time(restored.get("created")))

    def check_text(self, poll: dict | None) -> str:
        if not poll:
            return self.tr("not checked yet")
        when = local_time(poll.get("at"))
        result = poll.get("result", "")
        if result == "failed":
            return self.tr("%1 — the source could not be read: %2").replace("%1", when) \
                .replace("%2", str(poll.get("error") or ""))
        return f"{when} — {texts.result_name(result)}"

    def expected_text(self, expected: dict | None, *, official: bool) -> str:
        if not expected:
            return self.tr("not known yet (the service plans it)") if official \
                else self.tr("not known yet (no backup of the official read)")
        text = local_time(expected.get("at"))
        late = expected.get("late_s") or 0
        if late >= LATE_AFTER_S:
            text += " — " + self.tr("late by %1").replace("%1", age(late))
            if expected.get("alert_at"):
                text += "; " + self.tr("the alert goes out at %1").replace("%1", local_time(expected["alert_at"]))
        return text

    def destinations_text(self, destinations: list[dict]) -> str:
        if not destinations:
            return self.tr("no backup yet")
        names = {"destination 1": self.tr("Destination 1"), "destination 2": self.tr("Destination 2")}
        lines = []
        for d in destinations:
            ok = d.get("result") == "ok"
            line = f"{'✔' if ok else '✘'} {names.get(d['label'], d['label'])} ({d.get('where', '')}): " \
                   f"{texts.result_name(d.get('result', ''))}"
            if d.get("when") and ok:
                line += " " + self.tr("at %1").replace("%1", local_time(d["when"]))
            if d.get("error"):
                line += " — " + str(d["error"])
            lines.append(line)
        return "\n".join(lines)

    def show_current(self, current: dict | None) -> None:
        if not current:
            if not self.local_cycle:
                self.fields["current"].setText(self.tr("nothing running"))
                self.progress.setValue(0)
                self.progress.setFormat("%p%")
            return
        step = texts.step_name(current.get("step"))
        seconds = current.get("step_running_s") or 0
        self.fields["current"].setText(f"{texts.kind_name(current.get('kind', ''))}: {step} ({age(seconds)})")
        self.set_progress(current.get("step"), current.get("done_bytes") or 0, current.get("total_bytes") or 0)

    def set_progress(self, step: str | None, done: int, total: int) -> None:
        """One format for the local cycle's signals and the journal's reading, so the bar never flickers."""
        self.progress.setValue(int(1000 * done / total) if total else 0)
        name = texts.step_name(step)
        self.progress.setFormat(f"{name}: {human_size(done) or '0 B'} / {human_size(total)}" if total else name)

    def worker_text(self, worker: dict) -> str:
        if not worker.get("running"):
            text = self.tr("not running (cycles run only from this window or the command line)")
            control = self._control
            if control is not None and not control.available:
                text += "\n" + texts.phrase_text(control.explanation, "Service")
            return text
        text = self.tr("running (process %1)").replace("%1", str(worker.get("pid", "")))
        if worker.get("next_run"):
            text += " — " + self.tr("next run: %1").replace("%1", local_time(worker["next_run"]))
        if texts.increments_text(worker):
            text += "\n" + texts.increments_text(worker)
        if worker.get("notify_error"):
            text += "\n" + self.tr("E-mail failed: %1").replace("%1", str(worker["notify_error"]))
        return text

    def notify_text(self, notify: dict | None, settings: Settings) -> str:
        """The e-mail row: the last delivery (when, which account), its error, what waits to be sent."""
        if not settings.notify.account:
            return self.tr("no account chosen: no e-mail is sent")
        if not isinstance(notify, dict) or not notify.get("at"):
            return self.tr("no e-mail sent yet (account %1)").replace("%1", settings.notify.account)
        when, account = local_time(notify["at"]), notify.get("account") or settings.notify.account
        if notify.get("ok", True):
            text = self.tr("last e-mail sent at %1 (account %2)").replace("%1", when).replace("%2", account)
        else:
            text = self.tr("the last e-mail could not be sent at %1 (account %2): %3") \
                .replace("%1", when).replace("%2", account) \
                .replace("%3", texts.core_text(from_data(notify.get("error_phrase")) or notify.get("error") or ""))
        if notify.get("pending"):
            text += "\n" + self.tr("%1 e-mail(s) waiting to be sent again").replace("%1", str(notify["pending"]))
        return text

    # --- Iniciar / Parar serviço ---------------------------------------------------------------
    def _control_known(self, control: servicectl.ServiceControl) -> None:
        self._control = control
        self._show_service_button(self._service_running)

    def _show_service_button(self, running: bool) -> None:
        self.service_button.setVisible(self._control is not None and self._control.available)
        if self._service_op is None or not self._service_op.running():
            self.service_button.setEnabled(True)
            self.service_button.setText(self.tr("Stop service") if running else self.tr("Start service"))
            self._service_running = running

    def _toggle_service(self) -> None:
        action = "stop" if self._service_running else "start"
        self.service_button.setEnabled(False)
        self.service_button.setText(self.tr("Stopping...") if action == "stop" else self.tr("Starting..."))
        control = self._control
        self._service_op = BackgroundOp(self, lambda: control.run(action)) \
            .success(lambda _none: self.service_changed.emit()) \
            .failure(self._service_failed).run()

    def _service_failed(self, exc: BaseException) -> None:
        phrase = getattr(exc, "phrase", None)
        self.fields["worker"].setText(texts.phrase_text(phrase, "Service") if phrase is not None else str(exc))
        self.service_button.setEnabled(True)

    def wait(self) -> None:
        for op in (self._control_op, self._service_op):
            if op is not None:
                op.wait(servicectl.TIMEOUT_S + 5)


def machine_text(status: dict, settings: Settings) -> str:
    """"LOJA01-SRV — Contingência" (and "desligado" when contingency mode is off)."""
    machine = status.get("machine") or settings.machine_name
    text = f"{machine} — {texts.mode_name(status.get('mode', settings.mode))}"
    if not status.get("enabled", settings.enabled):
        text += " (" + texts.state_name("disabled") + ")"
    return text
