// Checks Cypher statements with Neo4j's own Cypher front end.
//
// stdin:  {"schema": {labels, relationshipTypes, propertyKeys, graphSchema},
//          "statements": [{"name": ..., "query": ..., "params": {"name": null, ...},
//                          "mapKeys": [keys read from parameter maps, e.g. "src"]}]}
// stdout: {"findings": [{"name", "severity", "message", "line", "column"}]}
// Line and column are 1-based, within the statement's query text.
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

const SEVERITY = { 1: 'error', 2: 'warning', 3: 'information', 4: 'hint' };

// The package ships the signatures of Neo4j's functions and procedures with
// its test data, plugins included. Declaring those of a plain Neo4j makes a
// call to anything else (a plugin's function, or one only the embedded store
// knows) a finding.
const PLUGIN_NAMESPACES = ['apoc.', 'gds.'];

function withoutPlugins(registry) {
  const result = {};
  for (const [version, entries] of Object.entries(registry)) {
    result[version] = Object.fromEntries(
      Object.entries(entries).filter(([name]) => !PLUGIN_NAMESPACES.some((ns) => name.startsWith(ns))),
    );
  }
  return result;
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function lint(statement, schema) {
  const dbSchema = {
    ...schema,
    // The front end takes `row.src` for a stored property; keys of parameter
    // maps are declared for the statement that reads them.
    propertyKeys: [...(schema.propertyKeys ?? []), ...(statement.mapKeys ?? [])],
    parameters: statement.params ?? {},
  };
  const { diagnostics } = lintCypherQuery(statement.query, dbSchema);
  return diagnostics.map((d) => ({
    name: statement.name,
    severity: SEVERITY[d.severity] ?? String(d.severity),
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
  }));
}

const input = JSON.parse(await readStdin());
const schema = {
  ...input.schema,
  functions: withoutPlugins(testData.mockSchema.functions),
  procedures: withoutPlugins(testData.mockSchema.procedures),
};
const findings = input.statements.flatMap((statement) => lint(statement, schema));
process.stdout.write(JSON.stringify({ findings }) + '\n');
