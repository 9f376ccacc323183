"""Prefill: translation memory and machine translation of untranslated entries, safely."""
