"""The command line as a package: every group registered statically, the run gate of the core,
and the exit codes the operator's scripts rely on."""

from __future__ import annotations

import modulefinder
import os
import pty
import subprocess
import sys

import pytest
from aiosmtpd.controller import Controller

from .pair import ROOT, cli, cli_command, make_pair
from .smtp_server import HOST, StoringHandler, free_port

CLI = ROOT / "app" / "cli"
NOT_GROUPS = {"__init__", "__main__", "common"}
#: left out of the import analysis to keep it short: none of them imports the command line
THIRD_PARTY = ["PySide6", "paramiko", "psycopg", "cryptography", "smbprotocol", "smbclient", "keyring",
               "apscheduler", "pyodbc", "isal", "tzlocal", "platformdirs", "tomli_w", "ui"]


def test_every_group_module_adds_its_commands_and_is_imported_by_name():
    """A module of commands left out of ``GROUPS`` would be missed by the parser; one loaded by
    string, by a frozen build's analysis (PyInstaller follows import statements, as this does)."""
    import app.cli
    groups = {module.__name__.rsplit(".", 1)[1] for module in app.cli.GROUPS}
    modules = {path.stem for path in CLI.glob("*.py")} - NOT_GROUPS
    assert groups == modules
    for module in app.cli.GROUPS:
        assert callable(module.register), module.__name__
    analysis = modulefinder.ModuleFinder(path=[str(ROOT), *sys.path], excludes=THIRD_PARTY)
    analysis.run_script(str(ROOT / "launcher" / "console.py"))
    assert {f"app.cli.{name}" for name in modules} - set(analysis.modules) == set()
    # and so is every engine and every transport: their registries import them by statements,
    # never by name
    from app import engines, transports
    served = {load().__module__ for registry in (engines.REGISTRY, transports.REGISTRY) for load in registry.values()}
    assert len(served) == 7 and served - set(analysis.modules) == set()


def test_every_command_of_every_group_reaches_its_handler():
    from app.cli import build_parser
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    assert list(commands) == ["gui", "service", "backup-now", "restore-now", "retry", "accept", "status",
                              "test-connection", "trust", "verify", "demo", "config", "notify", "promote"]
    for argv in (["config", "keys"], ["notify", "account", "list"], ["promote", "--dry-run"], ["status"]):
        assert callable(parser.parse_args(argv).func), argv


def test_a_cycle_the_gate_refuses_is_a_usage_error_and_runs_nothing(tmp_path):
    pair = make_pair(tmp_path)
    wrong_mode = cli(pair.contingency_home, "backup-now")
    assert wrong_mode.returncode == 2, wrong_mode.stderr
    assert wrong_mode.stderr == ("contingencia: this machine is in contingency mode; "
                                 "'backup-now' runs only in official mode.\n")
    pair.official.enabled = False
    pair.save()
    off = cli(pair.official_home, "backup-now")
    assert off.returncode == 2, off.stderr
    assert off.stderr == ("contingencia: contingency mode is off (enabled = false); turn it on with "
                          "'contingencia config set enabled true'.\n")
    assert list(pair.shared.iterdir()) == []  # nothing published
    off_and_wrong = cli(pair.official_home, "restore-now")
    assert off_and_wrong.returncode == 2 and "runs only in contingency mode" in off_and_wrong.stderr
    from app.journal import Journal
    for home in (pair.official_home, pair.contingency_home):
        assert Journal(home.journal_file).runs() == []


def test_a_backup_that_reaches_one_destination_of_two_exits_3(tmp_path):
    pair = make_pair(tmp_path)
    blocked = tmp_path / "not a folder"
    blocked.write_text("a file stands where the second destination's folder should be")
    pair.official.official.destination2.kind = "folder"
    pair.official.official.destination2.path = str(blocked)
    pair.save()
    result = cli(pair.official_home, "backup-now")
    assert result.returncode == 3, (result.stdout, result.stderr)
    assert result.stderr.startswith("contingencia: ") and "Traceback" not in result.stderr
    assert any(pair.shared.glob("*.zip"))


def test_a_setting_is_not_taken_as_a_password_nor_a_password_as_a_setting(home):
    refused = cli(home, "config", "password", "official.interval_min", stdin="30\n")
    assert refused.returncode == 2
    assert refused.stderr == "contingencia: 'official.interval_min' is not a password; use 'contingencia config set'.\n"
    unknown = cli(home, "config", "password", "official.no_such_password", stdin="x\n")
    assert unknown.returncode == 2 and "no such setting" in unknown.stderr


def test_a_removed_e_mail_account_leaves_no_password_behind(home):
    secrets_file = home.root / "secrets.json"
    added = cli(home, "notify", "account", "add", "--name", "loja", "--host", "127.0.0.1", "--security", "none",
                "--recipient", "ti@example.com", "--password-stdin", stdin="Senha-da-loja\n")
    assert added.returncode == 0, added.stderr
    assert "Senha-da-loja" in secrets_file.read_text("utf-8")
    removed = cli(home, "notify", "account", "remove", "loja")
    assert removed.returncode == 0 and removed.stdout == "Account 'loja' removed.\n"
    assert "Senha-da-loja" not in secrets_file.read_text("utf-8")


class RefusingOnSeveralLines(StoringHandler):
    """A content filter whose refusal spans two reply lines (smtplib joins them with a newline)."""

    async def handle_DATA(self, server, session, envelope):
        return "554-5.7.1 Message refused\r\n554 5.7.1 by the content filter"


@pytest.mark.server
def test_an_smtp_refusal_on_several_lines_is_said_on_one(home):
    controller = Controller(RefusingOnSeveralLines(), hostname=HOST, port=free_port(), ready_timeout=10)
    controller.start()
    try:
        assert cli(home, "notify", "account", "add", "--name", "filtro", "--host", HOST, "--port",
                   str(controller.port), "--security", "none", "--sender", "contingencia@example.com",
                   "--recipient", "ti@example.com").returncode == 0
        failed = cli(home, "notify", "test")
    finally:
        controller.stop()
    assert failed.returncode == 1
    assert failed.stderr.count("\n") == 1 and "Message refused 5.7.1 by the content filter" in failed.stderr


def on_a_terminal(home, answer: str, *args: str) -> tuple[int, str]:
    """The command with a terminal as standard input, typed ``answer`` at its question."""
    command, env = cli_command(home, *args)
    controller, terminal = pty.openpty()
    try:
        process = subprocess.Popen(command, env=env, stdin=terminal, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        os.write(controller, answer.encode() + b"\n")
        output, _ = process.communicate(timeout=60)
    finally:
        os.close(controller)
        os.close(terminal)
    return process.returncode, output


@pytest.mark.server
@pytest.mark.parametrize("answer, trusted", [("sim", True), ("S", True), ("yes", True), ("n", False), ("", False)])
def test_trust_asks_on_a_terminal_and_takes_yes_in_either_language(home, store, ssh_server, answer, trusted):
    settings = store.load(with_secrets=False)
    settings.mode = "contingency"
    settings.contingency.source.kind, settings.contingency.source.host = "sftp", "127.0.0.1"
    settings.contingency.source.port = ssh_server.port
    store.save(settings)
    code, output = on_a_terminal(home, answer, "trust", "source")
    assert "Trust it? [y/N]" in output and ssh_server.fingerprint in output
    pinned = store.load(with_secrets=False).contingency.source.host_key
    if trusted:
        assert code == 0 and pinned == ssh_server.fingerprint, output
    else:
        assert code == 1 and "not accepted; nothing was changed." in output and pinned == "", output
