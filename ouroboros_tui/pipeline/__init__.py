"""Generating a run: Compressor → Reasoner → Builder → gate → retry, ending in a patch. UI-free: it
yields events (runs.events) that the CLI prints and the TUI turns into messages; nothing is written."""
