"""py-spy stacks are read right (the fast detector's identity is tested in tests/crawler)."""

from __future__ import annotations

from benchmarks.profile import analyse


def test_analyse_folded_stacks() -> None:
    folded = (
        "main (a.py:1);f (crawler/x.py:5);g (lib/y.py:9) 3\nmain (a.py:1);f (crawler/x.py:5) 2\n"
    )
    total, own, cumulative = analyse(folded)
    assert total == 5
    assert own["g  lib/y.py:9"] == 3 and own["f  crawler/x.py:5"] == 2
    assert cumulative["f  crawler/x.py:5"] == 5 and cumulative["main  a.py:1"] == 5
