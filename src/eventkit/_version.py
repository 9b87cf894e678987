"""The eventkit version, single-sourced for packaging and `eventkit --version`."""

__version__ = "0.1.0"
