"""Extractions travel from worker processes as tuples and come back equal."""
from __future__ import annotations

import pickle
from dataclasses import replace
from pathlib import Path

from graph_builder import wire
from graph_builder.extract import Extractor
from graph_builder.model import Article
from graph_builder.read import read_inputs

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def test_every_sample_extraction_comes_back_equal():
    extractor = Extractor()
    articles = [a for a in read_inputs([SAMPLES]) if isinstance(a, Article)]
    assert len(articles) >= 8
    for article in articles:
        extraction = extractor.extract(article)
        packed = pickle.loads(pickle.dumps(wire.pack(extraction)))
        assert wire.unpack(packed, article) == extraction


def test_evidence_other_than_its_sentence_travels_with_the_event():
    article = next(a for a in read_inputs([SAMPLES]) if isinstance(a, Article))
    extraction = Extractor().extract(article)
    assert extraction.events
    extraction.events[0] = replace(extraction.events[0], evidence="A quoted fragment.")
    back = wire.unpack(wire.pack(extraction), article)
    assert back.events[0].evidence == "A quoted fragment." and back == extraction
