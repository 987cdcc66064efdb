// Validates OpenAPI documents with @readme/openapi-parser (the OpenAPI 3.1 schema plus its own checks: duplicate
// operation ids and parameters, component names, references), independent of the .NET code that wrote them.
// Usage: node validate.mjs [file...]; default: the document the server's build writes. Exits 1 when one is invalid.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileErrors, validate } from '@readme/openapi-parser';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const files = process.argv.length > 2 ? process.argv.slice(2) : [path.join(root, 'src/ScoreJobs.Server/obj/openapi/openapi.json')];
let invalid = 0;
for (const file of files) {
  let document;
  try {
    document = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    console.error(`${file}: cannot be read as JSON: ${error.message}`);
    invalid++;
    continue;
  }
  const operations = Object.values(document.paths ?? {}).reduce((n, item) => n + Object.keys(item).length, 0);
  const result = await validate(structuredClone(document));
  if (result.valid && document.openapi?.startsWith('3.1') && operations > 0) {
    console.log(`valid: ${path.relative(process.cwd(), file)} (OpenAPI ${document.openapi}, ${operations} operations${result.warnings.length ? `, ${result.warnings.length} warnings` : ''})`);
  } else {
    console.error(`INVALID: ${file} (OpenAPI ${document.openapi}, ${operations} operations)`);
    if (!result.valid) console.error(compileErrors(result));
    invalid++;
  }
}
process.exit(invalid ? 1 : 0);
