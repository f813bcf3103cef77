"""The spec-independent runtime of a keyspec-generated client (copied into every generated package)."""
