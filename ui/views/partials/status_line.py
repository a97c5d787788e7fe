"""The line under the tabs that is always visible: the state's icon and name, and the summary."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ... import icons, texts


class StatusLine(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        row.addWidget(self.icon)
        row.addWidget(self.text, 1)

    def show_status(self, status: dict) -> None:
        state = status.get("state", "error")
        self.icon.setPixmap(icons.pixmap(state, 18))
        self.text.setText(f"<b>{texts.state_name(state)}</b> — {html.escape(texts.status_text(status), quote=False)}")

