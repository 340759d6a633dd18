"""Where re-extracted records go, and how they compare with what the run published.

``<spider dir>/warc/<run>.warc.gz`` gives ``<spider dir>/reextracted/<run>.jsonl`` (or
``--output-dir DIR/<run>.jsonl``), written the atomic way (:class:`AtomicJsonl`); a
directory holding a spider's published files is refused, so a published file is never
replaced. The comparison is by content hash with ``<spider dir>/<run>.jsonl``, the file
the same run published.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from crawler.archive import WARC_SUBDIR, jsonl_name_of
from crawler.archive.reassemble import Outcome
from crawler.run.files import AtomicJsonl

REEXTRACTED_SUBDIR = "reextracted"


class RefusedOutput(ValueError):
    """The output would replace a published file or an input."""


def output_path(archive: Path, output_dir: Path | None) -> Path:
    """``<spider dir>/reextracted/<run>.jsonl`` for ``<spider dir>/warc/<run>.warc.gz``
    (or ``--output-dir DIR/<run>.jsonl``); never the run's published file."""
    name = jsonl_name_of(archive.name)
    if output_dir is None:
        base = archive.parent.parent if archive.parent.name == WARC_SUBDIR else archive.parent
        output_dir = base / REEXTRACTED_SUBDIR
    target = output_dir / name
    published = published_path(archive)
    if (published is not None and target.resolve() == published.resolve()) or (
        output_dir / WARC_SUBDIR
    ).is_dir():
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
