'use strict';

const { readConfig } = require('./config');

function loadPort(path, callback) {
  readConfig(path, (error, config) => {
    if (error) {
      callback(error);
      return;
    }
    callback(null, config.port || 8080);
  });
}

module.exports = { loadPort };
