"""*Par*: the acknowledgements between the official and its contingency servers (B10). Each mode
turns them on or off (the contingency writes what it applied, the official reads it); the alert
thresholds are the official's, enabled in official mode while the acknowledgements are on."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox

from ..partials.form import Form, setting_help

THRESHOLDS = ("pair.behind_after_min", "pair.ack_missing_after_min")


class PairGroup(QGroupBox):
    def __init__(self, form: Form) -> None:
        super().__init__(self.tr("Pair: acknowledgements"))
        self.form = form
        rows = QFormLayout(self)
        rows.addRow(form.check("pair.acknowledge", self.tr("Exchange acknowledgements with the pair")))
        behind = form.spin("pair.behind_after_min", self.tr(" min"))
        behind.widget.setSpecialValueText(self.tr("automatic"))
        rows.addRow(self.tr("Official: contingency behind after:"), behind)
        missing = form.spin("pair.ack_missing_after_min", self.tr(" min"))
        missing.widget.setSpecialValueText(self.tr("automatic"))
        rows.addRow(self.tr("Official: acknowledgement missing after:"), missing)
        for key in ("pair.acknowledge",) + THRESHOLDS:
            form.frame(key).setToolTip(setting_help(key))
        self.acknowledge = form.widget("pair.acknowledge")
        self.official = True
        self.acknowledge.toggled.connect(lambda: self.update_enabled(self.official))

    def update_enabled(self, official: bool) -> None:
        """The thresholds only where they are used: on the official, with the acknowledgements on."""
        self.official = official
        for key in THRESHOLDS:
            self.form.set_enabled(key, official and self.acknowledge.isChecked())
