"""arXiv, the paper source: its API client, its Atom answers, and its announcement schedule."""
