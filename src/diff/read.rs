//! Reading revisions into blocks.
