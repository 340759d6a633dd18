"""Under Scrapyd (``SCRAPY_PROJECT`` in the environment) a relative ``OUTPUT_DIR`` is
refused before the crawl starts; anywhere else it is the checkout's, as ever. The refusal
through a real Scrapyd is in :mod:`tests.deploy.test_scrapyd`."""

from __future__ import annotations

from scrapy.settings import Settings

from crawler.run.config import setting_problems

SCRAPYD_JOB = {"SCRAPY_PROJECT": "hu-news-crawler"}


def settings(**values: str) -> Settings:
    built = Settings()
    built.setmodule("crawler.settings", priority="project")
    built.setdict(values, priority="cmdline")
    return built


def test_a_scrapyd_job_refuses_a_relative_output_dir_in_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for relative in ("output", "data/output", "~/output"):
        [problem] = setting_problems(settings(OUTPUT_DIR=relative), SCRAPYD_JOB)
        assert problem.startswith(f"OUTPUT_DIR={relative!r} is relative"), problem
        assert str(tmp_path) in problem  # where it would have landed
        assert "setting=OUTPUT_DIR=/an/absolute/path" in problem
    # The default is relative too: a job must say where its output goes.
    assert len(setting_problems(settings(), SCRAPYD_JOB)) == 1


def test_an_absolute_output_dir_is_what_a_scrapyd_job_uses(tmp_path):
    assert setting_problems(settings(OUTPUT_DIR=str(tmp_path / "out")), SCRAPYD_JOB) == []


def test_outside_scrapyd_a_relative_output_dir_is_the_working_directory_s():
    assert setting_problems(settings(OUTPUT_DIR="output"), {}) == []
    assert setting_problems(settings(), {"HOME": "/home/crawler"}) == []
