"""The editor of one ``Endpoint``: a destination of the official, or the source of the
contingency ("Modo de Comunicação"). It shows only the fields the chosen kind needs;
for FTP-like kinds they sit in the "Configurações de FTP" group, as in MGV7.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QMessageBox,
                               QPushButton, QSpinBox, QWidget)

from app.settings.model import Endpoint, key_info
from app.transports import KINDS
from app.trust import presented_fingerprint

from .widgets import Binding, ComboBox, FieldFrame, PasswordEdit, PathEdit, SpinBox
from ...operations import BackgroundOp
from ...texts import core_text

#: which optional fields each kind shows, as its transport class declares them (path is
#: always shown when the kind is used)
KIND_FIELDS = {name: set(kind.fields) for name, (_cls, kind) in KINDS.items()} | {"none": set()}
OPTIONAL_FIELDS = ("host", "port", "user", "password", "passive", "tls_fingerprint", "host_key", "key_file",
                   "timeout_s", "bandwidth_kbps")


class EndpointEditor(QGroupBox):
    """Kind combo plus the fields of that kind, bound to ``<prefix>.<field>`` keys."""

    kindChanged = Signal(str)

    def __init__(self, prefix: str, title: str, register: Callable[[Binding], None], *,
                 allow_none: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.prefix = prefix
        self.register = register
        self.kind = ComboBox(self)
        for value, label in self._kinds(allow_none):
            self.kind.addItem(label, value)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._fetch_op: BackgroundOp | None = None
        self.form = QFormLayout(self)
        self.form.addRow(self.tr("Kind:"), self._bind("kind", self.kind, self._combo_get, self._combo_set))
        self.details = QGroupBox(self)
        self.details_form = QFormLayout(self.details)
        self._build_fields()
        self.form.addRow(self.details)
        self._kind_changed()

    def _kinds(self, allow_none: bool) -> list[tuple[str, str]]:
        labels = {"folder": self.tr("Shared folder"), "ftp": self.tr("FTP"), "ftps": self.tr("FTPS (FTP over TLS)"),
                  "sftp": self.tr("SFTP (SSH)"), "smb": self.tr("SMB (Windows share, no mount needed)")}
        kinds = [(name, labels.get(name, name)) for name in KINDS]
        return kinds + ([("none", self.tr("Not used"))] if allow_none else [])

    # --- bindings ----------------------------------------------------------------------
    def _bind(self, name: str, widget: QWidget, get, set_) -> FieldFrame:
        frame = FieldFrame(widget, self)
        self.register(Binding(f"{self.prefix}.{name}", lambda: get(widget), lambda v: set_(widget, v), widget, frame))
        return frame

    @staticmethod
    def _combo_get(combo: QComboBox) -> str:
        return combo.currentData()

    @staticmethod
    def _combo_set(combo: QComboBox, value: str) -> None:
        combo.setCurrentIndex(max(0, combo.findData(value)))

    def _spin(self, name: str) -> QSpinBox:
        meta = key_info(f"{self.prefix}.{name}").meta
        spin = SpinBox(self)
        spin.setRange(meta["minimum"], meta["maximum"])
        return spin

    def _build_fields(self) -> None:
        self.path = PathEdit(self)
        self.host = QLineEdit(self)
        self.host.setPlaceholderText(self.tr("host name or IP"))
        self.port = self._spin("port")
        self.port.setSpecialValueText(self.tr("default"))
        self.user = QLineEdit(self)
        self.password = PasswordEdit(self)
        self.passive = QCheckBox(self.tr("Passive mode"), self)
        self.tls_fingerprint = QLineEdit(self)
        self.tls_fingerprint.setPlaceholderText(self.tr("SHA-256 of a self-signed certificate (optional)"))
        self.host_key = QLineEdit(self)
        self.host_key.setPlaceholderText("SHA256:...")
        self.key_file = PathEdit(self, pick_file=True)
        self.timeout_s = self._spin("timeout_s")
        self.timeout_s.setSuffix(" s")
        self.bandwidth_kbps = self._spin("bandwidth_kbps")
        self.bandwidth_kbps.setSpecialValueText(self.tr("no limit"))
        self.bandwidth_kbps.setSuffix(" KiB/s")
        text = lambda w: w.text().strip()  # noqa: E731 - tiny adapters
        set_text = lambda w, v: w.setText(v or "")  # noqa: E731
        pinned_text = lambda w: w.line.text().strip()  # noqa: E731
        set_pinned = lambda w, v: w.line.setText(v or "")  # noqa: E731
        rows = [
            ("host", self.tr("Host/IP:"), self.host, text, set_text),
            ("port", self.tr("Port:"), self.port, lambda w: w.value(), lambda w, v: w.setValue(int(v))),
            ("user", self.tr("User:"), self.user, text, set_text),
            ("password", self.tr("Password:"), self.password, lambda w: w.value(), lambda w, v: None),
            ("path", self.tr("Folder:"), self.path, text, set_text),
            ("passive", "", self.passive, lambda w: w.isChecked(), lambda w, v: w.setChecked(bool(v))),
            ("tls_fingerprint", self.tr("Trusted certificate:"), self._pinned(self.tls_fingerprint), pinned_text,
             set_pinned),
            ("host_key", self.tr("Host key:"), self._pinned(self.host_key), pinned_text, set_pinned),
            ("key_file", self.tr("Private key file:"), self.key_file, text, set_text),
            ("timeout_s", self.tr("Timeout:"), self.timeout_s, lambda w: w.value(), lambda w, v: w.setValue(int(v))),
            ("bandwidth_kbps", self.tr("Bandwidth limit:"), self.bandwidth_kbps, lambda w: w.value(),
             lambda w, v: w.setValue(int(v))),
        ]
        self.frames: dict[str, FieldFrame] = {}
        for name, label, widget, get, set_ in rows:
            self.frames[name] = self._bind(name, widget, get, set_)
            self.details_form.addRow(label, self.frames[name])
            if isinstance(widget, SpinBox):
                widget.out_of_range.connect(self.frames[name].show_range_error)

    # --- first contact: show the server's fingerprint, pin it once accepted ----------------
    def _pinned(self, line: QLineEdit) -> QWidget:
        """The fingerprint field with a button that fetches what the server presents."""
        box = QWidget(self)
        box.line = line
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(line, 1)
        box.fetch = QPushButton(self.tr("Get from server..."), box)
        box.fetch.clicked.connect(lambda: self._fetch_fingerprint(box))
        row.addWidget(box.fetch)
        return box

    def shutdown(self) -> None:
        """A fetch still running is waited for (bounded by the endpoint's timeout)."""
        if self._fetch_op is not None and self._fetch_op.running():
            self._fetch_op.wait(self.timeout_s.value() + 5)

    def _fetch_fingerprint(self, box: QWidget) -> None:
        endpoint = Endpoint(kind=self.current_kind(), host=self.host.text().strip(), port=self.port.value(),
                            timeout_s=self.timeout_s.value())
        if not endpoint.host:
            QMessageBox.warning(self, self.tr("Server fingerprint"), self.tr("Fill in the host first."))
            return
        box.fetch.setEnabled(False)
        label = self.title()
        self._fetch_op = BackgroundOp(self, lambda: presented_fingerprint(endpoint, label).fingerprint) \
            .success(lambda text: self._fingerprint_fetched(box, True, text)) \
            .failure(lambda exc: self._fingerprint_fetched(box, False, core_text(exc))).run()

    def _fingerprint_fetched(self, box: QWidget, ok: bool, text: str) -> None:
        box.fetch.setEnabled(True)
        title = self.tr("Server fingerprint")
        if not ok:
            QMessageBox.warning(self, title, text)
            return
        current = box.line.text().strip()
        if current == text:
            QMessageBox.information(self, title, self.tr("This fingerprint is already the trusted one."))
            return
        question = self.tr("The server presents this fingerprint:\n\n{0}\n\nCompare it with the one shown on "
                           "the server itself. Trust it?").format(text)
        if current:
            question += self.tr("\n\nIt differs from the trusted one ({0}): the server may have been reinstalled, "
                                "or someone may be in the middle. Check with its administrator.").format(current)
        if QMessageBox.question(self, title, question) == QMessageBox.StandardButton.Yes:
            box.line.setText(text)  # saved with the other settings on Salvar

    # --- visibility ------------------------------------------------------------------
    def current_kind(self) -> str:
        return self.kind.currentData()

    def _kind_changed(self) -> None:
        kind = self.current_kind()
        wanted = KIND_FIELDS[kind]
        network = kind in ("ftp", "ftps", "sftp", "smb")
        titles = {"ftp": self.tr("FTP settings"), "ftps": self.tr("FTP settings"),
                  "sftp": self.tr("SFTP settings"), "smb": self.tr("SMB settings")}
        # a folder shows only its path: the box loses its frame and title
        self.details.setTitle(titles.get(kind, ""))
        self.details.setFlat(not network)
        self.details.setVisible(kind != "none")
        for name in OPTIONAL_FIELDS:
            self.details_form.setRowVisible(self.frames[name], name in wanted)
        path_labels = {"folder": self.tr("Shared folder:"), "smb": self.tr("Share path:")}
        self.details_form.labelForField(self.frames["path"]).setText(
            path_labels.get(kind, self.tr("Folder on the server:")))
        self.path.set_picker_visible(kind == "folder")
        self.path.line.setPlaceholderText(
            {"folder": self.tr("local, mounted or \\\\server\\share path"),
             "smb": "\\\\server\\share\\folder"}.get(kind, "/contingencia"))
        self.kindChanged.emit(kind)

    def set_password_saved(self, saved: bool) -> None:
        self.password.set_saved(saved)
