"""Allocation across everyone waiting, and the market's gaps: the bridge from stored cases to
`matcher.scoring.allocation` and `matcher.scoring.relaxation`."""
