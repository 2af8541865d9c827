'use strict';
const test = require('node:test');
const assert = require('node:assert');
const { joinNames } = require('../names');

test('default separator unchanged', () => {
  assert.strictEqual(joinNames(['a', 'b', 'c']), 'a, b and c');
  assert.strictEqual(joinNames(['a']), 'a');
  assert.strictEqual(joinNames([]), '');
});

test('custom separator', () => {
  assert.strictEqual(joinNames(['a', 'b', 'c'], ' / '), 'a / b and c');
  assert.strictEqual(joinNames.length, 1, 'separator has a default, so length counts one parameter');
});
