'use strict';
const test = require('node:test');
const assert = require('node:assert');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { readConfig } = require('../config');
const { loadPort } = require('../server');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
const good = path.join(dir, 'good.json');
const bad = path.join(dir, 'bad.json');
fs.writeFileSync(good, '{"port": 9000}');
fs.writeFileSync(bad, '{nope');

test('readConfig returns a promise of the object', async () => {
  assert.strictEqual(readConfig.constructor.name, 'AsyncFunction');
  assert.deepStrictEqual(await readConfig(good), { port: 9000 });
});

test('errors reject', async () => {
  await assert.rejects(readConfig(bad), SyntaxError);
  await assert.rejects(readConfig(path.join(dir, 'missing.json')), { code: 'ENOENT' });
});

test('loadPort awaits', async () => {
  assert.strictEqual(await loadPort(good), 9000);
});
