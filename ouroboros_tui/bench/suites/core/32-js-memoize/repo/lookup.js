'use strict';

const registry = require('./registry');

function countryInfo(code) {
  return registry.fetch(code.toUpperCase());
}

module.exports = { countryInfo };
