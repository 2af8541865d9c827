'use strict';

const calls = [];
const DATA = { NO: { name: 'Norway' }, IT: { name: 'Italy' } };

function fetch(code) {
  calls.push(code);
  if (!DATA[code]) throw new Error(`unknown country ${code}`);
  return { ...DATA[code], code };
}

module.exports = { fetch, calls };
