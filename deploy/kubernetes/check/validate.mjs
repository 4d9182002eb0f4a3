// Checks Kubernetes objects offline, as an API server with strict field validation would: each object against the
// Kubernetes API's schema for its apiVersion and kind (types, required fields, formats, enums: the kubernetes-models
// package), and every field name against the API's types (from the same package's type declarations), since those
// schemas let unknown fields through while `kubectl apply` refuses them.
//
//   kubectl kustomize deploy/kubernetes/base | node deploy/kubernetes/check/validate.mjs
//   node deploy/kubernetes/check/validate.mjs --parse-only < compose.yaml
//
// Prints one JSON object: {"objects": [every document, as JSON], "problems": ["Kind/name: what is wrong", ...]}.
// With --parse-only the documents are only parsed. Exits 0 unless the input can't be read; KubernetesManifestsTest
// reads the answer.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseAllDocuments } from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.join(here, "node_modules");
const models = path.join(modules, "kubernetes-models");

const declarations = new Map();
const documents = parseAllDocuments(readFileSync(0, "utf8"));
const problems = [];
const objects = [];
for (const document of documents) {
  if (document.errors.length > 0) {
    problems.push(`YAML: ${document.errors.map((e) => e.message).join("; ")}`);
    continue;
  }
  const object = document.toJS();
  if (object !== null && object !== undefined) {
    objects.push(object);
  }
}

if (!process.argv.includes("--parse-only")) {
  for (const object of objects) {
    await check(object);
  }
}
process.stdout.write(JSON.stringify({ objects, problems }));

async function check(object) {
  const { apiVersion, kind } = object;
  const label = `${kind}/${object.metadata?.name ?? "?"}`;
  const file = path.join(models, String(apiVersion), `${kind}.js`);
  if (typeof apiVersion !== "string" || typeof kind !== "string" || !existsSync(file)) {
    problems.push(`${label}: no Kubernetes schema for apiVersion ${apiVersion}, kind ${kind}`);
    return;
  }
  const Model = (await import(pathToFileURL(file).href))[kind];
  try {
    new Model(object).validate();
  } catch (error) {
    problems.push(`${label}: ${error.message}`);
  }
  for (const unknown of unknownFields(object, typeOf(file.replace(/\.js$/, ".d.ts")), "")) {
    problems.push(`${label}: unknown field ${unknown}`);
  }
}

// The fields of a type declaration file's interface, and where the types it names are declared.
function typeOf(file) {
  if (!declarations.has(file)) {
    const text = existsSync(file) ? readFileSync(file, "utf8") : "";
    const imports = new Map();
    for (const [, names, from] of text.matchAll(/^import \{ ([^}]+) \} from "([^"]+)";$/gm)) {
      const target = from.startsWith(".")
        ? path.resolve(path.dirname(file), from.replace(/\.js$/, "")) + ".d.ts"
        : path.join(modules, from.replace(/\.js$/, "")) + ".d.ts";
      for (const name of names.split(",")) {
        imports.set(name.trim(), target);
      }
    }
    const body = text.match(/^export interface \w+(?: extends [\w, ]+)? \{\n([\s\S]*?)^\}/m);
    const fields = new Map();
    // One field a line, at four spaces; a map's type ("{ [key: string]: string; }") runs over several lines, and
    // only its first is needed: it names no declared type, so the walk stops there.
    for (const [, name, type] of (body ? body[1] : "").matchAll(/^ {4}"([^"]+)"\??: (.+?);?$/gm)) {
      fields.set(name, type);
    }
    declarations.set(file, { imports, fields: body ? fields : null });
  }
  return declarations.get(file);
}

// Field paths in value that its declared type doesn't have; types that aren't objects (strings, numbers, maps,
// IntOrString, Quantity) end the walk.
function* unknownFields(value, declaration, where) {
  if (declaration.fields === null || value === null || typeof value !== "object" || Array.isArray(value)) {
    return;
  }
  for (const [name, child] of Object.entries(value)) {
    const type = declaration.fields.get(name);
    const at = where === "" ? name : `${where}.${name}`;
    if (type === undefined) {
      yield at;
      continue;
    }
    const element = type.match(/^Array<(\w+)>$/);
    const named = element ? element[1] : type;
    const file = declaration.imports.get(named);
    if (file === undefined) {
      continue;
    }
    const items = element ? (Array.isArray(child) ? child : []) : [child];
    for (const [index, item] of items.entries()) {
      yield* unknownFields(item, typeOf(file), element ? `${at}[${index}]` : at);
    }
  }
}
