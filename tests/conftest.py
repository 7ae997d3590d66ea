"""Shared test fixtures."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip when the evaluation material is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared evaluation material sits beside the repository only in CI")
    return path


@pytest.fixture(scope="session")
def small_gazetteer():
    """A handful of entries written for the tests, independent of data/ growth."""
    from graph_builder.gazetteer import load_gazetteer

    return load_gazetteer(FIXTURES / "gazetteer")


@pytest.fixture(scope="session")
def extractor(small_gazetteer):
    from graph_builder.extract import Extractor

    return Extractor(small_gazetteer)
