"""Ouroboros: plan, write, gate and commit code changes with an in-process language model."""

__version__ = "0.1.0"
