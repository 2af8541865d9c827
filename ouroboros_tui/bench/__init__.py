"""`ouroboros bench`: run a suite of refactoring tasks through the real pipeline and measure it.

suite.py loads task folders, sandbox.py makes a throwaway git repository per task and runs its hidden
tests, causes.py sorts failed answers by cause, runner.py drives one task and a whole suite,
report.py totals and saves a run, compare.py diffs two saved runs. docs/bench.md has the format.
"""
