"""What a user installs: the wheel alone in a fresh venv, and the frozen program (PyInstaller).

Both run outside the checkout, with no PYTHONPATH: only what the wheel or the frozen folder
ships is there (the demo's profile, the compiled translations).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from ui import qm

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "ui" / "translations" / "contingencia_pt_BR.ts"


def outside_env(home: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CONTINGENCIA_"))}
    env.update(QT_QPA_PLATFORM="offscreen", CONTINGENCIA_HOME=str(home),
               CONTINGENCIA_SECRETS_FILE=str(home / "secrets.json"))
    return env


def run(command: list, cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, timeout=timeout,
                            cwd=cwd, env=outside_env(cwd / "home"))
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def portuguese(text: str) -> str:
    return {m.source: m.translation for m in qm.read_ts(TS).messages}[text]


def assert_demo_and_portuguese_window(program: list, place: Path) -> None:
    demo = run([*program, "demo", "--home", place / "demo"], place)
    assert "Stores point at CONTINGENCIA: yes" in demo.stdout and "Demo finished in" in demo.stdout
    window = run([*program, "gui", "--lang", "pt_BR", "--check"], place, timeout=120).stdout.splitlines()
    assert window[0] == portuguese("Contingency settings") != "Contingency settings"
    assert portuguese("Save") in window and "Save" not in window


def _setuptools_builds_here() -> bool:
    major = int(importlib.metadata.version("setuptools").split(".")[0])
    return major >= 77 and importlib.util.find_spec("PySide6") is not None


def test_the_wheel_alone_runs_the_demo_and_a_portuguese_window(tmp_path):
    # from a copy of the sources alone: no .qm compiled in the checkout, no build/ left by an earlier
    # build (setuptools reuses build/lib), so the wheel holds what its own build step made
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "dist", "*.egg-info",
                                                                "__pycache__", "*.qm", "bench", "docs"))
    # the build step needs setuptools>=77 and PySide6 (its lrelease): here, or in an isolated build env
    flags = ["--no-build-isolation"] if _setuptools_builds_here() else []
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", *flags, "-w", tmp_path / "dist", source], tmp_path)
    [wheel] = (tmp_path / "dist").glob("contingencia-*.whl")
    venv.create(tmp_path / "venv", with_pip=True)
    bin_dir = tmp_path / "venv" / ("Scripts" if os.name == "nt" else "bin")
    run([bin_dir / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check", wheel], tmp_path)
    place = tmp_path / "elsewhere"
    place.mkdir()
    assert_demo_and_portuguese_window([bin_dir / "contingencia"], place)


def test_the_frozen_program_starts_and_runs_its_commands(tmp_path):
    pytest.importorskip("PyInstaller", reason="PyInstaller is missing: pip install -e '.[build]'")
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", tmp_path / "dist",
         "--workpath", tmp_path / "build", ROOT / "build_spec" / "contingencia.spec"], tmp_path, timeout=900)
    program = tmp_path / "dist" / "contingencia" / ("contingencia.exe" if os.name == "nt" else "contingencia")
    place = tmp_path / "elsewhere"
    place.mkdir()
    assert "demo" in run([program, "--help"], place).stdout
    assert_demo_and_portuguese_window([program], place)
    assert "mode" in run([program, "config", "show"], place).stdout
    assert run([program, "status"], place).stdout.strip()
