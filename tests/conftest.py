"""Shared test configuration.

Tests marked ``pdf`` compile LaTeX.  Without pdflatex they are skipped — unless the environment
variable SYMNN_REQUIRE_TEX is set (CI sets it), in which case a missing engine is a failure, so CI
can never pass without compiling the documents.
"""

from __future__ import annotations

import os
import shutil

import pytest


def pytest_runtest_setup(item):
    if item.get_closest_marker("slow") is not None and not os.environ.get("SYMNN_SLOW"):
        pytest.skip("a slow campaign: run it with SYMNN_SLOW=1")
    if item.get_closest_marker("cjk") is not None:
        for tool in ("xelatex", "pdftotext"):
            if shutil.which(tool) is None:
                if os.environ.get("SYMNN_REQUIRE_TEX"):
                    pytest.fail(f"{tool} is not installed but SYMNN_REQUIRE_TEX is set")
                pytest.skip(f"{tool} is not installed")
    if item.get_closest_marker("pdf") is None:
        return
    if shutil.which("pdflatex") is None:
        if os.environ.get("SYMNN_REQUIRE_TEX"):
            pytest.fail("pdflatex is not installed but SYMNN_REQUIRE_TEX is set")
        pytest.skip("pdflatex is not installed")
