"""The generic path may not regress on the held-out pages it was worked on.

The pages of ``benchmarks/gold-oos`` (invented, committed, portals without a site module)
that are in sample (worked on after their first measurement) are scored the way the
quality benchmark scores them: each read exactly (title, lead, authors, credits, date,
kind) with body F1 >= 0.98, every live post found with the time its page prints, every
time Budapest time. Pages still out of sample are not held to anything here: their first
measurement is the honest one.
"""

from __future__ import annotations

import re

import pytest

from benchmarks.quality import (
    OOS_DIR,
    extract_ours,
    fields_wrong,
    load_oos_pages,
    posts_problem,
    score,
)

GENERIC_F1 = 0.98


@pytest.fixture(scope="module")
def rows():
    pages = [page for page in load_oos_pages(OOS_DIR) if page.gold.get("sample") == "in"]
    if not pages:
        pytest.skip("no held-out page is in sample yet")
    return [(page, score(page, "ours", extract_ours)) for page in pages]


def test_in_sample_held_out_pages_are_read_exactly(rows):
    failures = []
    for page, ours in rows:
        wrong = fields_wrong(ours)
        if ours.status != "ok" or ours.f1 < GENERIC_F1 or wrong:
            failures.append(f"{page.stem}: status={ours.status} f1={ours.f1:.3f} wrong={wrong}")
    assert not failures, "\n".join(failures)


def test_in_sample_held_out_live_posts_have_their_printed_times(rows):
    failures = []
    for page, ours in rows:
        if problem := posts_problem(ours, page.gold):
            failures.append(f"{page.stem}: {problem}")
    assert not failures, "\n".join(failures)


def test_held_out_pages_never_fall_below_their_first_measurement():
    """Pages still out of sample are not worked on, but what the generic path read the first
    time it met them must not get worse: body F1 and kind against the first score kept in
    each gold file (its ``annotated``)."""
    failures = []
    for page in load_oos_pages(OOS_DIR):
        first = re.search(
            r"First measurement on \S+ \(out of sample then\): body F1 ([0-9.]+)",
            page.gold.get("annotated", ""),
        )
        if page.gold.get("sample") != "out" or first is None:
            continue
        ours = score(page, "ours", extract_ours)
        if ours.f1 < float(first.group(1)) - 0.005 or not ours.kind:
            failures.append(
                f"{page.stem}: f1 {ours.f1:.3f} (first {first.group(1)}), kind {ours.kind}"
            )
    assert not failures, "\n".join(failures)
