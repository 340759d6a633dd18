import subprocess
import sys

import pytest

from crawler.run import runlock


def test_second_holder_is_refused_and_other_dirs_are_free(tmp_path):
    fd = runlock.acquire(tmp_path / "a")
    try:
        other = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from crawler.run import runlock; runlock.acquire(sys.argv[1])",
                str(tmp_path / "a"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert other.returncode != 0 and "AlreadyRunning" in other.stderr
        free = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from crawler.run import runlock; runlock.acquire(sys.argv[1])",
                str(tmp_path / "b"),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert free.returncode == 0, free.stderr
    finally:
        import os

        os.close(fd)


def test_lock_released_when_holder_dies(tmp_path):
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, os; from crawler.run import runlock;"
            " runlock.acquire(sys.argv[1]); os._exit(0)",
            str(tmp_path),
        ],
        check=True,
    )
    fd = runlock.acquire(tmp_path)
    assert fd >= 0


def test_unwritable_dir_raises_oserror(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OSError):
        runlock.acquire(blocker / "out")


def test_a_deleted_lock_file_still_refuses_a_second_holder(tmp_path):
    import os

    fd = runlock.acquire(tmp_path)
    try:
        (tmp_path / runlock.LOCK_FILE).unlink()
        other = subprocess.run(
            [
                sys.executable,
                "-c",
                "import sys; from crawler.run import runlock; runlock.acquire(sys.argv[1])",
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        assert other.returncode != 0 and "AlreadyRunning" in other.stderr
        assert "its .lock file was deleted" in other.stderr
    finally:
        os.close(fd)
