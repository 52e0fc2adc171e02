"""The web page of every paper: a static site, searchable and filterable, built from the papers a
run keeps (the README's and its pages'), for GitHub Pages."""
