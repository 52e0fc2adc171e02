"""Allows ``python -m dailypapers``, the same as the ``daily-papers`` console script."""

from dailypapers.entry.cli import main

raise SystemExit(main())
