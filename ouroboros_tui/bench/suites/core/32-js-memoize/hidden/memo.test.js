'use strict';
const test = require('node:test');
const assert = require('node:assert');
const registry = require('../registry');
const lookup = require('../lookup');

test('each code fetched once', () => {
  registry.calls.length = 0;
  for (let i = 0; i < 3; i++) {
    assert.deepStrictEqual(lookup.countryInfo('no'), { name: 'Norway', code: 'NO' });
    lookup.countryInfo('No');
    lookup.countryInfo('IT');
  }
  assert.deepStrictEqual(registry.calls, ['NO', 'IT']);
});

test('clearCache forgets', () => {
  lookup.clearCache();
  registry.calls.length = 0;
  lookup.countryInfo('it');
  assert.deepStrictEqual(registry.calls, ['IT']);
  assert.throws(() => lookup.countryInfo('zz'));
});
