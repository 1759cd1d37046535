"""Fixtures shared across test modules (the browser ones add theirs in tests/browser/conftest.py)."""

from __future__ import annotations

import pytest

from tests.clones import FirstEdition, fresh_clone, make_in


@pytest.fixture(scope="session")
def first_edition(tmp_path_factory) -> FirstEdition:
    """Edition 2026.1 published by the real `make publish` (archive included) in a clean clone, once.

    Take a copy (``first_edition.copy_to(path)``) to carry on from it; never change the clone itself.
    """
    clone = fresh_clone(tmp_path_factory.mktemp("first-edition") / "clone")
    make_in(clone, "publish", "EDITION=2026.1")
    return FirstEdition(clone)
