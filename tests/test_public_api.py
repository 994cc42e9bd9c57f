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


def test_shipped_vocabulary_reads_whole():
    vocab = gc.Vocabulary.default()
    assert len(vocab.relation_types) == 18
    assert vocab.relation_types.loc["supports", "description"] == (
        "Source backs target (military, political or financial backing).")
    assert vocab.relation_types["description"].str.endswith(".").all()
    assert vocab.actor_types["description"].str.endswith(".").all()
