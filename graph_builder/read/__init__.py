"""Read stage: files and folders in, `Article`s (or `ReadProblem`s) out, as a stream.

    for item in read_inputs(["articles/", "more.jsonl"]):
        ...  # an Article, or a ReadProblem naming the file and line that could not be read

Inputs: `.txt` files (one article each, with an optional `NAME.meta.json` sidecar) and `.jsonl`
files (one article per line), or folders holding them. Bad input never raises.
"""
from .inputs import read_inputs
from .language import detect_language
from .published import parse_published, published_from_text

__all__ = ["read_inputs", "detect_language", "parse_published", "published_from_text"]
