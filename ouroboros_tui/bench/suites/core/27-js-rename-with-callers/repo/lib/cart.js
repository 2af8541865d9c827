'use strict';

const { fmtPrice } = require('./money');

function cartLines(items) {
  return items.map((item) => `${item.name}: ${fmtPrice(item.cents * item.qty)}`);
}

function cartTotal(items) {
  return fmtPrice(items.reduce((sum, item) => sum + item.cents * item.qty, 0));
}

module.exports = { cartLines, cartTotal };
