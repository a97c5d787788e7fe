"""Sizes and durations are written by one helper each, for the core, the command line and the window."""

from __future__ import annotations

import pytest

from app.clock import format_age, format_duration
from app.sizes import in_units, readable_size


@pytest.mark.parametrize("seconds, words, exact", [
    (0, "0 min", "0 s"), (42.9, "0 min", "42 s"), (303, "5 min", "5 min 03 s"),
    (2 * 3600 + 14 * 60 + 5, "2 h 14 min", "2 h 14 min"), (47 * 3600, "47 h 00 min", "47 h 00 min"),
    (76 * 3600 + 59, "76 h 00 min", "3 d 4 h"), (-5, "0 min", "0 s"),
])
def test_durations_in_words(seconds, words, exact):
    assert format_duration(seconds) == words
    assert format_duration(seconds, exact=True) == exact


def test_an_unknown_age_says_so():
    assert format_age(None) == "unknown" and format_age(600) == "10 min"


@pytest.mark.parametrize("size, text", [
    (850, "850 B"), (999, "999 B"), (12_400, "12.4 KB"), (12_345_678, "12.3 MB"), (3_100_000_000, "3.1 GB"),
    (4.2e15, "4200.0 TB"),
])
def test_sizes_in_the_unit_that_reads_best(size, text):
    assert readable_size(size) == text


def test_sizes_in_a_given_unit_and_the_window_figure():
    assert in_units(12_345_678) == "12.3" and in_units(2_500_000_000, "GB") == "2.5"
    assert in_units(1_499_000_000, digits=0) == "1499"
    assert readable_size(12_345_678, lambda value: f"{value:.1f}".replace(".", ",")) == "12,3 MB"
