"""The public surface: ``__all__`` lists exactly the public names, and they exist."""

from __future__ import annotations

import graphlib_conflict as gc


def test_all_lists_exactly_the_public_names():
    public = {name for name in vars(gc) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(gc, name)).__name__ == "module"}
    assert set(gc.__all__) == public - modules
    assert gc.__all__ == sorted(gc.__all__, key=str.lower) or gc.__all__ == sorted(gc.__all__)


def test_exception_tree():
    assert issubclass(gc.DatasetError, gc.GraphlibConflictError)
    assert issubclass(gc.DateError, ValueError)
    assert issubclass(gc.ActorNotFound, KeyError)
