"""Search care and housing in parallel for one case: the bridge from stored listings to `matcher.scoring`."""
