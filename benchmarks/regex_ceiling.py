"""The extraction's regex ceiling: how fast extraction could be if its rules cost nothing.

    python -m benchmarks.regex_ceiling CORPUS [--articles 1000] [--repeat 3]

Every pattern graph_builder compiles is traced (`re`'s compile step is wrapped
before graph_builder is imported, so this runs in a process of its own): one
extraction of the corpus records each regex call it makes (pattern, method,
arguments, and how many matches of a `finditer` were taken). The calls are
then replayed alone, with nothing around them, and timed.

The replay's time less the time of its own loop is what Python's regex engine
spends on the corpus with these rules. Articles per second at that time bound
the one-core extraction rate from above on this machine: rules, mentions and
events come on top of it. Prints one JSON object.

The wrap relies on `re._compile`, through which `re.compile` and the module
functions (`re.match`, `re.sub`...) all pass in CPython 3.9 to 3.13.
"""
from __future__ import annotations

import argparse
import itertools
import json
import re
import time
from pathlib import Path
from typing import Optional

Call = list  # [compiled pattern, method name, args, kwargs, matches taken (finditer) or None]
ALL = -1  # a finditer taken to its end
CALLS: list[Call] = []
_compile = re._compile


class _Traced:
    """A compiled pattern that records each call made to it."""

    __slots__ = ("_pattern",)

    def __init__(self, pattern: re.Pattern) -> None:
        self._pattern = pattern

    def __getattr__(self, name: str):
        return getattr(self._pattern, name)

    def __hash__(self) -> int:
        return hash(self._pattern)

    def __eq__(self, other) -> bool:
        return self._pattern == getattr(other, "_pattern", other)

    def _call(self, name: str, args: tuple, kwargs: dict):
        CALLS.append([self._pattern, name, args, kwargs, None])
        return getattr(self._pattern, name)(*args, **kwargs)

    def search(self, *args, **kwargs):
        return self._call("search", args, kwargs)

    def match(self, *args, **kwargs):
        return self._call("match", args, kwargs)

    def fullmatch(self, *args, **kwargs):
        return self._call("fullmatch", args, kwargs)

    def findall(self, *args, **kwargs):
        return self._call("findall", args, kwargs)

    def split(self, *args, **kwargs):
        return self._call("split", args, kwargs)

    def sub(self, repl, *args, **kwargs):
        # A function as replacement is rule logic: the replay substitutes "" (the same scan).
        CALLS.append([self._pattern, "sub", ("" if callable(repl) else repl, *args), kwargs, None])
        return self._pattern.sub(repl, *args, **kwargs)

    def finditer(self, *args, **kwargs):
        call = [self._pattern, "finditer", args, kwargs, 0]
        CALLS.append(call)
        for found in self._pattern.finditer(*args, **kwargs):
            call[4] += 1
            yield found
        call[4] = ALL  # taken to the end: the search past the last match is part of the cost


def _traced_compile(pattern, flags):
    if isinstance(pattern, _Traced):
        return pattern
    return _Traced(_compile(pattern, flags))


def replay(calls: list[Call]) -> float:
    """Seconds to make `calls` again, taking as many matches as the extraction took."""
    started = time.perf_counter()
    for pattern, name, args, kwargs, taken in calls:
        if taken is None:
            getattr(pattern, name)(*args, **kwargs)
        else:
            for _ in itertools.islice(pattern.finditer(*args, **kwargs), None if taken == ALL else taken):
                pass
    return time.perf_counter() - started


def loop_alone(calls: list[Call]) -> float:
    """Seconds of `replay`'s own loop: the same calls, made to a function that does nothing."""
    def nothing(*args, **kwargs):
        return ()

    started = time.perf_counter()
    for _pattern, _name, args, kwargs, taken in calls:
        if taken is None:
            nothing(*args, **kwargs)
        else:
            for _ in itertools.islice(nothing(*args, **kwargs), None if taken == ALL else taken):
                pass
    return time.perf_counter() - started


def measure(corpus: Path, articles: int, repeat: int) -> dict:
    re._compile = _traced_compile  # before graph_builder compiles its patterns
    from graph_builder.extract import Extractor
    from graph_builder.model import Article
    from graph_builder.pipeline import WARM_UP
    from graph_builder.read import read_inputs

    items = [a for a in itertools.islice(read_inputs([corpus]), articles) if isinstance(a, Article)]
    extractor = Extractor()
    for article in WARM_UP:  # compiles the lazily built patterns
        extractor.extract(article)
    CALLS.clear()
    found = {"mentions": 0, "events": 0}  # the traced extraction finds what a plain one finds
    for article in items:
        extraction = extractor.extract(article)
        found["mentions"] += len(extraction.mentions)
        found["events"] += len(extraction.events)
    calls = list(CALLS)
    CALLS.clear()
    replays = [replay(calls) for _ in range(repeat)]
    loops = [loop_alone(calls) for _ in range(repeat)]
    engine = [max(r - min(loops), 1e-9) for r in replays]
    return {
        "articles": len(items),
        **found,
        "calls_per_article": round(len(calls) / max(len(items), 1), 1),
        "replay_seconds": replays,
        "loop_seconds": loops,
        "engine_seconds": engine,
    }


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print(json.dumps(measure(args.corpus, args.articles, args.repeat)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
