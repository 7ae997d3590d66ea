"""Extraction quality on our own sample articles, with the bars CI holds it to."""
from click.testing import CliRunner

from graph_builder.cli import main

from conftest import ROOT

BARS = ["entity_f1=0.90", "event_f1_country=0.85", "event_f1_strict=0.75", "date_accuracy=0.80",
        "negatives=0", "false_merges=0"]


def test_samples_meet_the_bars(tmp_path):
    args = ["eval", "--gold", str(ROOT / "data/samples/gold"), str(ROOT / "data/samples"),
            "--json", str(tmp_path / "eval.json")]
    for bar in BARS:
        args += ["--min", bar]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert "events country" in result.output


def test_a_bar_above_the_score_fails(tmp_path):
    result = CliRunner().invoke(main, ["eval", "--gold", str(ROOT / "data/samples/gold"),
                                       str(ROOT / "data/samples"), "--min", "event_f1_strict=1.01"])
    assert result.exit_code == 1
    assert "event_f1_strict" in result.output
