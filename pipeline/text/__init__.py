"""Text tables and patterns that several stages must agree on: protected spans and their
placeholders, clock times and URLs, Spanish and English word lists, long-text cutting."""
