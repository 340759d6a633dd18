"""A local stand-in for index.hu, for end-to-end crawler tests and benchmarks.

- :mod:`tests.standin.pages`: index.hu-shaped HTML/RSS rendered from dataclasses.
- :mod:`tests.standin.site`: :class:`~tests.standin.site.StandinSite` (routes, listings,
  expected records), :func:`~tests.standin.site.default_site`,
  :func:`~tests.standin.site.generate_articles`.
- :mod:`tests.standin.server`: :class:`~tests.standin.server.StandinServer` on 127.0.0.1.

``default_site()`` is the Külföld section in May 2024 (Budapest time, +02:00):

- 8 one-page articles, one by two authors; a two-page article (page 2 at ``…/slug/2/``);
  a two-page live blog (``?p=1``), three posts a page, one post repeated in the
  "current-post" box on every page;
- an article reached only through a 301 from another URL (``REDIRECT_FROM``), one that
  answers 503 once and then 200, an English-language article listed in the feed only;
- traps that give no record: a robots.txt-disallowed article, a 404 link, a PDF under an
  article URL, an empty 200 page, an HTML page cut mid-paragraph (no ``</html>``);
- messy links on ``/kulfold/``: ``http://``, ``//index.hu/``, ``www.``, relative,
  ``?utm_…``, ``#fragment``, duplicates, a live-blog post permalink, a page-2 link,
  ``/belfold/…``, ``telex.hu``, ``mailto:`` and ``javascript:``; the feed at
  ``/kulfold/rss/`` with ``utm`` links and ``<guid>``s;
- ``/kulfold/YYYY/MM/DD/`` day pages and ``/24ora/?tol=…&ig=…&rovat=…&p=N`` archive pages
  generated from the site's articles (60 a page, an empty page past the end).
"""
