// Validates every Kubernetes and KEDA manifest under the given directories against the official OpenAPI schemas
// (kubernetes-models, @kubernetes-models/keda), checks that each kustomization.yaml lists exactly the manifests of its
// directory (as resources, or as patches, which are partial objects and not validated alone), and proves the
// validator is live: every file under fixtures/broken must be REJECTED.
// Usage: node validate.mjs <dir>...   Exit code 0 only when everything holds.
import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { join, basename, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));

async function modelFor(apiVersion, kind) {
  const module = apiVersion.startsWith("keda.sh/")
    ? await import(`@kubernetes-models/keda/${apiVersion}`)
    : await import(`kubernetes-models/${apiVersion}`);
  const Model = module[kind];
  if (!Model) throw new Error(`unknown kind ${kind} in ${apiVersion}`);
  return Model;
}

/** Problems of one file (empty when valid). */
async function problems(file) {
  const found = [];
  const documents = parseAllDocuments(readFileSync(file, "utf8"));
  for (const [i, document] of documents.entries()) {
    if (document.errors.length) { found.push(`${file} document ${i}: YAML: ${document.errors[0].message}`); continue; }
    const object = document.toJS();
    if (object == null) continue;
    if (!object.apiVersion || !object.kind) { found.push(`${file} document ${i}: apiVersion and kind are required`); continue; }
    try {
      const Model = await modelFor(object.apiVersion, object.kind);
      new Model(object).validate();
    } catch (e) {
      found.push(`${file} document ${i} (${object.kind} ${object.metadata?.name ?? "?"}): ${e.message.split("\n").slice(0, 6).join(" | ")}`);
    }
  }
  return found;
}

/** The kustomization's own files: resources (objects, validated) and patches (partial objects, only listed). */
function kustomization(dir) {
  const path = join(dir, "kustomization.yaml");
  if (!existsSync(path)) return null;
  const k = parseAllDocuments(readFileSync(path, "utf8"))[0].toJS();
  const isDirectory = (f) => existsSync(join(dir, f)) && statSync(join(dir, f)).isDirectory();
  const resources = (k.resources ?? []).filter((f) => !isDirectory(f));
  const bases = [...(k.resources ?? []), ...(k.components ?? [])].filter((f) => isDirectory(f));
  const patches = (k.patches ?? []).map((p) => p.path).filter((f) => f);
  return { path, resources, bases, patches };
}

function kustomizationProblems(dir) {
  const k = kustomization(dir);
  if (!k) return [`${dir}: kustomization.yaml is missing`];
  const listed = new Set([...k.resources, ...k.patches]);
  const present = readdirSync(dir).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml");
  const found = [];
  for (const f of present) if (!listed.has(f)) found.push(`${k.path}: ${f} is not listed in resources or patches`);
  for (const f of listed) if (!present.includes(f)) found.push(`${k.path}: lists ${f}, which does not exist`);
  for (const b of k.bases) if (!existsSync(join(dir, b, "kustomization.yaml"))) found.push(`${k.path}: ${b} has no kustomization.yaml`);
  return found;
}

let failures = 0;
let checked = 0;
for (const dir of process.argv.slice(2)) {
  for (const problem of kustomizationProblems(dir)) { console.error(`INVALID ${problem}`); failures++; }
  for (const f of kustomization(dir)?.resources ?? []) {
    checked++;
    for (const problem of await problems(join(dir, f))) { console.error(`INVALID ${problem}`); failures++; }
  }
}
const brokenDir = join(here, "fixtures", "broken");
for (const f of readdirSync(brokenDir).filter((f) => f.endsWith(".yaml"))) {
  const found = await problems(join(brokenDir, f));
  if (found.length === 0) { console.error(`VALIDATOR NOT LIVE: fixtures/broken/${f} was accepted`); failures++; }
  else console.log(`ok: fixtures/broken/${basename(f)} rejected as it should be (${found[0].slice(0, 120)}...)`);
}
console.log(`${checked} manifest file(s) checked, ${failures} problem(s)`);
process.exit(failures === 0 ? 0 : 1);
