"""Source texts: Markdown articles and newsletters with YAML front matter, and shared texts."""
