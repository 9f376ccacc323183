"""mirage_i18n: English master news → gettext catalogues → every partner language."""

__version__ = "0.1.0"
