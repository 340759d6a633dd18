"""What is never body on any portal, whatever its markup: embeds of other sites (their
fallback text is the other site's post, not the article), image boxes and captions,
forms and navigation. Each portal adds its own classes (``NOT_BODY | NotBody(...)``).
"""

from __future__ import annotations

from crawler.text.bodytext import NotBody

# Third-party embeds: a tweet's or a post's text shown in a box, not the article's.
EMBEDS = NotBody(
    tags=frozenset({"iframe"}),
    classes=frozenset(
        {
            "twitter-tweet",
            "twitter-video",
            "instagram-media",
            "tiktok-embed",
            "fb-post",
            "fb-video",
            "embedly-card",
        }
    ),
)
# Images with their captions and credits, forms, pagers and menus. Not telex's: its
# editor (CKEditor 5, ``figure.media`` around ``oembed``) wraps tables in a ``figure`` too.
NOT_BODY = EMBEDS | NotBody(tags=frozenset({"figure", "figcaption", "form", "nav"}))
