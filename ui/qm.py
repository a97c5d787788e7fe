"""A minimal .ts reader and .qm writer, used only when no Qt lrelease is found.

It writes what QTranslator needs to look a message up: a table of hashes of
(source text + comment) pointing into a block of messages, each holding its
translation, source text, comment and context. Plural forms are not supported
(the product has none); unfinished and obsolete entries are left out, as
lrelease does.
"""

from __future__ import annotations

import struct
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

MAGIC = bytes([0x3C, 0xB8, 0x64, 0x18, 0xCA, 0xEF, 0x9C, 0x95,
               0xCD, 0x21, 0x1C, 0xBF, 0x60, 0xA1, 0xBD, 0xDD])
TAG_HASHES, TAG_MESSAGES, TAG_LANGUAGE = 0x42, 0x69, 0xA7
TAG_END, TAG_TRANSLATION, TAG_SOURCE, TAG_CONTEXT, TAG_COMMENT = 1, 3, 6, 7, 8
SKIPPED_TYPES = {"unfinished", "obsolete", "vanished"}


@dataclass(frozen=True)
class Message:
    context: str
    source: str
    comment: str
    translation: str


@dataclass
class Catalog:
    language: str
    messages: list[Message]


def read_ts(path: Path) -> Catalog:
    root = ET.parse(path).getroot()
    messages = []
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or translation.get("type") in SKIPPED_TYPES or not translation.text:
                continue
            messages.append(Message(name, message.findtext("source") or "",
                                    message.findtext("comment") or "", translation.text))
    return Catalog(root.get("language", ""), messages)


def elf_hash(data: bytes) -> int:
    """The hash QTranslator uses to find a message (ELF hash, never 0)."""
    h = 0
    for byte in data:
        h = ((h << 4) + byte) & 0xFFFFFFFF
        g = h & 0xF0000000
        if g:
            h ^= g >> 24
        h &= ~g & 0xFFFFFFFF
    return h or 1


def _bytes_field(tag: int, data: bytes) -> bytes:
    return struct.pack(">BI", tag, len(data)) + data


def _message_block(message: Message) -> bytes:
    text = message.translation.encode("utf-16-be")
    return (_bytes_field(TAG_TRANSLATION, text)
            + _bytes_field(TAG_COMMENT, message.comment.encode("utf-8"))
            + _bytes_field(TAG_SOURCE, message.source.encode("utf-8"))
            + _bytes_field(TAG_CONTEXT, message.context.encode("utf-8"))
            + bytes([TAG_END]))


def write_qm(catalog: Catalog, target: Path) -> None:
    messages = b""
    hashes = []
    for message in catalog.messages:
        key = (message.source + message.comment).encode("utf-8")
        hashes.append((elf_hash(key), len(messages)))
        messages += _message_block(message)
    hashes.sort()  # QTranslator binary-searches this table
    table = b"".join(struct.pack(">II", h, offset) for h, offset in hashes)
    body = (_bytes_field(TAG_LANGUAGE, catalog.language.encode("utf-8"))
            + _bytes_field(TAG_HASHES, table) + _bytes_field(TAG_MESSAGES, messages))
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".qm.part")
    temporary.write_bytes(MAGIC + body)
    temporary.replace(target)


# --- compiling: Qt's lrelease when it runs, else the writer above ------------------------------

def find_lrelease() -> str | None:
    """Qt's lrelease: the one PySide6 ships first (found without importing Qt), then any on PATH."""
    import importlib.util
    import os
    import shutil

    spec = importlib.util.find_spec("PySide6")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        bundled = Path(folder) / ("lrelease.exe" if os.name == "nt" else "lrelease")
        if bundled.is_file():
            return str(bundled)
    return shutil.which("pyside6-lrelease") or shutil.which("lrelease")


def compile_ts(ts: Path, target: Path, lrelease: str | None) -> Path:
    """Compile one .ts into ``target``; the built-in writer when lrelease is missing or fails
    (it needs Qt's libraries, which a machine that only builds may lack)."""
    import subprocess

    if lrelease:
        try:
            # no pipes: under Wine (the Windows build) the first Qt program of a Wine session starts
            # Wine's desktop process, which inherits the program's standard handles and keeps a pipe's
            # writing end open for good, so reading the output never ended and the build hung
            done = subprocess.run([lrelease, "-silent", str(ts), "-qm", str(target)], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
            if done.returncode == 0 and target.is_file():
                return target
        except OSError:
            pass
    write_qm(read_ts(ts), target)
    return target


def compile_folder(source: Path, target: Path, lrelease: str | None) -> list[Path]:
    """Every ``*.ts`` of ``source`` compiled into ``target`` (when missing or older than its .ts)."""
    target.mkdir(parents=True, exist_ok=True)
    compiled = []
    for ts in sorted(source.glob("*.ts")):
        qm_file = target / ts.with_suffix(".qm").name
        if not qm_file.is_file() or qm_file.stat().st_mtime < ts.stat().st_mtime:
            compile_ts(ts, qm_file, lrelease)
        compiled.append(qm_file)
    return compiled
