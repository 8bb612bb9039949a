"""The stages, in the order a run applies them: ingest (files → documents), segment,
terms (protect before the engine, restore after), resume (documents an interrupted run
finished), translate, localize, qa. Each is a callable `Document -> Document`."""
