"""Shared fixtures: the seed article built once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output directory of `geokg build data/articles` (built once for the session)."""
    from graph.pipeline import build
    from graph.settings import Settings

    out = tmp_path_factory.mktemp("seed-output")
    build([ROOT / "data" / "articles"], out, Settings(quiet=True))
    return out


@pytest.fixture(scope="session")
def seed_corpus():
    """The Corpus (documents and merged claims) of the seed article."""
    from graph.pipeline import extract_corpus
    from graph.settings import Settings

    return extract_corpus([ROOT / "data" / "articles"], Settings(quiet=True)).corpus
