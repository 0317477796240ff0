#!/usr/bin/env node
// Checks Cypher with Neo4j 5's own front end (@neo4j-cypher/language-support,
// the parser and semantic analysis that Neo4j's tools embed), offline.
//
// It lints the text it is given, as given: send it what Neo4j runs. For a named
// query that is the file as graphdb/queries.py renders it for Neo4j
// (`load_query(name, "neo4j").text`, e.g. `CALL { WITH a ... }` given its scope
// clause `CALL (a) { ... }`), not the file as written (tests/test_cypher_lint.py
// does so, and fails a query on any diagnostic, warning or error).
//
//   stdin:  {"name": "query text", ...}
//   stdout: {"name": [{"severity": "error"|"warning", "message": "...",
//                      "line": n, "column": n}, ...], ...}
//
// line and column are 1-based. "error" is what Neo4j 5.26 would reject
// (syntax errors, semantic errors, unknown functions and procedures, wrong
// procedure arity or YIELD columns, a Cypher version other than 5); "warning"
// is everything else the front end reports (deprecations and other
// notifications). Exit status: 0 once the batch is linted, 2 on bad input.
//
// The query parameters ($name) a query uses are declared for it, since they
// are supplied at run time; the function and procedure registry is the
// built-in functions of Neo4j 5 plus the procedures listed in PROCEDURES.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

// The package's ESM build uses extension-less imports that Node cannot
// resolve, so load its CommonJS build.
const require = createRequire(import.meta.url);
const languageSupport = require('@neo4j-cypher/language-support');
const { lintCypherQuery, parseParameters, parserWrapper, testData } = languageSupport;

const CYPHER_5 = 'CYPHER 5';

// Procedures the named queries and the schema code may call on Neo4j 5.26
// Community (no APOC, no GDS), in Neo4j's own signature notation (as
// `SHOW PROCEDURES YIELD signature` prints it).
const PROCEDURES = {
  'db.index.vector.queryNodes': {
    mode: 'READ',
    signature:
      'db.index.vector.queryNodes(indexName :: STRING, numberOfNearestNeighbours :: INTEGER, ' +
      'query :: ANY) :: (node :: NODE, score :: FLOAT)',
  },
  'db.index.vector.queryRelationships': {
    mode: 'READ',
    signature:
      'db.index.vector.queryRelationships(indexName :: STRING, numberOfNearestNeighbours :: INTEGER, ' +
      'query :: ANY) :: (relationship :: RELATIONSHIP, score :: FLOAT)',
  },
  'db.index.fulltext.queryNodes': {
    mode: 'READ',
    signature:
      'db.index.fulltext.queryNodes(indexName :: STRING, queryString :: STRING, ' +
      'options = {} :: MAP) :: (node :: NODE, score :: FLOAT)',
  },
  'db.index.fulltext.queryRelationships': {
    mode: 'READ',
    signature:
      'db.index.fulltext.queryRelationships(indexName :: STRING, queryString :: STRING, ' +
      'options = {} :: MAP) :: (relationship :: RELATIONSHIP, score :: FLOAT)',
  },
  'db.index.fulltext.awaitEventuallyConsistentIndexRefresh': {
    mode: 'READ',
    signature: 'db.index.fulltext.awaitEventuallyConsistentIndexRefresh()',
  },
  'db.create.setNodeVectorProperty': {
    mode: 'WRITE',
    signature:
      'db.create.setNodeVectorProperty(node :: NODE, key :: STRING, vector :: ANY)',
  },
  'db.awaitIndex': {
    mode: 'READ',
    signature: 'db.awaitIndex(indexName :: STRING, timeOutSeconds = 300 :: INTEGER)',
  },
  'db.awaitIndexes': {
    mode: 'READ',
    signature: 'db.awaitIndexes(timeOutSeconds = 300 :: INTEGER)',
  },
  'db.labels': { mode: 'READ', signature: 'db.labels() :: (label :: STRING)' },
  'db.relationshipTypes': {
    mode: 'READ',
    signature: 'db.relationshipTypes() :: (relationshipType :: STRING)',
  },
  'db.propertyKeys': { mode: 'READ', signature: 'db.propertyKeys() :: (propertyKey :: STRING)' },
  'db.ping': { mode: 'READ', signature: 'db.ping() :: (success :: BOOLEAN)' },
  'dbms.components': {
    mode: 'DBMS',
    signature:
      'dbms.components() :: (name :: STRING, versions :: LIST<STRING>, edition :: STRING)',
  },
};

// Split on commas outside brackets, braces and parentheses.
function splitTopLevel(text) {
  const parts = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if ('([{<'.includes(ch)) depth += 1;
    if (')]}>'.includes(ch)) depth -= 1;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else {
      current += ch;
    }
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

// "name :: TYPE" or "name = default :: TYPE" -> the package's field description.
function field(text) {
  const match = /^(\w+)\s*(?:=\s*(.+?))?\s*::\s*(.+)$/.exec(text);
  if (!match) throw new Error(`cannot read signature field ${JSON.stringify(text)}`);
  const [, name, defaultValue, type] = match;
  const described = { name, type: type.trim(), description: `${name} :: ${type.trim()}`, isDeprecated: false };
  if (defaultValue !== undefined) {
    // The form Neo4j reports defaults in, which the semantic analysis reads.
    described.default = `DefaultParameterValue{value=${defaultValue}, type=${type.trim()}}`;
  }
  return described;
}

function procedureFromSignature(name, { mode, signature }) {
  const match = /^([\w.]+)\((.*?)\)(?:\s*::\s*\((.*)\))?$/.exec(signature);
  if (!match || match[1] !== name) throw new Error(`cannot read signature ${signature}`);
  return {
    name,
    description: signature,
    mode,
    worksOnSystem: false,
    argumentDescription: splitTopLevel(match[2]).map(field),
    returnDescription: match[3] ? splitTopLevel(match[3]).map(field) : [],
    signature,
    admin: false,
    option: { deprecated: false },
  };
}

// Neo4j 5's built-in functions. The package ships them (with their
// signatures, as a Neo4j 5 server reports them) in its exported test data;
// APOC and GDS functions there are plugins, left out here.
function builtInFunctions() {
  const shipped = testData?.mockSchema?.functions?.[CYPHER_5];
  if (!shipped) throw new Error('the language-support package no longer ships the built-in function list');
  return Object.fromEntries(Object.entries(shipped).filter(([, fn]) => fn.isBuiltIn));
}

const FUNCTIONS = builtInFunctions();
const PROCEDURE_REGISTRY = Object.fromEntries(
  Object.entries(PROCEDURES).map(([name, spec]) => [name, procedureFromSignature(name, spec)]),
);

function schemaFor(query) {
  let parameters = {};
  try {
    parameters = Object.fromEntries(parseParameters(query).map((name) => [name, null]));
  } catch {
    // An unparsable query still gets its syntax errors from lintCypherQuery.
  }
  return {
    defaultLanguage: CYPHER_5,
    functions: { [CYPHER_5]: FUNCTIONS },
    procedures: { [CYPHER_5]: PROCEDURE_REGISTRY },
    parameters,
  };
}

// Neo4j 5.26 only speaks Cypher 5: a statement that selects another version
// (`CYPHER 25 MATCH ...`) is rejected there.
function versionErrors(query) {
  let statements = [];
  try {
    statements = parserWrapper.parse(query).statementsParsing ?? [];
  } catch {
    return [];
  }
  return statements
    .filter((statement) => statement.cypherVersion && statement.cypherVersion !== CYPHER_5)
    .map((statement) => ({
      severity: 'error',
      message: `${statement.cypherVersion} is selected, but the target (Neo4j 5.26 LTS) runs Cypher 5 only`,
      line: statement.command?.start?.line ?? 1,
      column: (statement.command?.start?.column ?? 0) + 1,
    }));
}

function toDiagnostic(diagnostic) {
  return {
    // LSP severities: 1 error, 2 warning, 3 information, 4 hint.
    severity: diagnostic.severity === 1 ? 'error' : 'warning',
    message: diagnostic.message,
    line: diagnostic.range.start.line + 1,
    column: diagnostic.range.start.character + 1,
  };
}

function lintOne(query) {
  try {
    const result = lintCypherQuery(query, schemaFor(query));
    const diagnostics = Array.isArray(result) ? result : result.diagnostics;
    return [...versionErrors(query), ...diagnostics.map(toDiagnostic)];
  } catch (error) {
    return [{ severity: 'error', message: `linter failed: ${error?.stack ?? error}`, line: 1, column: 1 }];
  }
}

function main() {
  let queries;
  try {
    queries = JSON.parse(readFileSync(0, 'utf8'));
  } catch (error) {
    process.stderr.write(`lint-cypher: stdin is not JSON: ${error.message}\n`);
    return 2;
  }
  if (queries === null || typeof queries !== 'object' || Array.isArray(queries)) {
    process.stderr.write('lint-cypher: expected a JSON object {"name": "query text", ...}\n');
    return 2;
  }
  const report = {};
  for (const [name, query] of Object.entries(queries)) {
    report[name] =
      typeof query === 'string'
        ? lintOne(query)
        : [{ severity: 'error', message: 'query text must be a string', line: 1, column: 1 }];
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
  return 0;
}

process.exitCode = main();
