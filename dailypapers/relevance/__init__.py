"""Relevance, pure: the seeds a user gives (arXiv ids, a BibTeX file, interest sentences), read
and checked, and each paper's score from 0 to 1 against them, computed offline from titles and
abstracts with no model and no key. Fetching the seed papers, the Relevance column and the
``min-relevance`` filter belong to the run and the README layers."""
