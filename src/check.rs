//! `check`: cards, blueprint and decisions validated together, for CI.
