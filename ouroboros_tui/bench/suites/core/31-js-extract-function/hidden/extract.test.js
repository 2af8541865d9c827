'use strict';
const test = require('node:test');
const assert = require('node:assert');
const v = require('../validate');

test('isEmail', () => {
  assert.strictEqual(v.isEmail(' ann@example.org '), true);
  assert.strictEqual(v.isEmail('ann@example'), false);
  assert.strictEqual(v.isEmail(42), false);
});

test('both validators use it', () => {
  assert.deepStrictEqual(v.validateSignup({ email: 'x', password: 'long enough' }), ['email']);
  assert.deepStrictEqual(v.validateProfile({ name: 'A', email: 'a@b.io' }), []);
  assert.match(v.validateSignup.toString(), /isEmail\(/);
  assert.match(v.validateProfile.toString(), /isEmail\(/);
});
