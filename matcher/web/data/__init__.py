"""Packaged map data (a package so that setuptools ships its .json); see LICENCE.txt beside it."""
