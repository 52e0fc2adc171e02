"""What a run gives besides the README: the feeds and the papers file committed with it, and the
report of the run (log lines, job summary, the action's outputs)."""
