"""Apply, undo and verify: a reviewed selection of a run's hunks → the user's work tree, index and a
commit with trailers ★, and back. The only package that writes to the user's repository."""
