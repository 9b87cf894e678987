"""`eventkit codegen` command(s). Placeholder until its issue lands."""

from __future__ import annotations
