"""Write the expected attributes of a site fixture page, for a person to review.

    python -m tests.sites.generate_fixtures <portal> <name> --url URL   # a new page
    python -m tests.sites.generate_fixtures <portal> <name>             # again, same URL
    python -m tests.sites.generate_fixtures --check [<portal> ...]       # compare only

The page is ``tests/fixtures/sites/<portal>/<name>.html``, written by hand in the
portal's markup; the entry goes into ``tests/fixtures/sites/<portal>.json`` (see
:mod:`tests.sites.fixtures`). What changed is printed: read it before committing, the
module's reading of today is not the truth. ``--check`` writes nothing and exits 1 when
an entry differs from what the modules read now.
"""

from __future__ import annotations

import argparse
import difflib
import sys

from tests.sites.fixtures import FIXTURES, PORTALS, dump, entry, expected_of, page_path


def generate(portal: str, name: str, url: str | None) -> int:
    entries = expected_of(portal)
    url = url or entries.get(name, {}).get("url")
    if url is None:
        print(f"{portal}/{name}: a new page needs --url", file=sys.stderr)
        return 2
    if not page_path(portal, name).exists():
        print(f"no such page: {page_path(portal, name)}", file=sys.stderr)
        return 2
    before = dump({name: entries[name]}) if name in entries else ""
    entries[name] = entry(portal, name, url)
    (FIXTURES / f"{portal}.json").write_text(dump(entries), encoding="utf-8")
    print(
        "".join(
            difflib.unified_diff(
                before.splitlines(True),
                dump({name: entries[name]}).splitlines(True),
                "before",
                "now",
            )
        )
        or "unchanged"
    )
    return 0


def check(portals: list[str]) -> int:
    status = 0
    for portal in portals or sorted(PORTALS):
        for name, stored in expected_of(portal).items():
            now = entry(portal, name, stored["url"])
            if now != stored:
                status = 1
                diff = difflib.unified_diff(
                    dump(stored).splitlines(True), dump(now).splitlines(True), "stored", "now"
                )
                print(f"{portal}/{name}:\n{''.join(diff)}")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("portal", nargs="?", choices=sorted(PORTALS))
    parser.add_argument("name", nargs="?", help="the page's file name without .html")
    parser.add_argument("--url", help="the page's URL (its canonical one, or a later page's)")
    parser.add_argument("--check", nargs="*", metavar="PORTAL", help="compare, write nothing")
    args = parser.parse_args(argv)
    if args.check is not None:
        return check(args.check + ([args.portal] if args.portal else []))
    if not (args.portal and args.name):
        parser.error("a portal and a page name, or --check")
    return generate(args.portal, args.name, args.url)


if __name__ == "__main__":
    sys.exit(main())
