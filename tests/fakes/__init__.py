"""Fake services for tests; importing this package keeps HTTP off any proxy."""

import os

# HTTP tests talk only to servers they start on 127.0.0.1; never through a proxy.
os.environ["NO_PROXY"] = "127.0.0.1,localhost"
os.environ["no_proxy"] = "127.0.0.1,localhost"
