// Reads a dataset file in the browser to preview it before it is sent: the columns it has, which
// sample field each one is (RAGAS names included), and its samples numbered as the server names
// them in errors: CSV rows as a spreadsheet shows them (the header is row 1), JSONL lines as an
// editor does. The server still validates everything; this only shows what will be sent.

export const FIELDS = ['question', 'answer', 'contexts', 'ground_truth', 'id'];
export const RAGAS = { user_input: 'question', response: 'answer', retrieved_contexts: 'contexts', reference: 'ground_truth' };

/** 'csv' | 'jsonl' from the file name, else from its first character. */
export function formatOf(name, text) {
  const lower = String(name ?? '').toLowerCase();
  if (/\.(jsonl|ndjson)$/.test(lower)) return 'jsonl';
  if (/\.(csv|tsv|txt)$/.test(lower)) return 'csv';
  return text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

export const contentTypeOf = (format) => (format === 'jsonl' ? 'application/x-ndjson' : 'text/csv');

/** What a column or property name means for a sample: { field, alias } or { tag } or { ignored }. */
export function fieldOf(name) {
  const key = String(name ?? '').trim().toLowerCase().replace(/^\uFEFF/, '');
  if (FIELDS.includes(key)) return { field: key };
  if (RAGAS[key]) return { field: RAGAS[key], alias: key };
  if (key.startsWith('metadata.') && key.length > 9) return { tag: String(name).trim().slice(9) };
  if (key === 'metadata') return { tag: '*' };
  return { ignored: true };
}

/**
 * Parses the file: { format, columns: [{name, field?, alias?, tag?, ignored?}], samples: [{n, label, values, error?}], total }.
 * samples holds at most `keep` samples; `total` counts them all.
 */
export function readDataset(text, { name = '', keep = 5000 } = {}) {
  const body = text.replace(/^\uFEFF/, '');
  const format = formatOf(name, body);
  return format === 'jsonl' ? readJsonl(body, keep) : readCsv(body, keep);
}

function readJsonl(text, keep) {
  const samples = [];
  const names = new Set();
  let total = 0;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) return;
    total += 1;
    if (samples.length >= keep) return;
    const n = i + 1;
    try {
      const value = JSON.parse(line);
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not an object');
      for (const key of Object.keys(value)) names.add(key);
      const values = {};
      for (const [key, v] of Object.entries(value)) {
        const f = fieldOf(key);
        if (f.field) values[f.field] = v;
        else if (key === 'metadata' && v && typeof v === 'object') values.metadata = v;
      }
      samples.push({ n, label: 'line', values });
    } catch {
      samples.push({ n, label: 'line', values: {}, unreadable: line.slice(0, 200) });
    }
  });
  return { format: 'jsonl', columns: [...names].map((c) => ({ name: c, ...fieldOf(c) })), samples, total };
}

function readCsv(text, keep) {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const separator = [',', ';', '\t'].map((s) => [s, firstLine.split(s).length - 1]).sort((a, b) => b[1] - a[1])[0];
  const sep = separator[1] > 0 ? separator[0] : ',';
  const records = parseCsv(text, sep);
  const header = records.shift() ?? [];
  const columns = header.map((c) => ({ name: c.trim(), ...fieldOf(c) }));
  const samples = [];
  let total = 0;
  records.forEach((cells, i) => {
    if (!cells.some((c) => c.trim() !== '')) return;
    total += 1;
    if (samples.length >= keep) return;
    const values = {};
    columns.forEach((col, j) => {
      const cell = cells[j] ?? '';
      if (cell === '') return;
      if (col.field) values[col.field] = col.field === 'contexts' ? contextsOf(cell) : cell;
      else if (col.tag) (values.metadata ??= {})[col.tag] = cell;
    });
    // The header is row 1, so the first record is row 2, blank rows included.
    samples.push({ n: i + 2, label: 'row', values });
  });
  return { format: 'csv', columns, samples, total, separator: sep };
}

/** A contexts cell is a JSON array or one string. */
function contextsOf(cell) {
  const trimmed = cell.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed = JSON.parse(trimmed);
      if (Array.isArray(parsed)) return parsed;
    } catch { /* one string then; the server says if it meant otherwise */ }
  }
  return cell;
}

/** RFC 4180: quoted cells may hold the separator, quotes ("") and line breaks; one record per row. */
export function parseCsv(text, sep = ',') {
  const records = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { cell += '"'; i += 1; } else quoted = false;
      } else cell += ch;
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === sep) {
      row.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      records.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    records.push(row);
  }
  return records;
}

/** "row 5.contexts" -> { label: 'row', n: 5, field: 'contexts' }; other keys -> null. */
export function sampleKey(key) {
  const m = /^(row|line|samples\[)\s*(\d+)\]?(?:\.(.+))?$/.exec(String(key).trim());
  if (!m) return null;
  return { label: m[1] === 'samples[' ? 'index' : m[1], n: Number(m[2]), field: m[3] ?? null };
}
