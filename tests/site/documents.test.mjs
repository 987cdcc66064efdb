// The records page's reading of contexts as documents (static-site/js/documents.js), without a browser:
// titles from context_titles, and old records whose one context is Dify's Python dict text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextDocuments, readPythonLiteral } from '../../static-site/js/documents.js';

test('context_titles name the contexts they sit beside; a null or missing title is none', () => {
  const docs = contextDocuments({ contexts: ['Refunds within 30 days.', 'Ships in 3 days.', 'Third.'], context_titles: ['returns.md', null] });
  assert.deepEqual(docs.map((d) => d.title), ['returns.md', null, null]);
  assert.deepEqual(docs.map((d) => d.content), ['Refunds within 30 days.', 'Ships in 3 days.', 'Third.']);
});

test("one context of Dify's Python dict text is read as its documents, metadata kept apart", () => {
  const text = "[{'metadata': {'_source': 'knowledge', 'dataset_id': 'ds-1', 'score': 0.91, 'doc_metadata': None, 'ok': True}, 'title': '退货政策.pdf', 'content': 'It\\'s 30 days.\\n第二行'}, "
    + "{'metadata': {'document_name': 'shipping.md'}, 'title': None, 'content': \"say \\\"hi\\\" \\u00e9\"}]";
  const docs = contextDocuments({ contexts: [text] });
  assert.deepEqual(docs, [
    { title: '退货政策.pdf', content: "It's 30 days.\n第二行", metadata: { _source: 'knowledge', dataset_id: 'ds-1', score: 0.91, doc_metadata: null, ok: true } },
    { title: 'shipping.md', content: 'say "hi" é', metadata: { document_name: 'shipping.md' } },
  ]);
});

test('a JSON list of strings in one context is its contexts; anything unreadable stays as it is', () => {
  assert.deepEqual(contextDocuments({ contexts: ['["a", "b"]'] }).map((d) => d.content), ['a', 'b']);
  for (const text of ["[{'content': 'x'", "[{'title': 'no content'}]", '[1, 2]', "[__import__('os')]", 'plain [text]']) {
    assert.deepEqual(contextDocuments({ contexts: [text] }), [{ title: null, content: text, metadata: null }], text);
  }
});

test('the literal reader takes Python repr, never evaluates', () => {
  assert.deepEqual(readPythonLiteral("[1, -2.5, 'a', \"b\", None, True, False, {'k': (1, 2)}]"), [1, -2.5, 'a', 'b', null, true, false, { k: [1, 2] }]);
  assert.equal(readPythonLiteral('[os.system("x")]'), null);
  assert.equal(readPythonLiteral("['a'] trailing"), null);
});
