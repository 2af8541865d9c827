'use strict';

function validateSignup(form) {
  const errors = [];
  if (typeof form.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(form.email.trim())) {
    errors.push('email');
  }
  if (!form.password || form.password.length < 8) errors.push('password');
  return errors;
}

function validateProfile(profile) {
  const errors = [];
  if (!profile.name) errors.push('name');
  if (typeof profile.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(profile.email.trim())) {
    errors.push('email');
  }
  return errors;
}

module.exports = { validateSignup, validateProfile };
