//! Import of recommendation cards from their sources, and loading of card files.
