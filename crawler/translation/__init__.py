"""Machine translation of records: chunking, provider adapters, cache and the service.

No Scrapy here: :mod:`pipelines.translate` and the ``retranslate`` command are the two
callers. Submodules are not imported eagerly, so importing :mod:`.chunking` or
:mod:`.cache` does not pull in deep-translator (only :mod:`.providers` does).
"""
