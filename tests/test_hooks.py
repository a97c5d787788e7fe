"""Service hooks: the service kind in the hooks file, and what it does where there is no service manager.
The service manager itself is exercised under Wine (tests/test_windows_wine.py)."""

from __future__ import annotations

import sys

import pytest

from app.errors import PromotionError
from app.promotion.hooks import Hook, load_hooks, run_hook, save_hooks


def test_service_hooks_round_trip_through_the_file(tmp_path):
    path = tmp_path / "promotion-hooks.toml"
    hooks = [Hook("LMP", required=True, timeout_s=120, service="LMP", enable="auto"),
             Hook("Relatórios", stop='net stop "Relatorios"', start='net start "Relatorios"')]
    save_hooks(path, hooks)
    assert load_hooks(path) == hooks
    assert 'service = "LMP"' in path.read_text("utf-8")


@pytest.mark.parametrize("body,words", [
    ('name = "LMP"\nservice = "LMP"\nstop = "sc stop LMP"', "both a service and commands"),
    ('name = "LMP"\nservice = "LMP"\nenable = "sempre"', "enable = 'sempre' is not valid"),
    ('name = "LMP"\nstop = "x"\nenable = "auto"', "only for service hooks"),
    ('name = "LMP"', "neither a service nor"),
])
def test_a_wrong_hook_is_refused_with_its_name(tmp_path, body, words):
    path = tmp_path / "hooks.toml"
    path.write_text("[[hook]]\n" + body + "\n", "utf-8")
    with pytest.raises(PromotionError, match=words):
        load_hooks(path)


@pytest.mark.skipif(sys.platform == "win32", reason="the service manager answers there")
def test_a_service_hook_without_a_service_manager_fails_clearly():
    result = run_hook(Hook("LMP", service="LMP", required=True), "start", 5)
    assert result is not None and not result.ok and result.exit_code == 1
    assert "only be controlled on Windows" in result.last_line
    assert result.command == "service LMP: start"
