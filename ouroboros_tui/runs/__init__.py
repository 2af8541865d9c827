"""A run's data: the record (task → plan → attempts → patch → commit), the events a run emits, its
progress as a UI-free state, and how records are saved to and loaded from the run folder ★."""
