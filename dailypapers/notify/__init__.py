"""Telling people what is new: the digest of a run's new papers, and the notifiers that send it."""
