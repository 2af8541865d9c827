'use strict';
const test = require('node:test');
const assert = require('node:assert');
const money = require('../lib/money');
const cart = require('../lib/cart');

test('formatPrice replaces fmtPrice', () => {
  assert.strictEqual(money.formatPrice(1999), '19.99 EUR');
  assert.strictEqual(money.fmtPrice, undefined);
});

test('the cart uses it', () => {
  const items = [{ name: 'tea', cents: 250, qty: 2 }];
  assert.deepStrictEqual(cart.cartLines(items), ['tea: 5.00 EUR']);
  assert.strictEqual(cart.cartTotal(items), '5.00 EUR');
});
