"""Generator tests: the `slow` marker (a test that takes seconds, deselect with -m "not slow")."""


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes seconds (1 MB articles); deselect with -m 'not slow'")
