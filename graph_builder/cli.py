"""The `graph-builder` command line: thin wrappers over `graph_builder.api`.

Exit status: 0 when everything worked, 1 when some input was skipped (the
rest loaded) or a library query's parameter names no stored actor, 2 on an
error that stopped the command (one line on stderr).
"""
from __future__ import annotations

import contextlib
import csv
import json
import os
import signal
import sys
from datetime import date
from functools import wraps
from pathlib import Path
from typing import Optional

import click

from . import api
from .model import ENTITY_LABELS

SKIPPED_EXIT, ERROR_EXIT = 1, 2
NOT_FOUND_EXIT = 1  # a library query's parameter names no stored actor


class CommandError(click.ClickException):
    exit_code = ERROR_EXIT

    def show(self, file=None) -> None:
        click.echo(f"error: {self.format_message()}", err=True)


def one_line_errors(command):
    """Known failures become one clear line and exit status 2, never a traceback."""
    from .eval import GoldError, ThresholdError
    from .gazetteer import DataFileError
    from .pipeline import WorkerError
    from .store.base import StoreError

    @wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except BrokenPipeError:  # `graph-builder query ... | head`: the reader has all it wants
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
            sys.exit(0)
        except (StoreError, DataFileError, GoldError, ThresholdError, WorkerError, OSError, ValueError) as error:
            raise CommandError(str(error).splitlines()[0] if str(error) else type(error).__name__)
    return wrapper


def db_option(command):
    return click.option("--db", "db", default=api.DEFAULT_DB, show_default=True, envvar="GRAPH_BUILDER_DB",
                        type=click.Path(dir_okay=True), help="Embedded store path (env GRAPH_BUILDER_DB).")(command)


def neo4j_options(command):
    command = click.option("--database", envvar="NEO4J_DATABASE", default=None,
                           help="Neo4j database name (env NEO4J_DATABASE).")(command)
    return click.option("--neo4j", "neo4j_uri", is_flag=False, flag_value="env", default=None,
                        metavar="[URI]", help="Use Neo4j instead of the embedded store "
                        "(URI defaults to NEO4J_URI, then bolt://localhost:7687; "
                        "credentials from NEO4J_USER / NEO4J_PASSWORD).")(command)


def neo4j_settings(neo4j_uri: Optional[str], database: Optional[str]) -> Optional[dict]:
    if neo4j_uri is None:
        return None
    settings = api.neo4j_settings(None if neo4j_uri == "env" else neo4j_uri, database)
    if settings["password"] is None and sys.stdin.isatty():
        settings["password"] = click.prompt("Neo4j password", hide_input=True)
    return settings


def parse_date(_ctx, _param, value: Optional[str]) -> Optional[date]:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2015-11-15")


@click.group(context_settings={"help_option_names": ["-h", "--help"], "auto_envvar_prefix": "GRAPH_BUILDER"})
@click.version_option(package_name="graph-builder")
def main() -> None:
    """Build a graph of who warned whom and who shared intelligence with whom."""


def _progress(count: int) -> None:
    if sys.stderr.isatty() and count % 25 == 0:
        click.echo(f"\r  {count} articles processed", err=True, nl=False)


@contextlib.contextmanager
def sigterm_unwinds():
    """`kill` stops a load as Ctrl-C does: the store's transaction is undone and its
    staged files removed, instead of the process ending on the spot."""
    def interrupt(_signum, _frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@db_option
@neo4j_options
@click.option("--published", callback=parse_date, help="Publication date (YYYY-MM-DD) for every input.")
@click.option("--judgements", type=click.Path(dir_okay=False), help="Analyst judgements file (JSON lines).")
@click.option("--batch-size", type=int, default=None, help="Rows per Neo4j write transaction.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Extraction processes (default: one per core; 1: no extra process).")
@click.option("--reprocess", is_flag=True,
              help="Process articles again even when the store holds them with the same content.")
@one_line_errors
def load(inputs, db, neo4j_uri, database, published, judgements, batch_size, workers, reprocess) -> None:
    """Read articles (.txt, .jsonl, folders) and merge their graph into the store.

    Articles already in the store with the same text and metadata are counted
    as unchanged and skipped (see --reprocess).
    """
    with sigterm_unwinds():
        summary = api.load(inputs, db, neo4j=neo4j_settings(neo4j_uri, database), published=published,
                           judgements=judgements, batch_size=batch_size, on_article=_progress,
                           workers=workers, reprocess=reprocess)
    if sys.stderr.isatty() and summary.articles >= 25:
        click.echo("", err=True)
    for problem in summary.skipped:
        click.echo(f"skipped: {problem}", err=True)
    for note in summary.notes:
        click.echo(f"note: {note}", err=True)
    click.echo("\n".join(summary.totals()))
    if summary.skipped:
        sys.exit(SKIPPED_EXIT)


@main.command()
@db_option
@neo4j_options
@one_line_errors
def stats(db, neo4j_uri, database) -> None:
    """Counts of nodes by label and relationships by type."""
    counts = api.stats(db, neo4j_settings(neo4j_uri, database))
    width = max(map(len, counts)) if counts else 0
    for name, count in counts.items():
        click.echo(f"{name:<{width}}  {count}")


def _params(pairs: tuple[str, ...]) -> dict:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--param")
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value  # plain strings need no JSON quotes
    return params


@main.command()
@click.argument("cypher", metavar="NAME_OR_CYPHER", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Query parameter; VALUE is JSON when it parses as JSON, else a string "
                   "(always a string for library queries).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--list", "list_library", is_flag=True, help="List the query library: names, questions, parameters.")
@db_option
@neo4j_options
@one_line_errors
def query(cypher, params, fmt, list_library, db, neo4j_uri, database) -> None:
    """Run a library query by NAME (see --list) or Cypher (values go in --param, never into the text).

    A library parameter naming an actor finds it by any name the resolver knows
    (see `resolve --explain`); a name no stored actor has is one line on stderr
    and exit status 1.
    """
    from .store.queries import UnknownName, bind, is_query_name

    if list_library:
        _print_library()
        return
    if not cypher:
        raise CommandError("give a library query NAME (see --list) or Cypher text")
    if is_query_name(cypher):
        values = _text_params(params)  # every library parameter is text: ids, names, dates
        bind(cypher, values)  # a bad name or parameter fails before any connection
        try:
            columns, rows = api.named_query(cypher, values, db, neo4j_settings(neo4j_uri, database))
        except UnknownName as unknown:  # nothing to find for that input: not an empty answer
            click.echo(str(unknown), err=True)
            sys.exit(NOT_FOUND_EXIT)
    else:
        columns, rows = api.query(cypher, _params(params), db, neo4j_settings(neo4j_uri, database))
    _print_rows(columns, rows, fmt)


def _text_params(pairs: tuple[str, ...]) -> dict:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint="--param")
        params[name] = value
    return params


def _print_library() -> None:
    from .store.queries import list_queries

    for name, info in list_queries().items():
        click.echo(f"{name}: {info.question}")
        for param, description in info.params.items():
            click.echo(f"    -p {param}=...  {description}")


def _print_rows(columns: list[str], rows: list[list], fmt: str) -> None:
    if fmt == "json":
        click.echo(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, default=str, indent=1))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows([_cell(v) for v in row] for row in rows)
    else:
        click.echo("\t".join(columns))
        for row in rows:
            click.echo("\t".join(_cell(v) for v in row))


def _cell(value) -> str:
    """A value as table and CSV cells show it: dates in ISO form, lists and maps as JSON
    (which a spreadsheet or script can read back), never Python's repr."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


@main.command(name="sync")
@db_option
@neo4j_options
@one_line_errors
def sync_command(db, neo4j_uri, database) -> None:
    """Copy the embedded store (--db) into Neo4j without reading articles again."""
    settings = neo4j_settings(neo4j_uri or "env", database)
    stats = api.sync(db, settings)
    # The store refuses a URI holding credentials, so the one shown here has none.
    click.echo(f"synced {db} into Neo4j at {settings['uri']}")
    click.echo(f"nodes added:       {stats.nodes_created}   updated: {stats.nodes_updated}")
    click.echo(f"edges added:       {stats.edges_created}   updated: {stats.edges_updated}"
               + (f"   skipped: {stats.edges_skipped}" if stats.edges_skipped else ""))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["json", "graphml", "gexf"]), default="json", show_default=True)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="File to write; - for standard output.")
@db_option
@neo4j_options
@one_line_errors
def export(fmt, output, db, neo4j_uri, database) -> None:
    """Write the whole graph as networkx node-link JSON, GraphML or GEXF."""
    if output == "-":
        graph = _export_to_stdout(fmt, db, neo4j_settings(neo4j_uri, database))
    else:
        graph = api.export(output, fmt, db, neo4j_settings(neo4j_uri, database))
    click.echo(f"wrote {output}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges",
               err=output == "-")


def _export_to_stdout(fmt: str, db, neo4j):
    """The writers take a file path: write to a temporary file, then copy it out."""
    import shutil
    import tempfile

    with tempfile.TemporaryDirectory(prefix="graph-builder-export-") as folder:
        path = Path(folder) / f"graph.{fmt}"
        graph = api.export(path, fmt, db, neo4j)
        with open(path, "rb") as handle:
            shutil.copyfileobj(handle, sys.stdout.buffer)
    return graph


@main.command(name="eval")
@click.option("--gold", required=True, type=click.Path(exists=True), help="Folder of gold annotations.")
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option("--json", "json_path", type=click.Path(dir_okay=False), help="Write every miss and false positive here.")
@click.option("--min", "minimums", multiple=True, metavar="KEY=VALUE",
              help="Fail (exit 1) below this bar, e.g. event_f1_country=0.85 or negatives=0 (a maximum).")
@click.option("--published", callback=parse_date, help="Publication date (YYYY-MM-DD) for every input.")
@click.option("--judgements", type=click.Path(dir_okay=False), help="Analyst judgements file (JSON lines).")
@one_line_errors
def evaluate(gold, inputs, json_path, minimums, published, judgements) -> None:
    """Score extraction against gold annotations (loads INPUTS into a throw-away store)."""
    from .eval import check_minimums, format_table, parse_threshold_text

    for minimum in minimums:
        parse_threshold_text(minimum)  # a mistyped bar fails now, not after the evaluation
    report, summary = api.evaluate(gold, inputs, published=published, judgements=judgements)
    for problem in summary.skipped:
        click.echo(f"skipped: {problem}", err=True)
    click.echo(format_table(report))
    if json_path:
        with open(json_path, "w", encoding="utf-8") as handle:
            json.dump(report.to_dict(), handle, ensure_ascii=False, indent=1)
    failures = check_minimums(report, list(minimums))
    for failure in failures:
        click.echo(f"below bar: {failure}", err=True)
    if failures:
        sys.exit(1)


ANSWERS = {"s": "same", "d": "different", "u": "unsure"}


@main.command()
@click.option("--review", is_flag=True, help="List uncertain pairs of entities and record decisions on them.")
@click.option("--explain", "explain_name", metavar="NAME", help="Show why a mention named NAME lands where it does.")
@click.option("--label", type=click.Choice(ENTITY_LABELS), help="The label of NAME for --explain.")
@click.option("--decisions", type=click.Path(exists=True, dir_okay=False),
              help='Apply decisions from a file: JSON lines {"a": id, "b": id, "judgement": "same"}.')
@click.option("--prompt/--no-prompt", "ask", default=None,
              help="Ask for a decision on each pair (default: when stdin is a terminal).")
@click.option("--who", default=None, help="Who decides (default: the login name).")
@click.option("--judgements", type=click.Path(dir_okay=False),
              help="Analyst judgements file (default data/judgements.jsonl).")
@db_option
@neo4j_options
@one_line_errors
def resolve(review, explain_name, label, decisions, ask, who, judgements, db, neo4j_uri, database) -> None:
    """Review and correct how names were resolved to entities."""
    if not (review or explain_name or decisions):
        raise CommandError("give --review, --decisions FILE or --explain NAME")
    settings = neo4j_settings(neo4j_uri, database)
    if explain_name:
        for explanation in api.explain(explain_name, label, db, settings, judgements):
            click.echo("\n".join(explanation.lines()))
        return
    with api.judging(db, settings, judgements, who) as session:
        if decisions:
            for change in session.apply_file(decisions):
                click.echo(change)
            return
        _review(session, sys.stdin.isatty() if ask is None else ask)


def _review(session, ask: bool) -> None:
    pairs = session.pairs()
    if not pairs:
        click.echo("no uncertain pairs")
    for number, pair in enumerate(pairs, start=1):
        if session.current(pair.a["id"]) == session.current(pair.b["id"]):
            continue  # merged by an earlier answer
        click.echo(f"[{number}/{len(pairs)}] {pair.a['label']}  score {pair.score:.0f}  "
                   f"({pair.names[0]!r} / {pair.names[1]!r})")
        for side, entity in (("a", pair.a), ("b", pair.b)):
            _show_entity(side, entity, session.context(entity))
        if not ask:
            continue
        answer = click.prompt("same (s), different (d), unsure (u), skip, quit", default="skip",
                              type=click.Choice(["s", "d", "u", "skip", "quit"]), show_choices=False)
        if answer == "quit":
            return
        if answer != "skip":
            click.echo(session.decide(pair.a["id"], pair.b["id"], ANSWERS[answer]))


def _show_entity(side: str, entity: dict, context) -> None:
    aliases = [a for a in entity.get("aliases") or [] if a != entity["name"]]
    shown_aliases = f"  aliases: {', '.join(aliases)}" if aliases else ""
    click.echo(f"  {side}: {entity['id']}  {entity['name']!r}{shown_aliases}")
    shown = context.articles[:5]
    more = f" (+{len(context.articles) - 5})" if len(context.articles) > 5 else ""
    click.echo(f"     articles: {', '.join(shown) or 'none'}{more}")
    for example in context.examples:
        click.echo(f"     e.g. {example}")


if __name__ == "__main__":  # pragma: no cover
    main()
