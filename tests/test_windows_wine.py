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

BUILD_TIMEOUT_S = 1800
#: a cold build (Wine's prefix, CPython, the wheels, PyInstaller under Wine) runs in the first test's
#: fixture when the test command has not made it first: the suite's 300 s would cut it short
pytestmark = [pytest.mark.slow, pytest.mark.wine, pytest.mark.timeout(BUILD_TIMEOUT_S + 300)]

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("CONTINGENCIA_WIN_CACHE") or Path.home() / ".cache" / "contingencia-windows")
WINE = "/usr/lib/wine/wine64"
PREFIX = CACHE / "prefix"
PROGRAM_DATA = PREFIX / "drive_c" / "ProgramData" / "Contingencia"
PROGRAM_FILES = PREFIX / "drive_c" / "Program Files" / "Contingencia"
START_MENU = PREFIX / "drive_c" / "ProgramData" / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Contingência"


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


def build_windows(*mode: str) -> None:
    """``scripts/build-windows.sh`` (a second or so when its cache is current, as after the test
    command's own build step); a failure or a missing Wine fails (under CI) or skips the test."""
    try:
        made = subprocess.run(["bash", str(ROOT / "scripts" / "build-windows.sh"), *mode], capture_output=True,
                              text=True, timeout=BUILD_TIMEOUT_S, cwd=ROOT,
                              env=dict(os.environ, CONTINGENCIA_SETUP_COMPRESSOR="zlib"))  # quick to make
    except subprocess.TimeoutExpired:
        unavailable(f"the Windows build took more than {BUILD_TIMEOUT_S} s")
    if made.returncode != 0 or not Path(WINE).exists():
        unavailable(f"the Windows build failed:\n{made.stdout[-2000:]}\n{made.stderr[-3000:]}")


@pytest.fixture(scope="module")
def build() -> Path:
    """The one-folder Windows build (made, or taken from the cache)."""
    build_windows()
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


STANDIN = "CtgStandin"  # the stand-in for LMP: a service of our own test's making


@pytest.fixture
def standin_service(tmp_path_factory) -> str:
    """A tiny real service (tests/wine/standin_service.c, built with MinGW), registered with Wine's
    service manager stopped and disabled, as the seed's procedure keeps LMP on a contingency machine."""
    folder = tmp_path_factory.mktemp("standin")
    exe = folder / "standin-service.exe"
    subprocess.run(["x86_64-w64-mingw32-gcc", "-O2", "-o", str(exe), str(ROOT / "tests" / "wine" / "standin_service.c")],
                   check=True, capture_output=True, timeout=120)
    wine("sc", "delete", STANDIN)
    created = wine("sc", "create", STANDIN, "binPath=", windows_path(exe), "start=", "disabled")
    assert created.returncode == 0, created.stdout + created.stderr
    yield STANDIN
    wine("sc", "stop", STANDIN)
    wine("sc", "delete", STANDIN)


def service_state(build_folder: Path, name: str) -> str:
    shown = windows_python(build_folder, f"from app.runtime import winscm\n"
                                         f"print(winscm.state({name!r}), winscm.start_type({name!r}))")
    assert shown.returncode == 0, shown.stdout + shown.stderr
    return shown.stdout.strip()


def test_the_lmp_preset_starts_a_stopped_disabled_service_in_a_promotion_by_the_built_program(build, standin_service,
                                                                                            tmp_path):
    """The window's "Add LMP" preset (lmp_hook) in a real promotion by contingencia.exe: the stop
    finds the service stopped, the start enables it (automatic) and waits until it runs."""
    from app.demo.data import build_store_db
    from app.promotion.hooks import lmp_hook, save_hooks

    assert service_state(build, standin_service) == "stopped disabled"
    official, contingency, shared = tmp_path / "official", tmp_path / "contingency", tmp_path / "shared"
    for folder in (official, contingency, shared):
        folder.mkdir()
    database = build_store_db(official / "mgv7.db", stores=2, products=50, sales=200, official_host="OFICIAL")
    exe = str(build / "contingencia.exe")
    for home, settings in ((official, {"mode": "official", "machine_name": "OFICIAL",
                                       "database.path": windows_path(database),
                                       "official.destination1.path": windows_path(shared), "enabled": "true"}),
                           (contingency, {"mode": "contingency", "machine_name": "CONTINGENCIA",
                                          "database.path": windows_path(contingency / "mgv7.db"),
                                          "contingency.source.path": windows_path(shared), "enabled": "true"})):
        for key, value in settings.items():
            done = wine(exe, "--home", windows_path(home), "config", "set", key, value)
            assert done.returncode == 0, f"{key}: {done.stdout}{done.stderr}"
    for home, command in ((official, "backup-now"), (contingency, "restore-now")):
        done = wine(exe, "--home", windows_path(home), command, timeout=300)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    save_hooks(contingency / "promotion-hooks.toml", [lmp_hook(service=standin_service)])
    promoted = wine(exe, "--home", windows_path(contingency), "promote", "--new-host", "CONTINGENCIA",
                    "--profile", windows_path(ROOT / "app" / "demo" / "store.toml"), "--skip-catch-up", "--yes",
                    timeout=300)
    report = promoted.stdout + promoted.stderr
    assert promoted.returncode == 0, report[-3000:]
    assert f"{standin_service}: already stopped" in report, report[-3000:]
    assert f"{standin_service}: running (start type set to auto)" in report, report[-3000:]
    assert service_state(build, standin_service) == "running auto"


def test_a_disabled_service_is_refused_without_enable_and_a_running_one_is_done(build, standin_service):
    result = windows_python(build, f"""
from app.runtime import winscm
from app.promotion.hooks import Hook, run_hook
plain = Hook('plain', service={standin_service!r})
refused = run_hook(plain, 'start', 60)
print('refused', refused.ok, refused.last_line)
winscm.set_start_type({standin_service!r}, 'manual')
for phase in ('start', 'start', 'stop', 'stop'):
    r = run_hook(plain, phase, 60)
    print(phase, r.ok, r.last_line)
""")
    lines = result.stdout.splitlines()
    assert lines and lines[0].startswith("refused False") and "is disabled" in lines[0], result.stdout + result.stderr
    assert lines[1:] == [f"start True {standin_service}: running", f"start True {standin_service}: already running",
                         f"stop True {standin_service}: stopped", f"stop True {standin_service}: already stopped"], \
        result.stdout + result.stderr


def test_a_hung_command_hook_is_ended_with_its_whole_process_tree(build, tmp_path):
    """cmd.exe, a child it started and that child's own child: on the timeout all three end (under
    Wine no job is inherited and taskkill has no /T: the hook walks the tree itself)."""
    report = tmp_path / "pids.txt"
    tree = windows_path(ROOT / "tests" / "wine" / "process_tree.py")
    command = f'"{windows_path(CACHE / "python" / "python.exe")}" "{tree}" "{windows_path(report)}" 2'
    result = windows_python(build, f"""
import time
import win32api, win32con, win32process
from app.promotion.hooks import Hook, run_hook
hung = Hook('hung', stop={command!r}, timeout_s=5)
started = time.monotonic()
r = run_hook(hung, 'stop', 5)
print('result', r.ok, r.exit_code, round(time.monotonic() - started), r.last_line)
time.sleep(1)
for pid in open({windows_path(report)!r}).read().split():
    try:
        handle = win32api.OpenProcess(win32con.PROCESS_QUERY_INFORMATION, False, int(pid))
        print('pid', pid, 'exit code', win32process.GetExitCodeProcess(handle))
    except win32api.error:
        print('pid', pid, 'gone')
""", timeout=120)
    lines = result.stdout.splitlines()
    found = [line for line in lines if line.startswith("result ")]
    assert found, result.stdout + result.stderr
    _, ok, code, elapsed, *last = found[0].split()
    assert ok == "False" and code == "None" and int(elapsed) < 30, found[0]
    assert "stopped after 5 s" in found[0]
    processes = [line for line in lines if line.startswith("pid ")]
    assert len(processes) == 2, result.stdout  # the child and the grandchild wrote their ids
    still_running = [line for line in processes if "exit code 259" in line]  # 259: STILL_ACTIVE
    assert not still_running, result.stdout


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
