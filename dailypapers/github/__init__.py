"""GitHub: the API client the run shares, the README stored in a repository, and the issue
notifier."""
