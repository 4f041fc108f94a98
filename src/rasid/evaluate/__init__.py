"""Evaluation commands (`rasid eval NAME`): each module has `main(argv) -> int`."""
