"""Settings saved elsewhere while the window is open: the three-way merge that decides what the
window takes in, and the bar that asks about the fields the operator has edited."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.settings.model import Settings, flat_keys, get_value

#: always shown as saved when settings change elsewhere: a promotion must never be written back
ALWAYS_FOLLOWED = {"mode"}


@dataclass
class Merge:
    """What the form shows after a save elsewhere: ``take`` (key -> the saved value) for fields the
    operator did not touch, or touched to the saved value; ``edited`` for the others."""

    take: dict[str, Any] = field(default_factory=dict)
    edited: list[str] = field(default_factory=list)
    take_accounts: bool = False


def merge(form: Settings, before: Settings, fresh: Settings) -> Merge:
    """The form's values, what the window had read (``before``) and what is saved now (``fresh``)."""
    result = Merge(take_accounts=form.email_accounts == before.email_accounts)
    if not result.take_accounts and form.email_accounts != fresh.email_accounts:
        result.edited.append("email_accounts")
    for info in flat_keys():
        if info.meta.get("secret"):
            continue  # never shown: a typed password stays, the placeholder says whether one is saved
        mine, old, new = (get_value(x, info.key) for x in (form, before, fresh))
        if mine == old or mine == new or info.key in ALWAYS_FOLLOWED:
            result.take[info.key] = new
        else:
            result.edited.append(info.key)
    return result


class ChangedElsewhereBar(QWidget):
    """"The settings were changed elsewhere…" with *Recarregar* and *Manter minhas alterações*."""

    reload_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet("background: #fff4ce;")
        row = QHBoxLayout(self)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.reload_button = QPushButton(self.tr("Reload the saved settings"))
        self.keep_button = QPushButton(self.tr("Keep my changes"))
        self.reload_button.clicked.connect(self.reload_requested)
        self.keep_button.clicked.connect(self.hide)
        row.addWidget(self.text, 1)
        row.addWidget(self.reload_button)
        row.addWidget(self.keep_button)
        self.hide()

    def ask(self, field_names: list[str]) -> None:
        self.text.setText(self.tr("The settings were changed elsewhere (another window, the command line or the "
                                  "Assistente). You edited fields that now differ: %1. Reload the saved settings, "
                                  "or keep your changes and save them.").replace("%1", ", ".join(field_names)))
        self.show()
