"""Small reusable widgets of the settings forms: a path field with a picker, a
password field that never shows a saved password, a time-of-day field, spin boxes and
combos that take the mouse wheel only when focused, and the field frame that holds a
widget and its red error message.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFocusEvent, QValidator, QWheelEvent
from PySide6.QtWidgets import (QComboBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QStyle, QToolButton,
                               QVBoxLayout, QWidget)

ERROR_STYLE = "color: #c62828;"
NOTE_STYLE = "color: #8a5a00;"  # a note beside a field: why it is off, what it needs


class PathEdit(QWidget):
    """A line edit with a "..." button that opens a folder or file picker."""

    textChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, pick_file: bool = False, file_filter: str = "") -> None:
        super().__init__(parent)
        self.pick_file = pick_file
        self.file_filter = file_filter
        self.line = QLineEdit(self)
        self.button = QToolButton(self)
        self.button.setText("...")
        self.button.setToolTip(self.tr("Choose a file") if pick_file else self.tr("Choose a folder"))
        self.button.clicked.connect(self._pick)
        self.line.textChanged.connect(self.textChanged)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.line, 1)
        layout.addWidget(self.button)
        self.setFocusProxy(self.line)

    def text(self) -> str:
        return self.line.text().strip()

    def setText(self, text: str) -> None:
        self.line.setText(text)

    def set_picker_visible(self, visible: bool) -> None:
        self.button.setVisible(visible)

    def _pick(self) -> None:
        if self.pick_file:
            chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a file"), self.text(), self.file_filter)
        else:
            chosen = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder"), self.text())
        if chosen:
            self.line.setText(chosen)


class PasswordEdit(QLineEdit):
    """Empty means "keep the saved password": a saved one is never read back into the field.

    A saved password can be forgotten with the field's trailing action (removed on save).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.Password)
        self.forget = self.addAction(self.style().standardIcon(QStyle.SP_DialogDiscardButton),
                                     QLineEdit.TrailingPosition)
        self.forget.setToolTip(self.tr("Forget the saved password"))
        self.forget.triggered.connect(self.forget_saved)
        self.set_saved(False)

    def set_saved(self, saved: bool) -> None:
        self.saved = saved
        self.forgotten = False
        self.forget.setVisible(saved)
        self.setPlaceholderText(self.tr("saved - leave empty to keep it") if saved else "")

    def forget_saved(self) -> None:
        self.clear()
        self.forgotten = True
        self.forget.setVisible(False)
        self.setPlaceholderText(self.tr("the saved password will be removed on save"))

    def value(self) -> str | None:
        """None keeps the saved password, "" removes it; the store writes only what was typed."""
        if self.text():
            return self.text()
        return "" if self.forgotten else None


class TimeLine(QLineEdit):
    """A time of day typed as HH:MM; the model's validation judges it, so a bad time is shown, not hidden."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setInputMask("99:99;_")
        # wide enough for the whole time: a narrow row cut 07:00 down to ")7:00"
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00:00") + 8)  # the text and the frame
        self.setMaximumWidth(70)

    def value(self) -> str:
        text = self.text()
        return "" if text.replace(":", "").strip("_ ") == "" else text.replace("_", "")


class SpinBox(QSpinBox):
    """A number field that takes the wheel only when focused (scrolling the form never changes a
    value) and refuses a number out of its range visibly: the text stays as typed, also when the
    focus moves on, ``out_of_range`` says what is allowed, and ``typed_value`` gives the number
    typed, so Salvar refuses it instead of silently saving the last number in range."""

    out_of_range = Signal(str)  # the message to show beside the field ("" once the value is valid)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.StrongFocus)  # a wheel over the box does not give it the focus

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the scroll area behind it scrolls instead

    def refused_number(self) -> int | None:
        """The number typed when it is out of range (None: the text is a value of the box)."""
        number = self.cleanText()
        if number.lstrip("-").isdigit() and not self.minimum() <= int(number) <= self.maximum():
            return int(number)
        return None

    def typed_value(self) -> int:
        refused = self.refused_number()
        return self.value() if refused is None else refused

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self.refused_number() is None:
            super().focusOutEvent(event)
        else:  # QSpinBox would put the last number in range back, silently
            QWidget.focusOutEvent(self, event)

    def validate(self, text: str, pos: int) -> object:
        state, fixed, pos = super().validate(text, pos)
        number = text.removeprefix(self.prefix()).removesuffix(self.suffix()).strip()
        if state == QValidator.Invalid and number.lstrip("-").isdigit():
            self.out_of_range.emit(QCoreApplication.translate("Validation", "use a whole number from %1 to %2")
                                   .replace("%1", str(self.minimum())).replace("%2", str(self.maximum())))
            return QValidator.Intermediate, text, pos
        if state == QValidator.Acceptable:
            self.out_of_range.emit("")
        return state, fixed, pos


class ComboBox(QComboBox):
    """A choice that takes the wheel only when focused."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.StrongFocus)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class FieldFrame(QWidget):
    """A field's widget with its error message below it (hidden while there is none)."""

    def __init__(self, widget: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.widget = widget
        self.error = QLabel(self)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        layout.addWidget(self.error)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def show_range_error(self, text: str) -> None:
        """A spin box's out-of-range message (empty: the value is valid again)."""
        if text:
            self.show_error(text[:1].upper() + text[1:] + ".")
        else:
            self.clear_error()


@dataclass
class Binding:
    """One settings key on screen: how to read and write it, and where its errors go."""

    key: str
    get: Callable[[], Any]
    set: Callable[[Any], None]
    focus: QWidget
    frame: FieldFrame
