"""pytest plugin of symnn (registered through the ``pytest11`` entry point).

It makes a failed :func:`symnn.testing.assert_gradient` or
:func:`symnn.testing.assert_closed_form` show its counterexample without pytest's assertion
rewriting getting in the way, and registers the ``symnn`` marker.
"""

from __future__ import annotations


def pytest_configure(config):
    config.addinivalue_line("markers", "symnn: a test that checks mathematics with symnn")
