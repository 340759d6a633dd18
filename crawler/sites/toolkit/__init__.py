"""What the portal modules share, so that a portal module is its portal's facts and little
else (as Fundus's publishers share ``parser/utility.py``):

- :mod:`~crawler.sites.toolkit.portal`: :class:`Portal`, the :class:`~crawler.sites.Site`
  whose facts are data, and :class:`Layout`, one markup era of a portal;
- :mod:`~crawler.sites.toolkit.urls`: the one gate for an article URL (host, scheme, a
  real day from the portal's first), page numbers, the forward-only pager, listing links;
- :mod:`~crawler.sites.toolkit.dates`: a backfill's days, clock times of live-blog posts;
- :mod:`~crawler.sites.toolkit.body`: what is never body on any portal.

Byline names are split by :func:`crawler.text.values.split_names` (the metadata cascade
splits ``<meta name=author>`` with it too).
"""

from crawler.sites.toolkit.body import EMBEDS, NOT_BODY
from crawler.sites.toolkit.dates import (
    EARLY_POSTS,
    Clock,
    clock_times,
    days_newest_first,
    read_clock,
)
from crawler.sites.toolkit.portal import Layout, PageContext, Portal, content_key
from crawler.sites.toolkit.urls import (
    LAST_DAY,
    Dated,
    dated_article,
    day_of,
    first_links,
    forward_page,
    is_section_slug,
    query_number,
    same_origin,
)

__all__ = [
    "EARLY_POSTS",
    "EMBEDS",
    "LAST_DAY",
    "NOT_BODY",
    "Clock",
    "Dated",
    "Layout",
    "PageContext",
    "Portal",
    "clock_times",
    "content_key",
    "dated_article",
    "day_of",
    "days_newest_first",
    "first_links",
    "forward_page",
    "is_section_slug",
    "query_number",
    "read_clock",
    "same_origin",
]
