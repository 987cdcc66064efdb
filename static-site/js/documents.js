// A record's contexts as documents: a title (the request's context_titles, when it has them) and the content,
// with whatever else a retriever attached kept apart as metadata. Records stored before the server unpacked
// Dify's Knowledge Retrieval output hold that output as ONE context of Python dict text
// ([{'metadata': {...}, 'title': '...', 'content': '...'}]); it is read here with a small literal reader
// (never an evaluator) and shown as the documents it lists. Anything else is shown as it is.

/** [{ title: string|null, content: string, metadata: object|null }] for a record's request. */
export function contextDocuments(request = {}) {
  const contexts = Array.isArray(request.contexts) ? request.contexts : [];
  const titles = Array.isArray(request.context_titles) ? request.context_titles : [];
  if (contexts.length === 1 && !titles.length) {
    const listed = listedDocuments(contexts[0]);
    if (listed) return listed;
  }
  return contexts.map((c, i) => ({ title: typeof titles[i] === 'string' && titles[i] ? titles[i] : null, content: String(c ?? ''), metadata: null }));
}

function listedDocuments(text) {
  if (typeof text !== 'string' || !/^\s*\[/.test(text)) return null;
  let items = null;
  try { items = JSON.parse(text); } catch { items = readPythonLiteral(text); }
  if (!Array.isArray(items) || !items.length) return null;
  const docs = [];
  for (const item of items) {
    if (typeof item === 'string') { docs.push({ title: null, content: item, metadata: null }); continue; }
    if (!item || typeof item !== 'object' || Array.isArray(item) || typeof item.content !== 'string') return null;
    const { content, title, ...rest } = item;
    const name = typeof title === 'string' && title ? title : (typeof rest.metadata?.document_name === 'string' ? rest.metadata.document_name : null);
    const keys = Object.keys(rest);
    const metadata = keys.length === 1 && keys[0] === 'metadata' && rest.metadata && typeof rest.metadata === 'object' ? rest.metadata : rest;
    docs.push({ title: name, content, metadata: Object.keys(metadata).length ? metadata : null });
  }
  return docs;
}

/** Python's repr of lists, dicts, strings, numbers, None, True and False; null when the text is anything else. */
export function readPythonLiteral(text) {
  let i = 0;
  const fail = () => { throw new SyntaxError(`unexpected input at ${i}`); };
  const space = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const value = () => {
    space();
    const c = text[i];
    if (c === '[') return sequence(']');
    if (c === '(') return sequence(')');
    if (c === '{') return dict();
    if (c === "'" || c === '"') return string();
    for (const [word, v] of [['None', null], ['True', true], ['False', false]]) {
      if (text.startsWith(word, i)) { i += word.length; return v; }
    }
    const number = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (number) { i += number[0].length; return Number(number[0]); }
    return fail();
  };
  const sequence = (close) => {
    i++;
    const items = [];
    for (;;) {
      space();
      if (text[i] === close) { i++; return items; }
      items.push(value());
      space();
      if (text[i] === ',') i++;
      else if (text[i] !== close) fail();
    }
  };
  const dict = () => {
    i++;
    const result = {};
    for (;;) {
      space();
      if (text[i] === '}') { i++; return result; }
      const key = value();
      space();
      if (text[i++] !== ':') fail();
      result[String(key)] = value();
      space();
      if (text[i] === ',') i++;
      else if (text[i] !== '}') fail();
    }
  };
  const ESCAPES = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };
  const string = () => {
    const quote = text[i++];
    let out = '';
    while (i < text.length && text[i] !== quote) {
      if (text[i] !== '\\') { out += text[i++]; continue; }
      const e = text[i + 1];
      const hex = { x: 2, u: 4, U: 8 }[e];
      if (hex) {
        const digits = text.slice(i + 2, i + 2 + hex);
        if (!/^[0-9a-fA-F]+$/.test(digits) || digits.length !== hex) fail();
        out += String.fromCodePoint(parseInt(digits, 16));
        i += 2 + hex;
      } else if (e in ESCAPES) { out += ESCAPES[e]; i += 2; } else if (e === '\n') { i += 2; } else { out += '\\'; i++; }
    }
    if (text[i++] !== quote) fail();
    return out;
  };
  try {
    const result = value();
    space();
    return i === text.length ? result : null;
  } catch {
    return null;
  }
}
