"""The README's first command: the demo runs the whole cycle and says so."""

from __future__ import annotations

import subprocess
import sys

from .pair import ROOT


def test_demo_runs_the_whole_cycle(tmp_path):
    result = subprocess.run([sys.executable, "-m", "app.cli", "demo", "--home", str(tmp_path / "demo")],
                            capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Contingency database matches the official's: yes" in out
    assert out.count("backup (official)") == 2 and "nothing new" in out.lower()
    assert "Stores point at CONTINGENCIA: yes" in out
    assert "From 'the official is dead' to 'stores point at the new host'" in out
    assert "The old official, started again: failed" in out and "replaced by CONTINGENCIA" in out
    assert "Demo finished in" in out
