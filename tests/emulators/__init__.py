"""HTTP emulators of arXiv and GitHub that the tests start on 127.0.0.1."""
