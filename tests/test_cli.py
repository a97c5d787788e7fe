"""The command line as a package: every group registered statically, the run gate of the core,
and the exit codes the operator's scripts rely on."""

from __future__ import annotations

import ast

from .pair import ROOT, cli, make_pair

CLI = ROOT / "app" / "cli"
NOT_GROUPS = {"__init__", "__main__", "common"}


def test_every_group_module_adds_its_commands_and_is_imported_by_name():
    """A module of commands left out of ``GROUPS`` (or loaded by string) would be missed by the
    parser, or by PyInstaller's analysis."""
    import app.cli
    groups = {module.__name__.rsplit(".", 1)[1] for module in app.cli.GROUPS}
    modules = {path.stem for path in CLI.glob("*.py")} - NOT_GROUPS
    assert groups == modules
    for module in app.cli.GROUPS:
        assert callable(module.register), module.__name__
    for path in CLI.glob("*.py"):
        names = {node.id if isinstance(node, ast.Name) else node.attr
                 for node in ast.walk(ast.parse(path.read_text("utf-8")))
                 if isinstance(node, (ast.Name, ast.Attribute))}
        assert not names & {"import_module", "__import__"}, path.name


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
