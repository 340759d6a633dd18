from crawler.health import (
    EXTRACTION_FAILING,
    NO_ARTICLE_LINKS,
    OK,
    OUTPUT_FAILED,
    UNREACHABLE,
    judge,
)


def stats(**values):
    base = {"downloader/response_count": 10, "discovery/article_links": 5}
    return base | {k.replace("__", "/"): v for k, v in values.items()}


def test_healthy_run_with_nothing_new_is_ok():
    assert judge(stats(), 0.5).status == OK


def test_verdicts():
    assert judge({"fetch/error/dns_lookup_failed": 3}, 0.5).status == UNREACHABLE
    assert judge(stats(discovery__article_links=0), 0.5).status == NO_ARTICLE_LINKS
    assert judge(stats(output__error=1), 0.5).status == OUTPUT_FAILED
    failing = stats(articles__downloaded=10, articles__dropped__no_text=6)
    assert judge(failing, 0.5).status == EXTRACTION_FAILING
    assert judge(failing, 0.7).status == OK


def test_small_samples_are_not_judged():
    few = stats(articles__downloaded=4, articles__dropped__empty=3)
    assert judge(few, 0.5, min_sample=5).status == OK
