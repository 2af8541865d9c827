'use strict';

const fs = require('node:fs');

function readConfig(path, callback) {
  fs.readFile(path, 'utf8', (error, text) => {
    if (error) {
      callback(error);
      return;
    }
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (parseError) {
      callback(parseError);
      return;
    }
    callback(null, parsed);
  });
}

module.exports = { readConfig };
