"""Building the action image on a local base and running it as the GitHub runner does."""
