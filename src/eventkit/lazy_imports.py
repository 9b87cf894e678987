"""Names a package imports on first use (PEP 562), so importing the package stays cheap."""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # not `typing.TYPE_CHECKING`: no `typing` at run time (a cold import)
if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: each name in `homes` is imported from the module
    `homes[name]` when first read, then kept in the package's namespace (later reads are plain
    lookups). Any other name raises `AttributeError`, as for a module without one."""
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        __import__(home)  # `importlib.import_module` without `importlib` (and `warnings`)
        value = getattr(sys.modules[home], name)
        namespace[name] = value
        return value

    return __getattr__
