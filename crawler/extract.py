"""Show what the extractor makes of one saved page.

    python -m crawler.extract FILE --url URL [--encoding ENC]

Prints one JSON object shaped like a JSONL line (language detected, no translation, no
pagination followed). Exit status 1 with a reason on stderr when the page gives no record.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from crawler.extraction import build_item, item_as_dict, merge, parse_html
from crawler.language import DEFAULT_SAMPLE_CHARS, Detector, sample
from crawler.output import dumps
from crawler.sites import NotAnArticle, site_for_url
from crawler.sites.generic import SITE as GENERIC


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.extract", description=__doc__)
    parser.add_argument("file", type=Path, help="saved HTML page ('-' for stdin)")
    parser.add_argument("--url", required=True, help="the URL the page was served at")
    parser.add_argument("--encoding", default="utf-8", help="page encoding (default utf-8)")
    parser.add_argument("--section", help="section name (default: from the URL)")
    args = parser.parse_args(argv)

    site = site_for_url(args.url) or GENERIC
    raw = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
    section = args.section or args.url.split("/")[3]
    canonical = site.article_url(args.url, section) or args.url
    try:
        fields = merge([site.parse(parse_html(raw.decode(args.encoding, "replace")), canonical)])
    except NotAnArticle as exc:
        print(f"no record: {exc}", file=sys.stderr)
        return 1
    record = item_as_dict(build_item(canonical, site, section, fields))
    found = Detector()(
        sample(record["title"], record["lead"], record["text"], DEFAULT_SAMPLE_CHARS)
    )
    record["language"], record["language_probability"] = found.language, found.probability
    print(dumps(record))
    return 0


if __name__ == "__main__":
    sys.exit(main())
