"""The two ways in: the local command and the container action, with what each talks to on its
side (the runner's environment and workflow commands, the terminal, the README on disk)."""
