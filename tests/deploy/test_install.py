"""``pip install .`` (not editable) gives a working installation, away from the checkout.

The wheel is built from a copy of the checkout with this venv's setuptools (no build
isolation, no index: nothing is downloaded) and installed into a fresh virtualenv whose
dependencies are this venv's (a ``.pth`` line naming its site-packages, added after the
install so pip sees an empty environment). Everything then runs from a directory outside
the checkout with no ``PYTHONPATH``: the installed package is the only ``crawler`` there is.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from crawler.record.item import RECORD_FIELDS
from crawler.record.validity import record_problem
from tests.deploy.outside import REPO, copy_checkout, outside_env
from tests.e2e.runner import FAST, read_records
from tests.standin.server import StandinServer
from tests.standin.site import default_site

FIXTURES = REPO / "tests" / "fixtures" / "sites"


def run(command: list[str], *, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, timeout=110, check=False
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(the fresh venv's python, a directory outside the checkout, its environment)."""
    root = tmp_path_factory.mktemp("install")
    env = outside_env(root / "home")
    source = copy_checkout(root / "source")
    wheels = root / "wheels"
    pip_wheel = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    built = run(
        [*pip_wheel, "--no-index", "--wheel-dir", str(wheels), str(source)], cwd=root, env=env
    )
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = wheels.glob("hu_news_crawler-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert {name.split("/")[0] for name in names} == {
        "crawler",
        "pipelines",
        "hu_news_crawler-0.1.0.dist-info",
    }
    assert "crawler/record/schema/record.schema.json" in names
    assert "crawler/sites/toolkit/portal.py" in names  # subpackages too

    venv = root / "venv"
    made = run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=root, env=env)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--python", str(python)]
    install = run([*pip, "install", "--no-deps", "--no-index", str(wheel)], cwd=root, env=env)
    assert install.returncode == 0, install.stdout + install.stderr
    site_packages = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        cwd=root,
        env=env,
    ).stdout.strip()
    # The dependencies: this venv's site-packages, after the fresh one's own.
    (Path(site_packages) / "shared-dependencies.pth").write_text(
        sysconfig.get_path("purelib") + "\n", encoding="utf-8"
    )
    elsewhere = root / "elsewhere"
    elsewhere.mkdir()
    return python, elsewhere, env


def test_the_installed_packages_are_the_ones_imported(installed):
    python, elsewhere, env = installed
    where = run(
        [
            str(python),
            "-c",
            "import crawler, pipelines; print(crawler.__file__, pipelines.__file__)",
        ],
        cwd=elsewhere,
        env=env,
    )
    assert where.returncode == 0, where.stderr
    venv = python.parent.parent
    for module_file in where.stdout.split():
        assert Path(module_file).is_relative_to(venv), where.stdout
        assert not Path(module_file).is_relative_to(REPO), where.stdout


def test_python_m_crawler_extract_reads_a_fixture_from_anywhere(installed):
    python, elsewhere, env = installed
    fixture = json.loads((FIXTURES / "index_hu.json").read_text(encoding="utf-8"))["article_2024"]
    page = FIXTURES / "index_hu" / "article_2024.html"
    extracted = run(
        [str(python), "-m", "crawler.extract", str(page), "--url", fixture["url"]],
        cwd=elsewhere,
        env=env,
    )
    assert extracted.returncode == 0, extracted.stderr
    [line] = extracted.stdout.splitlines()
    record = json.loads(line)
    assert list(record) == list(RECORD_FIELDS)
    assert record_problem(record) is None  # the schema the installed package loaded agrees
    expected = fixture["expected"]
    assert record["url"] == fixture["url"]
    for name in ("title", "lead", "authors", "published", "text"):
        assert record[name] == expected[name], name


def test_scrapy_crawl_runs_with_the_settings_module_alone(installed, tmp_path):
    python, elsewhere, env = installed
    output = tmp_path / "output"
    settings = {**FAST, "OUTPUT_DIR": str(output)}
    with StandinServer(default_site()) as server:
        settings["INDEX_BASE_URL"] = server.base_url
        command = [str(python), "-m", "scrapy", "crawl", "index_abroad"]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        crawled = run(
            command, cwd=elsewhere, env={**env, "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
        )
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    assert "Run summary: spider=index_abroad" in crawled.stderr
    records = read_records(output)
    assert len(records) >= 10
    assert json.loads((output / "index_abroad" / "last_run.json").read_text())["status"] == 0
    assert not (elsewhere / "output").exists()
