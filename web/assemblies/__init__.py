"""General assemblies: pages.py holds the blueprint; correspondence.py and convocation.py add their routes to it
when imported here."""

from web.assemblies import convocation, correspondence

__all__ = ["convocation", "correspondence"]
