"""The read stage: folders, .txt and .jsonl files in; Articles and ReadProblems out, as a stream."""
from __future__ import annotations

import codecs
import inspect
import json
import os
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from graph_builder.model import Article, ReadProblem
from graph_builder.read import detect_language, parse_published, published_from_text, read_inputs

SHARED = Path(__file__).resolve().parents[2] / "shared"

EN_TEXT = (
    "Ministry warns of plot\n\n"
    "By Staff Reporter | March 3, 2017\n\n"
    "The interior ministry said on Thursday it had warned its neighbours of a planned attack.\n"
)
AR_TEXT = "ذكرت وزارة الداخلية اليوم أن الشرطة أحبطت هجوما على محطة القطار في المدينة.\n"


def write(path: Path, content, encoding="utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode(encoding))
    return path


def jsonl(path: Path, *records) -> Path:
    lines = [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]
    return write(path, "\n".join(lines) + "\n")


def read_all(*paths, published=None):
    return list(read_inputs([str(p) for p in paths], published))


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def problems(items):
    return [i for i in items if isinstance(i, ReadProblem)]


# --- folders and files -----------------------------------------------------------------


def test_folder_is_walked_recursively_in_sorted_order(tmp_path):
    write(tmp_path / "b.txt", EN_TEXT)
    write(tmp_path / "a" / "z.txt", AR_TEXT)
    jsonl(tmp_path / "a" / "m.jsonl", {"id": "m1", "text": EN_TEXT}, {"id": "m2", "text": AR_TEXT})
    write(tmp_path / "c.md", "not an article")
    write(tmp_path / "b.meta.json", json.dumps({"title": "B"}))
    write(tmp_path / ".hidden.txt", EN_TEXT)
    write(tmp_path / ".cache" / "x.txt", EN_TEXT)
    items = read_all(tmp_path)
    assert problems(items) == []
    assert [a.id for a in items] == ["m1", "m2", "z", "b"]


def test_txt_article(tmp_path):
    path = write(tmp_path / "ministry-warns.txt", EN_TEXT)
    (article,) = read_all(path)
    assert article.id == "ministry-warns"
    assert article.text == EN_TEXT
    assert article.source == str(path)
    assert article.title is None and article.url is None
    assert article.lang == "en"
    assert article.published == date(2017, 3, 3)  # from the byline


def test_sidecar_gives_metadata(tmp_path):
    write(tmp_path / "story.txt", AR_TEXT)
    meta = {"published": "2015-11-16", "url": "https://example.org/s", "title": "عنوان",
            "lang": "ar"}
    write(tmp_path / "story.meta.json", json.dumps(meta))
    (article,) = read_all(tmp_path / "story.txt")
    assert (article.published, article.url, article.title, article.lang) == (
        date(2015, 11, 16), "https://example.org/s", "عنوان", "ar")


def test_published_argument_overrides_every_input(tmp_path):
    write(tmp_path / "story.txt", EN_TEXT)
    write(tmp_path / "other.txt", AR_TEXT)
    write(tmp_path / "other.meta.json", json.dumps({"published": "2015-11-16"}))
    jsonl(tmp_path / "more.jsonl", {"id": "j", "text": EN_TEXT, "published": "2001-01-01"})
    items = read_all(tmp_path, published=date(2020, 5, 5))
    assert len(items) == 3 and {a.published for a in items} == {date(2020, 5, 5)}


def test_jsonl_articles(tmp_path):
    path = jsonl(
        tmp_path / "batch.jsonl",
        {"id": "a1", "text": EN_TEXT, "url": "https://example.org/a1", "title": "Plot",
         "published": "Nov 15,2015", "lang": "EN-gb"},
        "",
        {"id": "a2", "text": AR_TEXT, "lang": "arabic"},
    )
    first, second = read_all(path)
    assert (first.id, first.url, first.title, first.published, first.lang, first.source) == (
        "a1", "https://example.org/a1", "Plot", date(2015, 11, 15), "en", f"{path}:1")
    assert second.lang == "ar"  # "arabic" is no language tag, so the text decides
    assert second.source == f"{path}:3"
    assert second.published is None


def test_line_endings_and_bom_are_normalised_and_nothing_else(tmp_path):
    raw = codecs.BOM_UTF8 + "  Line one\r\nLine two\rLine three  \n".encode("utf-8")
    (article,) = read_all(write(tmp_path / "crlf.txt", raw))
    assert article.text == "  Line one\nLine two\nLine three  \n"


def test_invisible_marks_are_dropped_so_sentences_and_names_show(tmp_path):
    text = "حذرت مصر ليبيا من هجوم.\u200f\nEgypt warned Li\u200bbya of an \u202battack\u202c.\n"
    (article,) = read_all(write(tmp_path / "marks.txt", text.encode("utf-8")))
    assert article.text == "حذرت مصر ليبيا من هجوم.\nEgypt warned Libya of an attack.\n"


def test_a_language_or_date_the_tool_cannot_read_is_a_problem(tmp_path):
    path = jsonl(
        tmp_path / "odd.jsonl",
        {"id": "fr", "text": EN_TEXT, "lang": "fr"},
        {"id": "later", "text": EN_TEXT, "published": "2095-01-01"},
        {"id": "ok", "text": EN_TEXT, "lang": "eng", "published": "2015-11-16"},
    )
    items = read_all(path)
    assert [(a.id, a.lang) for a in articles(items)] == [("ok", "en")]
    messages = [p.message for p in problems(items)]
    assert "reads English (en) and Arabic (ar)" in messages[0] and "in the future" in messages[1]


def test_utf16_with_bom(tmp_path):
    path = write(tmp_path / "wide.txt", "\ufeff" + AR_TEXT, encoding="utf-16-le")
    line = json.dumps({"id": "w", "text": EN_TEXT}) + "\r\n"
    wide_jsonl = write(tmp_path / "wide.jsonl", "\ufeff" + line, encoding="utf-16-be")
    a, b = read_all(path, wide_jsonl)
    assert a.text == AR_TEXT and a.lang == "ar"
    assert b.id == "w" and b.text == EN_TEXT


# --- publication date from the text ----------------------------------------------------------


@pytest.mark.parametrize("opening, expected", [
    ("Title\n\nBy Wire Staff - Mar 3,2017 - Last updated at Mar 4,2017\n\nBody.", date(2017, 3, 3)),
    ("Monday, Nov. 16, 2015\nBody of the story.", date(2015, 11, 16)),
    ("Title\nBy Jane Doe | March 3, 2017\nBody.", date(2017, 3, 3)),
    ("Title\nPublished: 12 July 2019\nBody.", date(2019, 7, 12)),
    ("عنوان الخبر\nنشر في: 15 نوفمبر 2015\nالنص.", date(2015, 11, 15)),
    ("عنوان الخبر\nالأحد 15 تشرين الثاني 2015\nالنص.", date(2015, 11, 15)),
    ("Title\nThe report, dated March 3, 2017, was leaked to reporters by officials of the ministry "
     "who declined to be named.\n", None),
    ("Title\nBy Nov. 14, 2015, police in three countries had arrested more than twenty suspects "
     "linked to the cell, officials said.\n", None),
    ("Title\nSome body text without dates.\n", None),
])
def test_published_from_opening_lines(opening, expected):
    assert published_from_text(opening) == expected


def test_timestamp_chrome_is_never_the_publication_date():
    stamp = "09:15 GMT12 March 2019\nRadio\n"
    assert published_from_text(stamp + "Body text.\n") is None
    assert published_from_text(stamp + "By Jane Doe | March 3, 2017\nBody.\n") == date(2017, 3, 3)


def test_dates_past_the_opening_lines_are_not_publication_dates():
    body = "".join(f"Paragraph {i} of the story.\n" for i in range(20))
    assert published_from_text(body + "Monday, Nov. 16, 2015\n") is None


def test_parse_published():
    assert parse_published("2021-04-06T10:00:00Z") == date(2021, 4, 6)
    assert parse_published("") is None and parse_published(None) is None


# --- language ------------------------------------------------------------------------------


def test_detect_language():
    assert detect_language(EN_TEXT) == "en"
    assert detect_language(AR_TEXT) == "ar"
    assert detect_language("Home | News | " + AR_TEXT) == "ar"  # Latin menus on an Arabic page
    assert detect_language("12 345 — 678") is None
    assert detect_language("Новости дня и последние события") is None


# --- bad input: one problem each, reading goes on -------------------------------------------


def test_bad_files_are_problems_and_the_rest_comes_through(tmp_path):
    write(tmp_path / "1-good.txt", EN_TEXT)
    write(tmp_path / "2-binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path / "3-latin1.txt", "Caf\xe9 au lait".encode("latin-1"))
    write(tmp_path / "4-empty.txt", "")
    write(tmp_path / "5-blank.txt", " \n\t\r\n")
    write(tmp_path / "6-sidecar.txt", EN_TEXT)
    write(tmp_path / "6-sidecar.meta.json", '{"published": "2015-11-16",')
    write(tmp_path / "7-date.txt", EN_TEXT)
    write(tmp_path / "7-date.meta.json", json.dumps({"published": "sometime soon"}))
    write(tmp_path / "8-good.txt", AR_TEXT)
    items = read_all(tmp_path)
    assert [a.id for a in articles(items)] == ["1-good", "8-good"]
    found = {Path(p.path).name: p for p in problems(items)}
    assert set(found) == {"2-binary.txt", "3-latin1.txt", "4-empty.txt", "5-blank.txt",
                          "6-sidecar.meta.json", "7-date.meta.json"}
    assert "binary" in found["2-binary.txt"].message
    assert "unknown encoding" in found["3-latin1.txt"].message
    assert "no text" in found["4-empty.txt"].message
    sidecar = found["6-sidecar.meta.json"]
    assert sidecar.line == 1 and "bad sidecar JSON" in sidecar.message
    assert "unparseable published date 'sometime soon'" in found["7-date.meta.json"].message
    assert all("\n" not in str(p) for p in found.values())


def test_bad_json_lines_name_their_line(tmp_path):
    path = jsonl(
        tmp_path / "mixed.jsonl",
        {"id": "ok1", "text": EN_TEXT},
        '{"id": "broken", "text": ',
        {"text": EN_TEXT},
        {"id": "no-text"},
        {"id": 7, "text": EN_TEXT},
        {"id": "wrong-text", "text": ["a", "b"]},
        {"id": "wrong-url", "text": EN_TEXT, "url": 5},
        {"id": "bad-date", "text": EN_TEXT, "published": "31/02/2015"},
        {"id": "empty", "text": "   "},
        "[1, 2]",
        {"id": "ok2", "text": AR_TEXT},
    )
    items = read_all(path)
    assert [a.id for a in articles(items)] == ["ok1", "ok2"]
    by_line = {p.line: p.message for p in problems(items)}
    assert sorted(by_line) == list(range(2, 11))
    assert by_line[2].startswith("bad JSON: ")
    assert by_line[3] == "missing field 'id'"
    assert by_line[4] == "missing field 'text'"
    assert "'id'" in by_line[5] and "'text'" in by_line[6] and "'url'" in by_line[7]
    assert "unparseable published date" in by_line[8]
    assert "no text" in by_line[9]
    assert by_line[10] == "expected a JSON object"
    assert str(problems(items)[0]) == f"{path}:2: {by_line[2]}"


def test_json_python_cannot_take_is_a_bad_line_not_a_stopped_load(tmp_path):
    path = jsonl(
        tmp_path / "odd.jsonl",
        {"id": "ok1", "text": EN_TEXT},
        '{"id": "big", "text": "x", "n": ' + "9" * 5000 + "}",  # over Python's 4,300-digit limit
        "[" * 100_000 + "]" * 100_000,  # nested deeper than the parser goes
        {"id": "ok2", "text": EN_TEXT},
    )
    items = read_all(path)
    assert [a.id for a in articles(items)] == ["ok1", "ok2"]
    assert [(p.line, p.message.startswith("bad JSON: ")) for p in problems(items)] == [(2, True), (3, True)]


def test_undecodable_json_line(tmp_path):
    good = json.dumps({"id": "g", "text": EN_TEXT}).encode()
    undecodable = b'{"id": "x", "text": "\xff\xfe"}'
    path = write(tmp_path / "bytes.jsonl",
                 b"\n".join([good, undecodable, good.replace(b'"g"', b'"h"')]))
    items = read_all(path)
    assert [a.id for a in articles(items)] == ["g", "h"]
    (problem,) = problems(items)
    assert problem.line == 2 and "unknown encoding" in problem.message


def test_lone_surrogates_in_json_become_replacement_characters(tmp_path):
    scraped = {"id": "s\udfff", "text": "Peru warned Chile \ud800 of a plot \ud83d\ude00.",
               "title": "Plot \udc00", "url": "https://example.org/\ud83d"}
    path = jsonl(tmp_path / "scraped.jsonl", json.dumps(scraped), {"id": "ok", "text": EN_TEXT})
    write(tmp_path / "story.txt", EN_TEXT)
    write(tmp_path / "story.meta.json", json.dumps({"title": "Half an emoji \ud83d"}))
    lone, ok, story = read_all(path, tmp_path / "story.txt")
    assert lone.text == "Peru warned Chile \ufffd of a plot \U0001f600."  # a pair stays an emoji
    assert (lone.id, lone.title, lone.url) == ("s\ufffd", "Plot \ufffd", "https://example.org/\ufffd")
    assert ok.id == "ok"
    assert story.title == "Half an emoji \ufffd"


def test_file_name_that_is_not_utf8_leaves_no_surrogate(tmp_path):
    try:
        path = write(tmp_path / os.fsdecode(b"caf\xe9.txt"), EN_TEXT)
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 file names")
    (article,) = read_all(path)
    assert article.id == "caf\ufffd"
    assert article.source.encode("utf-8").endswith("caf\ufffd.txt".encode("utf-8"))


@pytest.mark.parametrize("blob", [b"\x00\x01\x02" * 100 + b"\n" * 5, bytes(range(256)) * 64,
                                  b"\x00" * 20_000 + b"\n" + json.dumps({"id": "late", "text": "x"}).encode()])
def test_binary_jsonl_is_one_problem(tmp_path, blob):
    path = write(tmp_path / "blob.jsonl", blob)
    items = read_all(path)
    assert len(items) == 1 and "binary" in items[0].message


@pytest.mark.parametrize("bad_line", [3, 1])
def test_a_jsonl_line_with_nul_bytes_is_one_problem(tmp_path, bad_line):
    lines = [json.dumps({"id": f"g{i}", "text": f"Article {i}. " * 1000}).encode() for i in (1, 2, 3)]
    lines.insert(bad_line - 1, b"\x00\x00garbage")
    path = write(tmp_path / "damaged.jsonl", b"\n".join(lines) + b"\n")
    items = read_all(path)
    assert [a.id for a in articles(items)] == ["g1", "g2", "g3"]
    (problem,) = problems(items)
    assert (problem.path, problem.line) == (str(path), bad_line)
    assert problem.message == "binary data (NUL bytes), not JSON"


def test_duplicate_ids_are_problems(tmp_path):
    first = write(tmp_path / "a" / "story.txt", EN_TEXT)
    write(tmp_path / "b" / "story.txt", AR_TEXT)
    batch = jsonl(tmp_path / "c.jsonl", {"id": "x", "text": EN_TEXT}, {"id": "x", "text": AR_TEXT})
    items = read_all(tmp_path)
    assert [a.id for a in articles(items)] == ["story", "x"]
    dup_story, dup_x = problems(items)
    assert dup_story.message == f"duplicate article id 'story', first seen at {first}"
    assert (dup_x.path, dup_x.line) == (str(batch), 2)
    assert dup_x.message == f"duplicate article id 'x', first seen at {batch}:1"


def test_missing_and_unsupported_paths(tmp_path):
    other = write(tmp_path / "notes.md", "hello")
    good = write(tmp_path / "good.txt", EN_TEXT)
    items = read_all(tmp_path / "nope", other, good)
    assert [type(i) for i in items] == [ReadProblem, ReadProblem, Article]
    assert items[0].message == "no such file or folder"
    assert items[1].message == "not a .txt or .jsonl file"


# --- streaming -------------------------------------------------------------------------------


def test_read_inputs_is_a_generator(tmp_path):
    assert inspect.isgenerator(read_inputs([tmp_path / "nothing-yet"]))


def test_large_jsonl_is_not_read_eagerly(tmp_path):
    path = tmp_path / "huge.jsonl"
    filler = json.dumps({"id": "{}", "text": "word " * 200})
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "first", "text": EN_TEXT}) + "\n")
        for i in range(20_000):
            handle.write(filler.replace("{}", f"n{i}", 1) + "\n")
        handle.write("{this line is broken\n")
    assert path.stat().st_size > 15_000_000
    stream = read_inputs([path])
    tracemalloc.start()
    try:
        first = next(stream)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(first, Article) and first.id == "first"
    assert peak < 2_000_000  # a few lines' worth, not the 15 MB file
    stream.close()


# --- the shared seed articles ----------------------------------------------------------------


def test_seed_articles():
    seeds = SHARED / "seeds"
    if not seeds.is_dir():
        pytest.skip(f"{seeds} is absent: the shared articles sit beside the repository only in CI")
    items = read_all(seeds)
    assert problems(items) == []
    assert len(items) == len(list(seeds.glob("*.txt"))) > 0
    assert all(a.lang in ("en", "ar") for a in items)
    by_prefix = {a.id[:3]: a for a in items}
    assert by_prefix["000"].published == date(2015, 11, 15)  # from its byline
