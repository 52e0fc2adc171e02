"""The steps of a run that talk to the paper source and the TL;DR writer: the searches, the
relevance scores, the TL;DRs. The run (dailypapers/run.py) calls them in order."""
