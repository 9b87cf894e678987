"""The quick-start demo: the example shop run end to end on local stand-ins."""
