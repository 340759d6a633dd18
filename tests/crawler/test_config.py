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
