r"""What QSettings saved, read without Qt: its INI file, or on Windows the machine's registry.

Reading the settings is what every command does first, and loading Qt for it cost ``status``
more than everything else it does. Writing stays with QSettings (``store.py``), so there is one
store in one format; this module reads that format exactly as Qt 6 reads it: the INI grammar of
``QConfFileSettingsPrivate::readIniFile``/``readIniSection`` (sections, ``General``, escaped keys,
quoted and comma-separated values, escapes, ``;`` comments, continued lines) and the registry value
types of ``QWinSettingsPrivate::readKey``. Values come back as ``QSettings.value()`` gives them to
Python: a text, a list of texts, ``None`` for an invalid value, bytes for a byte array.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterator

#: the registry key of the machine's settings (QSettings' NativeFormat, SystemScope), under HKLM
REGISTRY_ROOT = r"Software\Contingencia\Contingencia"
#: QSettings' fallback for every application of the organisation, read after the application's own
REGISTRY_FALLBACK = r"Software\Contingencia\OrganizationDefaults"
#: a value Qt stores in a form of its own (a serialised QVariant, a rectangle...): never one of ours,
#: and no plain setting, so it keeps the key's default like any damaged value
FOREIGN = object()
_QT_FORMS = ("@Variant(", "@DateTime(", "@Rect(", "@Size(", "@Point(")
_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
            '"': '"', "?": "?", "'": "'", "\\": "\\"}
_LINE_SPACE = b" \t\n\v\f\r"
_HEX, _OCTAL = "0123456789abcdefABCDEF", "01234567"


def registry_location() -> str:
    """What ``QSettings.fileName()`` says for the machine's registry settings."""
    return "\\HKEY_LOCAL_MACHINE\\" + REGISTRY_ROOT


# --- values -----------------------------------------------------------------------

def string_to_value(text: str) -> Any:
    """``QSettingsPrivate::stringToVariant``: Qt's ``@`` forms, anything else the text itself."""
    if text.startswith("@"):
        if text.endswith(")"):
            if text.startswith("@ByteArray("):
                return text[11:-1].encode("latin-1", "replace")
            if text.startswith("@String("):
                return text[8:-1]
            if text.startswith(_QT_FORMS):
                return FOREIGN
            if text == "@Invalid()":
                return None
        if text.startswith("@@"):
            return text[1:]
    return text


def strings_to_value(items: list[str]) -> list[Any]:
    """``stringListToVariantList``: ``@@`` unescaped; any other ``@`` item makes every item a value."""
    if any(item.startswith("@") and not item.startswith("@@") for item in items):
        return [string_to_value(item) for item in items]
    return [item[1:] if item.startswith("@") else item for item in items]


# --- the INI file -----------------------------------------------------------------

def read_ini(path: Path) -> dict[str, Any]:
    """Every key of a QSettings INI file (``group/key``), with its value; no file: no keys."""
    try:
        data = path.read_bytes()
    except OSError:  # missing or unreadable: QSettings gives no values either (a save then says why)
        return {}
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    values: dict[str, Any] = {}
    section = ""
    for line in _ini_lines(data):
        if line.startswith(b"["):
            section = _section_prefix(line)
            continue
        equals = _unquoted_equals(line)
        if equals < 0:
            continue  # a comment, or a line Qt ignores too
        key = section + _unescaped_key(line[:equals].rstrip(b" \t"))
        if key:  # QSettings lists an empty key but cannot read it
            values[key] = _ini_value(line[equals + 1:])
    return values


def _ini_lines(data: bytes) -> Iterator[bytes]:
    """``readIniLine``: lines end at an unquoted CR or LF (a backslash continues one), and ``;``
    outside quotes starts a comment that runs to the end of the line."""
    size, pos = len(data), 0
    while pos < size:
        while pos < size and data[pos] in _LINE_SPACE:
            pos += 1
        start, i, quoted = pos, pos, False
        while i < size:
            ch = data[i]
            i += 1
            if ch in b"\n\r":
                if not quoted:
                    i -= 1
                    break
            elif ch == 0x5C:  # a backslash: the next byte (and a CR LF pair) belongs to the line
                if i < size:
                    nxt = data[i]
                    i += 1
                    if i < size and {nxt, data[i]} == {0x0A, 0x0D}:
                        i += 1
            elif ch == 0x22:
                quoted = not quoted
            elif ch == 0x3B:  # ';'
                if i == start + 1:
                    while i < size and data[i] not in b"\n\r":
                        i += 1
                    while i < size and data[i] in _LINE_SPACE:
                        i += 1
                    start = i
                elif not quoted:
                    i -= 1
                    break
        pos = i
        if i > start:
            yield data[start:i]


def _unquoted_equals(line: bytes) -> int:
    """Where the first ``=`` outside quotes is (-1: none); a backslash escapes the next byte."""
    quoted, i = False, 0
    while i < len(line):
        ch = line[i]
        if ch == 0x5C:
            i += 1
        elif ch == 0x22:
            quoted = not quoted
        elif ch == 0x3D and not quoted:
            return i
        i += 1
    return -1


def _section_prefix(line: bytes) -> str:
    """``[name]`` as the prefix of its keys; ``[General]`` is the root, ``[%General]`` a group named so."""
    end = line.find(b"]")
    name = (line[1:end] if end >= 0 else line[1:]).strip()
    if name.lower() == b"general":
        return ""
    if name.lower() == b"%general":
        return name[1:].decode("utf-8", "replace") + "/"
    return _unescaped_key(name) + "/"


def _unescaped_key(raw: bytes) -> str:
    """``iniUnescapedKey``: ``\\`` is a group separator, ``%XX`` and ``%UXXXX`` are characters."""
    text, out, i = raw.decode("utf-8", "replace"), [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            out.append("/")
            i += 1
            continue
        if ch != "%" or i == len(text) - 1:
            out.append(ch)
            i += 1
            continue
        wide = text[i + 1] == "U"
        count, first = (4, i + 2) if wide else (2, i + 1)
        digits = text[first:first + count]
        if len(digits) < count or not all(d in _HEX for d in digits):
            out.append("%")
            i += 1
            continue
        out.append(chr(int(digits, 16)))
        i = first + len(digits)
    return "".join(out)


def _ini_value(raw: bytes) -> Any:
    """``iniUnescapedStringList`` then ``stringToVariant``: a text, or a list when an unquoted comma splits it."""
    parts = _ValueParser(raw).parse()
    if len(parts) > 1:
        return strings_to_value(parts)
    return string_to_value(parts[0])


class _ValueParser:
    """One INI value, byte by byte as Qt reads it."""

    def __init__(self, raw: bytes) -> None:
        self.raw, self.i = raw, 0
        self.items: list[str] = []
        self.current: list[str] = []
        self.quoted_value = False  # a quoted value keeps its trailing spaces
        self.in_quotes = False
        self.chop_limit = 0  # escaped characters are never chopped as trailing spaces

    def parse(self) -> list[str]:
        raw = self.raw
        self._skip_spaces()
        while self.i < len(raw):
            ch = raw[self.i]
            if ch == 0x5C:
                self.i += 1
                if self.i >= len(raw) or not self._escape():
                    break  # the value ends inside an escape: Qt keeps its trailing spaces
            elif ch == 0x22:
                self.i += 1
                self.quoted_value = True
                self.in_quotes = not self.in_quotes
                if not self.in_quotes:
                    self._skip_spaces()
            elif ch == 0x2C and not self.in_quotes:
                self._end_item()
                self.i += 1
                self._skip_spaces()
            else:
                self._plain()
        else:
            self._chop()
        self.items.append("".join(self.current))
        return self.items

    def _skip_spaces(self) -> None:
        while self.i < len(self.raw) and self.raw[self.i] in b" \t":
            self.i += 1
        self.chop_limit = self._length()

    def _length(self) -> int:
        return sum(len(part) for part in self.current)

    def _plain(self) -> None:
        end = self.i + 1
        while end < len(self.raw) and self.raw[end] not in b'\\",':
            end += 1
        self.current.append(self.raw[self.i:end].decode("utf-8", "replace"))
        self.i = end

    def _escape(self) -> bool:
        """One escape after a backslash; False when the value ends in it (``\\x`` last)."""
        raw = self.raw
        ch = chr(raw[self.i])
        self.i += 1
        if ch in _ESCAPES:
            self.current.append(_ESCAPES[ch])
        elif ch == "x":
            if self.i >= len(raw):
                return False
            if chr(raw[self.i]) in _HEX:
                self._number(16, _HEX, 0)
        elif ch in _OCTAL:
            self._number(8, _OCTAL, int(ch))
        elif ch in "\n\r" and self.i < len(raw) and chr(raw[self.i]) in "\n\r" and chr(raw[self.i]) != ch:
            self.i += 1  # an escaped line end (CR LF or LF CR) continues the value
        self.chop_limit = self._length()  # an escaped character is never a trailing space to chop
        return True

    def _number(self, base: int, digits: str, value: int) -> None:
        """``\\xHH...`` or ``\\OOO...``: as many digits as follow, kept to 16 bits like Qt's char16_t."""
        while self.i < len(self.raw) and chr(self.raw[self.i]) in digits:
            value = (value * base + int(chr(self.raw[self.i]), 16)) & 0xFFFF
            self.i += 1
        self.current.append(chr(value))

    def _chop(self) -> None:
        if self.quoted_value:
            return
        text = "".join(self.current)
        keep = max(self.chop_limit, len(text.rstrip(" \t")))
        self.current = [text[:keep]]

    def _end_item(self) -> None:
        self._chop()
        self.items.append("".join(self.current))
        self.current, self.quoted_value = [], False


# --- the registry (Windows) ---------------------------------------------------------

def read_registry(root: str = REGISTRY_ROOT, fallback: str | None = REGISTRY_FALLBACK) -> dict[str, Any]:
    """Every value under ``HKEY_LOCAL_MACHINE\\root`` as QSettings reads it (``group/key``, keys in
    lower case: the registry ignores case), the fallback's values under those the application lacks."""
    import winreg  # Windows only

    values: dict[str, Any] = {}
    for base in ([fallback] if fallback else []) + [root]:
        try:
            handle = winreg.OpenKey(winreg.HKEY_LOCAL_MACHINE, base)
        except OSError:
            continue
        with handle:
            values.update(_registry_tree(winreg, handle, ""))
    return values


def _registry_tree(winreg: Any, handle: Any, prefix: str) -> dict[str, Any]:
    values: dict[str, Any] = {}
    index = 0
    while True:
        try:
            name, data, kind = winreg.EnumValue(handle, index)
        except OSError:
            break
        index += 1
        if name in ("Default", "."):
            continue  # Qt reads the key's unnamed value for these names
        values[(prefix + _registry_name(name or "Default")).lower()] = registry_value(winreg, data, kind)
    index = 0
    while True:
        try:
            child = winreg.EnumKey(handle, index)
        except OSError:
            break
        index += 1
        with winreg.OpenKey(handle, child) as sub:
            values.update(_registry_tree(winreg, sub, prefix + _registry_name(child) + "/"))
    return values


def _registry_name(name: str) -> str:
    """Qt swaps ``/`` and ``\\`` in names: a registry name cannot hold ``\\``, a QSettings key no ``/``."""
    return name.translate({ord("/"): "\\", ord("\\"): "/"})


def registry_value(winreg: Any, data: Any, kind: int) -> Any:
    """``QWinSettingsPrivate::readKey``'s decoding of one value's data by its type."""
    if kind in (winreg.REG_SZ, winreg.REG_EXPAND_SZ):
        return string_to_value(data or "")
    if kind == winreg.REG_MULTI_SZ:
        items = []
        for item in data or []:
            if not item:
                break
            items.append(item)
        return strings_to_value(items)
    if kind in (winreg.REG_NONE, winreg.REG_BINARY):
        raw = bytes(data or b"")
        return string_to_value(raw[:len(raw) // 2 * 2].decode("utf-16-le", "replace"))
    if kind in (winreg.REG_DWORD, winreg.REG_DWORD_BIG_ENDIAN):
        if isinstance(data, bytes):  # winreg gives a big-endian DWORD's bytes; Qt reads them as a native int
            return int.from_bytes(data[:4], "little", signed=True)
        return data - (1 << 32) if data >= 1 << 31 else data  # Qt reads a signed int
    if kind == winreg.REG_QWORD:
        return data - (1 << 64) if data >= 1 << 63 else data
    return None


class SavedValues:
    """The values of one store, asked for by QSettings key (``group/key``)."""

    def __init__(self, values: dict[str, Any], *, case_sensitive: bool) -> None:
        self.case_sensitive = case_sensitive
        self.values = values if case_sensitive else {key.lower(): value for key, value in values.items()}

    def value(self, key: str) -> str | list[str] | int | None:
        """A text, a list of texts, a number (the registry's DWORD), or ``None``: absent, or in one of
        Qt's own forms (a byte array, a serialised QVariant), which no setting is saved as."""
        value = self.values.get(key if self.case_sensitive else key.lower())
        if isinstance(value, list):
            return value if all(isinstance(item, str) for item in value) else None
        return value if isinstance(value, (str, int)) else None

    def array_size(self, group: str) -> int:
        """``QSettings.beginReadArray``: ``group/size`` as Qt's ``toInt()`` reads it (0 when it is not a number)."""
        size = self.value(f"{group}/size")
        if isinstance(size, str) and re.fullmatch(r"\s*[+-]?[0-9]+\s*", size, re.ASCII):
            return int(size)
        return size if isinstance(size, int) else 0
