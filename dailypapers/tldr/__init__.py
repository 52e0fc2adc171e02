"""One-sentence TL;DRs of new papers, from a chat-completions model of the owner's choice."""
