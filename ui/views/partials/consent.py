"""A setting the operator consents to (the model's ``consent``): its check box is ticked only after
the question that says what the program will then change, answered with *Permitir* (Cancel, the
default, leaves it off). Unticking needs no question: it withdraws the consent."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class ConsentDialog(QDialog):
    """The question: what changes and what it costs."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.text = QLabel(text)
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(560)  # a paragraph to read, not a column of words
        layout.addWidget(self.text)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.button(QDialogButtonBox.Ok).setText(self.tr("Allow"))
        self.buttons.button(QDialogButtonBox.Cancel).setDefault(True)  # Enter does not consent
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


def ask_before_ticking(box: QCheckBox, dialog: Callable[[], ConsentDialog],
                       run_dialog: Callable[[QDialog], bool]) -> None:
    """The operator's tick of ``box`` stands only once ``dialog()`` is accepted."""
    def ticked(checked: bool) -> None:
        if checked and not run_dialog(dialog()):
            box.setChecked(False)
    box.clicked.connect(ticked)
