"""Instructions one extraction costs, counted by valgrind: two checkouts compared exactly.

    python -m benchmarks.instructions [--against REF] [--articles 100] [--seed 7]

Wall-clock times on a shared machine move by 10-20% from run to run, so a change
worth a few percent cannot be told from noise by timing it. Valgrind's callgrind
counts the instructions a process executes, which repeat exactly for the same
code and input whatever else the machine is doing. This extracts the first
`--articles` articles of the benchmark corpus in a child process run under
callgrind, and again with none (after the same warm-up: imports and pattern
compiling), and reports the difference per article. With `--against`, the same
is counted for a git commit (checked out in a temporary worktree) and the ratio
of the two is printed: below 1, the working tree does less work.

Instructions are not seconds (a cache miss costs more than an addition), but for
the same interpreter and the same kind of work they follow them closely; the
timed figures of `benchmarks.run` stay the measure of speed. Needs valgrind.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from .corpus import ensure_corpus, parse_size

ROOT = Path(__file__).resolve().parent.parent
WARM_UP = 3  # articles extracted before counting starts, on both runs
_COLLECTED = re.compile(r"Collected : (\d+)")

# Extracts articles [WARM_UP, WARM_UP + n) of a corpus with the graph_builder found at a root.
CHILD = """
import sys
sys.path.insert(0, sys.argv[1])
from graph_builder.extract import Extractor
from graph_builder.model import Article
from graph_builder.read import read_inputs
count = int(sys.argv[3])
articles = [a for a in read_inputs([sys.argv[2]]) if isinstance(a, Article)][:{warm} + count]
extractor = Extractor()
for article in articles:
    extractor.extract(article)
""".replace("{warm}", str(WARM_UP))


def collected(valgrind_output: str) -> int:
    """The instruction count callgrind reports on finishing."""
    found = _COLLECTED.search(valgrind_output)
    if not found:
        raise RuntimeError("callgrind reported no instruction count:\n" + valgrind_output[-2000:])
    return int(found.group(1))


def count(root: Path, corpus: Path, articles: int) -> int:
    """Instructions of one process extracting `articles` articles after the warm-up."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
               sys.executable, "-c", CHILD, str(root), str(corpus), str(articles)]
    # a fixed string hash: set and dict orders, and so the work, repeat from run to run
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if done.returncode != 0:
        raise RuntimeError(f"extraction under callgrind failed:\n{done.stderr[-2000:]}")
    return collected(done.stderr)


def per_article(root: Path, corpus: Path, articles: int) -> float:
    """Instructions per article: the run with `articles` less the run with none."""
    return (count(root, corpus, articles) - count(root, corpus, 0)) / articles


@contextmanager
def checkout(ref: str) -> Iterator[Path]:
    """A temporary worktree of commit `ref`."""
    folder = Path(tempfile.mkdtemp(prefix="gb-instructions-"))
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(folder), ref],
                   check=True, capture_output=True)
    try:
        yield folder
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.instructions", description=__doc__.splitlines()[0])
    parser.add_argument("--against", metavar="REF", help="a git commit to compare with (e.g. HEAD)")
    parser.add_argument("--articles", type=parse_size, default=100)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        parser.error("valgrind is not installed")
    corpus = ensure_corpus(WARM_UP + args.articles, args.seed)
    ours = per_article(ROOT, corpus, args.articles)
    print(f"working tree: {ours / 1e6:.2f} M instructions per article ({args.articles} articles)")
    if args.against:
        with checkout(args.against) as folder:
            theirs = per_article(folder, corpus, args.articles)
        print(f"{args.against}: {theirs / 1e6:.2f} M instructions per article")
        print(f"working tree / {args.against}: {ours / theirs:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
