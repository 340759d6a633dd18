"""Where re-extracted records go, and how they compare with what the run published.

``OUT/<spider>/warc/<run>.warc.gz`` gives ``OUT/derived/reextracted/<spider>/<run>.jsonl``
(:func:`crawler.run.files.derived_dir`; or ``--output-dir DIR/<run>.jsonl``), written the
atomic way (:class:`AtomicJsonl`). An output the published glob (``OUT/*/*.jsonl``, of
the archive's output directory or of ``OUTPUT_DIR``) would match is refused, so a
re-extraction is never read as published records and never replaces one. The comparison
is by content hash with ``OUT/<spider>/<run>.jsonl``, the file the same run published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from crawler.archive import WARC_SUBDIR, jsonl_name_of
from crawler.archive.reassemble import Outcome
from crawler.run.files import (
    PUBLISHED_GLOB,
    REEXTRACTED,
    AtomicJsonl,
    derived_dir,
    matches_published_glob,
)

REEXTRACTED_SUBDIR = REEXTRACTED  # beside an archive outside the output layout


class RefusedOutput(ValueError):
    """The output would replace a published file or an input."""


def output_path(archive: Path, output_dir: Path | None, outputs: Path | None = None) -> Path:
    """``OUT/derived/reextracted/<spider>/<run>.jsonl`` for ``OUT/<spider>/warc/<run>.warc.gz``
    (an archive elsewhere: ``reextracted/<run>.jsonl`` beside it; or ``--output-dir
    DIR/<run>.jsonl``); never a file the published glob of ``OUT`` or of ``outputs`` (the
    crawl's ``OUTPUT_DIR``) matches."""
    name = jsonl_name_of(archive.name)
    published = published_path(archive)
    root = published.parent.parent if published is not None else None
    if output_dir is None:
        output_dir = (
            archive.parent / REEXTRACTED_SUBDIR
            if published is None
            else derived_dir(published.parent.parent, REEXTRACTED_SUBDIR, published.parent.name)
        )
    target = output_dir / name
    for base in (root, outputs):
        if base is not None and matches_published_glob(target, base):
            raise RefusedOutput(
                f"{output_dir} is where published files go ({base / PUBLISHED_GLOB}): "
                "choose another directory"
            )
    if (output_dir / WARC_SUBDIR).is_dir():
        raise RefusedOutput(
            f"{output_dir} holds a spider's published files: choose another directory"
        )
    if target.resolve() == archive.resolve():
        raise RefusedOutput(f"{target} is the input")
    return target


def published_path(archive: Path) -> Path | None:
    """The JSONL file the run of ``archive`` published, where the crawl puts it."""
    if archive.parent.name != WARC_SUBDIR:
        return None
    return archive.parent.parent / jsonl_name_of(archive.name)


def published_records(archive: Path) -> dict[str, tuple[str, int]]:
    """``url -> (content_hash, revision)`` of what the archive's run published."""
    path = published_path(archive)
    if path is None or not path.exists():
        return {}
    found: dict[str, tuple[str, int]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                record = json.loads(line)
                found[record["url"]] = (record["content_hash"], int(record["revision"]))
            except (ValueError, KeyError, TypeError):
                continue  # a damaged line compares as "not published"
    return found


@dataclass
class Comparison:
    """Re-extracted records against what the run published, by content hash."""

    records: int = 0
    same: int = 0
    changed: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)  # no record of it was published
    lost: list[str] = field(default_factory=list)  # published, no record now

    def line(self) -> str:
        return (
            f"{self.records} records: {self.same} same as published, "
            f"{len(self.changed)} changed, {len(self.new)} not published then, "
            f"{len(self.lost)} published then but no record now"
        )


def write_records(
    outcomes: list[Outcome], target: Path, published: dict[str, tuple[str, int]]
) -> tuple[Path | None, Comparison]:
    """Write the records atomically (an earlier output is replaced whole) and compare.

    A record keeps the revision its URL was published with by the same run (it is that
    revision, read again); 1 otherwise.
    """
    comparison = Comparison()
    writer = AtomicJsonl(target)
    try:
        seen: set[str] = set()
        for outcome in outcomes:
            record = outcome.record
            if record is None:
                continue
            url = record["url"]
            seen.add(url)
            known = published.get(url)
            if known is None:
                comparison.new.append(url)
            else:
                record["revision"] = known[1]
                if known[0] == record["content_hash"]:
                    comparison.same += 1
                else:
                    comparison.changed.append(url)
            writer.write(record)
            comparison.records += 1
        comparison.lost = sorted(set(published) - seen)
        written = writer.commit()
        if written is None:
            target.unlink(missing_ok=True)  # no records now: an older output would mislead
        return written, comparison
    except BaseException:
        writer.abort()
        raise
