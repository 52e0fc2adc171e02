"""daily-papers: keep a README's tables of the newest arXiv papers per keyword up to date."""
