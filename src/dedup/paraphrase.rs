//! Tier B: paraphrase suggestions, scored from lexical features and grouped by average
//! linkage. Never merged automatically: a drafter confirms (`[[merge]]`) or dismisses
//! (`[[keep_apart]]`) each suggestion in `recommendations/decisions.toml`.
//!
//! Each Tier-A cluster contributes its representative's normalised text. For a pair of texts:
//!
//! * `word_jaccard`: IDF-weighted Jaccard similarity of their word sets,
//!   Σ_shared idf(w) / Σ_union idf(w), with idf(w) = ln((N + 1) / df(w)) over the N texts — common
//!   words ("the", "migrants") weigh almost nothing, without a stop-word list per language;
//! * `char_jaccard`: Jaccard similarity of their character-trigram sets (catches
//!   "migrant"/"migrants", "regularization"/"regularisation", and works for Chinese);
//! * `length_ratio`: shorter / longer, in words;
//! * `shared_rare_words`: words both contain that occur in at most
//!   max(3, ⌈5 % of N⌉) texts;
//! * `shared_phrases` (explanation only): runs of two or more words found in both texts
//!   that hold a rare word, with words found in more than an eighth of the texts trimmed
//!   from their ends, e.g. "2030 agenda for sustainable development".
//!
//! A pair is scored only if it shares at least [`MIN_SHARED_RARE`] rare words and its length
//! ratio is at least [`MIN_LENGTH_RATIO`]; its score is `0.6 · word_jaccard + 0.4 ·
//! char_jaccard` (a judgement call: words carry the meaning, trigrams catch inflections
//! and spelling variants; the threshold, [`super::Config::suggestion_threshold`], was read
//! off the seed's 126 cards). Pairs at or above the suggestion threshold link texts; inside each linked
//! component, groups are formed by average-linkage agglomeration (two groups join only if
//! the *mean* score over all their cross pairs, unscored pairs counting 0, reaches the
//! threshold), which, unlike single linkage, does not chain unrelated texts through one
//! shared neighbour. Components larger than [`MAX_LINKAGE`] are cut greedily around medoids.
//!
//! Up to [`ALL_PAIRS_LIMIT`] texts every pair is a candidate; above that, candidates are the
//! pairs sharing a rare word whose document frequency is at most [`MAX_POSTING`].
//!
//! No embedding model is used: the features are lexical only, so paraphrases that share
//! few words (synonyms, reordered clauses in other terms) are missed, and topical overlaps
//! that share distinctive words are suggested. A static embedding (e.g. model2vec files in
//! the repository) could be added as one more feature.

use super::hash::{hash_bytes, FastMap};
use super::near_copy::jaccard;
use super::normalize::words;

/// Pairs sharing fewer rare words are not scored.
pub const MIN_SHARED_RARE: usize = 2;
/// Pairs whose length ratio (in words) is lower are not scored.
pub const MIN_LENGTH_RATIO: f64 = 0.33;
/// Every pair is a candidate up to this many texts.
pub const ALL_PAIRS_LIMIT: usize = 3000;
/// Above [`ALL_PAIRS_LIMIT`], only words in at most this many texts generate candidates.
pub const MAX_POSTING: usize = 32;
/// Components larger than this are grouped greedily around medoids, not by full linkage.
pub const MAX_LINKAGE: usize = 400;

/// The lexical evidence for one pair.
#[derive(Debug, Clone)]
pub(crate) struct PairScore {
    pub a: u32,
    pub b: u32,
    pub score: f64,
    pub word_jaccard: f64,
    pub char_jaccard: f64,
    pub length_ratio: f64,
    /// Shared rare words, rarest first (then alphabetical).
    pub shared_rare: Vec<String>,
    /// Shared phrases (runs of two or more words in both texts, holding a rare word), in
    /// the first text's order.
    pub shared_phrases: Vec<String>,
}

/// One group of suggested texts (indices into the input), with its pairs.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub members: Vec<u32>,
    pub medoid: u32,
    pub score: f64,
    pub pairs: Vec<PairScore>,
}

struct Item {
    /// Word ids in text order.
    sequence: Vec<u32>,
    /// Distinct word ids, sorted.
    words: Vec<u32>,
    n_words: usize,
}

/// Suggests groups among `texts` (normalised). `apart(i, j)` says a drafter kept the two
/// apart. Groups are sorted by score (descending), then by first member.
pub(crate) fn suggest(
    texts: &[&str],
    threshold: f64,
    apart: &dyn Fn(u32, u32) -> bool,
) -> Vec<Group> {
    let n = texts.len();
    if n < 2 {
        return Vec::new();
    }
    let mut vocab: FastMap<&str, u32> = FastMap::default();
    let mut names: Vec<&str> = Vec::new();
    let mut df: Vec<u32> = Vec::new();
    let items: Vec<Item> = texts
        .iter()
        .map(|t| {
            let ws = words(t);
            let sequence: Vec<u32> = ws
                .iter()
                .map(|w| {
                    *vocab.entry(w).or_insert_with(|| {
                        names.push(w);
                        df.push(0);
                        (names.len() - 1) as u32
                    })
                })
                .collect();
            let mut ids = sequence.clone();
            ids.sort_unstable();
            ids.dedup();
            for &id in &ids {
                df[id as usize] += 1;
            }
            Item {
                sequence,
                words: ids,
                n_words: ws.len(),
            }
        })
        .collect();
    let idf: Vec<f64> = df
        .iter()
        .map(|&d| ((n as f64 + 1.0) / f64::from(d.max(1))).ln())
        .collect();
    let rare_df = ((n as f64 * 0.05).ceil() as u32).max(3);
    // Words in more than an eighth of the texts are trimmed from the ends of shared phrases.
    let common_df = ((n as f64 / 8.0) as u32).max(rare_df);

    // Candidate pairs: all pairs of a small collection, else pairs sharing a rare word.
    let candidates: Option<Vec<(u32, u32)>> = if n <= ALL_PAIRS_LIMIT {
        None
    } else {
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); names.len()];
        for (i, item) in items.iter().enumerate() {
            for &w in &item.words {
                let d = df[w as usize] as usize;
                if (2..=MAX_POSTING).contains(&d) {
                    postings[w as usize].push(i as u32);
                }
            }
        }
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        for list in &postings {
            for (k, &a) in list.iter().enumerate() {
                for &b in &list[k + 1..] {
                    pairs.push((a, b));
                }
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        Some(pairs)
    };
    // Character trigrams, only for texts in some candidate pair.
    let mut needed = vec![candidates.is_none(); n];
    for &(a, b) in candidates.iter().flatten() {
        needed[a as usize] = true;
        needed[b as usize] = true;
    }
    let grams: Vec<Vec<u32>> = texts
        .iter()
        .zip(&needed)
        .map(|(t, &need)| if need { trigrams(t) } else { Vec::new() })
        .collect();

    let score = |a: u32, b: u32| -> Option<PairScore> {
        let (x, y) = (&items[a as usize], &items[b as usize]);
        let (short, long) = (x.n_words.min(y.n_words), x.n_words.max(y.n_words));
        let length_ratio = if long == 0 {
            0.0
        } else {
            short as f64 / long as f64
        };
        if length_ratio < MIN_LENGTH_RATIO {
            return None;
        }
        let (mut i, mut j) = (0, 0);
        let (mut shared_w, mut union_w) = (0.0, 0.0);
        let mut rare: Vec<u32> = Vec::new();
        while i < x.words.len() || j < y.words.len() {
            let (wa, wb) = (x.words.get(i), y.words.get(j));
            match (wa, wb) {
                (Some(&p), Some(&q)) if p == q => {
                    shared_w += idf[p as usize];
                    union_w += idf[p as usize];
                    if df[p as usize] <= rare_df {
                        rare.push(p);
                    }
                    i += 1;
                    j += 1;
                }
                (Some(&p), Some(&q)) if p < q => {
                    union_w += idf[p as usize];
                    i += 1;
                }
                (Some(&p), None) => {
                    union_w += idf[p as usize];
                    i += 1;
                }
                (_, Some(&q)) => {
                    union_w += idf[q as usize];
                    j += 1;
                }
                (None, None) => break,
            }
        }
        if rare.len() < MIN_SHARED_RARE {
            return None;
        }
        let word_jaccard = if union_w > 0.0 {
            shared_w / union_w
        } else {
            0.0
        };
        let char_jaccard = jaccard(&grams[a as usize], &grams[b as usize]);
        rare.sort_by(|&p, &q| {
            df[p as usize]
                .cmp(&df[q as usize])
                .then(names[p as usize].cmp(names[q as usize]))
        });
        Some(PairScore {
            a,
            b,
            score: 0.6 * word_jaccard + 0.4 * char_jaccard,
            word_jaccard,
            char_jaccard,
            length_ratio,
            shared_rare: rare
                .iter()
                .map(|&w| names[w as usize].to_string())
                .collect(),
            shared_phrases: Vec::new(),
        })
    };

    // Candidate pairs, scored; keep those at or above the threshold, not kept apart.
    let mut scored: Vec<PairScore> = Vec::new();
    let consider = |a: u32, b: u32, scored: &mut Vec<PairScore>| {
        if let Some(mut p) = score(a, b) {
            if p.score >= threshold && !apart(a, b) {
                p.shared_phrases = phrases(
                    &items[a as usize].sequence,
                    &items[b as usize].sequence,
                    &|w| df[w as usize] <= rare_df,
                    &|w| df[w as usize] > common_df,
                )
                .into_iter()
                .map(|run| {
                    run.iter()
                        .map(|&w| names[w as usize])
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
                scored.push(p);
            }
        }
    };
    match &candidates {
        None => {
            for a in 0..n as u32 {
                for b in a + 1..n as u32 {
                    consider(a, b, &mut scored);
                }
            }
        }
        Some(pairs) => {
            for &(a, b) in pairs {
                consider(a, b, &mut scored);
            }
        }
    }
    group(n, scored, threshold, apart)
}

/// Maximal runs of words of `a` (in `a`'s order) whose every consecutive pair is also
/// consecutive somewhere in `b`, with common words trimmed from both ends, keeping runs of
/// two or more words that hold a rare word; at most 5, distinct.
fn phrases(
    a: &[u32],
    b: &[u32],
    rare: &dyn Fn(u32) -> bool,
    common: &dyn Fn(u32) -> bool,
) -> Vec<Vec<u32>> {
    let mut in_b: Vec<(u32, u32)> = b.windows(2).map(|w| (w[0], w[1])).collect();
    in_b.sort_unstable();
    let shared = |i: usize| in_b.binary_search(&(a[i], a[i + 1])).is_ok();
    let mut out: Vec<Vec<u32>> = Vec::new();
    let mut i = 0;
    while i + 1 < a.len() {
        if !shared(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i + 1 < a.len() && shared(i) {
            i += 1;
        }
        let mut run = &a[start..=i];
        while let [first, rest @ ..] = run {
            if !common(*first) {
                break;
            }
            run = rest;
        }
        while let [rest @ .., last] = run {
            if !common(*last) {
                break;
            }
            run = rest;
        }
        let run = run.to_vec();
        if run.len() >= 2 && run.iter().any(|&w| rare(w)) && !out.contains(&run) && out.len() < 5 {
            out.push(run);
        }
    }
    out
}

/// Sorted distinct hashes of the character trigrams of a normalised text (the whole text
/// when shorter than three characters).
fn trigrams(text: &str) -> Vec<u32> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out: Vec<u32> = if chars.len() < 3 {
        if text.is_empty() {
            Vec::new()
        } else {
            vec![hash_bytes(text.as_bytes(), 3) as u32]
        }
    } else {
        (0..=chars.len() - 3)
            .map(|k| {
                let start = chars[k].0;
                let end = chars.get(k + 3).map_or(text.len(), |c| c.0);
                hash_bytes(&text.as_bytes()[start..end], 3) as u32
            })
            .collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Average-linkage grouping inside the components of the scored graph.
fn group(
    n: usize,
    pairs: Vec<PairScore>,
    threshold: f64,
    apart: &dyn Fn(u32, u32) -> bool,
) -> Vec<Group> {
    // Components (small union-find by smallest index).
    let mut parent: Vec<u32> = (0..n as u32).collect();
    fn root(parent: &mut [u32], mut x: u32) -> u32 {
        while parent[x as usize] != x {
            parent[x as usize] = parent[parent[x as usize] as usize];
            x = parent[x as usize];
        }
        x
    }
    for p in &pairs {
        let (ra, rb) = (root(&mut parent, p.a), root(&mut parent, p.b));
        if ra != rb {
            let (lo, hi) = (ra.min(rb), ra.max(rb));
            parent[hi as usize] = lo;
        }
    }
    let mut components: FastMap<u32, Vec<u32>> = FastMap::default();
    for p in &pairs {
        for x in [p.a, p.b] {
            let r = root(&mut parent, x);
            components.entry(r).or_default().push(x);
        }
    }
    let scores: FastMap<(u32, u32), &PairScore> = pairs.iter().map(|p| ((p.a, p.b), p)).collect();
    let s = |a: u32, b: u32| -> f64 { scores.get(&(a.min(b), a.max(b))).map_or(0.0, |p| p.score) };
    let mut roots: Vec<u32> = components.keys().copied().collect();
    roots.sort_unstable();
    let mut groups: Vec<Group> = Vec::new();
    for r in roots {
        let mut members = components.remove(&r).unwrap_or_default();
        members.sort_unstable();
        members.dedup();
        let clusters: Vec<Vec<u32>> = if members.len() <= MAX_LINKAGE {
            average_linkage(&members, threshold, &s, apart)
        } else {
            let edges: Vec<(u32, u32, f64)> = pairs
                .iter()
                .filter(|p| root(&mut parent, p.a) == r)
                .map(|p| (p.a, p.b, p.score))
                .collect();
            around_medoids(&members, &edges, threshold, apart)
        };
        for c in clusters.into_iter().filter(|c| c.len() >= 2) {
            let medoid = *c
                .iter()
                .max_by(|&&x, &&y| {
                    let sx: f64 = c.iter().map(|&z| if z == x { 0.0 } else { s(x, z) }).sum();
                    let sy: f64 = c.iter().map(|&z| if z == y { 0.0 } else { s(y, z) }).sum();
                    sx.total_cmp(&sy).then(y.cmp(&x))
                })
                .unwrap_or(&c[0]);
            let mut inner: Vec<PairScore> = Vec::new();
            let mut total = 0.0;
            for (k, &a) in c.iter().enumerate() {
                for &b in &c[k + 1..] {
                    total += s(a, b);
                    if let Some(p) = scores.get(&(a, b)) {
                        inner.push((*p).clone());
                    }
                }
            }
            let count = (c.len() * (c.len() - 1) / 2) as f64;
            groups.push(Group {
                score: total / count,
                medoid,
                members: c,
                pairs: inner,
            });
        }
    }
    groups.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then(x.members[0].cmp(&y.members[0]))
    });
    groups
}

/// Agglomerative clustering with average linkage (UPGMA), stopping below `threshold`:
/// repeatedly joins the two groups with the highest mean cross-pair score (ties: lowest
/// indices), updating means by the Lance–Williams formula; O(k³) for k members. Never joins
/// two groups containing a kept-apart pair.
fn average_linkage(
    members: &[u32],
    threshold: f64,
    s: &dyn Fn(u32, u32) -> f64,
    apart: &dyn Fn(u32, u32) -> bool,
) -> Vec<Vec<u32>> {
    let k = members.len();
    let mut sim = vec![0.0f64; k * k];
    let mut blocked = vec![false; k * k];
    for i in 0..k {
        for j in i + 1..k {
            let (a, b) = (members[i], members[j]);
            sim[i * k + j] = s(a, b);
            sim[j * k + i] = sim[i * k + j];
            blocked[i * k + j] = apart(a, b);
            blocked[j * k + i] = blocked[i * k + j];
        }
    }
    let mut size = vec![1usize; k];
    let mut alive = vec![true; k];
    let mut groups: Vec<Vec<u32>> = members.iter().map(|&m| vec![m]).collect();
    loop {
        let mut best: Option<(f64, usize, usize)> = None;
        for i in (0..k).filter(|&i| alive[i]) {
            for j in (i + 1..k).filter(|&j| alive[j]) {
                let v = sim[i * k + j];
                if v >= threshold && !blocked[i * k + j] && best.is_none_or(|(b, _, _)| v > b) {
                    best = Some((v, i, j));
                }
            }
        }
        let Some((_, i, j)) = best else { break };
        let (si, sj) = (size[i] as f64, size[j] as f64);
        for x in (0..k).filter(|&x| alive[x] && x != i && x != j) {
            let v = (si * sim[i * k + x] + sj * sim[j * k + x]) / (si + sj);
            sim[i * k + x] = v;
            sim[x * k + i] = v;
            let b = blocked[i * k + x] || blocked[j * k + x];
            blocked[i * k + x] = b;
            blocked[x * k + i] = b;
        }
        size[i] += size[j];
        alive[j] = false;
        let moved = std::mem::take(&mut groups[j]);
        groups[i].extend(moved);
        groups[i].sort_unstable();
    }
    groups
        .into_iter()
        .zip(alive)
        .filter_map(|(g, a)| a.then_some(g))
        .collect()
}

/// Greedy grouping for large components: the member with the highest total score to the
/// remaining members becomes a medoid (ties: lowest index) and takes every remaining member
/// scoring at least `threshold` with it (unless kept apart from the group); repeat.
/// O(k² + E) for k members and E scored pairs.
fn around_medoids(
    members: &[u32],
    pairs: &[(u32, u32, f64)],
    threshold: f64,
    apart: &dyn Fn(u32, u32) -> bool,
) -> Vec<Vec<u32>> {
    let position: FastMap<u32, usize> = members.iter().enumerate().map(|(i, &m)| (m, i)).collect();
    let k = members.len();
    let mut adjacent: Vec<Vec<(usize, f64)>> = vec![Vec::new(); k];
    let mut total = vec![0.0f64; k];
    for &(a, b, score) in pairs {
        if let (Some(&i), Some(&j)) = (position.get(&a), position.get(&b)) {
            adjacent[i].push((j, score));
            adjacent[j].push((i, score));
            total[i] += score;
            total[j] += score;
        }
    }
    let mut left = vec![true; k];
    let mut out = Vec::new();
    loop {
        let mut medoid: Option<usize> = None;
        for i in (0..k).filter(|&i| left[i]) {
            if medoid.is_none_or(|m| total[i] > total[m]) {
                medoid = Some(i);
            }
        }
        let Some(m) = medoid else { break };
        let mut group = vec![m];
        for &(j, score) in &adjacent[m] {
            if left[j]
                && j != m
                && score >= threshold
                && !group.iter().any(|&g| apart(members[g], members[j]))
            {
                group.push(j);
            }
        }
        for &g in &group {
            left[g] = false;
            for &(j, score) in &adjacent[g] {
                total[j] -= score;
            }
        }
        let mut ids: Vec<u32> = group.into_iter().map(|g| members[g]).collect();
        ids.sort_unstable();
        ids.dedup();
        out.push(ids);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Scores of a chain 0 – 1 – 2 – 3 (each neighbour 0.3, all else 0) and a tight
    /// triangle 4, 5, 6 (all 0.5).
    fn chain_and_triangle(a: u32, b: u32) -> f64 {
        let (a, b) = (a.min(b), a.max(b));
        match (a, b) {
            (0, 1) | (1, 2) | (2, 3) => 0.3,
            (4, 5) | (4, 6) | (5, 6) => 0.5,
            _ => 0.0,
        }
    }

    #[test]
    fn average_linkage_does_not_chain_through_one_neighbour() {
        let groups = average_linkage(&[0, 1, 2, 3, 4, 5, 6], 0.2, &chain_and_triangle, &|_, _| {
            false
        });
        // Single linkage at 0.2 would give {0,1,2,3}; average linkage joins 0–1 and 2–3
        // only (the mean from {0,1} to 2 is 0.15).
        assert_eq!(groups, [vec![0, 1], vec![2, 3], vec![4, 5, 6]]);
    }

    #[test]
    fn average_linkage_respects_keep_apart() {
        let groups = average_linkage(&[4, 5, 6], 0.2, &chain_and_triangle, &|a, b| {
            (a.min(b), a.max(b)) == (4, 6)
        });
        assert_eq!(groups, [vec![4, 5], vec![6]]);
    }

    #[test]
    fn medoid_grouping_takes_the_best_connected_member_first() {
        let edges = [(0, 1, 0.3), (1, 2, 0.3), (2, 3, 0.3), (1, 3, 0.25)];
        let groups = around_medoids(&[0, 1, 2, 3], &edges, 0.2, &|_, _| false);
        // Member 1 has the highest total (0.85) and takes 0, 2 and 3.
        assert_eq!(groups, [vec![0, 1, 2, 3]]);
        let groups = around_medoids(&[0, 1, 2, 3], &edges, 0.28, &|_, _| false);
        assert_eq!(groups, [vec![0, 1, 2], vec![3]]);
    }

    #[test]
    fn paraphrases_score_above_unrelated_cards() {
        let texts = [
            "promote ethical recruitment and eliminate recruitment fees charged to migrant workers",
            "eliminate recruitment fees and related costs charged to migrant workers and promote fair and ethical recruitment practices",
            "develop regional early warning systems for displacement caused by disasters",
            "provide birth registration for every child born to migrant parents",
        ];
        let groups = suggest(&texts, 0.2, &|_, _| false);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].members, [0, 1]);
        let pair = &groups[0].pairs[0];
        assert!(pair.score > 0.5, "{pair:?}");
        assert_eq!(
            pair.shared_phrases,
            [
                "ethical recruitment",
                "eliminate recruitment fees",
                "charged to migrant workers"
            ]
        );
    }
}
