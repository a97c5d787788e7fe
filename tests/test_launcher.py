"""The entry points: the core never imports the widgets, and the launcher's shims start as scripts."""

from __future__ import annotations

import ast
import os
import subprocess
import sys

from .pair import ROOT


def _imported_modules(path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def test_the_core_never_imports_the_widgets():
    offenders = {str(path.relative_to(ROOT)): sorted(name for name in _imported_modules(path)
                                                      if name == "ui" or name.startswith("ui."))
                 for path in (ROOT / "app").rglob("*.py")}
    assert {path: names for path, names in offenders.items() if names} == {}


def _loads_by_name(path) -> list[int]:
    """The lines of ``path`` that import a module named by a string (``importlib.import_module``,
    ``__import__``): code an import graph, and so a frozen build's analysis, never sees."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            called = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if called in ("import_module", "__import__"):
                lines.append(node.lineno)
    return lines


def test_no_module_loads_another_by_name():
    """Registries of engines, transports and commands import by statements (lazily, inside a
    function, where start-up time matters)."""
    found = {str(path.relative_to(ROOT)): _loads_by_name(path)
             for package in ("app", "ui", "launcher") for path in (ROOT / package).rglob("*.py")}
    assert {path: lines for path, lines in found.items() if lines} == {}


def _run(*args: str, cwd=ROOT, env=None) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", **(env or {}))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=60,
                          cwd=cwd, env=full_env)


def test_the_console_shim_runs_as_a_script(tmp_path):
    """A frozen build runs ``launcher/console.py`` as ``__main__``: absolute imports only."""
    result = _run(str(ROOT / "launcher" / "console.py"), "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "gui" in result.stdout and "demo" in result.stdout


def test_gui_without_the_launcher_says_how_to_open_it(tmp_path):
    result = _run("-m", "app.cli", "--home", str(tmp_path / "home"), "gui")
    assert result.returncode == 1
    assert "contingencia gui" in result.stderr and "Traceback" not in result.stderr


def test_the_console_opens_the_window(tmp_path, monkeypatch):
    """``contingencia gui`` reaches ``ui.app.run`` with the home and the language."""
    import ui.app
    from launcher import console

    seen = []
    monkeypatch.setattr(ui.app, "run", lambda home, lang: seen.append((home.root, lang)) or 0)
    assert console.main(["--home", str(tmp_path / "home"), "gui", "--lang", "pt_BR"]) == 0
    assert seen == [(tmp_path / "home", "pt_BR")]


def test_the_windowed_entry_opens_the_window_without_standard_streams(tmp_path, monkeypatch):
    import ui.app
    from launcher import windowed

    seen = []
    monkeypatch.setattr(ui.app, "run", lambda home, lang: seen.append(lang) or 0)
    monkeypatch.setattr(sys, "stdout", None)
    assert windowed.main(["--home", str(tmp_path / "home"), "--lang", "pt_BR"]) == 0
    assert seen == ["pt_BR"]
    assert sys.stdout is not None


HEAVY = ("keyring", "smtplib", "ssl", "apscheduler", "isal", "app.cycles", "app.promotion.run", "app.bundle")


def _modules_after(tmp_path, *args: str) -> set[str]:
    """The modules a real ``contingencia`` process has loaded once the command is done."""
    script = ("import sys, contextlib, io\n"
              "from launcher.console import main\n"
              "with contextlib.redirect_stdout(io.StringIO()):\n"
              "    try:\n"
              f"        main({list(args)!r})\n"
              "    except SystemExit:\n"
              "        pass\n"
              "print('\\n'.join(sorted(sys.modules)))\n")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60,
                         cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def test_status_config_and_help_start_without_the_heavy_modules(tmp_path):
    """What makes them start fast (bench: python3 -X importtime): no keyring, SMTP, scheduler, deflate..."""
    home = str(tmp_path / "home")
    for args, also_absent in ((("--help",), ("PySide6", "PySide6.QtCore", "logging.handlers")),
                              (("--home", home, "status"), ()),
                              (("--home", home, "config", "keys"), ("PySide6", "PySide6.QtCore"))):
        loaded = _modules_after(tmp_path, *args)
        assert "app.cli" in loaded
        assert sorted(loaded & set(HEAVY + also_absent)) == [], args


def test_status_and_a_folder_restore_load_no_network_library(tmp_path):
    """A home with history (the status reads its last marker) and a folder source."""
    from app.cycles import run_contingency, run_official

    from .pair import make_pair
    pair = make_pair(tmp_path / "pair")
    assert run_official(pair.official, pair.official_home).ok
    assert run_contingency(pair.contingency, pair.contingency_home).ok
    network = {"paramiko", "smbclient", "smbprotocol"}
    for home in (pair.official_home.root, pair.contingency_home.root):
        loaded = _modules_after(tmp_path, "--home", str(home), "status")
        assert sorted(loaded & (network | {"keyring", "smtplib", "apscheduler", "app.promotion.run"})) == [], home
    loaded = _modules_after(tmp_path, "--home", str(pair.contingency_home.root), "restore-now")
    assert "app.cycles" in loaded and sorted(loaded & network) == []
