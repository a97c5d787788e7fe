"""The contingency servers as the official sees them (app/acks.py), in the interface's language:
the Estado tab's "Servidores de contingência" row and the tray's lines use the same words."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication as Qt

from app.phrases import fill, from_data

from ... import texts


def state_name(state: str | None) -> str:
    names = {"ok": Qt.translate("Pair", "in sync"), "behind": Qt.translate("Pair", "behind"),
             "missing": Qt.translate("Pair", "acknowledgement missing"),
             "error": Qt.translate("Pair", "reports an error"),
             "unreadable": Qt.translate("Pair", "acknowledgement refused")}
    return names.get(state or "", state or "")


def who(entry: dict[str, Any]) -> str:
    """"LOJA-CONT (destino 1)": the contingency's machine and the folder it reads."""
    return f"{entry.get('host') or entry.get('name', '')} ({texts.label_name(entry.get('destination', ''))})"


def short_line(entry: dict[str, Any]) -> str:
    """One line for the tray: who and how it is."""
    return f"{'✔' if entry.get('state') == 'ok' else '✘'} {who(entry)}: {state_name(entry.get('state'))}"


def details(entry: dict[str, Any]) -> list[str]:
    """What it applied and when, how far behind, its data age and its own health."""
    applied = entry.get("bundle") or Qt.translate("Pair", "nothing yet")
    when = texts.local_time(entry.get("applied_at")) or "—"
    found = [fill(Qt.translate("Pair", "applied %1 at %2"), (applied, when))]
    if entry.get("behind_by"):
        found.append(fill(Qt.translate("Pair", "%1 backup(s) behind"), (entry["behind_by"],)))
    if entry.get("data_age_s", -1) >= 0:
        found.append(fill(Qt.translate("Pair", "data age %1"), (texts.age(entry["data_age_s"]),)))
    found.append(fill(Qt.translate("Pair", "acknowledged at %1"), (texts.local_time(entry.get("seen_at")),)))
    if entry.get("free_bytes", -1) >= 0:
        found.append(fill(Qt.translate("Pair", "%1 free"), (texts.human_size(entry["free_bytes"]) or "0 B",)))
    if entry.get("version"):
        found.append(fill(Qt.translate("Pair", "version %1"), (entry["version"],)))
    return found


def full_text(entry: dict[str, Any]) -> str:
    """For the Estado tab: the state, the details, and the problem in words."""
    line = short_line(entry)
    if entry.get("state") != "unreadable":
        line += " — " + "; ".join(details(entry))
    problem = from_data(entry.get("problem"))
    if problem is not None:
        line += "\n    " + texts.phrase_text(problem, "Core")
    return line


def official_text(pair: dict[str, Any] | None) -> str:
    """Every contingency the official has heard from, and the folders it could not read."""
    if not pair:
        return Qt.translate("Pair", "not read yet (the service reads them every minute)")
    lines = [full_text(entry) for entry in pair.get("contingencies", [])]
    for label, record in (pair.get("unreachable") or {}).items():
        lines.append("✘ " + fill(Qt.translate("Pair", "%1: not read: %2"),
                                 (texts.label_name(label), texts.core_error(record))))
    return "\n".join(lines) or Qt.translate("Pair", "no contingency has acknowledged yet")


def written_text(pair: dict[str, Any] | None) -> str:
    """On the contingency: the last acknowledgement it wrote into the official's folder."""
    written = (pair or {}).get("written")
    if not written:
        return Qt.translate("Pair", "not written yet")
    when = texts.local_time(written.get("at"))
    if written.get("ok"):
        return fill(Qt.translate("Pair", "%1 — written as %2"), (when, written.get("name", "")))
    return fill(Qt.translate("Pair", "%1 — not written: %2"), (when, texts.core_error(written)))
