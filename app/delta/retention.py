"""Retention by chains: a folder keeps the newest ``keep`` chains whole, never a part of one.

A chain is a full bundle and the incremental bundles after it (their names say which is which,
``bundle.is_incremental_name``). Removing any bundle of a chain a contingency may still be walking
would leave it a gap, so the cut falls only just before a full bundle: everything older than the
``keep``-th newest full bundle goes, and never anything of the marker's chain. With incremental
bundles off every bundle is full and this is the old rule: the newest ``keep`` bundles stay.
"""

from __future__ import annotations

from ..bundle import bundle_sequence, is_bundle_name, is_incremental_name


def doomed(names: list[str], keep: int, *, protect: str, chain: int = 0) -> list[str]:
    """The bundles among ``names`` that retention removes."""
    bundles = sorted((n for n in names if is_bundle_name(n)), key=bundle_sequence, reverse=True)
    fulls = [n for n in bundles if not is_incremental_name(n)]
    if len(fulls) < keep:
        return []
    cut = bundle_sequence(fulls[keep - 1])
    if chain:
        cut = min(cut, chain)  # the marker's chain stays whole, whatever came after it
    return [n for n in bundles if bundle_sequence(n) < cut and n != protect]
