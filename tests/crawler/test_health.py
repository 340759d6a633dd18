from crawler.run.health import (
    COMPONENT_FAILED,
    CUT_SHORT,
    EXTRACTION_FAILING,
    NO_ARTICLE_LINKS,
    OK,
    OUTPUT_FAILED,
    STATE_FAILED,
    UNREACHABLE,
    judge,
    summary,
)


def stats(**values):
    base = {
        "downloader/response_count": 10,
        "listings/fetched": 2,
        "discovery/article_links": 5,
        "finish_reason": "finished",
    }
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


def test_a_site_answering_only_errors_is_unreachable_not_a_layout_change():
    answered = {
        "downloader/response_count": 9,
        "fetch/error/http_500": 3,
        "finish_reason": "finished",
    }
    verdict = judge(answered, 0.5)
    assert verdict.status == UNREACHABLE and "http_500=3" in verdict.problem


def test_articles_that_cannot_be_fetched_make_the_site_unreachable():
    refused = stats(articles__fetch_failed__http_429=6, articles__downloaded=1)
    verdict = judge(refused, 0.5)
    assert verdict.status == UNREACHABLE
    assert verdict.problem == "6 of 7 articles could not be fetched (http_429=6)"
    gone = stats(articles__fetch_failed__http_404=5)
    assert judge(gone, 0.5).status == UNREACHABLE
    assert judge(refused, 0.5, max_fetch_failure_ratio=0.9).status == OK


def test_remembered_failures_count_while_they_last():
    # Run 2 after a redesign: every article is a remembered extraction failure.
    verdict = judge(stats(state__skipped_failed__no_text=8), 0.5)
    assert verdict.status == EXTRACTION_FAILING
    assert verdict.problem == "extraction failed for 8 of 8 articles (no_text=8)"
    # Remembered 404s are fetch failures.
    assert judge(stats(state__skipped_failed__http_404=8), 0.5).status == UNREACHABLE
    # Pages that turned out to be another section's are no failure, remembered or not.
    elsewhere = stats(articles__downloaded=1, state__skipped_failed__other_section=8)
    assert judge(elsewhere, 0.5).status == OK
    # Among many fresh successes, a few remembered failures are just that.
    mixed = stats(articles__downloaded=40, state__skipped_failed__no_text=3)
    assert judge(mixed, 0.5).status == OK


def test_state_and_cut_short_come_before_the_site():
    assert judge(stats(state__error__locked=1), 0.5).status == STATE_FAILED
    # Refused before any request: no response at all, yet the state is the problem.
    assert judge({"state/error/corrupt": 1, "finish_reason": "state_failed"}, 0.5).status == (
        STATE_FAILED
    )
    early = judge({"finish_reason": "shutdown"}, 0.5)
    assert early.status == CUT_SHORT and early.problem == "the run was cut short (shutdown)"
    assert judge(stats(finish_reason="closespider_timeout"), 0.5).status == CUT_SHORT


def test_small_samples_are_not_judged():
    few = stats(articles__downloaded=4, articles__dropped__empty=3)
    assert judge(few, 0.5, min_sample=5).status == OK


def test_summary_counts_remembered_failures_and_deferred_articles():
    numbers = summary(
        stats(
            state__skipped_failed=3,
            state__skipped_failed__no_title=3,
            articles__deferred=7,
            articles__replacement_chars=1,
            decode__charset_corrected=2,
        ),
        1.0,
    )
    assert numbers["skipped_failed"] == 3 and numbers["remembered_failures"] == {"no_title": 3}
    assert numbers["deferred"] == 7 and numbers["replacement_chars"] == 1
    assert numbers["decoding"] == {"charset_corrected": 2}


def test_every_exit_status_has_its_meaning():
    from crawler.run import health

    constants = {
        value for name, value in vars(health).items() if name.isupper() and isinstance(value, int)
    }
    assert set(health.EXIT_STATUSES) == constants == {0, 1, 2, 3, 4, 5, 6, 7, 8, 75}


def test_published_articles_the_listings_still_link_are_part_of_the_sample():
    # Run 2 of a section of 10 good articles and 5 broken links: the broken ones are
    # remembered, the good ones were published by run 1.
    later = stats(
        state__skipped_seen=10,
        state__skipped_failed__empty=1,
        state__skipped_failed__truncated=1,
        state__skipped_failed__not_html=1,
        state__skipped_failed__http_404=2,
    )
    assert judge(later, 0.5) == judge(later, 0.5) and judge(later, 0.5).status == OK
    assert summary(later, 1.0)["judged"] == {
        "articles": 15,
        "failed_fetch": 2,
        "failed_extraction": 3,
        "not_ours": 0,
    }
    # Past the failure memory they are asked again and fail again: the same verdict.
    retried = stats(
        state__skipped_seen=10,
        articles__downloaded=3,
        articles__dropped__empty=1,
        articles__dropped__truncated=1,
        articles__dropped__not_html=1,
        articles__fetch_failed__http_404=2,
    )
    assert judge(retried, 0.5).status == OK
    # Deferred articles are not judged: nothing is known of them yet.
    assert summary(stats(articles__deferred=50), 1.0)["judged"]["articles"] == 0


def test_records_that_were_written_but_not_published_are_never_healthy():
    lost = stats(articles__extracted=5, item_scraped_count=5, output__records=0)
    verdict = judge(lost, 0.5)
    assert verdict.status == OUTPUT_FAILED
    assert verdict.problem == "only 0 of 5 records were published"
    published = stats(articles__extracted=5, item_scraped_count=5, output__records=5)
    assert judge(published, 0.5).status == OK
    # Dropped with a reason (unchanged, invalid) is not lost.
    dropped = stats(articles__extracted=5, item_dropped_count=2, item_scraped_count=3)
    assert judge(dropped | {"output/records": 3}, 0.5).status == OK
    # Extracted, never written, never dropped: a pipeline lost them.
    vanished = stats(articles__extracted=5, item_scraped_count=0)
    assert judge(vanished, 0.5).problem == "only 0 of 5 records were published"
    archive = judge(stats(archive__error=1), 0.5)
    assert archive.status == OUTPUT_FAILED and "archive" in archive.problem
    assert judge(stats(report__error=1), 0.5).status == OUTPUT_FAILED


def test_an_exception_in_a_component_is_never_healthy():
    faulty = stats(
        component__error=5,
        component__error__item_pipeline=5,
        item_scraped_count=0,
        articles__extracted=5,
    )
    verdict = judge(faulty, 0.5)
    assert verdict.status == COMPONENT_FAILED
    assert verdict.problem == (
        "5 unexpected errors in the crawler's components (item_pipeline=5);"
        " only 0 of 5 records were published; see the log"
    )
    closing = judge(stats(component__error=1, component__error__pipeline_close=1), 0.5)
    assert closing.status == COMPONENT_FAILED and "pipeline_close=1" in closing.problem


def test_translation_failures_show_in_the_summary_only_when_translating():
    assert "translation_failed" not in summary(stats(), 1.0)
    numbers = summary(stats(translate__translated=3, translate__failed=12), 1.0)
    assert numbers["translated"] == 3 and numbers["translation_failed"] == 12
