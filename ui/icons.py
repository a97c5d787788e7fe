"""State icons drawn at run time: a coloured disc with a white sign, one per status state.

Drawing them keeps the package free of binary assets and makes them sharp at any
size the tray or the window asks for.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

#: status state -> (icon family, colour)
FAMILIES = {
    "idle": ("ok", "#2e7d32"),
    "running": ("running", "#1565c0"),
    "warning": ("warning", "#f9a825"),
    "official_silent": ("warning", "#f9a825"),
    "error": ("error", "#c62828"),
    "fenced": ("error", "#c62828"),
    "disabled": ("off", "#8a8a8a"),
}
SIZES = (16, 22, 24, 32, 48, 64)


def family(state: str) -> str:
    """ok, running, warning, error or off: what the tray shows for a state."""
    return FAMILIES.get(state, FAMILIES["error"])[0]


def _sign(painter: QPainter, kind: str, size: float) -> None:
    s = size
    pen = QPen(QColor("white"), max(1.5, s * 0.12), Qt.SolidLine, Qt.RoundCap, Qt.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.NoBrush)
    if kind == "ok":
        path = QPainterPath(QPointF(s * 0.28, s * 0.52))
        path.lineTo(s * 0.44, s * 0.68)
        path.lineTo(s * 0.72, s * 0.36)
        painter.drawPath(path)
    elif kind == "running":
        painter.drawArc(QRectF(s * 0.27, s * 0.27, s * 0.46, s * 0.46), 30 * 16, 280 * 16)
        painter.setBrush(QColor("white"))
        painter.setPen(Qt.NoPen)
        head = QPainterPath(QPointF(s * 0.62, s * 0.20))
        head.lineTo(s * 0.80, s * 0.38)
        head.lineTo(s * 0.56, s * 0.42)
        head.closeSubpath()
        painter.drawPath(head)
    elif kind == "warning":
        painter.drawLine(QPointF(s * 0.5, s * 0.26), QPointF(s * 0.5, s * 0.56))
        painter.drawPoint(QPointF(s * 0.5, s * 0.73))
    elif kind == "error":
        painter.drawLine(QPointF(s * 0.33, s * 0.33), QPointF(s * 0.67, s * 0.67))
        painter.drawLine(QPointF(s * 0.67, s * 0.33), QPointF(s * 0.33, s * 0.67))
    else:  # off
        painter.drawLine(QPointF(s * 0.30, s * 0.5), QPointF(s * 0.70, s * 0.5))


def pixmap(state: str, size: int = 32) -> QPixmap:
    kind, colour = FAMILIES.get(state, FAMILIES["error"])
    image = QPixmap(size, size)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(Qt.NoPen)
    painter.setBrush(QColor(colour))
    margin = size * 0.06
    painter.drawEllipse(QRectF(margin, margin, size - 2 * margin, size - 2 * margin))
    _sign(painter, kind, size)
    painter.end()
    return image


@lru_cache(maxsize=None)
def icon(state: str) -> QIcon:
    result = QIcon()
    for size in SIZES:
        result.addPixmap(pixmap(state, size))
    return result
