from scrapy.settings import Settings

from crawler.run.config import setting_problems


def settings(**values):
    built = Settings()
    built.setmodule("crawler.settings", priority="project")
    built.setdict(values, priority="cmdline")
    return built


def test_the_project_defaults_are_sound():
    assert setting_problems(settings()) == []


def test_each_bad_value_is_named():
    problems = setting_problems(
        settings(
            DOWNLOAD_DELAY="abc",
            CONCURRENT_REQUESTS="2.5",
            AUTOTHROTTLE_ENABLED="sometimes",
            STATE_RETENTION_DAYS="-1",
            BASE_URLS="{oops",
        )
    )
    assert sorted(problems) == [
        "AUTOTHROTTLE_ENABLED='sometimes' is not true or false",
        "BASE_URLS='{oops' is not a JSON object",
        "CONCURRENT_REQUESTS='2.5' is not a whole number",
        "DOWNLOAD_DELAY='abc' is not a number",
        "STATE_RETENTION_DAYS='-1' is negative",
    ]


def test_an_origin_that_is_not_http_is_named():
    assert setting_problems(settings(INDEX_BASE_URL="ftp://mirror")) == [
        "BASE_URLS['index.hu'] is not an http(s) origin: 'ftp://mirror'"
    ]


def test_numbers_out_of_their_range_are_named():
    problems = setting_problems(
        settings(
            HEALTH_MAX_EXTRACT_FAILURE_RATIO="2",
            HEALTH_MAX_FETCH_FAILURE_RATIO="1.5",
            ARCHIVE_GZIP_LEVEL="10",
            CONCURRENT_REQUESTS="0",
            DOWNLOAD_TIMEOUT="0",
        )
    )
    assert sorted(problems) == [
        "ARCHIVE_GZIP_LEVEL='10' is not a zlib level from 0 to 9",
        "CONCURRENT_REQUESTS='0' is not at least 1",
        "DOWNLOAD_TIMEOUT='0' is not above 0",
        "HEALTH_MAX_EXTRACT_FAILURE_RATIO='2' is not a share from 0 to 1",
        "HEALTH_MAX_FETCH_FAILURE_RATIO='1.5' is not a share from 0 to 1",
    ]


def test_the_ends_of_a_range_are_in_it():
    assert (
        setting_problems(
            settings(
                HEALTH_MAX_EXTRACT_FAILURE_RATIO="0",
                HEALTH_MAX_FETCH_FAILURE_RATIO="1",
                ARCHIVE_GZIP_LEVEL="9",
                RUN_MAX_NEW_ARTICLES="0",  # 0 means something here: no cap
            )
        )
        == []
    )


def test_log_level_must_name_a_level():
    assert setting_problems(settings(LOG_LEVEL="info")) == [
        "LOG_LEVEL='info' is not one of DEBUG, INFO, WARNING, ERROR"
    ]
    assert setting_problems(settings(LOG_LEVEL="WARNING")) == []


def test_translation_settings_are_checked_only_when_translating():
    assert setting_problems(settings(TRANSLATOR="babelfish")) == []
    assert setting_problems(settings(TRANSLATE_TO="en", TRANSLATOR="babelfish")) == [
        "unknown translator 'babelfish'; known: google, mymemory, deepl"
    ]
    assert setting_problems(settings(TRANSLATE_TO="xyz")) == [
        "TRANSLATE_TO must be a two-letter language code, not 'xyz'"
    ]


def test_translation_needs_no_cache_to_be_checked(tmp_path):
    assert setting_problems(settings(TRANSLATE_TO="en", OUTPUT_DIR=str(tmp_path / "o"))) == []
    assert not (tmp_path / "o").exists()
