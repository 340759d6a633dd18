"""A later page is only ever a page of the same article on the same portal, and no
request leaves the portal's hosts (nor reaches a portal host but through its mirror)."""

from __future__ import annotations

from datetime import date

from tests.e2e.runner import crawl
from tests.standin.pages import Article, article_page
from tests.standin.server import StandinServer
from tests.standin.site import Route, StandinSite, add_generated, generate_articles, redirect

FOREIGN_TEXT = "Ez a bekezdés egy idegen oldalról származik."
OTHER_PAGE_TEXT = "Egy másik cikk második oldala, amely nem tartozik ide."
UNMIRRORED = "https://velvet.hu/kulfold/2024/05/01/a_tukor_mogott/"


def with_pager(article: Article, href: str) -> bytes:
    """The article's page with a pager whose page 2 is ``href``."""
    nav = (
        '<nav id="pager_top" class="pager default tobboldalas_cikk"><ul class="pages">'
        f'<li><a name="1" class="oldal_1 actual" href="{article.url}1/">1</a></li>'
        f'<li><a name="2" class="oldal_2" href="{href}">2</a></li></ul></nav>\n'
    )
    body = '<div class="cikk-torzs">\n'
    return article_page(article).replace(body, body + nav, 1).encode()


def foreign_site(path: str) -> StandinSite:
    site = StandinSite()
    page = f"<html><head><title>idegen</title></head><body><p>{FOREIGN_TEXT}</p></body></html>"
    site.add_route(path, Route(body=page.encode()))
    return site


def test_pager_links_off_the_article_are_ignored_and_counted(tmp_path):
    articles = generate_articles(4, seed=41)
    to_foreign, to_telex, to_other, redirected = articles
    other = generate_articles(1, seed=42, newest=date(2024, 4, 1))[0]
    other.pages = [[OTHER_PAGE_TEXT]]
    site = StandinSite()
    add_generated(site, articles)
    site.add_article(other, section_page=False, feed=False, archive=False, expected=False)
    with StandinServer(foreign_site(to_foreign.path + "2/")) as foreign:
        site.routes[to_foreign.path] = Route(
            body=with_pager(to_foreign, foreign.url(to_foreign.path + "2/"))
        )
        # BASE_URLS names index.hu only: telex.hu would be fetched from the internet.
        site.routes[to_telex.path] = Route(
            body=with_pager(to_telex, "https://telex.hu" + to_telex.path + "2/")
        )
        site.routes[to_other.path] = Route(body=with_pager(to_other, other.url + "2/"))
        # Not a pager: the article itself moved to another host.
        site.routes[redirected.path] = redirect(foreign.url(to_foreign.path + "2/"))
        # A sister host of the portal that the mirror settings leave out.
        site.add_link(UNMIRRORED, "velvet")
        with StandinServer(site) as server:
            run = crawl(server.base_url, tmp_path)
            targets = [t for _m, t in server.requests]
        foreign_targets = [t for _m, t in foreign.requests]
    assert run.returncode == 0, run.log[-3000:]
    records = {r["url"]: r for r in run.records()}
    assert sorted(records) == sorted(a.url for a in (to_foreign, to_telex, to_other))
    for record in records.values():
        assert FOREIGN_TEXT not in record["text"] and OTHER_PAGE_TEXT not in record["text"]
    assert foreign_targets == []  # not the page, not its robots.txt
    assert other.path + "2/" not in targets
    stats = run.stats()
    assert stats["articles/pager_ignored/other_host"] == 2
    assert stats["articles/pager_ignored/other_article"] == 1
    for article in (to_foreign, to_telex, to_other):
        lines = [x for x in run.log.splitlines() if "Later page ignored" in x and article.url in x]
        assert len(lines) == 1, lines
    # The redirect off the portal is dropped before any connection, and said once.
    report = run.report()
    assert report["errors"] == {"offsite": 2}
    assert stats["fetch/offsite/other_host"] == 1
    assert stats["fetch/offsite/unmirrored"] == 1
    assert "DNS lookup" not in run.log and "dns_lookup_failed" not in run.log
    assert not any("dns_lookup_failed" in key for key in stats)
    for url in (redirected.url, UNMIRRORED):
        lines = [x for x in run.log.splitlines() if url in x and "WARNING" in x]
        assert len(lines) == 1 and lines[0].endswith(": offsite"), lines
