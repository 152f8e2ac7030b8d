"""What providers publish: care offers and properties, kept true with last-confirmed times."""
