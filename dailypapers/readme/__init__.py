"""The README, pure: the document parsed byte for byte, the merge of fetched papers into it, the
splices that apply the merge, and the Markdown of rows and sections."""
