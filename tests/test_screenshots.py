"""Screenshots of every screen in pt_BR, rendered under Xvfb, into a temporary folder.

The tests never write a tracked file: ``scripts/screenshots.sh`` runs them with
``CONTINGENCIA_SCREENSHOTS`` set to docs/screenshots/ to update the pictures there.

The rendering runs in a subprocess with DISPLAY set and QT_QPA_PLATFORM=xcb, so
it never disturbs the offscreen Qt of the other tests. When the xcb plugin cannot
load, the same script renders offscreen and the test says so.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "screens" / "take_screenshots.py"
EXPECTED = ["settings-official.png", "settings-contingency.png", "settings-advanced.png",
            "email-account.png", "tray-menu.png", "history.png", "status.png", "status-contingency.png",
            "settings-changed-elsewhere.png"]


@pytest.fixture
def screenshots_dir(tmp_path) -> Path:
    """Where the pictures go: a temporary folder unless ``CONTINGENCIA_SCREENSHOTS`` names one."""
    chosen = os.environ.get("CONTINGENCIA_SCREENSHOTS")
    return Path(chosen).resolve() if chosen else tmp_path / "screenshots"


@pytest.fixture
def xvfb_display():
    """A private Xvfb on a free display (``-displayfd`` lets the server pick it)."""
    if shutil.which("Xvfb") is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1280x1024x24", "-nolisten", "tcp"],
                              pass_fds=(write_fd,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_fd)
    with os.fdopen(read_fd) as pipe:
        number = pipe.readline().strip()
    if not number:
        server.kill()
        server.wait()
        pytest.skip("Xvfb did not start")
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def render(platform: str, display: str | None, out: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM=platform, LANG="pt_BR.UTF-8")
    if display:
        env["DISPLAY"] = display
    return subprocess.run([sys.executable, str(SCRIPT), str(out)], env=env, capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_screenshots_of_every_screen(xvfb_display, screenshots_dir, capsys):
    done = render("xcb", xvfb_display, screenshots_dir)
    if done.returncode != 0 and "xcb" in done.stderr:
        with capsys.disabled():
            print(f"\nxcb could not load ({done.stderr.strip()[-200:]}); rendering offscreen instead")
        done = render("offscreen", None, screenshots_dir)
    assert done.returncode == 0, done.stderr
    for name in EXPECTED:
        image = QImage(str(screenshots_dir / name))
        assert not image.isNull(), name
        assert image.width() >= 120 and image.height() >= 60, name
