"""Show what the crawl makes of one saved page: the crawl's own assembly, one page.

    python -m crawler.extract FILE --url URL [--encoding ENC] [--section NAME]

The page's bytes are decoded as the crawl decodes them (:mod:`crawler.text.decoding`), with
``--encoding`` standing for the HTTP header's charset.

Prints one JSON object shaped like a JSONL line (language detected, no translation, no
pagination followed: the page is the first and only page of an
:class:`crawler.assembly.assemble.Assembly`), validated like every record the crawl
writes (:func:`crawler.record.validity.invalid`). The module that owns the URL's host
reads the page (sister hosts on the same CMS included); an unknown host, or markup the
module does not recognise, takes the generic path, said on stderr.
``url``, ``source`` and ``section`` come from the module: the URL's section, else the one
the page names, else ``"unknown"``.

The output bounds of the project settings apply (``EXTRACT_MAX_TEXT_CHARS``,
``EXTRACT_MAX_POSTS``, ``EXTRACT_MAX_POST_CHARS``): a larger record is ``too_large``.

Exit status: 0 a record was printed; 1 the page gives no record (reason on stderr);
2 bad arguments (no such file, a directory, a URL without a path).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from scrapy.settings import Settings

from crawler.assembly.assemble import Limits, extract_page
from crawler.record.item import as_record
from crawler.record.validity import record_problem
from crawler.run.files import dumps
from crawler.sites import GENERIC, NotAnArticle
from crawler.text.decoding import decode_html
from crawler.text.language import LanguageTagger


def project_settings() -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    return settings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler.extract", description=__doc__)
    parser.add_argument("file", type=Path, help="saved HTML page ('-' for stdin)")
    parser.add_argument("--url", required=True, help="the URL the page was served at")
    parser.add_argument("--encoding", help="the page's charset (default: as the page declares)")
    parser.add_argument("--section", help="section name (default: from the URL or the page)")
    args = parser.parse_args(argv)

    parts = urlsplit(args.url)
    if parts.scheme not in ("http", "https") or not parts.hostname or not parts.path.strip("/"):
        return _usage(f"--url {args.url!r} is not the http(s) address of a page")
    try:
        raw = sys.stdin.buffer.read() if str(args.file) == "-" else args.file.read_bytes()
    except OSError as exc:
        return _usage(f"cannot read {args.file}: {exc.strerror or exc}")

    settings = project_settings()
    # --encoding stands where the HTTP header would: the crawl's decoding rule does the rest.
    content_type = f"text/html; charset={args.encoding}" if args.encoding else None
    decoded = decode_html(raw, content_type)
    if decoded.corrected:
        print(f"charset: declared {decoded.declared}, read as {decoded.encoding}", file=sys.stderr)
    limits = Limits.from_settings(settings)
    try:
        extracted = extract_page(
            decoded.text,
            args.url,
            max_chars=limits.max_chars,
            section=args.section,
            bounds=limits.bounds,
        )
    except NotAnArticle as exc:
        print(f"no record: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # a parser bug costs this page, as it costs one article in a crawl
        print(f"no record: extract_error ({exc!r})", file=sys.stderr)
        return 1
    if extracted.site is GENERIC:
        print(f"generic extraction: no site module for {parts.hostname}", file=sys.stderr)
    elif extracted.page.generic:
        print(f"generic extraction: {extracted.site.name} markup not recognised", file=sys.stderr)
    record = as_record(extracted.item)
    LanguageTagger(settings.getint("LANGUAGE_SAMPLE_CHARS"))(record)
    problem = record_problem(record)
    if problem is not None:
        print(f"no record: the record would be invalid ({problem})", file=sys.stderr)
        return 1
    print(dumps(record))
    return 0


def _usage(message: str) -> int:
    print(f"python -m crawler.extract: {message}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
