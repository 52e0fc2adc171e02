"""The container's entry point: run the action with the runner's environment."""

import sys

from dailypapers.entry.cli import action_main

if __name__ == "__main__":
    sys.exit(action_main())
