"""A whole build: inputs → documents → claims → corpus → output files.

``extract_corpus`` runs ingest, NLP, resolution and extraction; ``build`` adds the exports.
Each document is a pure function of its text and metadata, the model, the gazetteer and the
lexicon, so its claims are cached under a hash of all five (``Settings.cache_dir``).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .errors import GeoKGError, InputError
from .records import Claim, Corpus, Document, merge_claims
from .settings import Settings

CACHE_FORMAT = "1"
#: the modules whose code decides what a document yields: a change to any of them empties the cache
EXTRACTION_MODULES = (
    "agents.py",
    "clauses.py",
    "extract.py",
    "lexicon.py",
    "mentions.py",
    "nlp.py",
    "nominals.py",
    "phrases.py",
    "records.py",
    "resolve.py",
    "semantics.py",
)


@dataclass(frozen=True, slots=True)
class ExtractResult:
    """The corpus of a batch, and the inputs that were skipped (each with its reason)."""

    corpus: Corpus
    skipped: tuple[InputError, ...] = ()
    parsed: int = 0  # documents parsed (not taken from the cache)


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What ``build`` wrote."""

    corpus: Corpus
    skipped: tuple[InputError, ...]
    written: tuple[Path, ...] = field(default=())
    parsed: int = 0


def extract_texts(documents: Sequence[Document], settings: Settings) -> list[list[Claim]]:
    """Claims of each document, in order (parsed in this process; no cache)."""
    from .extract import extract_document
    from .gazetteer import load_gazetteer
    from .lexicon import load_lexicon
    from .nlp import load_pipeline

    nlp = load_pipeline()
    gazetteer = load_gazetteer(settings.data_dir / "gazetteer")
    lexicon = load_lexicon(settings.data_dir)
    texts = (document.text for document in documents)
    results = []
    limit = settings.max_sentence_chars
    for document, doc in zip(
        documents, nlp.pipe(texts, batch_size=settings.batch_size), strict=True
    ):
        results.append(
            extract_document(document, doc, gazetteer, lexicon, max_sentence_chars=limit)
        )
        long = sum(1 for sentence in doc.sents if len(sentence.text) > limit)
        if long and not settings.quiet:
            print(
                f"warning: {document.source or document.id}: {long} sentence(s) longer than "
                f"{limit:,} characters not read for claims (raise --max-sentence-chars)",
                file=sys.stderr,
            )
    return results


def _worker(payload: tuple[list[Document], Settings]) -> list[list[Claim]]:
    documents, settings = payload
    return extract_texts(documents, settings)


def _cache_key(document: Document, versions: str) -> str:
    fields = (
        document.id,
        document.text,
        document.title or "",
        document.date or "",
        document.author or "",
        document.url or "",
        document.publisher or "",
    )
    digest = hashlib.sha256("\x1f".join((CACHE_FORMAT, versions, *fields)).encode("utf-8"))
    return digest.hexdigest()


def _versions(settings: Settings) -> str:
    from importlib.metadata import version as package_version

    from .gazetteer import load_gazetteer
    from .lexicon import load_lexicon
    from .nlp import model_name

    code = hashlib.sha256()
    for name in EXTRACTION_MODULES:
        code.update((Path(__file__).parent / name).read_bytes())
    return "|".join(
        (
            model_name(),
            package_version(model_name().replace("_", "-")) if model_name() else "",
            load_gazetteer(settings.data_dir / "gazetteer").version,
            load_lexicon(settings.data_dir).version,
            code.hexdigest()[:16],
        )
    )


def _read_cache(path: Path) -> list[Claim] | None:
    try:
        with path.open("rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    return value if isinstance(value, list) else None


def _write_cache(path: Path, claims: list[Claim]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        with tmp.open("wb") as handle:
            pickle.dump(claims, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a cache that cannot be written only costs time


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def extract_corpus(
    inputs: Iterable[str | Path], settings: Settings | None = None, *, rebuild: bool = False
) -> ExtractResult:
    """Read, parse and extract every input into one corpus of merged claims.

    Inputs that cannot be read are skipped and returned in ``skipped``; a missing path raises.

    Raises:
        UsageError: an input path does not exist.
    """
    from .ingest import iter_documents

    settings = settings or Settings()
    documents: list[Document] = []
    skipped: list[InputError] = []
    for item in iter_documents(inputs, settings):  # ingest reports duplicate ids too
        if isinstance(item, InputError):
            skipped.append(item)
            _report(item, settings)
        else:
            documents.append(item)

    per_document: dict[int, list[Claim]] = {}
    todo: list[int] = list(range(len(documents)))
    cache_dir = settings.cache_dir
    keys: dict[int, Path] = {}
    if cache_dir is not None and documents:
        versions = _versions(settings)
        for index, document in enumerate(documents):
            key = _cache_key(document, versions)
            keys[index] = cache_dir / key[:2] / f"{key}.pickle"
        if not rebuild:
            todo = []
            for index in range(len(documents)):
                cached = _read_cache(keys[index])
                if cached is None:
                    todo.append(index)
                else:
                    per_document[index] = cached

    progress = _Progress(len(todo), settings)
    try:
        for indices, results in _parse(todo, documents, settings):
            for index, claims in zip(indices, results, strict=True):
                per_document[index] = claims
                if index in keys:
                    _write_cache(keys[index], claims)
            progress.advance(len(indices))
    finally:
        progress.close()
    claims = [claim for index in range(len(documents)) for claim in per_document.get(index, [])]
    corpus = Corpus(
        documents=tuple(sorted(documents, key=lambda d: d.id)), claims=merge_claims(claims)
    )
    return ExtractResult(corpus=corpus, skipped=tuple(skipped), parsed=len(todo))


def _parse(
    todo: list[int], documents: list[Document], settings: Settings
) -> Iterator[tuple[list[int], list[list[Claim]]]]:
    size = max(1, settings.batch_size)
    if settings.processes <= 1 or len(todo) < 2 * size:
        for chunk in _chunks(todo, size):
            yield chunk, extract_texts([documents[i] for i in chunk], settings)
        return
    chunks = list(_chunks(todo, size))
    with ProcessPoolExecutor(max_workers=settings.processes) as pool:
        payloads = [([documents[i] for i in chunk], settings) for chunk in chunks]
        for chunk, results in zip(chunks, pool.map(_worker, payloads), strict=True):
            yield chunk, results


def build(
    inputs: Iterable[str | Path],
    out_dir: str | Path,
    settings: Settings | None = None,
    *,
    rebuild: bool = False,
    store: Path | None = None,
) -> BuildReport:
    """Build inputs into the output files of ``out_dir`` (written atomically).

    Raises:
        UsageError: an input path does not exist.
    """
    from .export import write_outputs
    from .viewer import render_html

    settings = settings or Settings()
    out = Path(out_dir)
    result = extract_corpus(inputs, settings, rebuild=rebuild)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise GeoKGError(f"{out}: cannot create the output directory: {exc.strerror}") from exc
    html = render_html(result.corpus, title="geokg")
    try:
        written = write_outputs(result.corpus, out, html=html)
    except OSError as exc:
        where = exc.filename or out
        raise GeoKGError(
            f"{where}: cannot write the outputs ({exc.strerror or exc}); the previous outputs "
            "are left as they were"
        ) from exc
    if store is not None:
        from .store import update_store

        update_store(store, out / "graph.trig")
    return BuildReport(
        corpus=result.corpus, skipped=result.skipped, written=tuple(written), parsed=result.parsed
    )


def _report(error: InputError, settings: Settings) -> None:
    if not settings.quiet:
        print(f"skipped: {error}", file=sys.stderr)


class _Progress:
    """A progress bar on stderr for long runs; silent when quiet or for tiny batches."""

    def __init__(self, total: int, settings: Settings) -> None:
        self._bar = None
        if settings.quiet or total < 2:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

        self._bar = Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self._bar.start()
        self._task = self._bar.add_task("extracting", total=total)

    def advance(self, count: int) -> None:
        if self._bar is not None:
            self._bar.advance(self._task, count)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()
