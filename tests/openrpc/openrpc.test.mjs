// `rpc.discover` of the real `regel serve` binary, validated against the official OpenRPC
// meta-schema (@open-rpc/meta-schema) with Ajv. The binary is target/debug/regel (built by
// `cargo test`), or the one REGEL_BIN names.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import openrpcMeta from "@open-rpc/meta-schema";
import jsonSchemaMeta from "@json-schema-tools/meta-schema";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.REGEL_BIN ?? path.join(root, "target", "debug", "regel");

function discover() {
  assert.ok(existsSync(bin), `no regel binary at ${bin}: run \`cargo build -p regel-cli\` first`);
  const request = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "rpc.discover" });
  const run = spawnSync(bin, ["serve", "--policies", path.join(root, "policies")], {
    input: request + "\n",
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  const answer = JSON.parse(run.stdout.split("\n")[0]);
  assert.ok(answer.result, JSON.stringify(answer));
  return answer.result;
}

// The OpenRPC meta-schema refers to the JSON Schema meta-schema of json-schema.tools (for
// the schemas inside the document); both are loaded from their npm packages, no network.
function validator() {
  const withoutDialect = (schema) => {
    const copy = structuredClone(schema);
    // Their `$schema` names a draft-07 dialect Ajv does not know by that address.
    delete copy.$schema;
    return copy;
  };
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const jsonSchema = withoutDialect(jsonSchemaMeta.default ?? jsonSchemaMeta.jsonSchema);
  ajv.addSchema(jsonSchema);
  // The OpenRPC meta-schema names it also without the trailing slash.
  const { $id, ...unnamed } = jsonSchema;
  ajv.addSchema(unnamed, $id.replace(/\/$/, ""));
  return ajv.compile(withoutDialect(openrpcMeta.openrpcDocument));
}

test("rpc.discover is a valid OpenRPC document", () => {
  const doc = discover();
  const validate = validator();
  const valid = validate(doc);
  assert.ok(valid, JSON.stringify(validate.errors, null, 2));
});

test("the validator rejects a broken document, so the test above can fail", () => {
  const doc = discover();
  delete doc.info;
  doc.methods[0].params = "not a list";
  assert.equal(validator()(doc), false);
});

test("every method of api.md is described", () => {
  const names = discover().methods.map((m) => m.name).sort();
  for (const m of ["rpc.discover", "policies.list", "decisions.describe", "decide", "decide.batch", "check", "source.set", "diff", "shutdown"]) {
    assert.ok(names.includes(m), `${m} is missing from ${names}`);
  }
});
