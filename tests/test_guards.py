"""What the standby refuses to take in, and how it keeps telling: identity and sanity of bundles,
faults told from verdicts, leftovers, deadlines, input and clocks."""

from __future__ import annotations

import pytest

from app.journal import Journal, StateKey


def test_state_keys_are_one_vocabulary(tmp_path):
    journal = Journal(tmp_path / "journal.sqlite3")
    journal.set_state(StateKey.LAST_RESTORED, {"bundle": "x"})
    assert journal.get_state("contingency.last_restored") == {"bundle": "x"}
    with pytest.raises(ValueError):
        journal.set_state("contingency.last_restord", {})  # a misspelt key is refused, not stored
