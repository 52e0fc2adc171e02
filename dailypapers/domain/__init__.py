"""The words every layer shares: a paper, a section, the README's columns and page budget, the
errors, the ports the run talks through, and the plain-text rules. It imports nothing of ours, so
that every other part may import it without pulling in another."""
