"""The benchmark suite works: a deterministic corpus, and a tiny run with every figure.

No timing is asserted here; speed is what the benchmarks themselves report.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # benchmarks/ is not an installed package; plain `pytest` needs this
    sys.path.insert(0, str(REPO))

from benchmarks import corpus as gen  # noqa: E402
from benchmarks.synthetic_resolution import extractions  # noqa: E402


def test_same_seed_gives_the_same_bytes(tmp_path):
    first = gen.write_corpus(tmp_path / "a.jsonl", 12, seed=3)
    second = gen.write_corpus(tmp_path / "b.jsonl", 12, seed=3)
    other = gen.write_corpus(tmp_path / "c.jsonl", 12, seed=4)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


def test_a_smaller_corpus_is_a_prefix_of_a_larger_one(tmp_path):
    small = gen.write_corpus(tmp_path / "small.jsonl", 5, seed=3).read_bytes()
    large = gen.write_corpus(tmp_path / "large.jsonl", 9, seed=3).read_bytes()
    assert large.startswith(small)


def test_corpus_is_valid_jsonl_in_both_languages(tmp_path):
    path = gen.write_corpus(tmp_path / "c.jsonl", 40, seed=7)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 40
    assert {r["lang"] for r in records} == {"en", "ar"}
    assert len({r["id"] for r in records}) == 40
    for record in records:
        assert set(record) == {"id", "text", "published", "lang"}
        words = len(record["text"].split())
        assert gen.MIN_WORDS <= words <= gen.MAX_WORDS, (record["id"], words)
    english = " ".join(r["text"] for r in records if r["lang"] == "en")
    arabic = " ".join(r["text"] for r in records if r["lang"] == "ar")
    assert "warned" in english or "alerted" in english
    assert any(word in arabic for word in ("حذرت", "أبلغت", "زودت", "سلمت"))


def test_the_pipeline_reads_the_corpus_and_finds_events(tmp_path):
    from graph_builder.extract import Extractor
    from graph_builder.model import Article
    from graph_builder.read import read_inputs

    path = gen.write_corpus(tmp_path / "c.jsonl", 6, seed=7)
    items = list(read_inputs([path]))
    assert all(isinstance(item, Article) for item in items)
    extractor = Extractor()
    events = sum(len(extractor.extract(article).events) for article in items)
    assert events > 0


def test_extraction_recovers_what_the_templates_stated_and_nothing_from_negatives(tmp_path):
    from benchmarks import faithfulness
    from graph_builder.model import Article
    from graph_builder.read import read_inputs

    path = gen.write_corpus(tmp_path / "c.jsonl", 30, seed=11)
    counts = faithfulness.score(a for a in read_inputs([path]) if isinstance(a, Article))
    assert counts["negative sentences"] > 50 and counts["events stated"] > 300  # the templates were recognised
    figures = faithfulness.figures(counts)
    assert figures["negative sentences with an event"] <= 0.01
    assert figures["filler sentences with an event"] <= 0.01
    assert figures["recall of stated events (pair and type)"] >= 0.75


def test_a_sentence_is_matched_back_to_its_template():
    from benchmarks import faithfulness

    known = faithfulness.load_templates("en")
    template, match = faithfulness.classify("Jordan did not warn Iraq about the plot, a security source said.", known)
    assert (template.kind, match.group("A"), match.group("B")) == ("negative", "Jordan", "Iraq")


def test_spelling_variants():
    import random

    rng = random.Random(1)
    forms = {gen.latin_variant(rng, "Abu Bakr al-Baghdadi") for _ in range(300)}
    assert "Abu Bakr al-Baghdadi" in forms and len(forms) > 3
    assert gen.strip_diacritics("Bezpieczeństwa Wewnętrznego") == "Bezpieczenstwa Wewnetrznego"
    arabic = {gen.arabic_variant(rng, "الإمارات") for _ in range(100)}
    assert "الامارات" in arabic


def test_synthetic_mentions_carry_no_gazetteer_keys():
    batches = list(extractions(250, 20, seed=1))
    mentions = [m for e in batches for m in e.mentions]
    assert len(mentions) == 250
    assert {m.label for m in mentions} <= {"Person", "Organization"}
    assert all(m.key is None for m in mentions)
    assert len({m.text for m in mentions}) > 20  # variants of 20 names


def test_sizes_parse():
    assert gen.parse_size("1k") == 1000
    assert gen.parse_size("100k") == 100_000
    assert gen.parse_size("20") == 20
    with pytest.raises(ValueError):
        gen.parse_size("0")


FIGURES = {
    "extraction": ["articles", "seconds", "articles_per_s", "mb_per_s", "startup_seconds", "memory"],
    "resolution": ["mentions", "entities", "seconds", "mentions_per_s", "memory"],
    "store_load": ["rows", "ours_seconds", "ours_rows_per_s", "ours_batched_rows_per_s", "copy_seconds",
                   "copy_rows_per_s", "csv_write_seconds", "ratio", "ratio_with_csv_write", "ratio_batched",
                   "counts_match", "contents_match", "memory"],
    "end_to_end": ["seconds", "articles_per_s", "peak_rss_mb", "cpu_seconds", "cores_busy", "summary"],
    "reload": ["seconds", "fraction_of_first", "peak_rss_mb", "summary"],
    "regex_ceiling": ["articles", "calls_per_article", "engine_seconds", "articles_per_s"],
    "workers": ["articles", "workers_1_seconds", "workers_2_seconds", "ratio", "ratio_running", "events_match"],
}


def test_run_end_to_end_on_a_tiny_corpus(tmp_path):
    output = tmp_path / "latest.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "20", "--repeat", "1",
         "--synthetic-max", "2000", "--cache", str(tmp_path / "cache"), "--output", str(output)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    results = json.loads(output.read_text(encoding="utf-8"))
    figures = results["sizes"]["20"]
    for section, keys in FIGURES.items():
        assert set(keys) <= set(figures[section]), (section, sorted(set(keys) - set(figures[section])))
    assert figures["extraction"]["articles"] == 20
    assert figures["extraction"]["articles_per_s"]["runs"] == 1
    assert figures["store_load"]["counts_match"] is True
    assert figures["store_load"]["contents_match"] is True  # COPY and our load hold the same graph
    assert figures["end_to_end"]["summary"]["articles"] == 20
    assert figures["reload"]["summary"]["articles"] == 20
    assert figures["reload"]["summary"]["nodes_added"] is not None  # read from the load's summary
    synthetic = results["resolution_synthetic"]
    assert synthetic["points"] and synthetic["points"][0]["mentions"] == 2000
    assert synthetic["points"][0]["seconds"]["median"] is not None
    assert "skipped" in results["neo4j"]
    assert figures["workers"]["ratio"]["runs"] == 1 and figures["workers"]["events_match"] is True
    assert figures["reload"]["summary"]["unchanged"] == 20  # the re-load processes nothing again
    assert {"nproc", "cpu_model", "ram_gb"} <= set(results["machine"])
    assert "| extraction, one core |" in done.stdout
    assert "workers 2 versus one core" in done.stdout
    assert "extraction ceiling: its" in done.stdout
    assert "end-to-end CPU time, all processes" in done.stdout
    assert figures["end_to_end"]["cpu_seconds"]["median"] > 0


# A child that burns CPU until its own clock says 0.3 s, and a parent that only waits for it.
_WAITING_PARENT = """
import multiprocessing, time
def burn():
    while time.process_time() < 0.3:
        pass
if __name__ == "__main__":
    child = multiprocessing.get_context("fork").Process(target=burn)
    child.start()
    child.join()
"""


def test_a_child_run_counts_the_cpu_of_the_processes_it_waited_for():
    from benchmarks.measure import run_child

    run = run_child([sys.executable, "-c", _WAITING_PARENT], timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.cpu_seconds >= 0.3  # the parent alone only starts Python and waits
    assert run.peak_rss_mb > 0


def test_the_regex_ceiling_traces_an_extraction_without_changing_it(tmp_path):
    from graph_builder.extract import Extractor
    from graph_builder.model import Article
    from graph_builder.read import read_inputs

    path = gen.write_corpus(tmp_path / "c.jsonl", 12, seed=7)
    done = subprocess.run([sys.executable, "-m", "benchmarks.regex_ceiling", str(path), "--repeat", "2"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    measured = json.loads(done.stdout)
    extractions = [Extractor().extract(a) for a in read_inputs([path]) if isinstance(a, Article)]
    assert measured["articles"] == len(extractions) == 12
    assert measured["mentions"] == sum(len(e.mentions) for e in extractions) > 0
    assert measured["events"] == sum(len(e.events) for e in extractions) > 0
    assert measured["calls_per_article"] > 100  # every sentence is split, scanned and dated by patterns
    assert len(measured["engine_seconds"]) == 2
    assert all(0 < e < r for e, r in zip(measured["engine_seconds"], measured["replay_seconds"]))


def test_merged_runs_keep_the_figures_a_later_run_did_not_measure():
    from benchmarks.report import merge

    def run(repeat, figures):
        return {"machine": {"nproc": 2}, "settings": {"repeat": repeat}, "sizes": {"10k": figures}}

    merged = merge([run(3, {"extraction": "first", "store_load": "first"}), run(1, {"store_load": "second"})])
    assert merged["sizes"]["10k"] == {"repeat": "3/1", "extraction": "first", "store_load": "second"}


def test_merged_runs_report_the_load_at_the_first_start_and_the_last_end_whatever_the_order():
    from benchmarks.report import merge

    def run(started, finished, load):
        return {"started": started, "finished": finished, "settings": {"repeat": 1}, "sizes": {},
                "machine": {"load_average": [load], "load_average_at_end": [load + 0.5]}}

    later = run("2026-12-04T20:29:12+00:00", "2026-12-04T20:37:32+00:00", 1.0)
    earlier = run("2026-12-04T20:10:46+00:00", "2026-12-04T20:29:10+00:00", 0.0)
    merged = merge([later, earlier])
    assert merged["machine"]["load_average"] == [0.0]
    assert merged["machine"]["load_average_at_end"] == [1.5]


def test_the_instruction_count_reads_callgrinds_report_and_its_child_extracts(tmp_path):
    from benchmarks import instructions

    assert instructions.collected("==7== Events    : Ir\n==7== Collected : 9117652679\n") == 9117652679
    with pytest.raises(RuntimeError):
        instructions.collected("==7== valgrind: failed to start tool")
    # the child valgrind runs, without valgrind: it extracts from the checkout it is given
    corpus = gen.write_corpus(tmp_path / "c.jsonl", instructions.WARM_UP + 2, seed=7)
    done = subprocess.run([sys.executable, "-c", instructions.CHILD, str(REPO), str(corpus), "2"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr


def test_results_name_every_changed_file_under_the_commit_measured(tmp_path, monkeypatch):
    from benchmarks import run

    def git(*args):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    (tmp_path / "graph_builder").mkdir()
    for name in ("a.py", "b.py"):
        (tmp_path / "graph_builder" / name).write_text("x = 1\n")
    git("init", "-q")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", "start")
    for name in ("a.py", "b.py"):  # modified, not staged: each status line opens with a space
        (tmp_path / "graph_builder" / name).write_text("x = 2\n")
    monkeypatch.setattr(run, "REPO", tmp_path)
    version = run.code_version()
    assert version["graph_builder_changes"] == ["graph_builder/a.py", "graph_builder/b.py"]
    assert version["commit"] and len(version["commit"]) >= 7
