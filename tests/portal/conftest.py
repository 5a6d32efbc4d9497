from tests.search.conftest import column_of, fast_password_hashing, publish  # noqa: F401 - shared fixtures
