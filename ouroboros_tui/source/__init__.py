"""The repository's source as code: which files there are, their text, their grammars and their
tags (definitions and references). Read-only; used by the compressor, risk and the review."""
