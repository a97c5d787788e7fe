"""The "Novo" e-mail account dialog (F12): SMTP server, port, security, user, password,
sender and recipients, with a "Testar" button that sends a test message.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Callable

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)

from app.settings.model import EmailAccount, Settings, validate

from .widgets import ERROR_STYLE, ComboBox, FieldFrame, PasswordEdit, SpinBox
from ...operations import BackgroundOp
from ...texts import core_text

DEFAULT_PORTS = {"none": 25, "starttls": 587, "ssl": 465}


def split_addresses(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\s]+", text) if part.strip()]


class EmailAccountDialog(QDialog):
    """Register a new account, or edit one (its saved password stays unless a new one is typed)."""

    def __init__(self, parent: QWidget | None = None, *, account: EmailAccount | None = None,
                 taken_names: set[str] = frozenset(), password_saved: bool = False,
                 saved_password: Callable[[str], str] | None = None, lang: str = "en") -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("E-mail account") if account else self.tr("New e-mail account"))
        self.original = account
        self.taken_names = set(taken_names) - ({account.name} if account else set())
        self.saved_password = saved_password
        self.lang = lang
        self.test_op: BackgroundOp | None = None
        self._build()
        self.load(account or EmailAccount())
        self.password.set_saved(password_saved)

    # --- form ----------------------------------------------------------------------
    def _build(self) -> None:
        self.name = QLineEdit(self)
        self.host = QLineEdit(self)
        self.port = SpinBox(self)
        self.port.setRange(1, 65535)
        self.security = ComboBox(self)
        for value, label in (("none", self.tr("None (not encrypted)")), ("starttls", "STARTTLS"),
                             ("ssl", "SSL/TLS")):
            self.security.addItem(label, value)
        self.security.currentIndexChanged.connect(self._security_changed)
        self.user = QLineEdit(self)
        self.password = PasswordEdit(self)
        self.sender = QLineEdit(self)
        self.sender.setPlaceholderText("contingencia@example.com")
        self.recipients = QLineEdit(self)
        self.recipients.setPlaceholderText(self.tr("loja01@example.com, ti@example.com"))
        self.frames: dict[str, FieldFrame] = {}
        form = QFormLayout()
        rows = [("name", self.tr("Account name:"), self.name), ("host", self.tr("SMTP server:"), self.host),
                ("port", self.tr("Port:"), self.port), ("security", self.tr("Security:"), self.security),
                ("user", self.tr("User:"), self.user), ("password", self.tr("Password:"), self.password),
                ("sender", self.tr("Sender:"), self.sender), ("recipients", self.tr("Recipients:"), self.recipients)]
        for key, label, widget in rows:
            self.frames[key] = FieldFrame(widget, self)
            form.addRow(label, self.frames[key])
        self.test_button = QPushButton(self.tr("Test"), self)
        self.test_button.clicked.connect(self.send_test)
        self.test_result = QLabel(self)
        self.test_result.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.addButton(self.test_button, QDialogButtonBox.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.test_result)
        layout.addWidget(buttons)
        self.setMinimumWidth(600)

    def _security_changed(self) -> None:
        # follow the usual port of the security unless the user set another one
        if self.port.value() in DEFAULT_PORTS.values():
            self.port.setValue(DEFAULT_PORTS[self.security.currentData()])

    def load(self, account: EmailAccount) -> None:
        self.name.setText(account.name)
        self.host.setText(account.host)
        self.security.setCurrentIndex(max(0, self.security.findData(account.security)))
        self.port.setValue(account.port)
        self.user.setText(account.user)
        self.sender.setText(account.sender)
        self.recipients.setText(", ".join(account.recipients))

    def account(self) -> EmailAccount:
        """The account as typed; password None keeps the saved one."""
        return EmailAccount(name=self.name.text().strip(), host=self.host.text().strip(), port=self.port.value(),
                            security=self.security.currentData(), user=self.user.text().strip(),
                            password=self.password.value(), sender=self.sender.text().strip(),
                            recipients=split_addresses(self.recipients.text()))

    # --- validation ------------------------------------------------------------------
    def problems(self) -> dict[str, str]:
        from ...texts import problem_text

        account = self.account()
        found: dict[str, str] = {}
        if not account.name:
            found["name"] = self.tr("Give the account a name.")
        elif account.name in self.taken_names:
            found["name"] = self.tr("An account with this name already exists.")
        for problem in validate(Settings(email_accounts=[account])):
            if problem.key.startswith("email_accounts."):
                field_name = problem.key.split(".")[-1]
                # the core checks the sender together with the recipients
                if field_name == "recipients" and problem.value == account.sender:
                    field_name = "sender"
                found.setdefault(field_name if field_name in self.frames else "name", problem_text(problem))
        if not account.recipients:
            found.setdefault("recipients", self.tr("Give at least one recipient."))
        return found

    def accept(self) -> None:
        for frame in self.frames.values():
            frame.clear_error()
        found = self.problems()
        if found:
            for key, text in found.items():
                self.frames[key].show_error(text)
            self.frames[next(iter(found))].widget.setFocus()
            return
        super().accept()

    # --- "Testar" --------------------------------------------------------------------------
    def send_test(self) -> None:
        from app.notify.smtp import send_test  # smtplib and ssl only when the button is pressed
        account = self.account()
        if account.password is None and self.saved_password and self.original is not None:
            account = dataclasses.replace(account, password=self.saved_password(self.original.name) or None)
        self.test_button.setEnabled(False)
        self.test_result.setStyleSheet("")
        self.test_result.setText(self.tr("Sending a test message..."))
        lang = self.lang
        self.test_op = BackgroundOp(self, lambda: send_test(account, lang)) \
            .success(lambda answer: self._test_done(True, "" if answer is None else str(answer))) \
            .failure(lambda exc: self._test_done(False, core_text(exc))).run()

    def _test_done(self, ok: bool, message: str) -> None:
        self.test_button.setEnabled(True)
        self._show_test(ok, self.tr("Test message sent.") + (f" {message}" if message else "") if ok else message)

    def _show_test(self, ok: bool, text: str) -> None:
        self.test_result.setStyleSheet("" if ok else ERROR_STYLE)
        self.test_result.setText(text)

    def done(self, result: int) -> None:
        if self.test_op is not None:
            self.test_op.wait(15)  # a pending SMTP test must finish before the dialog goes
        super().done(result)
