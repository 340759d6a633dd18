"""Scrapy settings: every knob of the project, with its default.

Anything here can be changed per run with ``scrapy crawl index_abroad -s NAME=VALUE``.
The README's settings table lists them all.
"""

BOT_NAME = "hu-news-crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

# --- Where each portal is fetched from; records keep the canonical URLs.
# Portal host -> origin, e.g. {"telex.hu": "http://127.0.0.1:8001"} (JSON with -s).
BASE_URLS: dict[str, str] = {}
# Shorthand for BASE_URLS["index.hu"].
INDEX_BASE_URL = "https://index.hu"

# --- Output
OUTPUT_DIR = "output"

# --- Politeness
# The project's address in the User-Agent: -s USER_AGENT="… (+your contact)" to change it.
USER_AGENT = "hu-news-crawler/0.1 (+https://github.com/hu-news-crawler/hu-news-crawler)"
ROBOTSTXT_OBEY = True
DOWNLOAD_DELAY = 1.0
DOWNLOAD_DELAY_JITTER = 0.5  # ±50 %, so requests don't tick like a metronome
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 20
# A news page is ~100 KB; 5 MB is generous and keeps a hostile page from costing more.
# DOWNLOAD_MAXSIZE also bounds the body after decompression (HttpCompressionMiddleware).
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# A cron job needs no listening control port.
REMOTE_CONTROL_ENABLED = False
DNS_TIMEOUT = 10

# --- Extraction bounds (untrusted pages)
# Pages longer than this (characters after decoding) are refused before parsing.
EXTRACT_MAX_CHARS = 3_000_000
# Bounds on what a page produces: a record whose text (a live blog's: its opening text and
# every post), posts or one post would be larger is dropped as too_large, counted while the
# page is read. A long article is ~60,000 characters; 20 pages of a busy live blog (30
# posts a page) under a million. One telex page whose 500 posts share one string in its
# state made a 1 GB record before these bounds.
EXTRACT_MAX_TEXT_CHARS = 2_000_000
EXTRACT_MAX_POSTS = 2_000
EXTRACT_MAX_POST_CHARS = 100_000
# Follow at most this many extra pages of a multi-page article or live blog.
ARTICLE_MAX_PAGES = 20

# --- Language detection
# 500 characters give the same answers as whole bodies on every stand-in and captured
# page (benchmarks/speed.py), at a quarter of the cost of 2000.
LANGUAGE_SAMPLE_CHARS = 500

# --- Translation (off unless TRANSLATE_TO is set, e.g. -s TRANSLATE_TO=en)
TRANSLATE_TO = ""
TRANSLATOR = "google"
TRANSLATOR_URL = ""
TRANSLATOR_FALLBACK = ""
TRANSLATOR_FALLBACK_URL = ""
TRANSLATOR_THREADS = 2
TRANSLATOR_TIMEOUT = 15.0
TRANSLATOR_RETRIES = 3
TRANSLATOR_BACKOFF = 1.0
TRANSLATOR_MAX_FAILURES = 5
TRANSLATOR_CHUNK_CHARS = 4500

# --- Scheduled runs (state, updates, health)
STATE_UPDATE_WINDOW_HOURS = 48
STATE_RETENTION_DAYS = 400
# A run whose clock is behind the newest run the state recorded, or more than this ahead
# of it, prunes nothing (state rows, archives): a wrong clock never ages what the store
# holds. Runs come every 20 minutes; a day covers a stopped host being started again
# (each later run moves the store's time on by at most this much).
STATE_CLOCK_MAX_AHEAD_HOURS = 24.0
# A page that gave no record for a lasting reason (not HTML, empty, 404) is asked again
# only after this long.
STATE_RETRY_FAILED_HOURS = 24
HEALTH_MAX_EXTRACT_FAILURE_RATIO = 0.5
# ...judged only when the run counted at least this many articles: downloaded, failed to
# download, or skipped as a remembered failure (which counts as failing again).
HEALTH_MIN_DOWNLOADED = 5
BACKFILL_MAX_PAGES = 200
# Per-run JSON reports under OUTPUT_DIR/<spider>/reports/ are kept this long.
REPORT_RETENTION_DAYS = 30

# --- Reliability: locks, budgets and verdicts of a scheduled run
# How long a run waits for another process to release the state's write lock (when it
# opens, and when it publishes); the crawl goes on meanwhile. Past it the run is
# unhealthy (exit status 6) and publishes nothing: the next run emits those articles.
STATE_BUSY_TIMEOUT = 30.0
# New articles one run fetches at most; the rest are left for the next run (0: no cap).
# 1000 at DOWNLOAD_DELAY 1 s is about 17 minutes: inside a 20-minute cron period.
RUN_MAX_NEW_ARTICLES = 1000
# A server's Retry-After pauses its host for at most this long (seconds).
RETRY_AFTER_MAX_SECONDS = 60.0
# Share of a run's articles that may fail to download (errors, 404, 429, timeouts)
# before the site counts as unreachable; judged from HEALTH_MIN_DOWNLOADED articles.
HEALTH_MAX_FETCH_FAILURE_RATIO = 0.5

# --- Archive: every response of a run in OUTPUT_DIR/<spider>/warc/<run>.warc.gz
# (crawler/archive/), read back by `scrapy reextract`.
ARCHIVE_ENABLED = True
# Archives the state recorded more than this long ago are deleted when a run starts (by
# the state's time, never a file name's; not by a run whose clock disagrees with the
# state: STATE_CLOCK_MAX_AHEAD_HOURS); 0 keeps them forever.
# ~1.5 GB a year for index.hu Külföld run every 15 minutes (README, "Archive").
ARCHIVE_RETENTION_DAYS = 0
# Keep the archive of a run that fetched no article page (a cron run that found nothing
# new: robots.txt, feed and section page, ~32 KB). False saves most of a year's archive
# when runs are frequent (README, "Archive").
ARCHIVE_LISTING_ONLY_RUNS = True
# zlib level of each record's gzip member. On captured index.hu pages 6 is 15-20 % smaller
# than 1 for ~2x its CPU; warcio's own 9 costs ~2.7x more than 6 for no gain. The CPU is
# spent on the archive's writer thread, not the reactor's.
ARCHIVE_GZIP_LEVEL = 6
# Responses waiting for the writer thread; the crawl waits when it is full (bounds memory:
# at most this many DOWNLOAD_MAXSIZE bodies).
ARCHIVE_QUEUE_SIZE = 16
# Settings that shape what a crawl fetches, recorded in each archive's warcinfo record.
ARCHIVE_WARCINFO_SETTINGS = [
    "USER_AGENT",
    "ROBOTSTXT_OBEY",
    "BASE_URLS",
    "INDEX_BASE_URL",
    "DOWNLOAD_DELAY",
    "CONCURRENT_REQUESTS",
    "CONCURRENT_REQUESTS_PER_DOMAIN",
    "AUTOTHROTTLE_ENABLED",
    "DOWNLOAD_MAXSIZE",
    "REDIRECT_MAX_TIMES",
    "ARTICLE_MAX_PAGES",
    "EXTRACT_MAX_CHARS",
    "EXTRACT_MAX_TEXT_CHARS",
    "EXTRACT_MAX_POSTS",
    "EXTRACT_MAX_POST_CHARS",
    "BACKFILL_MAX_PAGES",
    "STATE_UPDATE_WINDOW_HOURS",
    "STATE_RETRY_FAILED_HOURS",
]
# `scrapy reextract`: worker processes (0: one per core).
REEXTRACT_PROCESSES = 0

ITEM_PIPELINES = {
    "pipelines.language.LanguagePipeline": 200,
    "pipelines.revision.RevisionPipeline": 250,
    "pipelines.translate.TranslatePipeline": 300,
    # Last check of the complete record, right before it is written.
    "pipelines.validate.ValidatePipeline": 700,
    "pipelines.jsonl.JsonlPipeline": 800,
    # After the JSONL: sees written records, and publishes the archive first (closed in
    # reverse order).
    "pipelines.archive.ArchivePipeline": 900,
}

# A response yields at most one item: Scrapy's default of 100 concurrent item tasks per
# response costs ~5 % of the crawl's CPU for nothing (profile in benchmarks/README.md).
CONCURRENT_ITEMS = 8
# Re-parses each callback's source on every response to warn about `return` in generators.
WARN_ON_GENERATOR_RETURN_VALUE = False

# --- Log: what an operator reads (README, "The log"). At INFO a healthy run logs a few
# lines and its summary; Scrapy's component lists, overridden settings and stats dump are
# lowered to DEBUG (crawler/run/quietlog.py) and the stats go to the run's report.
LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.run.logformat.QuietDropFormatter"
# A run longer than PROGRESS_AFTER seconds (a backfill, a big reextract) logs a progress
# line every PROGRESS_INTERVAL seconds (0: never); with PROGRESS_BAR, on a terminal (stderr
# a TTY, never cron's log) a bar instead of the lines (crawler/run/progress.py).
PROGRESS_INTERVAL = 30.0
PROGRESS_AFTER = 60.0
PROGRESS_BAR = True

SPIDER_MIDDLEWARES = {
    "crawler.run.incremental.DeltaMiddleware": 950,
}

EXTENSIONS = {
    "crawler.run.state_extension.StateExtension": 0,
    "crawler.run.health.HealthExtension": 0,
    # After the state store (its spider_opened runs first).
    "crawler.archive.extension.ArchiveExtension": 10,
    "crawler.run.progress.ProgressExtension": 20,
}

DOWNLOADER_MIDDLEWARES = {
    # First: a request off the portal's hosts goes nowhere, not even to robots.txt.
    "crawler.run.downloads.PortalHostsMiddleware": 40,
    # Before robots.txt (100): robots.txt must come from the origin the pages come from.
    "crawler.run.downloads.MirrorMiddleware": 50,
    # Scrapy's retries plus Retry-After, in their place.
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.run.retry_after.RetryAfterMiddleware": 550,
    # Around RedirectMiddleware (600) and HttpCompressionMiddleware (590): see
    # crawler/archive/capture.py for why these two places.
    "crawler.archive.capture.WireMiddleware": 605,
    # Between the archive (605) and RedirectMiddleware (600): a redirect to an article
    # another request of the run fetches is archived, then not followed.
    "crawler.run.downloads.ArticleRedirectMiddleware": 602,
    "crawler.archive.capture.ArchiveMiddleware": 585,
}
