"""End-to-end layer: the real entry points on a real X server (Xvfb), driven as a user drives them.

Needs Xvfb, openbox and xdotool (`.ci/run` installs them). Without them these tests are skipped
on a developer's machine and fail in CI, where they must run.
"""
import os
import shutil

import pytest

from tests.e2e.xserver import XServer

NEEDED = ("Xvfb", "xdotool")


@pytest.fixture(scope="session")
def xserver():
    missing = [tool for tool in NEEDED if shutil.which(tool) is None]
    if missing:
        message = f"the end-to-end tests need {', '.join(missing)} (apt-get install xvfb xdotool openbox)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    server = XServer()
    yield server
    server.close()


def pytest_collection_modifyitems(items):
    """Every end-to-end test starts an X server and the real program: slow by nature."""
    here = os.path.dirname(__file__)
    for item in items:
        if str(item.fspath).startswith(here):
            item.add_marker(pytest.mark.slow)
