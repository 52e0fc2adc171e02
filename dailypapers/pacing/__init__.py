"""Asking an HTTP API no faster than it allows: what its answers say about waiting, and the pacer
that keeps requests apart."""
