"""The packaged gazetteer data (a package so that setuptools ships its .tsv)."""
