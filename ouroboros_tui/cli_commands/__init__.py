"""Bodies of the CLI commands, one module per group; each function returns the exit code."""
