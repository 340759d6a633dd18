"""Consistency check of the out-of-sample gold files (no extractor involved).

For every gold file: the page is found (pages/ for invented pages, /work/oos-pages/ or
$OOS_PAGES for real ones) and its sha256 matches; every title, lead, author, tag, text line and
post title/text line occurs in the page's visible text (lxml, scripts/styles/hidden nodes
dropped, whitespace collapsed); every time is ISO 8601 with the Europe/Budapest offset of
that instant; a live blog's text is its intro plus its posts.

    python benchmarks/gold-oos/check_gold.py
"""

import glob
import hashlib
import json
import os
import re
import sys
from datetime import datetime
from zoneinfo import ZoneInfo

import lxml.html

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.environ.get("OOS_PAGES", "/work/oos-pages")
BUD = ZoneInfo("Europe/Budapest")


def norm(s):
    return re.sub(r"\s+", " ", s.replace("\xa0", " ").replace("\u202f", " ")).strip()


def visible_text(raw):
    doc = lxml.html.fromstring(raw)
    for el in doc.xpath(
        "//script|//style|//noscript|//template|//*[@hidden]"
        '|//*[contains(translate(@style," ",""),"display:none")]'
    ):
        el.drop_tree()
    return norm(" ".join(doc.itertext()))


def check_time(value, where, errors):
    if value is None:
        return
    try:
        t = datetime.fromisoformat(value)
    except ValueError:
        errors.append(f"{where}: not ISO 8601: {value}")
        return
    if t.tzinfo is None:
        errors.append(f"{where}: no offset: {value}")
        return
    if t.utcoffset() != t.astimezone(BUD).utcoffset():
        errors.append(f"{where}: offset is not Budapest's at that instant: {value}")


def main():
    bad = 0
    for path in sorted(glob.glob(os.path.join(HERE, "*.json"))):
        with open(path, encoding="utf-8") as f:
            g = json.load(f)
        errors = []
        page = os.path.join(HERE if g.get("invented") else REAL, g["page"])
        if not os.path.exists(page):
            print(f"SKIP {os.path.basename(path)}: page not found ({page})")
            continue
        with open(page, "rb") as f:
            raw = f.read()
        if hashlib.sha256(raw).hexdigest() != g["sha256"]:
            errors.append("sha256 mismatch")
        vis = visible_text(raw)
        pieces = [("title", g["title"])]
        if g.get("lead"):
            pieces += [("lead", line) for line in g["lead"].split("\n")]
        pieces += [("author", a) for a in g["authors"]]
        pieces += [("tag", t) for t in g.get("tags") or []]
        pieces += [("text", line) for line in g["text"].split("\n") if line]
        for i, p in enumerate(g.get("posts") or []):
            check_time(p["published"], f"post {i}", errors)
            if p["title"]:
                pieces.append((f"post {i} title", p["title"]))
            pieces += [(f"post {i} text", line) for line in p["text"].split("\n") if line]
            pieces += [(f"post {i} author", a) for a in p["authors"]]
        for what, s in pieces:
            if norm(s) not in vis:
                errors.append(f"{what} not in page: {s[:80]!r}")
        check_time(g.get("published"), "published", errors)
        check_time(g.get("modified"), "modified", errors)
        if g["kind"] == "liveblog":
            parts = [g["intro"]] if g.get("intro") else []
            for p in g["posts"]:
                parts += [x for x in (p["title"], p["text"]) if x]
            if "\n\n".join(parts) != g["text"]:
                errors.append("text is not intro + posts")
        # A page turns "in" only once it was measured and then worked on (README: the rule).
        if g.get("sample") != "out" and "First measurement" not in g.get("annotated", ""):
            errors.append('sample is not "out" and the page was never measured')
        status = "ok" if not errors else "FAIL"
        print(f"{status:4} {os.path.basename(path)}")
        for e in errors:
            print("     ", e)
        bad += bool(errors)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
