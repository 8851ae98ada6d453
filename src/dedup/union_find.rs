//! Union-find (disjoint sets) over card indices, with "keep apart" constraints.
//!
//! The near-copy tier joins cards only through high-precision edges; a drafter's
//! `keep_apart` decision must win over any chain of such edges, so [`UnionFind::union`]
//! refuses a union that would put two kept-apart cards into one set.

use super::hash::FastMap;

/// Why a union was not made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Union {
    /// The two sets were joined.
    Joined,
    /// Already one set.
    Same,
    /// A keep-apart constraint forbids it.
    Blocked,
}

/// Disjoint sets of `0..n` with union by size and path halving.
pub(crate) struct UnionFind {
    parent: Vec<u32>,
    size: Vec<u32>,
    /// For a root: the cards that must never join its set.
    apart: FastMap<u32, Vec<u32>>,
}

impl UnionFind {
    /// `n` singleton sets.
    pub(crate) fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
            apart: FastMap::default(),
        }
    }

    /// The root of `x`'s set.
    pub(crate) fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let grand = self.parent[self.parent[x as usize] as usize];
            self.parent[x as usize] = grand;
            x = grand;
        }
        x
    }

    /// Records that `a` and `b` must never be in one set. Call before any union.
    pub(crate) fn keep_apart(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        self.apart.entry(ra).or_default().push(b);
        self.apart.entry(rb).or_default().push(a);
    }

    /// Would joining the sets of `a` and `b` violate a constraint?
    pub(crate) fn blocked(&mut self, a: u32, b: u32) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        for (root, other) in [(ra, rb), (rb, ra)] {
            let list = self.apart.get(&root).cloned().unwrap_or_default();
            if list.into_iter().any(|c| self.find(c) == other) {
                return true;
            }
        }
        false
    }

    /// Joins the sets of `a` and `b` unless a keep-apart constraint forbids it.
    pub(crate) fn union(&mut self, a: u32, b: u32) -> Union {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return Union::Same;
        }
        if !self.apart.is_empty()
            && (self.apart.contains_key(&ra) || self.apart.contains_key(&rb))
            && self.blocked(a, b)
        {
            return Union::Blocked;
        }
        let (big, small) = if self.size[ra as usize] >= self.size[rb as usize] {
            (ra, rb)
        } else {
            (rb, ra)
        };
        self.parent[small as usize] = big;
        self.size[big as usize] += self.size[small as usize];
        if let Some(list) = self.apart.remove(&small) {
            self.apart.entry(big).or_default().extend(list);
        }
        Union::Joined
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keep_apart_blocks_transitive_chains() {
        let mut uf = UnionFind::new(4);
        uf.keep_apart(0, 2);
        assert_eq!(uf.union(0, 1), Union::Joined);
        assert_eq!(uf.union(1, 2), Union::Blocked);
        assert_eq!(uf.union(2, 3), Union::Joined);
        assert_eq!(uf.union(3, 0), Union::Blocked);
        assert_eq!(uf.union(1, 0), Union::Same);
        assert_ne!(uf.find(0), uf.find(2));
    }
}
