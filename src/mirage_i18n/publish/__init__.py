"""Publishing: gate, compiled catalogues, site, newsletter and Hugo sources."""
