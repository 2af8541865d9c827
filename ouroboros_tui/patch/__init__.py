"""The patch model: edits parsed from a model's answer, the patch with its hunks (stable ids), risk,
and the review of a patch (decisions per hunk). Pure data and functions: no I/O, no UI."""
