"""Signals the spider sends about articles, so it never imports the state machinery.

- :data:`article_redirected` (``alias=``, ``url=``): a link led to another article.
- :data:`article_failed` (``url=``, ``reason=``): an article gave no record.
"""

article_redirected = object()
article_failed = object()
