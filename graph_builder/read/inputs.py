"""Paths in, a stream of `Article`s and `ReadProblem`s out.

A folder is walked recursively in sorted order and yields its `.txt` and `.jsonl` files; hidden
files and folders, `NAME.meta.json` sidecars and other files are passed over silently. A file
named directly must be `.txt` or `.jsonl`. Nothing here raises on bad input: each problem is
yielded as a `ReadProblem` and reading goes on with the next line or file.
"""
from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from ..model import Article, ReadProblem
from .articles import Metadata, make_article, read_metadata
from .decode import BINARY_PROBE, BadInput, decode, looks_binary, utf16_bom

ARTICLE_SUFFIXES = (".txt", ".jsonl")
SIDECAR_SUFFIX = ".meta.json"
PROBED_LINE = 1 << 20  # bytes of a line looked at when deciding whether a file is binary
Item = Union[Article, ReadProblem]


def read_inputs(paths: Iterable[Union[str, Path]], published: Optional[date] = None
                ) -> Iterator[Item]:
    """Yield an Article for every article in `paths`, a ReadProblem for everything unreadable.

    `published`, when given, is the publication date of every article. A generator: files are
    opened one at a time and JSON lines read one at a time."""
    reader = _Reader(published)
    for path in paths:
        yield from reader.path(Path(path))


class _Reader:
    """Reads paths one after the other, remembering only where each article id was first seen."""

    def __init__(self, published: Optional[date]) -> None:
        self.published = published
        self.first_seen: dict[str, str] = {}

    def path(self, path: Path) -> Iterator[Item]:
        try:
            kind = "folder" if path.is_dir() else "file" if path.is_file() else None
            exists = path.exists()
        except OSError as error:
            yield ReadProblem(str(path), None, f"cannot read: {error.strerror or error}")
            return
        if kind == "folder":
            for found in _walk(path, set()):
                if isinstance(found, ReadProblem):
                    yield found
                else:
                    yield from self.file(found)
        elif kind == "file" and _is_article_file(path):
            yield from self.file(path)
        elif kind == "file":
            yield ReadProblem(str(path), None, "not a .txt or .jsonl file")
        else:
            message = "not a regular file or folder" if exists else "no such file or folder"
            yield ReadProblem(str(path), None, message)

    def file(self, path: Path) -> Iterator[Item]:
        try:
            if path.name.lower().endswith(".jsonl"):
                yield from self.jsonl(path)
            else:
                yield self.accept(self.txt(path), str(path), None)
        except BadInput as error:
            yield ReadProblem(error.path or str(path), error.line, str(error))
        except OSError as error:
            yield ReadProblem(str(path), None, f"cannot read: {error.strerror or error}")

    def accept(self, article: Article, path: str, line: Optional[int]) -> Item:
        """The article, or a problem when its id was already read."""
        if article.id in self.first_seen:
            return ReadProblem(path, line, f"duplicate article id {article.id!r}, "
                                           f"first seen at {self.first_seen[article.id]}")
        self.first_seen[article.id] = article.source
        return article

    # --- .txt: one article; id from the file name, metadata from NAME.meta.json ---

    def txt(self, path: Path) -> Article:
        text = decode(path.read_bytes())
        article_id = path.name[: -len(path.suffix)]
        meta = _sidecar(path.with_name(article_id + SIDECAR_SUFFIX), self.published)
        return make_article(article_id, text, meta, str(path))

    # --- .jsonl: one article per line, read one line at a time ---

    def jsonl(self, path: Path) -> Iterator[Item]:
        with open(path, "rb") as handle:
            head = handle.read(BINARY_PROBE)
            handle.seek(0)
            if looks_binary(head) and not _json_line_near_start(handle):
                yield ReadProblem(str(path), None, "binary file (NUL bytes), not JSON lines")
                return
            handle.seek(0)
            lines = _utf16_lines(handle) if utf16_bom(head) else _utf8_lines(handle)
            for number, line in lines:
                if isinstance(line, BadInput):
                    yield ReadProblem(str(path), number, str(line))
                elif line.strip():
                    yield self.json_line(line, path, number)

    def json_line(self, line: str, path: Path, number: int) -> Item:
        try:
            record = _json_record(line)
            meta = read_metadata(record, self.published)
            article = make_article(record["id"], record["text"], meta, f"{path}:{number}")
        except BadInput as error:
            return ReadProblem(str(path), number, str(error))
        return self.accept(article, str(path), number)


def _is_article_file(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(ARTICLE_SUFFIXES) and not name.endswith(SIDECAR_SUFFIX)


def _walk(folder: Path, visited: set) -> Iterator[Union[Path, ReadProblem]]:
    """Article files under `folder`, sorted by name at every level; symlink loops are cut and
    a folder that cannot be listed is a problem."""
    try:
        real = folder.resolve()
        entries = [] if real in visited else sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as error:
        yield ReadProblem(str(folder), None, f"cannot list folder: {error.strerror or error}")
        return
    visited.add(real)
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if _is_folder(entry):
            yield from _walk(entry, visited)
        elif _is_article_file(entry) and _is_regular_file(entry):
            yield entry


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def _is_regular_file(path: Path) -> bool:
    """Regular files only: a pipe or device named x.txt would block or never end."""
    try:
        return path.is_file()
    except OSError:
        return True  # let reading it report the error


def _sidecar(path: Path, published: Optional[date]) -> Metadata:
    """The sidecar's metadata; its problems are reported against the sidecar itself."""
    if not path.is_file():
        return Metadata(published=published)
    try:
        record = json.loads(decode(path.read_bytes()))
    except json.JSONDecodeError as error:
        raise BadInput(f"bad sidecar JSON: {error.msg} (column {error.colno})",
                       str(path), error.lineno) from None
    except BadInput as error:
        raise BadInput(f"sidecar: {error}", str(path)) from None
    if not isinstance(record, dict):
        raise BadInput("sidecar must hold a JSON object", str(path))
    try:
        return read_metadata(record, published)
    except BadInput as error:
        raise BadInput(f"sidecar: {error}", str(path)) from None


def _json_record(line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise BadInput(f"bad JSON: {error.msg} (column {error.colno})") from None
    except ValueError as error:  # valid JSON Python refuses: an integer of over 4,300 digits
        raise BadInput(f"bad JSON: {error}") from None
    except RecursionError:
        raise BadInput("bad JSON: nested too deep") from None
    if not isinstance(record, dict):
        raise BadInput("expected a JSON object")
    missing = [key for key in ("id", "text") if key not in record]
    if missing:
        raise BadInput("missing field " + " and ".join(map(repr, missing)))
    return record


def _json_line_near_start(handle) -> bool:
    """Whether a line starting in the first BINARY_PROBE bytes is a JSON object.

    NUL bytes that early mean a binary file, one problem rather than one per "line" of an
    image or archive; beside a good JSON line they are a damaged line (a zeroed block, a
    stray record) of a JSON-lines file, and only that line is lost."""
    start = 0
    while start < BINARY_PROBE and (raw := handle.readline(PROBED_LINE)):
        if _is_json_object(raw):
            return True
        start += len(raw)
    return False


def _is_json_object(raw: bytes) -> bool:
    try:
        return isinstance(json.loads(raw.decode("utf-8-sig")), dict)
    except (ValueError, RecursionError):  # not UTF-8, not JSON, or nested too deep
        return False


def _utf8_lines(handle) -> Iterator[tuple[int, Union[str, BadInput]]]:
    for number, raw in enumerate(handle, start=1):
        if b"\x00" in raw:
            yield number, BadInput("binary data (NUL bytes), not JSON")
            continue
        try:
            yield number, raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            yield number, BadInput(f"unknown encoding (not UTF-8 at byte {error.start})")


def _utf16_lines(handle) -> Iterator[tuple[int, Union[str, BadInput]]]:
    text = io.TextIOWrapper(handle, encoding="utf-16", newline="")
    number = 0
    try:
        for number, line in enumerate(text, start=1):
            yield number, line
    except UnicodeDecodeError:
        yield number + 1, BadInput("unknown encoding (broken UTF-16); rest of file skipped")
    finally:
        text.detach()
