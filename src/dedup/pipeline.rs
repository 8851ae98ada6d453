//! The deduplication pipeline: decisions, then Tier A (exact and near copies, merged), then
//! Tier B (paraphrases, suggested). See the module documentation of [`crate::dedup`].

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::decisions::{Decisions, SuggestionLevel};
use super::hash::{FastMap, FastSet};
use super::near_copy::{compact, exact_key, shingles, similarity, MinHasher, MAX_ANCHORS};
use super::normalize::{normalise, words};
use super::paraphrase;
use super::report::{
    round3, ClusterExplanation, Config, DecisionMerge, DedupReport, NearCopy, PairEvidence,
    Suggestion, Summary,
};
use super::union_find::{Union, UnionFind};
use super::MergedCard;
use crate::diagnostic::Diagnostic;
use crate::model::Card;

/// Runs fewer than this many cards without a progress bar.
const PROGRESS_MIN_CARDS: usize = 50_000;

/// Deduplicates `cards`: applies `decisions`, merges exact and near copies (Tier A), and
/// suggests paraphrases (Tier B) without merging them.
///
/// Every input card ends in exactly one cluster ([`DedupReport::cluster_of`]); `merged` is
/// in input order of each cluster's first member; ids and order are the same on every run.
/// Decisions naming ids absent from `cards` are ignored (they are diagnosed by
/// [`super::decisions::load`]). If two cards share an id, decisions apply to the first.
/// Runs in O(n log n) time for n cards (sorting the LSH bands; each text is compared with at
/// most [`MAX_ANCHORS`] others per band), plus Tier B: all pairs of clusters up to
/// [`paraphrase::ALL_PAIRS_LIMIT`] clusters, rare-word candidates above. Card positions are
/// `u32`: at most 4,294,967,295 cards.
pub fn dedup(cards: &[Card], decisions: &Decisions, config: &Config) -> DedupReport {
    let n = cards.len();
    let threads = if config.threads == 0 {
        std::thread::available_parallelism().map_or(1, |t| t.get())
    } else {
        config.threads
    };
    let bar = progress_bar(config, n);
    let started = std::time::Instant::now();
    let mut timings: Vec<(&'static str, f64)> = Vec::new();
    let mut lap = |name: &'static str| {
        let total: f64 = timings.iter().map(|t| t.1).sum();
        timings.push((name, started.elapsed().as_secs_f64() - total));
    };
    let mut summary = Summary {
        cards: n,
        ..Summary::default()
    };

    // Exact keys of the normalised texts, and the distinct texts ("uniques").
    stage(&bar, "normalising", n);
    // Only the 128-bit keys are kept for every card (16 bytes each); normalised texts are
    // recomputed below for the distinct ones, so that a million normalised strings never
    // coexist.
    let keys: Vec<u128> = par_map(n, threads, bar.as_ref(), |i| {
        let text = &cards[i].text;
        exact_key(&normalise(text), text)
    });
    // For each card its unique text; for each unique text its first card.
    let mut unique_of: Vec<u32> = Vec::with_capacity(n);
    let mut firsts: Vec<u32> = Vec::new();
    {
        let mut seen: FastMap<u128, u32> = FastMap::with_capacity_and_hasher(n, Default::default());
        for (i, key) in keys.into_iter().enumerate() {
            let u = *seen.entry(key).or_insert_with(|| {
                firsts.push(i as u32);
                (firsts.len() - 1) as u32
            });
            unique_of.push(u);
        }
    }
    lap("normalise and exact keys");

    // Decisions first: keep_apart constraints, then merge groups.
    let mut index: FastMap<&str, u32> = FastMap::default();
    if !decisions.merges.is_empty() || !decisions.keep_apart.is_empty() {
        for (i, card) in cards.iter().enumerate() {
            index.entry(card.id.as_str()).or_insert(i as u32);
        }
    }
    let mut uf = UnionFind::new(n);
    let mut apart_pairs: Vec<(u32, u32)> = Vec::new();
    for group in &decisions.keep_apart {
        let ids: Vec<u32> = group
            .cards
            .iter()
            .filter_map(|id| index.get(id.as_str()).copied())
            .collect();
        for (k, &a) in ids.iter().enumerate() {
            for &b in &ids[k + 1..] {
                if a != b {
                    uf.keep_apart(a, b);
                    apart_pairs.push((a, b));
                }
            }
        }
    }
    let mut applied: Vec<(u32, usize)> = Vec::new();
    // Distinct card pairs whose join a keep_apart decision prevented.
    let mut blocked: FastSet<(u32, u32)> = FastSet::default();
    for (d, group) in decisions.merges.iter().enumerate() {
        let ids: Vec<u32> = group
            .cards
            .iter()
            .filter_map(|id| index.get(id.as_str()).copied())
            .collect();
        let Some(&first) = ids.first() else { continue };
        for &other in &ids[1..] {
            match uf.union(first, other) {
                Union::Joined => summary.decision_merges += 1,
                Union::Blocked => {
                    blocked.insert((first.min(other), first.max(other)));
                }
                Union::Same => {}
            }
        }
        if ids.len() > 1 {
            applied.push((first, d));
        }
    }

    // Tier A, exact copies.
    for (i, &u) in unique_of.iter().enumerate() {
        let first = firsts[u as usize];
        if first != i as u32 {
            match uf.union(first, i as u32) {
                Union::Joined => summary.identical_copies += 1,
                Union::Blocked => {
                    blocked.insert((first, i as u32));
                }
                Union::Same => {}
            }
        }
    }

    lap("decisions and exact copies");

    // Tier A, near copies: MinHash/LSH candidates verified by exact Jaccard.
    stage(&bar, "hashing shingles", firsts.len());
    let hasher = MinHasher::new(config.bands.max(1), config.rows.max(1));
    let bands = config.bands.max(1);
    let shingled = Shingled::build(cards, &firsts, &hasher, threads, bar.as_ref());
    lap("shingles and MinHash");
    stage(&bar, "comparing candidates", bands);
    let mut near: Vec<(u32, u32, f64, f64)> = Vec::new();
    let mut entries: Vec<(u32, u32)> = Vec::with_capacity(firsts.len());
    for band in 0..bands {
        entries.clear();
        entries.extend((0..firsts.len()).map(|u| (shingled.bands[u * bands + band], u as u32)));
        entries.sort_unstable();
        for run in entries.chunk_by(|x, y| x.0 == y.0) {
            if run.len() < 2 {
                continue;
            }
            let mut anchors: Vec<u32> = Vec::new();
            for &(_, u) in run {
                let card = firsts[u as usize];
                let mut placed = false;
                for &v in &anchors {
                    let other = firsts[v as usize];
                    if uf.find(card) == uf.find(other) {
                        placed = true;
                        break;
                    }
                    let (set_u, set_v) = (shingled.set(u as usize), shingled.set(v as usize));
                    if set_u.is_empty() || set_v.is_empty() {
                        // Cards without words join only as exact copies.
                        continue;
                    }
                    let (j, c) = similarity(set_u, set_v);
                    if j >= config.near_copy_threshold
                        || (c >= config.containment_threshold
                            && j >= config.containment_min_jaccard)
                    {
                        match uf.union(other, card) {
                            Union::Joined => {
                                near.push((other, card, j, c));
                                placed = true;
                                break;
                            }
                            Union::Blocked => {
                                blocked.insert((other.min(card), other.max(card)));
                            }
                            Union::Same => {
                                placed = true;
                                break;
                            }
                        }
                    }
                }
                if !placed && anchors.len() < MAX_ANCHORS {
                    anchors.push(u);
                }
            }
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    drop(shingled);
    summary.near_copies = near.len();
    summary.kept_apart = blocked.len();
    lap("LSH candidates and verification");

    // Clusters, in input order of their first member.
    stage(&bar, "building clusters", n);
    let mut cluster_of: Vec<usize> = vec![0; n];
    let mut cluster_of_root: Vec<u32> = vec![u32::MAX; n];
    let mut members: Vec<Vec<u32>> = Vec::new();
    for i in 0..n as u32 {
        let root = uf.find(i) as usize;
        if cluster_of_root[root] == u32::MAX {
            cluster_of_root[root] = members.len() as u32;
            members.push(Vec::new());
        }
        let c = cluster_of_root[root] as usize;
        members[c].push(i);
        cluster_of[i as usize] = c;
    }
    drop(cluster_of_root);
    drop(uf);

    // Representatives: a decision's choice, else the most common normalised text.
    let mut chosen: Vec<Option<u32>> = vec![None; members.len()];
    for group in &decisions.merges {
        if let Some(&rep) = group
            .representative
            .as_ref()
            .and_then(|r| index.get(r.as_str()))
        {
            chosen[cluster_of[rep as usize]].get_or_insert(rep);
        }
    }
    let representative: Vec<u32> = members
        .iter()
        .zip(&chosen)
        .map(|(m, chosen)| match chosen {
            Some(rep) => *rep,
            None if m.len() == 1 => m[0],
            None => {
                let mut counts: FastMap<u32, (usize, u32)> = FastMap::default();
                for &i in m {
                    counts.entry(unique_of[i as usize]).or_insert((0, i)).0 += 1;
                }
                counts
                    .values()
                    .max_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)))
                    .map_or(m[0], |&(_, first)| first)
            }
        })
        .collect();

    // Tier B on the clusters' representative texts (before the merged cards are built, so
    // that its working memory is freed by then).
    stage(&bar, "scoring paraphrases", 1);
    let rep_texts: Vec<String> = par_map(representative.len(), threads, None, |c| {
        normalise(&cards[representative[c] as usize].text)
    });
    let texts: Vec<&str> = rep_texts.iter().map(String::as_str).collect();
    let apart: FastSet<(u32, u32)> = apart_pairs
        .iter()
        .map(|&(a, b)| {
            let (x, y) = (cluster_of[a as usize] as u32, cluster_of[b as usize] as u32);
            (x.min(y), x.max(y))
        })
        .collect();
    let is_apart = |x: u32, y: u32| apart.contains(&(x.min(y), x.max(y)));
    let groups = paraphrase::suggest(&texts, config.suggestion_threshold, &is_apart);
    let suggestions: Vec<Suggestion> = groups
        .into_iter()
        .map(|g| {
            let id_of = |c: u32| cards[representative[c as usize] as usize].id.clone();
            Suggestion {
                id: format!("suggest-{}", id_of(g.medoid)),
                clusters: g.members.iter().map(|&c| id_of(c)).collect(),
                medoid: id_of(g.medoid),
                score: round3(g.score),
                pairs: g
                    .pairs
                    .iter()
                    .map(|p| PairEvidence {
                        a: id_of(p.a),
                        b: id_of(p.b),
                        score: round3(p.score),
                        word_jaccard: round3(p.word_jaccard),
                        char_jaccard: round3(p.char_jaccard),
                        length_ratio: round3(p.length_ratio),
                        shared_rare_words: p.shared_rare.iter().take(8).cloned().collect(),
                        shared_phrases: p.shared_phrases.clone(),
                    })
                    .collect(),
                location: cards[representative[g.medoid as usize] as usize]
                    .origin
                    .clone(),
            }
        })
        .collect();
    drop(rep_texts);
    summary.suggestions = suggestions.len();
    lap("clusters and Tier B suggestions");

    // Explanations.
    let mut clusters: Vec<ClusterExplanation> = members
        .iter()
        .zip(&representative)
        .map(|(m, &rep)| ClusterExplanation {
            id: cards[rep as usize].id.clone(),
            size: m.len(),
            identical: identical_groups(m, &unique_of, cards),
            near_copies: Vec::new(),
            decisions: Vec::new(),
        })
        .collect();
    near.sort_unstable_by_key(|&(other, card, _, _)| (card, other));
    let edges: Vec<NearCopy> = par_map(near.len(), threads, None, |e| {
        let (other, card, j, c) = near[e];
        let (a, b) = (
            normalise(&cards[card as usize].text),
            normalise(&cards[other as usize].text),
        );
        let (wa, wb) = (words(&a), words(&b));
        NearCopy {
            card: cards[card as usize].id.clone(),
            copy_of: cards[other as usize].id.clone(),
            jaccard: round3(j),
            containment: round3(c),
            only_in_card: missing(&wa, &wb),
            only_in_copy_of: missing(&wb, &wa),
        }
    });
    for (edge, &(_, card, _, _)) in edges.into_iter().zip(&near) {
        clusters[cluster_of[card as usize]].near_copies.push(edge);
    }
    for c in &mut clusters {
        c.near_copies.shrink_to_fit();
    }
    for &(first, d) in &applied {
        let group = &decisions.merges[d];
        clusters[cluster_of[first as usize]]
            .decisions
            .push(DecisionMerge {
                cards: group.cards.clone(),
                reason: group.reason.clone(),
            });
    }

    // Merged cards.
    let merged: Vec<MergedCard> = par_map(members.len(), threads, None, |c| {
        merge(
            cards,
            &unique_of,
            &members[c],
            representative[c],
            &clusters[c],
            config,
        )
    });
    drop(members);
    drop(unique_of);
    drop(near);
    summary.clusters = merged.len();
    summary.merged_clusters = merged.iter().filter(|m| m.members.len() > 1).count();
    lap("explanations and merged cards");

    if let Some(bar) = bar {
        bar.finish_and_clear();
    }

    DedupReport {
        summary,
        merged,
        clusters,
        suggestions,
        cluster_of,
        suggestion_level: decisions.suggestions,
        timings,
    }
}

/// Open Tier-B suggestions as diagnostics for `check` (code `open-suggestion`): warnings,
/// or errors when the decisions file's `[check] suggestions = "error"` (or, without it,
/// [`Config::suggestions`]) says so. Located at the medoid's card when its origin is known.
pub fn check_diagnostics(report: &DedupReport, config: &Config) -> Vec<Diagnostic> {
    let level = report.suggestion_level.unwrap_or(config.suggestions);
    report
        .suggestions
        .iter()
        .map(|s| {
            let mut shared: Vec<&str> = Vec::new();
            for p in &s.pairs {
                for w in &p.shared_rare_words {
                    if !shared.contains(&w.as_str()) {
                        shared.push(w);
                    }
                }
            }
            shared.truncate(6);
            let message = format!(
                "cards {} may be paraphrases of one recommendation (score {:.2}; shared words: {})",
                s.clusters.join(", "),
                s.score,
                shared.join(", ")
            );
            let mut d = match level {
                SuggestionLevel::Warn => Diagnostic::warning("open-suggestion", message),
                SuggestionLevel::Error => Diagnostic::error("open-suggestion", message),
            }
            .with_hint(
                "confirm with a [[merge]] group or dismiss with [[keep_apart]] in recommendations/decisions.toml",
            );
            d.location = s.location.clone();
            d
        })
        .collect()
}

/// Groups of members with the same normalised text (≥ 2 cards), in input order.
fn identical_groups(members: &[u32], unique_of: &[u32], cards: &[Card]) -> Vec<Vec<String>> {
    if members.len() < 2 {
        return Vec::new();
    }
    let mut order: Vec<u32> = Vec::new();
    let mut groups: FastMap<u32, Vec<String>> = FastMap::default();
    for &i in members {
        let u = unique_of[i as usize];
        let group = groups.entry(u).or_insert_with(|| {
            order.push(u);
            Vec::new()
        });
        group.push(cards[i as usize].id.clone());
    }
    order
        .into_iter()
        .filter_map(|u| groups.remove(&u))
        .filter(|g| g.len() > 1)
        .collect()
}

/// Words of `a` absent from `b`, distinct, in order, at most 8, joined by spaces.
fn missing(a: &[&str], b: &[&str]) -> String {
    let b: FastSet<&str> = b.iter().copied().collect();
    let mut out: Vec<&str> = Vec::new();
    for w in a {
        if !b.contains(w) && !out.contains(w) {
            out.push(w);
            if out.len() == 8 {
                break;
            }
        }
    }
    out.join(" ")
}

/// Builds the merged card of one cluster.
fn merge(
    cards: &[Card],
    unique_of: &[u32],
    members: &[u32],
    rep: u32,
    explanation: &ClusterExplanation,
    config: &Config,
) -> MergedCard {
    let rep_card = &cards[rep as usize];
    if let [only] = members {
        let card = &cards[*only as usize];
        let mut tags = card.tags.clone();
        tags.sort();
        tags.dedup();
        return MergedCard {
            id: card.id.clone(),
            members: vec![card.id.clone()],
            text: card.text.clone(),
            sources: vec![card.provenance.clone()],
            other_wordings: Vec::new(),
            tags,
            placement: card.placement.clone(),
            explanation: String::new(),
        };
    }
    // One wording per distinct normalised text other than the representative's.
    let mut seen: FastSet<u32> = FastSet::default();
    seen.insert(unique_of[rep as usize]);
    let mut other_wordings = Vec::new();
    let mut tags: Vec<String> = Vec::new();
    let mut placement = None;
    for &i in members {
        let card = &cards[i as usize];
        if seen.insert(unique_of[i as usize]) {
            other_wordings.push(card.text.clone());
        }
        tags.extend(card.tags.iter().cloned());
        if placement.is_none() {
            placement = card.placement.clone();
        }
    }
    tags.sort();
    tags.dedup();
    MergedCard {
        id: rep_card.id.clone(),
        members: members
            .iter()
            .map(|&i| cards[i as usize].id.clone())
            .collect(),
        text: rep_card.text.clone(),
        sources: members
            .iter()
            .map(|&i| cards[i as usize].provenance.clone())
            .collect(),
        other_wordings,
        tags,
        placement,
        explanation: explain(explanation, config),
    }
}

/// The one-line explanation of a cluster (empty for a single card).
fn explain(c: &ClusterExplanation, config: &Config) -> String {
    if c.size < 2 {
        return String::new();
    }
    let mut parts = Vec::new();
    let identical: usize = c.identical.iter().map(|g| g.len() - 1).sum();
    if identical > 0 {
        parts.push(format!(
            "{identical} identical after normalising case, spacing and punctuation"
        ));
    }
    let (by_jaccard, by_containment): (Vec<&NearCopy>, Vec<&NearCopy>) = c
        .near_copies
        .iter()
        .partition(|e| e.jaccard >= config.near_copy_threshold);
    if !by_jaccard.is_empty() {
        parts.push(format!(
            "{} (word-bigram Jaccard {} ≥ {:.2})",
            copies(by_jaccard.len()),
            range(by_jaccard.iter().map(|e| e.jaccard)),
            config.near_copy_threshold
        ));
    }
    if !by_containment.is_empty() {
        parts.push(format!(
            "{} with added text (containment {} ≥ {:.2}, Jaccard {} ≥ {:.2})",
            copies(by_containment.len()),
            range(by_containment.iter().map(|e| e.containment)),
            config.containment_threshold,
            range(by_containment.iter().map(|e| e.jaccard)),
            config.containment_min_jaccard
        ));
    }
    if let Some(first) = c.near_copies.first() {
        let (card, other) = (&first.card, &first.copy_of);
        let (plus, minus) = (&first.only_in_card, &first.only_in_copy_of);
        match (plus.is_empty(), minus.is_empty()) {
            (false, false) => parts.push(format!(
                "e.g. {card} has \"{plus}\" where {other} has \"{minus}\""
            )),
            (false, true) => parts.push(format!("e.g. {card} adds \"{plus}\" to {other}")),
            (true, false) => parts.push(format!("e.g. {card} lacks \"{minus}\" of {other}")),
            (true, true) => {}
        }
    }
    for d in &c.decisions {
        parts.push(match &d.reason {
            Some(reason) => format!("merged by a drafter's decision: {reason}"),
            None => "merged by a drafter's decision".to_string(),
        });
    }
    format!("{} cards: {}", c.size, parts.join("; "))
}

/// "1 near copy", "3 near copies".
fn copies(count: usize) -> String {
    if count == 1 {
        "1 near copy".to_string()
    } else {
        format!("{count} near copies")
    }
}

/// "0.80" or "0.62–0.91" (two decimals).
fn range(values: impl Iterator<Item = f64> + Clone) -> String {
    let lo = values.clone().fold(f64::INFINITY, f64::min);
    let hi = values.fold(f64::NEG_INFINITY, f64::max);
    if (hi - lo).abs() < 1e-9 {
        format!("{lo:.2}")
    } else {
        format!("{lo:.2}–{hi:.2}")
    }
}

/// A progress bar on standard error for long runs, when it is a terminal.
fn progress_bar(config: &Config, n: usize) -> Option<ProgressBar> {
    if !config.progress || n < PROGRESS_MIN_CARDS || !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = ProgressBar::with_draw_target(Some(n as u64), ProgressDrawTarget::stderr());
    if let Ok(style) =
        ProgressStyle::with_template("dedup {msg:>22} [{bar:30}] {pos}/{len} ({elapsed})")
    {
        bar.set_style(style.progress_chars("=> "));
    }
    Some(bar)
}

/// Starts a named stage of `len` steps on the progress bar.
fn stage(bar: &Option<ProgressBar>, name: &'static str, len: usize) {
    if let Some(bar) = bar {
        bar.set_message(name);
        bar.set_length(len as u64);
        bar.set_position(0);
    }
}

/// `(0..n).map(f)` on up to `threads` scoped threads, in order.
fn par_map<T: Send>(
    n: usize,
    threads: usize,
    bar: Option<&ProgressBar>,
    f: impl Fn(usize) -> T + Sync,
) -> Vec<T> {
    const STEP: usize = 4096;
    let parts = par_chunks(n, threads, |range| {
        let mut out = Vec::with_capacity(range.len());
        for i in range.clone() {
            out.push(f(i));
            if (i - range.start) % STEP == STEP - 1 {
                if let Some(bar) = bar {
                    bar.inc(STEP as u64);
                }
            }
        }
        out
    });
    if parts.len() == 1 {
        return parts.into_iter().next().unwrap_or_default();
    }
    let mut out = Vec::with_capacity(n);
    for part in parts {
        out.extend(part);
    }
    out
}

/// Splits `0..n` into at most `threads` consecutive ranges (one range when `n` is small)
/// and runs `f` on each in its own scoped thread; results in range order.
fn par_chunks<T: Send>(
    n: usize,
    threads: usize,
    f: impl Fn(std::ops::Range<usize>) -> T + Sync,
) -> Vec<T> {
    const MIN_PER_THREAD: usize = 4096;
    let threads = threads.clamp(1, n.div_ceil(MIN_PER_THREAD).max(1));
    if threads == 1 {
        return vec![f(0..n)];
    }
    let chunk = n.div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let f = &f;
                scope.spawn(move || f((t * chunk).min(n)..((t + 1) * chunk).min(n)))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| match handle.join() {
                Ok(part) => part,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

/// Shingle sets and LSH band keys of the distinct texts, in flat arrays (no allocation per
/// text): text `u`'s compact shingle set is `sets[offsets[u]..offsets[u + 1]]` and its band
/// keys are `bands[u * b..(u + 1) * b]`.
struct Shingled {
    offsets: Vec<usize>,
    sets: Vec<u32>,
    bands: Vec<u32>,
}

impl Shingled {
    /// Normalises and shingles the first card of each distinct text, in parallel.
    fn build(
        cards: &[Card],
        firsts: &[u32],
        hasher: &MinHasher,
        threads: usize,
        bar: Option<&ProgressBar>,
    ) -> Shingled {
        let parts = par_chunks(firsts.len(), threads, |range| {
            let mut part = Shingled {
                offsets: Vec::with_capacity(range.len()),
                sets: Vec::new(),
                bands: Vec::new(),
            };
            for u in range {
                let set = shingles(&normalise(&cards[firsts[u] as usize].text));
                hasher.band_keys(&set, u as u64, &mut part.bands);
                part.sets.extend(compact(&set));
                part.offsets.push(part.sets.len());
                if let Some(bar) = bar {
                    bar.inc(1);
                }
            }
            part
        });
        let mut all = Shingled {
            offsets: Vec::with_capacity(firsts.len() + 1),
            sets: Vec::with_capacity(parts.iter().map(|p| p.sets.len()).sum()),
            bands: Vec::with_capacity(parts.iter().map(|p| p.bands.len()).sum()),
        };
        all.offsets.push(0);
        for part in parts {
            let base = all.sets.len();
            all.offsets.extend(part.offsets.iter().map(|o| o + base));
            all.sets.extend(part.sets);
            all.bands.extend(part.bands);
        }
        all
    }

    /// The compact shingle set of distinct text `u`.
    fn set(&self, u: usize) -> &[u32] {
        &self.sets[self.offsets[u]..self.offsets[u + 1]]
    }
}
