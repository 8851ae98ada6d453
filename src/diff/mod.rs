//! Comparison of revisions across negotiation rounds (zero draft → Rev.1 → Rev.2 …).
