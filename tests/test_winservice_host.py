"""The Windows service's life cycle (ServiceHost) with the real worker; the SCM and the Event Log
are the seam: two recorders in place of ReportServiceStatus and servicemanager.Log*Msg."""

from __future__ import annotations

import io
import threading
import time

import pytest

from app.runtime.locks import FileLock
from app.runtime.service import Service
from app.runtime.winservice import (EXIT_WORKER_ENDED, EXIT_WORKER_FAILED, ServiceHost, class_string, resolve_account)


class Scm:
    """What the host tells the service manager and the Event Log."""

    def __init__(self) -> None:
        self.stop_pending: list[int] = []
        self.errors: list[str] = []
        self.infos: list[str] = []

    def host(self, make_worker, **options) -> ServiceHost:
        return ServiceHost(make_worker, self.stop_pending.append, self.errors.append, self.infos.append, **options)


def run_in_thread(host: ServiceHost) -> tuple[threading.Thread, dict]:
    result: dict = {}
    thread = threading.Thread(target=lambda: result.setdefault("code", host.run()))
    thread.start()
    return thread, result


def wait_for(predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.05)


def test_a_requested_stop_ends_the_real_worker_with_exit_code_0(home):
    scm = Scm()
    host = scm.host(lambda: Service(home))
    thread, result = run_in_thread(host)
    wait_for(lambda: host.worker is not None and host.worker.scheduler.running)  # past its lock
    host.stop()
    thread.join(30)
    assert result["code"] == 0
    assert scm.stop_pending and not scm.errors


def test_a_worker_that_cannot_start_stops_the_service_with_an_error_and_an_event(home):
    other = FileLock(home.service_lock_file, "another worker").acquire(0)  # a second service on one home
    try:
        scm = Scm()
        code = scm.host(lambda: Service(home)).run()
    finally:
        other.release()
    assert code == EXIT_WORKER_FAILED
    assert len(scm.errors) == 1 and "worker failed" in scm.errors[0]
    assert "is busy" in scm.errors[0] and "Traceback" in scm.errors[0]


def test_a_home_that_cannot_be_built_is_a_failure_not_a_clean_stop(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    from app.paths import Home
    scm = Scm()
    code = scm.host(lambda: Service(Home.resolve(blocker / "home"))).run()
    assert code == EXIT_WORKER_FAILED and "could not start" in scm.errors[0]


def test_a_stop_before_the_worker_exists_is_honoured(home):
    scm = Scm()
    built = threading.Event()
    release = threading.Event()

    def slow_start():
        built.set()
        release.wait(10)  # the SCM's stop arrives while the worker is being built
        return Service(home)

    host = scm.host(slow_start)
    thread, result = run_in_thread(host)
    built.wait(10)
    host.stop()
    release.set()
    thread.join(30)
    assert not thread.is_alive() and result["code"] == 0
    assert "before its worker started" in scm.infos[-1]


class SlowToStop:
    """A worker whose shutdown takes a while (a cycle finishing its step, the notifier sending)."""

    def __init__(self, shutdown_s: float) -> None:
        self.shutdown_s = shutdown_s
        self.stopping = threading.Event()

    def run_forever(self) -> int:
        self.stopping.wait()
        time.sleep(self.shutdown_s)
        return 0

    def stop(self) -> None:
        self.stopping.set()


def test_stop_pending_is_repeated_while_the_worker_winds_down():
    scm = Scm()
    host = scm.host(lambda: SlowToStop(1.0), stop_hint_ms=30_000, report_every_s=0.1)
    thread, result = run_in_thread(host)
    wait_for(lambda: host.worker is not None)
    host.stop()
    thread.join(10)
    assert result["code"] == 0
    assert len(scm.stop_pending) >= 5 and set(scm.stop_pending) == {30_000}


def test_a_worker_that_ends_by_itself_is_a_failure():
    class EndsAlone:
        def run_forever(self) -> int:
            return 0

        def stop(self) -> None:
            pass

    scm = Scm()
    assert scm.host(EndsAlone).run() == EXIT_WORKER_ENDED
    assert "ended by itself" in scm.errors[0]


def test_the_class_string_names_a_package_module_for_pythonservice():
    path, _, dotted = class_string().rpartition("\\")
    assert dotted == "app.runtime.winservice.ContingenciaService"
    assert (__import__("pathlib").Path(path) / "app" / "runtime" / "winservice.py").is_file()


def test_accounts_and_passwords_never_from_the_command_line():
    assert resolve_account("LocalSystem", password_stdin=False, stdin=io.StringIO()).user is None
    network = resolve_account("NT AUTHORITY\\NetworkService", password_stdin=False, stdin=io.StringIO())
    assert network.user == "NT AUTHORITY\\NetworkService" and network.password == ""
    named = resolve_account("LOJA\\backup", password_stdin=True, stdin=io.StringIO("s3gredo\n"))
    assert (named.user, named.password) == ("LOJA\\backup", "s3gredo")
    assert resolve_account("backup", password_stdin=True, stdin=io.StringIO("x\n")).user == ".\\backup"
    with pytest.raises(Exception, match="password-stdin"):
        resolve_account("LOJA\\backup", password_stdin=False, stdin=io.StringIO())
    with pytest.raises(Exception, match="No password"):
        resolve_account("LOJA\\backup", password_stdin=True, stdin=io.StringIO("\n"))


def test_the_installer_hands_the_password_through_its_environment_only(monkeypatch):
    monkeypatch.setenv("CONTINGENCIA_SERVICE_PASSWORD", "s3gredo")
    named = resolve_account("LOJA\\backup", password_stdin=False, stdin=io.StringIO(),
                            password_env="CONTINGENCIA_SERVICE_PASSWORD")
    assert named.password == "s3gredo"
    import os
    assert "CONTINGENCIA_SERVICE_PASSWORD" not in os.environ, "not left for the processes it starts"
