"""The scripting API (docs/api.md): Reasoner, Builder, GeneratedPatch, ProvenanceLogger and the preset
constants, built on the same pipeline, apply and run folder as the CLI and the TUI."""
