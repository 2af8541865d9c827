'use strict';

function fmtPrice(cents, currency = 'EUR') {
  return `${(cents / 100).toFixed(2)} ${currency}`;
}

module.exports = { fmtPrice };
