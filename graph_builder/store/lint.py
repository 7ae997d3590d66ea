"""Check Cypher with Neo4j's own front end (tools/cypher-lint).

Two sources of statements: everything the loaders can send to Neo4j
(`graph_builder.store.cypher`, neo4j dialect) and every `.cypher` file under
cypher/. A query file declares its parameters in comment lines
`// param: name  description`; a parameter used but not declared is a finding.

Run `npm ci --prefix tools/cypher-lint` once, then
`python -m graph_builder.store.lint` (exit status 1 when anything is found).
`python -m graph_builder.store.lint --write-schema` regenerates cypher/schema.cypher.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from .. import schema
from .cypher import EDGE_ROW_KEYS, all_statements, schema_file_text

REPO = Path(__file__).resolve().parents[2]
LINT_DIR = REPO / "tools" / "cypher-lint"
CYPHER_DIR = REPO / "cypher"
PARAM_LINE = re.compile(r"^\s*//\s*param:\s*\$?([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)
TIMEOUT = 300  # seconds for the whole run


class LinterUnavailable(RuntimeError):
    """node or the linter's packages are missing."""


@dataclass(frozen=True)
class LintStatement:
    name: str
    query: str
    params: tuple[str, ...] = ()
    # Keys the statement reads from parameter maps (`row.src`). The front end
    # cannot tell them from stored properties, so they are declared as such
    # for this statement only.
    map_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class Finding:
    name: str
    severity: str
    message: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.name}:{self.line}:{self.column}: {self.severity}: {self.message}"


def db_schema() -> dict:
    """The graph as the linter's DbSchema: names, property keys and allowed patterns."""
    keys = {p.name for n in schema.NODE_TYPES for p in n.props}
    keys |= {p.name for r in schema.REL_TYPES for p in r.props}
    return {
        "labels": list(schema.LABELS),
        "relationshipTypes": list(schema.REL_NAMES),
        "propertyKeys": sorted(keys),
        "graphSchema": [
            {"from": a, "to": b, "relType": r.type} for r in schema.REL_TYPES for a, b in r.pairs
        ],
    }


def loader_statements() -> list[LintStatement]:
    found = [LintStatement(s.name, s.text, s.params, EDGE_ROW_KEYS) for s in all_statements("neo4j")]
    return found + bulk_statements()


def bulk_statements() -> list[LintStatement]:
    """The Neo4j form of each bulk creation from a staged file (the embedded store runs COPY)."""
    from .queries import bulk_create, staged_tables  # queries reads this module's constants

    found = []
    for table in staged_tables():
        text, params = bulk_create(table, "neo4j")
        ends = f" {table.pair[0]}->{table.pair[1]}" if table.pair else ""
        found.append(LintStatement(f"bulk create {table.table}{ends}", text, params, EDGE_ROW_KEYS))
    return found


def file_statements(root: Path = CYPHER_DIR) -> list[LintStatement]:
    """One entry per .cypher file; the front end splits a file's statements at `;`."""
    found = []
    for path in sorted(root.rglob("*.cypher")):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(REPO)) if path.is_relative_to(REPO) else str(path)
        found.append(LintStatement(name, text, tuple(PARAM_LINE.findall(text))))
    return found


def available() -> Optional[str]:
    """None when the linter can run, else why not."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support").is_dir():
        return f"linter packages missing: run `npm ci --prefix {LINT_DIR.relative_to(REPO)}`"
    return None


def lint(statements: Sequence[LintStatement]) -> list[Finding]:
    missing = available()
    if missing:
        raise LinterUnavailable(missing)
    payload = {
        "schema": db_schema(),
        "statements": [
            {
                "name": s.name,
                "query": s.query,
                "params": {p: None for p in s.params},
                "mapKeys": list(s.map_keys),
            }
            for s in statements
        ],
    }
    done = subprocess.run(
        ["node", str(LINT_DIR / "lint.mjs")],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=LINT_DIR,
        timeout=TIMEOUT,
    )
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"cypher-lint failed: {last}")
    return [Finding(**f) for f in json.loads(done.stdout)["findings"]]


SCHEMA_FILE = CYPHER_DIR / "schema.cypher"


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if args == ["--write-schema"]:
        SCHEMA_FILE.write_text(schema_file_text(), encoding="utf-8")
        return 0
    if args:
        print("usage: python -m graph_builder.store.lint [--write-schema]", file=sys.stderr)
        return 2
    try:
        findings = lint(loader_statements() + file_statements())
    except (LinterUnavailable, RuntimeError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for finding in findings:
        print(finding)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
