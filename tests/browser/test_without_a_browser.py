"""Without a Chromium the browser tests are skipped, and the run's summary says so loudly;
under CI a missing browser fails them instead of passing silently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[2]
A_BROWSER_TEST = ["tests/browser/test_content_policy.py", "-k", "another_origin"]


def run_without_a_browser(**environment: str) -> subprocess.CompletedProcess[str]:
    env = {name: value for name, value in os.environ.items() if name != "CI"}
    # Its own SQLite database: never the one this run may be using on PostgreSQL.
    env.pop("HERITAGE_TEST_DATABASE_URL", None)
    env.update(HERITAGE_CHROMIUM="/nonexistent/chromium", **environment)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *A_BROWSER_TEST],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_without_a_browser_the_browser_tests_are_skipped_and_the_summary_says_why() -> None:
    run = run_without_a_browser()

    assert run.returncode == 0, run.stdout
    assert "1 skipped" in run.stdout
    assert "BROWSER TESTS NOT RUN: no Chromium at /nonexistent/chromium" in run.stdout


def test_under_ci_a_missing_browser_fails_the_browser_tests() -> None:
    run = run_without_a_browser(CI="1")

    assert run.returncode == 1, run.stdout
    assert "the browser tests must run under CI, but no Chromium at" in run.stdout
    assert "skipped" not in run.stdout
