"""Test-wide set-up: make the collection importable under its FQCN.

The repository root is the collection root.  Python (and Ansible) find it as
``ansible_collections.metalfleet.datacenter`` through a symlink that lives in
``.build/collections`` (created here when missing, also by ``make``).
"""
import os
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COLLECTIONS_ROOT = os.path.join(REPO_ROOT, ".build", "collections")


def _ensure_collection_link():
    namespace_dir = os.path.join(COLLECTIONS_ROOT, "ansible_collections", "metalfleet")
    link = os.path.join(namespace_dir, "datacenter")
    os.makedirs(namespace_dir, exist_ok=True)
    if not os.path.lexists(link):
        try:
            os.symlink(REPO_ROOT, link)
        except FileExistsError:  # another test process created it first
            pass
    for path in (COLLECTIONS_ROOT, REPO_ROOT):
        if path not in sys.path:
            sys.path.insert(0, path)


_ensure_collection_link()


# -- scheduling ----------------------------------------------------------------------------------------------------
#: tests that assert time bounds derived from BMC timeouts, or that start many processes themselves; they run
#: alone (``-m serial``) after the rest ran on two workers (``-n 2 -m "not serial"``), see the Makefile.
SERIAL_PATHS = ("module_utils/bmc/", "integration/test_bmc_", "integration/test_concurrency", "integration/test_allocation_concurrency",
                "integration/test_lab_")


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = str(item.path).replace(os.sep, "/")
        if any(part in path for part in SERIAL_PATHS):
            item.add_marker("serial")


# -- fleet store fixtures -----------------------------------------------------------------------------------------
import pytest  # noqa: E402  (after the path set-up above)

from tests.support.postgres import PostgresServer  # noqa: E402

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def postgres_server():
    """One real PostgreSQL server for the whole test session (127.0.0.1, free port)."""
    server = PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture(params=BACKENDS)
def store_dsn(request, tmp_path):
    """A DSN of a fresh, empty store on each backend."""
    if request.param == "sqlite":
        return "sqlite://" + str(tmp_path / "fleet.db")
    return request.getfixturevalue("postgres_server").create_database()


@pytest.fixture
def store(store_dsn):
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.location import parse_location
    from ansible_collections.metalfleet.datacenter.plugins.module_utils.store.session import open_store

    opened = open_store(parse_location(store_dsn))
    yield opened
    opened.close()
