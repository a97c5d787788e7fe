"""The settings keys on screen: one binding a key (how to read it, how to show it, where its error
goes) and the factories of the usual fields. Every group of the settings tab builds its fields
through one ``Form``; the window reads, shows and validates the whole form through it.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QCheckBox, QDialog, QFormLayout, QLineEdit, QWidget

from app.settings.model import Settings, flat_keys, get_value, key_info, set_value

from .consent import ConsentDialog, ask_before_ticking
from .widgets import Binding, ComboBox, FieldFrame, PasswordEdit, PathEdit, SpinBox

SECRET_KEYS = [info.key for info in flat_keys() if info.meta.get("secret")]


class Form:
    """The bindings of the settings keys, in the order the screen shows them. ``ask(dialog)`` shows a
    consent's question modally (the window passes its own, which tests drive)."""

    def __init__(self, ask: Callable[[QDialog], bool] | None = None) -> None:
        self.bindings: dict[str, Binding] = {}
        self.ask = ask or (lambda dialog: dialog.exec() == QDialog.DialogCode.Accepted)

    # --- building ---------------------------------------------------------------------------
    def register(self, binding: Binding) -> None:
        self.bindings[binding.key] = binding
        changed = _change_signal(binding.focus)
        if changed is not None:  # a corrected field loses its red message at once
            changed.connect(binding.frame.clear_error)

    def bind(self, key: str, widget: QWidget, get: Callable[[], Any], set_: Callable[[Any], None],
             frame: FieldFrame | None = None) -> FieldFrame:
        frame = frame or FieldFrame(widget)
        self.register(Binding(key, get, set_, widget, frame))
        return frame

    def line(self, key: str, placeholder: str = "") -> FieldFrame:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        return self.bind(key, edit, lambda: edit.text().strip(), lambda v: edit.setText(v or ""))

    def text_list(self, key: str, placeholder: str = "") -> FieldFrame:
        """A list typed as one line, its items separated by commas."""
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        return self.bind(key, edit, lambda: [p.strip() for p in edit.text().split(",") if p.strip()],
                         lambda v: edit.setText(", ".join(v or [])))

    def path(self, key: str, *, pick_file: bool = False, file_filter: str = "") -> FieldFrame:
        edit = PathEdit(pick_file=pick_file, file_filter=file_filter)
        return self.bind(key, edit, edit.text, lambda v: edit.setText(v or ""))

    def spin(self, key: str, suffix: str = "") -> FieldFrame:
        meta = key_info(key).meta
        spin = SpinBox()
        spin.setRange(meta["minimum"], meta["maximum"])
        spin.setSuffix(suffix)
        frame = self.bind(key, spin, spin.typed_value, lambda v: spin.setValue(int(v)))
        spin.out_of_range.connect(frame.show_range_error)
        return frame

    def check(self, key: str, text: str) -> FieldFrame:
        """A switch; one the model asks consent for is ticked only once its question is answered."""
        box = QCheckBox(text)
        if key_info(key).meta.get("consent"):
            ask_before_ticking(box, lambda: ConsentDialog(setting_label(key) + "?", setting_consent(key), box),
                               self.ask)
        return self.bind(key, box, box.isChecked, lambda v: box.setChecked(bool(v)))

    def combo(self, key: str, items: list[tuple[str, str]]) -> FieldFrame:
        combo = ComboBox()
        for value, label in items:
            combo.addItem(label, value)
        return self.bind(key, combo, combo.currentData, lambda v: combo.setCurrentIndex(max(0, combo.findData(v))))

    def password(self, key: str) -> FieldFrame:
        edit = PasswordEdit()
        return self.bind(key, edit, edit.value, lambda v: None)

    # --- reading and showing ------------------------------------------------------------------
    def widget(self, key: str) -> QWidget:
        return self.bindings[key].focus

    def frame(self, key: str) -> FieldFrame:
        return self.bindings[key].frame

    def missing(self) -> list:
        """The model's keys no group has placed (``KeyInfo`` of each)."""
        return [info for info in flat_keys() if info.key not in self.bindings]

    def show(self, settings: Settings) -> None:
        """Every value but the passwords, which are never shown."""
        for info in flat_keys():
            if not info.meta.get("secret"):
                self.bindings[info.key].set(get_value(settings, info.key))

    def read(self) -> Settings:
        """The settings as the fields hold them (a typed password, or None to keep the saved one)."""
        settings = Settings()
        for info in flat_keys():
            set_value(settings, info.key, self.bindings[info.key].get())
        return settings

    def take(self, values: dict[str, Any]) -> None:
        for key, value in values.items():
            self.bindings[key].set(value)

    def password_fields(self) -> list[PasswordEdit]:
        return [self.bindings[key].focus for key in SECRET_KEYS]

    # --- problems ---------------------------------------------------------------------------
    def clear_problems(self) -> None:
        for binding in self.bindings.values():
            binding.frame.clear_error()

    def binding_for(self, key: str) -> Binding | None:
        """Where a problem of ``key`` is shown (None when no field holds it)."""
        if key in self.bindings:
            return self.bindings[key]
        if key.startswith("email_accounts."):
            return self.bindings["notify.account"]  # account fields are edited in the "New" dialog
        return None

    def earlier(self, first: Binding | None, other: Binding) -> Binding:
        """Of two fields, the one the screen shows first (the problems come in the model's order)."""
        if first is None:
            return other
        order = list(self.bindings.values())
        return other if order.index(other) < order.index(first) else first

    def label_of(self, key: str) -> str:
        """The field's label as the form shows it (the key when it has none)."""
        binding = self.binding_for(key)
        label = _row_label(binding.frame) if binding is not None else None
        return label.text().rstrip(":") if label is not None else key

    def engine_keys(self) -> list[str]:
        """The keys on screen the model declares for some database engines only."""
        return [key for key in self.bindings if key_info(key).meta.get("engines")]

    def set_enabled(self, key: str, enabled: bool) -> None:
        """A field and its row's label (a disabled field's label reads as disabled too)."""
        frame = self.frame(key)
        frame.setEnabled(enabled)
        label = _row_label(frame)
        if label is not None:
            label.setEnabled(enabled)


def _row_label(frame: FieldFrame) -> QWidget | None:
    """The label of a field's row in its form layout (None outside one, or without a label)."""
    parent = frame.parentWidget()
    for form in parent.findChildren(QFormLayout) if parent is not None else []:
        label = form.labelForField(frame)
        if label is not None:
            return label
    return None


def _change_signal(widget: QWidget):
    """The signal a field emits when the operator changes it (None for a widget without one)."""
    for name in ("textChanged", "valueChanged", "toggled", "currentIndexChanged"):
        signal = getattr(widget, name, None)
        if signal is not None:
            return signal
    return None


def setting_label(key: str) -> str:
    """The model's own label of a key, translated in the "Setting" context of the catalogue."""
    info = key_info(key)
    return QCoreApplication.translate("Setting", info.meta.get("label", info.key))


def setting_consent(key: str) -> str:
    """The model's question before a switch is turned on, translated."""
    return QCoreApplication.translate("Setting", key_info(key).meta["consent"])


def setting_help(key: str) -> str:
    """The model's help of a key, translated ("" when it has none)."""
    help_text = key_info(key).meta.get("help", "")
    return QCoreApplication.translate("Setting", help_text) if help_text else ""
