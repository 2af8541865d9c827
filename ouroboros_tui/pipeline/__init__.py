"""The run: Compressor → Reasoner → Builder → gate → retry, then the patch, its risk and the apply
glue. UI-free: it yields events that the CLI prints and the TUI turns into messages."""
