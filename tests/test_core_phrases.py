"""Every sentence the core phrases (a template and its arguments) has its pt_BR translation, so the
window, the Assistente and the status show it in Portuguese; a new message without one fails here."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from app.phrases import Phrase, Said, from_data, phrase_of, said, to_data

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "ui" / "translations" / "contingencia_pt_BR.ts"
PLACEHOLDERS = re.compile(r"%\d+|[;:,. ]")  # "%1 %2", "%1; %2": only arguments, nothing to translate


def phrased_templates() -> dict[str, set[str]]:
    """Each literal template given to ``Phrase(...)`` in ``app/``, by the context the window looks it up in."""
    found: dict[str, set[str]] = {"Promotion": set(), "Core": set()}
    for path in (ROOT / "app").rglob("*.py"):
        context = "Promotion" if "promotion" in path.parts else "Core"
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Phrase" and node.args \
                    and isinstance(node.args[0], ast.Constant) and PLACEHOLDERS.sub("", node.args[0].value).strip():
                found[context].add(node.args[0].value)
    return found


def error_classes(tree_of: dict[Path, ast.Module]) -> set[str]:
    """The names of ``ContingencyError`` and every class of ``app/`` derived from it."""
    names, grown = {"ContingencyError"}, True
    while grown:
        before = len(names)
        for tree in tree_of.values():
            for node in ast.walk(tree):
                if isinstance(node, ast.ClassDef) and any(getattr(b, "id", getattr(b, "attr", None)) in names
                                                          for b in node.bases):
                    names.add(node.name)
        grown = len(names) > before
    return names


#: where else the core hands a sentence to the window, the tray and the e-mails: the argument that
#: is the message of a cycle's result, of a poll with nothing to do, of an event, of a lost connection
MESSAGE_ARGUMENTS = {"CycleResult": 1, "_nothing": 1, "event": 3, "_emit": 2, "Event": 3, "ConnectionLost": 0}


def _literal_text(node: ast.AST) -> str | None:
    """The English words of a string, an f-string or texts joined with ``+`` or ``.format`` (None for
    anything else: a phrase, a variable)."""
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        parts = [_literal_text(node.left), _literal_text(node.right)]
        return "".join(p for p in parts if p) if any(p is not None for p in parts) else None
    if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "format":
        return _literal_text(node.func.value)
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def plain_messages() -> list[str]:
    """Messages and hints given to the core's errors (or to its results and events) as English text
    instead of a phrase: the window, the tray and the e-mails would show them untranslated. The
    command line's own messages (app/cli) stay English."""
    tree_of = {path: ast.parse(path.read_text("utf-8")) for path in (ROOT / "app").rglob("*.py")}
    errors, found = error_classes(tree_of) - {"SettingsError"}, []
    for path, tree in tree_of.items():
        if "cli" in path.relative_to(ROOT / "app").parts:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            texts = node.args[:1] + [k.value for k in node.keywords if k.arg == "hint"] if name in errors else \
                node.args[MESSAGE_ARGUMENTS[name]:MESSAGE_ARGUMENTS[name] + 1] if name in MESSAGE_ARGUMENTS else []
            for text in map(_literal_text, texts):
                if text is not None and PLACEHOLDERS.sub("", text).strip():
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text[:60]}")
    return found


def test_every_message_of_the_core_is_a_phrase():
    assert not plain_messages()


def translated(*contexts: str) -> set[str]:
    root = ET.parse(TS).getroot()
    return {m.findtext("source") for c in root.iter("context") if c.findtext("name") in contexts
            for m in c.iter("message") if (m.findtext("translation") or "").strip()}


def test_every_phrase_of_the_core_has_a_portuguese_translation():
    templates = phrased_templates()
    assert templates["Core"], "the core phrases its messages"
    missing = templates["Core"] - translated("Core")
    missing |= templates["Promotion"] - translated("Promotion", "Core")
    assert not missing, sorted(missing)


def test_a_phrased_message_travels_as_text_and_comes_back_as_a_phrase():
    inner = Phrase("%1: %2 is reachable (%3 files).", ("destination 1", "/srv/x", 3))
    outer = Phrase("Last restore %1: %2", ("rejected", inner))
    text = said(outer)
    assert isinstance(text, Said) and text == "Last restore rejected: destination 1: /srv/x is reachable (3 files)."
    assert from_data(to_data(outer)) == Phrase("Last restore %1: %2", ("rejected", Phrase(inner.template,
                                                                                             ("destination 1", "/srv/x", "3"))))
    assert phrase_of(text) is outer and phrase_of("plain") == Phrase("%1", ("plain",))


def test_an_unreachable_ftp_server_reads_in_portuguese(home):
    """What Testar conexão and the e-mails say when the FTP server does not answer."""
    from app.errors import TransportError
    from app.phrases import in_language
    from app.settings.model import Endpoint
    from app.transports import get_transport
    from tests.servers import free_port
    endpoint = Endpoint(kind="ftp", host="127.0.0.1", port=free_port(), path="/backup", timeout_s=2)
    try:
        with get_transport(endpoint, "destination 1") as transport:
            transport.list()
    except TransportError as exc:
        english, portuguese = str(exc), in_language(exc, "pt_BR")
    else:
        raise AssertionError("nothing listens there")
    assert "connecting on the FTP server" in english
    assert portuguese.startswith("destino 1: conectar no servidor FTP") and "Verifique se o servidor FTP está ligado" in portuguese, \
        portuguese
    assert "nada responde em 127.0.0.1" in portuguese, portuguese  # the reason too, not only the sentence around it
