"""The only writer: schema and views, rows, the load, the story pass, scores, outlets.

- :mod:`.schema` and :mod:`.views`: the database contract;
- :mod:`.rows`: a read article -> rows (no database);
- :mod:`.load`: inputs -> reading -> rows, in batches, then :func:`.stories.link_stories`
  and :func:`.rescore.rescore`;
- :mod:`.stories`: the corpus stage against the database (stories, copies, passages);
- :mod:`.rescore`, :mod:`.weights`, :mod:`.outlets`: scores from stored signals.
"""

from .load import LoadSummary, load
from .rescore import rescore
from .schema import SchemaConflict, ensure_schema

__all__ = ["LoadSummary", "SchemaConflict", "ensure_schema", "load", "rescore"]
