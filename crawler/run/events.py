"""Signals the spider sends about articles, so it never imports the state machinery.

- :data:`article_redirected` (``alias=``, ``url=``): a link led to another article.
- :data:`article_failed` (``url=``, ``reason=``): an article gave no record.

And one the state sends, so the archive never waits on the state's internals:

- :data:`state_opened` (no arguments): the state store is open and settled, before the
  first request (:func:`crawler.run.state_extension.state_store` answers from now on).
"""

article_redirected = object()
article_failed = object()
state_opened = object()
