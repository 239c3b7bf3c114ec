"""The public, read-only site: published claims, stories, feeds, sitemap and API."""
