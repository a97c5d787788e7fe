"""*Outras configurações*: every setting of the model no other group places, shown with the
model's own label and help (translated), so a key added to the model appears in the window
without a change here."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox

from ..partials.form import Form, setting_help, setting_label
from ..partials.widgets import FieldFrame


class OtherSettingsGroup(QGroupBox):
    def __init__(self, form: Form) -> None:
        super().__init__(self.tr("More settings"))
        rows = QFormLayout(self)
        for info in form.missing():
            name = setting_label(info.key)
            frame, label = self._field(form, info, name), name + ":"
            if info.kind is bool and not info.meta.get("secret"):
                label = ""  # the check box carries its name
            frame.setToolTip(setting_help(info.key))
            rows.addRow(label, frame)

    @staticmethod
    def _field(form: Form, info, name: str) -> FieldFrame:
        if info.meta.get("secret"):
            return form.password(info.key)
        if info.kind is bool:
            return form.check(info.key, name)
        if info.kind is int and info.meta.get("minimum") is not None:
            return form.spin(info.key)
        if info.meta.get("choices") and info.kind is str:
            return form.combo(info.key, [(c, c) for c in info.meta["choices"]])
        if info.kind is list:
            return form.text_list(info.key)
        return form.line(info.key)
