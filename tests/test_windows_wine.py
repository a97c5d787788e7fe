"""The Windows build under Wine: the built programs, the registry, DPAPI and Wine's service manager.

``scripts/build-windows.sh`` makes the one-folder build (reused from its cache while the sources are
unchanged); these tests run its ``contingencia.exe`` and ``contingencia-service.exe`` in the build's
Wine prefix, and the Windows CPython of the build for the parts tested from source (the service
hooks against Wine's own services). Under CI a missing Wine or a failed build fails the tests.
What Wine cannot show is in docs/windows-checklist.md.
"""

from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.wine]

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("CONTINGENCIA_WIN_CACHE") or Path.home() / ".cache" / "contingencia-windows")
WINE = "/usr/lib/wine/wine64"
PREFIX = CACHE / "prefix"
PROGRAM_DATA = PREFIX / "drive_c" / "ProgramData" / "Contingencia"
PROGRAM_FILES = PREFIX / "drive_c" / "Program Files" / "Contingencia"
START_MENU = PREFIX / "drive_c" / "ProgramData" / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Contingência"
BUILD_TIMEOUT_S = 1800


def unavailable(why: str):
    if os.environ.get("CI"):
        pytest.fail(why)
    pytest.skip(why)


def wine_env(**extra: str) -> dict:
    env = dict(os.environ, WINEPREFIX=str(PREFIX), WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=")
    env.pop("CONTINGENCIA_HOME", None)
    env.pop("CONTINGENCIA_SECRETS_FILE", None)
    env.pop("PYTHON_KEYRING_BACKEND", None)  # the Windows default: the machine's DPAPI store
    env.update(extra)
    return env


def windows_path(path: Path) -> str:
    return "Z:" + str(path).replace("/", "\\")


def wine(*args: str, stdin: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """A Windows program under Wine (its standard streams are pipes: Wine cannot give a console
    program a regular file as one)."""
    return subprocess.run([WINE, *args], input=stdin if stdin is not None else "", capture_output=True,
                          text=True, encoding="utf-8", errors="replace", timeout=timeout, env=wine_env())


@pytest.fixture(scope="module")
def build() -> Path:
    """The one-folder Windows build (made, or taken from the cache)."""
    try:
        made = subprocess.run(["bash", str(ROOT / "scripts" / "build-windows.sh")], capture_output=True, text=True,
                              timeout=BUILD_TIMEOUT_S, cwd=ROOT,
                              env=dict(os.environ, CONTINGENCIA_SETUP_COMPRESSOR="zlib"))  # quick to make
    except subprocess.TimeoutExpired:
        unavailable(f"the Windows build took more than {BUILD_TIMEOUT_S} s")
    if made.returncode != 0 or not Path(WINE).exists():
        unavailable(f"the Windows build failed:\n{made.stdout[-2000:]}\n{made.stderr[-3000:]}")
    folder = ROOT / "dist" / "windows" / "contingencia"
    reset_machine(folder)
    yield folder
    reset_machine(folder)
    subprocess.run(["/usr/lib/wine/wineserver", "-k"], env=wine_env(), capture_output=True)


def reset_machine(folder: Path) -> None:
    """No Contingência service, settings or data left in the prefix from an earlier run."""
    wine(str(folder / "contingencia-service.exe"), "remove")
    wine("reg", "delete", "HKLM\\Software\\Contingencia", "/f")
    subprocess.run(["rm", "-rf", str(PROGRAM_DATA), str(PROGRAM_FILES)], check=True)


def windows_python(build_folder: Path, code: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Source code run by the build's Windows CPython, with this checkout on its path."""
    script = build_folder.parent / "probe.py"
    script.write_text(f"import sys\nsys.path.insert(0, {windows_path(ROOT)!r})\n{code}", "utf-8")
    return wine(str(CACHE / "python" / "python.exe"), windows_path(script), timeout=timeout)


def test_the_three_programs_are_built_with_an_icon(build):
    for exe in ("contingencia.exe", "contingenciaw.exe", "contingencia-service.exe"):
        data = (build / exe).read_bytes()
        assert data[:2] == b"MZ", exe
        assert b"\x89PNG" in data, f"{exe} carries no icon"


def test_console_program_help(build):
    result = wine(str(build / "contingencia.exe"), "--help")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "usage: contingencia" in result.stdout and "config" in result.stdout


def test_config_set_and_show_go_through_the_machine_registry(build):
    exe = str(build / "contingencia.exe")
    assert wine(exe, "config", "set", "official.interval_min", "17").returncode == 0
    shown = wine(exe, "config", "show")
    assert shown.returncode == 0 and re.search(r"official\.interval_min\s*=\s*17", shown.stdout), shown.stdout
    query = wine("reg", "query", "HKLM\\Software\\Contingencia\\Contingencia\\official", "/v", "interval_min")
    assert "17" in query.stdout, query.stdout + query.stderr
    refused = wine(exe, "config", "set", "official.interval_min", "-3")
    assert refused.returncode == 2 and "Traceback" not in refused.stderr


def test_demo_runs_to_the_end(build):
    result = wine(str(build / "contingencia.exe"), "demo", timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_a_password_saved_by_the_program_is_read_back_from_the_dpapi_store(build):
    saved = wine(str(build / "contingencia.exe"), "config", "password", "official.destination1.password",
                 stdin="s3gredo-wine\n")
    assert saved.returncode == 0, saved.stdout + saved.stderr
    assert "DPAPI" in saved.stdout
    store = PROGRAM_DATA / "secrets" / "secrets.dpapi.json"
    assert store.is_file() and b"s3gredo-wine" not in store.read_bytes()
    read = windows_python(build, "from app.paths import Home\nfrom app.settings.secrets import Secrets\n"
                                 "print('got', Secrets(Home.resolve()).get('official.destination1.password'))")
    assert "got s3gredo-wine" in read.stdout, read.stdout + read.stderr


def test_the_service_installs_starts_stops_and_goes_away(build):
    service = str(build / "contingencia-service.exe")
    # manual: Wine starts the automatic services whenever it starts a session (a new wineserver)
    installed = wine(service, "install", "--startup", "manual")
    assert installed.returncode == 0, installed.stdout + installed.stderr
    try:
        exercise_the_service(service)
    finally:
        wine(service, "remove")
    assert wine(service, "status").returncode != 0


def exercise_the_service(service: str) -> None:
    assert "stopped, start manual" in wine(service, "status").stdout
    started = wine(service, "start", "--wait", "120")
    assert started.returncode == 0 and "running" in started.stdout, started.stdout + started.stderr
    stopped = wine(service, "stop", "--wait", "120")
    assert stopped.returncode == 0 and "stopped" in stopped.stdout, stopped.stdout + stopped.stderr
    assert "stopped" in wine(service, "status").stdout


def test_a_failing_worker_stops_the_service_with_an_error_code(build):
    """A second worker on the machine's home holds its lock: the service's worker cannot start, and
    the SCM sees an error exit (what fires the recovery actions), not a clean stop."""
    service = str(build / "contingencia-service.exe")
    assert wine(service, "install", "--startup", "manual").returncode == 0
    holder = subprocess.Popen([WINE, str(build / "contingencia.exe"), "service"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=wine_env())
    try:
        lock = PROGRAM_DATA / "service.lock"
        deadline = time.monotonic() + 120
        while not (lock.exists() and lock.read_text(errors="replace").strip()):
            assert time.monotonic() < deadline and holder.poll() is None, "the console worker did not start"
            time.sleep(0.5)
        wine(service, "start", "--wait", "120")  # "running" or "stopped while starting": the worker fails at once
        final = windows_python(build, """
import time, win32service
from app.runtime import winscm
deadline = time.time() + 120
while winscm.state('Contingencia') != 'stopped' and time.time() < deadline:
    time.sleep(0.5)
scm = win32service.OpenSCManager(None, None, win32service.SC_MANAGER_CONNECT)
status = win32service.QueryServiceStatus(win32service.OpenService(scm, 'Contingencia', win32service.SERVICE_QUERY_STATUS))
print('state', status[1], 'exit', status[3])
""", timeout=240)
        found = re.search(r"state (\d+) exit (\d+)", final.stdout)
        assert found, final.stdout + final.stderr
        assert found.group(1) == "1" and found.group(2) != "0", f"a clean stop is what the SCM saw: {final.stdout}"
        log = (PROGRAM_DATA / "logs" / "service.log").read_text("utf-8", errors="replace")
        assert "worker failed" in log and "busy" in log
    finally:
        holder.kill()
        holder.wait(30)
        wine(service, "remove")


def test_the_lmp_hook_starts_a_stopped_disabled_service_through_the_service_manager(build):
    """The seed's LMP procedure against one of Wine's own services: stopped and disabled as LMP is on a
    contingency machine; the hook's stop finds it stopped, its start enables and starts it."""
    result = windows_python(build, """
from app.runtime import winscm
from app.promotion.hooks import Hook, run_hook
winscm.stop('Spooler', 60)
winscm.set_start_type('Spooler', 'disabled')
lmp = Hook('LMP', required=True, service='Spooler', enable='auto')
for phase in ('stop', 'start', 'start', 'stop'):
    r = run_hook(lmp, phase, 60)
    print(phase, r.ok, r.last_line, winscm.state('Spooler'), winscm.start_type('Spooler'))
winscm.set_start_type('Spooler', 'disabled')
refused = run_hook(Hook('plain', service='Spooler'), 'start', 60)
print('refused', refused.ok, refused.last_line)
winscm.set_start_type('Spooler', 'manual')
""")
    lines = result.stdout.splitlines()
    assert lines[:4] == ["stop True Spooler: already stopped stopped disabled",
                         "start True Spooler: running (start type set to auto) running auto",
                         "start True Spooler: already running running auto",
                         "stop True Spooler: stopped stopped auto"], result.stdout + result.stderr
    assert lines[4].startswith("refused False") and "is disabled" in lines[4]


def test_the_installer_registers_the_service_and_its_uninstaller_keeps_the_data(build):
    setup = next((ROOT / "dist").glob("Contingencia-Setup-*.exe"))
    installed = wine(str(setup), "/S", timeout=900)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    for exe in ("contingencia.exe", "contingenciaw.exe", "contingencia-service.exe", "Uninstall.exe"):
        assert (PROGRAM_FILES / exe).is_file(), exe
    service = str(PROGRAM_FILES / "contingencia-service.exe")
    status = wine(service, "status")
    assert status.returncode == 0 and "start auto" in status.stdout, status.stdout + status.stderr
    shortcuts = sorted(p.name for p in START_MENU.glob("*.lnk"))  # in the machine's language
    assert len(shortcuts) == 3 and "Contingência.lnk" in shortcuts, shortcuts
    assert (PROGRAM_DATA / "secrets").is_dir(), "the service's install protects the secrets folder"
    (PROGRAM_DATA / "kept.txt").write_text("the operator's data")
    removed = wine(str(PROGRAM_FILES / "Uninstall.exe"), "/S", "_?=" + "C:\\Program Files\\Contingencia",
                   timeout=600)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert wine(str(build / "contingencia-service.exe"), "status").returncode != 0, "the service is removed"
    assert not (PROGRAM_FILES / "contingencia.exe").exists() and not START_MENU.exists()
    assert (PROGRAM_DATA / "kept.txt").is_file(), "the data stays unless asked"
