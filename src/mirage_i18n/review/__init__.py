"""The review page of a translator pack: build it, and read back the file it saves."""
