"""The PTCE référentiel's pages (issue 24): campaigns, answering, results."""
