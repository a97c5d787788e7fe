"""The README's commands: after the first run, ``scripts/install.sh`` installs nothing and needs no network."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAMP = ROOT / ".venv" / ".contingencia-installed"


@pytest.fixture
def offline_env(tmp_path):
    """No apt-get, no sudo, no package index: any install attempt fails and leaves a trace."""
    shims = tmp_path / "shims"
    shims.mkdir()
    trace = tmp_path / "attempts"
    for tool in ("apt-get", "sudo"):
        shim = shims / tool
        shim.write_text(f'#!/bin/sh\necho "{tool} $*" >> "{trace}"\nexit 1\n')
        shim.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON"))}
    env.update(PATH=f"{shims}:{env['PATH']}", PIP_NO_INDEX="1", PIP_FIND_LINKS="", PIP_CONFIG_FILE=os.devnull)
    return env, trace


def install(env: dict, *args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(ROOT / "scripts" / "install.sh"), *args], capture_output=True, text=True,
                          timeout=120, cwd=cwd, env=env)


def _require_installed() -> None:
    if not STAMP.is_file():
        pytest.skip("no .venv made by scripts/install.sh in this checkout (scripts/test.sh makes it)")


@pytest.mark.parametrize("args", [(), ("--demo",)])
def test_a_second_install_installs_nothing_offline(offline_env, args):
    _require_installed()
    env, trace = offline_env
    done = install(env, *args)
    assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert not trace.exists(), trace.read_text()


def test_a_relative_python_is_the_same_venv(offline_env, tmp_path):
    _require_installed()
    env, trace = offline_env
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    for cwd, python in ((ROOT, ".venv/bin/python"),
                        (elsewhere, os.path.relpath(ROOT / ".venv" / "bin" / "python", elsewhere))):
        done = install(dict(env, PYTHON=python), cwd=cwd)
        assert (done.returncode, done.stdout) == (0, ""), done.stderr
    assert not trace.exists()
