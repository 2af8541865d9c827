import test from 'node:test';
import assert from 'node:assert';
import { readFileSync } from 'node:fs';
import { clamp } from '../src/math.mjs';
import { volumeLabel } from '../src/app.mjs';

test('clamp lives in math.mjs', () => {
  assert.strictEqual(clamp(5, 0, 3), 3);
  assert.strictEqual(clamp(-1, 0, 3), 0);
  const app = readFileSync(new URL('../src/app.mjs', import.meta.url), 'utf8');
  assert.doesNotMatch(app, /function clamp/);
  assert.match(app, /from '\.\/math\.mjs'/);
});

test('app still works', () => {
  assert.strictEqual(volumeLabel(1.7), 'volume 100%');
  assert.strictEqual(volumeLabel(0.25), 'volume 25%');
});
