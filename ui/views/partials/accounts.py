"""The e-mail account row of the form: which registered account sends the notifications, with
*Novo*, *Editar* and *Remover*. The accounts live here until *Salvar*; passwords typed in the
dialog travel with them, saved ones stay in the keyring."""

from __future__ import annotations

import copy
from typing import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from app.settings.model import EmailAccount

from .email_dialog import EmailAccountDialog
from .widgets import ComboBox


class AccountsRow(QWidget):
    """``secret(key)`` reads a saved password; ``run_dialog(dialog)`` shows a dialog modally (the
    window's, so tests can drive the dialog instead)."""

    def __init__(self, secret: Callable[[str], str], run_dialog: Callable[[QDialog], bool], lang: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.secret, self.run_dialog, self.lang = secret, run_dialog, lang
        self.accounts: list[EmailAccount] = []
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.combo = ComboBox()
        row.addWidget(QLabel(self.tr("E-mail account:")))
        row.addWidget(self.combo, 1)
        self.new_button = QPushButton(self.tr("New"))
        self.edit_button = QPushButton(self.tr("Edit"))
        self.remove_button = QPushButton(self.tr("Remove"))
        self.new_button.clicked.connect(self.new)
        self.edit_button.clicked.connect(self.edit)
        self.remove_button.clicked.connect(self.remove)
        for button in (self.new_button, self.edit_button, self.remove_button):
            row.addWidget(button)
        self.combo.currentIndexChanged.connect(self._buttons)

    def set_accounts(self, accounts: list[EmailAccount]) -> None:
        self.accounts = copy.deepcopy(accounts)
        self.fill()

    def fill(self, selected: str | None = None) -> None:
        current = selected if selected is not None else (self.combo.currentData() or "")
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(self.tr("(none: no e-mail is sent)"), "")
        for account in self.accounts:
            self.combo.addItem(account.name, account.name)
        self.combo.blockSignals(False)
        self.select(current)

    def select(self, name: str) -> None:
        self.combo.setCurrentIndex(max(0, self.combo.findData(name or "")))
        self._buttons()

    def chosen(self) -> str:
        return self.combo.currentData()

    def _buttons(self) -> None:
        chosen = bool(self.combo.currentData())
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _password_of(self, name: str) -> str:
        return self.secret(f"email_accounts.{name}.password")

    def new(self) -> None:
        dialog = EmailAccountDialog(self.window(), taken_names={a.name for a in self.accounts}, lang=self.lang)
        if self.run_dialog(dialog):
            account = dialog.account()
            self.accounts.append(account)
            self.fill(selected=account.name)

    def edit(self) -> None:
        name = self.combo.currentData()
        index = next((i for i, a in enumerate(self.accounts) if a.name == name), None)
        if index is None:
            return
        dialog = EmailAccountDialog(self.window(), account=self.accounts[index],
                                    taken_names={a.name for a in self.accounts},
                                    password_saved=bool(self._password_of(name)), lang=self.lang,
                                    saved_password=self._password_of)
        if self.run_dialog(dialog):
            account = dialog.account()
            if account.password is None:
                account.password = self.accounts[index].password  # a password typed before, not yet saved
            if account.password is None and account.name != name:
                # the keyring keeps it under the account's name: carry it over to the new name
                account.password = self._password_of(name) or None
            self.accounts[index] = account
            self.fill(selected=account.name)

    def remove(self) -> None:
        """Forget the chosen account (its password leaves the keyring on Salvar)."""
        name = self.combo.currentData()
        if not name:
            return
        answer = QMessageBox.question(self.window(), self.tr("Remove e-mail account"),
                                      self.tr("Remove the account {0}? No e-mail is sent until another one "
                                              "is chosen.").format(name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.accounts = [a for a in self.accounts if a.name != name]
        self.fill("")
