"""One log file per kind of process, and a rollover that another process's open file cannot break."""

from __future__ import annotations

import logging

import pytest

from app.runtime import logfile, logs


@pytest.fixture
def fresh_root_logger():
    root = logging.getLogger()
    saved = list(root.handlers), root.level
    root.handlers = [h for h in root.handlers if not getattr(h, "_contingencia", False)]
    yield root
    for handler in root.handlers:
        if getattr(handler, "_contingencia", False):
            handler.close()
    root.handlers, root.level = saved


def test_each_kind_of_process_has_its_own_file(home, fresh_root_logger):
    logs.setup_logging(home, kind="service")
    logging.getLogger("probe").info("from the service")
    assert (home.log_dir / "service.log").read_text("utf-8").count("from the service") == 1
    assert not (home.log_dir / "cli.log").exists()
    with pytest.raises(ValueError):
        logs.setup_logging(home, kind="nonsense")


def refuse_while_open(source: str, dest: str) -> None:
    """Windows: renaming a log that another process holds open fails with WinError 32."""
    raise PermissionError(13, "The process cannot access the file because it is being used by another process")


def test_a_refused_rollover_keeps_logging_and_tries_again_later(tmp_path, capsys, monkeypatch):
    path = tmp_path / "cli.log"
    handler = logfile.SharedRotatingFileHandler(path, maxBytes=200, backupCount=2, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    handler.rotator = refuse_while_open
    logger = logging.getLogger("rollover-probe")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for index in range(40):
            logger.warning("line %02d %s", index, "x" * 20)
        assert "Logging error" not in capsys.readouterr().err
        assert "line 39" in path.read_text("utf-8") and not (tmp_path / "cli.log.1").exists()
        handler.rotator = None  # the other process closed the file
        monkeypatch.setattr(logfile.time, "monotonic", lambda: handler.next_try + 1)
        logger.warning("after the retry delay")
        assert (tmp_path / "cli.log.1").exists()
        assert path.read_text("utf-8").strip() == "after the retry delay"
    finally:
        logger.removeHandler(handler)
        handler.close()
