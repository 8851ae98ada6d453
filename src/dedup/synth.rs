//! Synthetic mass-comment cards with exact gold clusters, for evaluation and benchmarks.
//!
//! Public-comment campaigns send the same few form letters thousands of times. The
//! generator reproduces that at any size, deterministically from a seed:
//!
//! * **Form letters** (share [`SynthConfig::copy_share`] of the cards, default 0.9): each
//!   template has 3–5 sentences of 8–16 words, every sentence with one *synonym slot* of
//!   three interchangeable words. A copy fills every slot at random and may be
//!   varied: sentences shuffled (30 %), one sentence dropped (10 %, templates of 4+),
//!   one or two typos (30 %: swapped, dropped, doubled or replaced letter), upper or lower
//!   case throughout (20 %), punctuation removed or full stops made "!!" (20 %), extra
//!   spaces (10 %), a greeting (30 %), a signature with a name (30 %), a personal sentence
//!   added (15 %). Its gold cluster is its template. Templates are drawn with Zipf weights
//!   1/(t+1).
//! * **Organic cards** (the rest): 10–30 words of their own, 20 % of them opening with a
//!   shared boilerplate sentence ("As a member of civil society I call on the
//!   co-facilitators to"); each is its own gold cluster.
//!
//! Words come from a vocabulary of real policy words followed by a long tail of pseudo-words
//! (consonant–vowel syllables), drawn with Zipf weights, so that common words recur the way
//! "migrants" and "the" do. Cards are ASCII English-like text; multilingual behaviour is
//! tested on hand-written fixtures instead.

use crate::model::{Card, Provenance};

/// What to generate.
#[derive(Debug, Clone)]
pub struct SynthConfig {
    /// Number of cards.
    pub cards: usize,
    /// Share of cards that are form-letter copies (0–1).
    pub copy_share: f64,
    /// Number of form-letter templates (0: one per 20,000 cards, at least 3).
    pub templates: usize,
    /// Seed: the same seed and sizes give the same cards.
    pub seed: u64,
}

impl Default for SynthConfig {
    fn default() -> Self {
        SynthConfig {
            cards: 10_000,
            copy_share: 0.9,
            templates: 0,
            seed: 2017,
        }
    }
}

/// Generated cards and, for each, its gold cluster (same length, same order).
#[derive(Debug, Clone)]
pub struct Synthetic {
    /// The cards, ids `syn-0000001`, … in order.
    pub cards: Vec<Card>,
    /// Gold cluster of each card: templates are `0..templates`, organic cards follow.
    pub gold: Vec<u32>,
}

/// A small deterministic generator (splitmix64), enough for test data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x6a09_e667_f3bc_c909)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
        }
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi.saturating_sub(lo) + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p && p > 0.0
    }
}

const POLICY_WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "migrants",
    "in",
    "for",
    "rights",
    "access",
    "migration",
    "ensure",
    "states",
    "national",
    "local",
    "support",
    "services",
    "including",
    "women",
    "children",
    "protection",
    "labour",
    "workers",
    "return",
    "integration",
    "data",
    "regular",
    "safe",
    "orderly",
    "pathways",
    "detention",
    "alternatives",
    "remittances",
    "diaspora",
    "recruitment",
    "fair",
    "ethical",
    "consular",
    "assistance",
    "health",
    "education",
    "housing",
    "justice",
    "trafficking",
    "smuggling",
    "border",
    "management",
    "climate",
    "disasters",
    "displacement",
    "resilience",
    "cooperation",
    "regional",
    "global",
    "partnerships",
    "civil",
    "society",
    "private",
    "sector",
    "trade",
    "unions",
    "cities",
    "authorities",
    "capacity",
    "building",
    "training",
    "information",
    "campaigns",
    "xenophobia",
    "discrimination",
    "inclusion",
    "social",
    "security",
    "portability",
    "skills",
    "recognition",
    "qualifications",
    "family",
    "reunification",
    "identity",
    "documents",
    "birth",
    "registration",
    "firewalls",
    "enforcement",
    "humanitarian",
    "visas",
    "reception",
    "vulnerable",
    "situations",
    "gender",
    "responsive",
    "youth",
    "evidence",
    "based",
    "policies",
    "monitoring",
    "review",
    "implementation",
    "funding",
    "mechanisms",
    "dialogue",
    "stakeholders",
    "origin",
    "transit",
    "destination",
];

/// The vocabulary: policy words, then pseudo-words, most frequent first.
fn vocabulary(size: usize) -> Vec<String> {
    const CONSONANTS: &[u8] = b"bdfgklmnprstvz";
    const VOWELS: &[u8] = b"aeiou";
    let mut words: Vec<String> = POLICY_WORDS.iter().map(|w| (*w).to_string()).collect();
    let mut rng = Rng::new(99);
    while words.len() < size {
        let syllables = rng.range(2, 4);
        let mut w = String::new();
        for _ in 0..syllables {
            w.push(CONSONANTS[rng.below(CONSONANTS.len())] as char);
            w.push(VOWELS[rng.below(VOWELS.len())] as char);
        }
        words.push(w);
    }
    words
}

/// Draws indices `0..n` with Zipf weights 1/(k+1), via a precomputed cumulative table.
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Self {
        let mut total = 0.0;
        let cumulative = (0..n.max(1))
            .map(|k| {
                total += 1.0 / (k as f64 + 1.0);
                total
            })
            .collect();
        Zipf { cumulative }
    }

    fn draw(&self, rng: &mut Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
        self.cumulative
            .partition_point(|&c| c < x)
            .min(self.cumulative.len() - 1)
    }
}

/// One sentence of a template: words with one slot (index into `words`) of 3 options.
struct Sentence {
    words: Vec<String>,
    slot: usize,
    options: [String; 3],
}

const GREETINGS: &[&str] = &[
    "Dear Co-facilitators,",
    "To the co-facilitators of the consultation:",
    "Dear Excellencies,",
    "Hello,",
    "Dear Secretariat,",
];
const BOILERPLATE: &str = "As a member of civil society I call on the co-facilitators to";

/// Generates `config.cards` synthetic cards with their gold clusters.
pub fn generate(config: &SynthConfig) -> Synthetic {
    let mut rng = Rng::new(config.seed);
    let vocab = vocabulary(5000);
    let zipf_words = Zipf::new(vocab.len());
    let n_templates = if config.templates == 0 {
        (config.cards / 20_000).max(3)
    } else {
        config.templates
    };
    let templates: Vec<Vec<Sentence>> = (0..n_templates)
        .map(|_| {
            (0..rng.range(3, 5))
                .map(|_| {
                    let words: Vec<String> = (0..rng.range(8, 16))
                        .map(|_| vocab[zipf_words.draw(&mut rng)].clone())
                        .collect();
                    let slot = rng.below(words.len());
                    let options = [0, 1, 2].map(|_| vocab[zipf_words.draw(&mut rng)].clone());
                    Sentence {
                        words,
                        slot,
                        options,
                    }
                })
                .collect()
        })
        .collect();
    let zipf_templates = Zipf::new(n_templates);
    let mut cards = Vec::with_capacity(config.cards);
    let mut gold = Vec::with_capacity(config.cards);
    let mut next_organic = n_templates as u32;
    for i in 0..config.cards {
        let (text, g) = if rng.chance(config.copy_share) {
            let t = zipf_templates.draw(&mut rng);
            (copy(&templates[t], &vocab, &zipf_words, &mut rng), t as u32)
        } else {
            next_organic += 1;
            (organic(&vocab, &zipf_words, &mut rng), next_organic - 1)
        };
        let mut text = text;
        // As a loaded card's text would be: no spare capacity left by the string building.
        text.shrink_to_fit();
        cards.push(card(i, text));
        gold.push(g);
    }
    Synthetic { cards, gold }
}

fn card(i: usize, text: String) -> Card {
    Card {
        id: format!("syn-{:07}", i + 1),
        text,
        provenance: Provenance {
            meeting: "Synthetic consultation".into(),
            place: String::new(),
            dates: String::new(),
            document: "Synthetic mass-comment campaign".into(),
            list_key: "syn".into(),
            list_title: String::new(),
            dimension: None,
            position: u32::try_from(i + 1).unwrap_or(u32::MAX),
            proposer: None,
        },
        tags: Vec::new(),
        placement: None,
        notes: None,
        origin: None,
    }
}

fn sentence_text(words: &[String]) -> String {
    let mut s = words.join(" ");
    if let Some(first) = s.get(..1) {
        let upper = first.to_ascii_uppercase();
        s.replace_range(..1, &upper);
    }
    s.push('.');
    s
}

fn organic(vocab: &[String], zipf: &Zipf, rng: &mut Rng) -> String {
    let words: Vec<String> = (0..rng.range(10, 30))
        .map(|_| vocab[zipf.draw(rng)].clone())
        .collect();
    if rng.chance(0.2) {
        format!("{BOILERPLATE} {}", sentence_text(&words).to_lowercase())
    } else {
        sentence_text(&words)
    }
}

fn copy(template: &[Sentence], vocab: &[String], zipf: &Zipf, rng: &mut Rng) -> String {
    let mut sentences: Vec<Vec<String>> = template
        .iter()
        .map(|s| {
            let mut w = s.words.clone();
            w[s.slot] = s.options[rng.below(3)].clone();
            w
        })
        .collect();
    if rng.chance(0.3) {
        for k in (1..sentences.len()).rev() {
            let j = rng.below(k + 1);
            sentences.swap(k, j);
        }
    }
    if sentences.len() >= 4 && rng.chance(0.1) {
        let k = rng.below(sentences.len());
        sentences.remove(k);
    }
    if rng.chance(0.3) {
        for _ in 0..rng.range(1, 2) {
            let s = rng.below(sentences.len());
            let w = rng.below(sentences[s].len());
            sentences[s][w] = typo(&sentences[s][w], rng);
        }
    }
    if rng.chance(0.15) {
        let extra: Vec<String> = (0..rng.range(5, 15))
            .map(|_| vocab[zipf.draw(rng)].clone())
            .collect();
        sentences.push(extra);
    }
    let mut text: String = sentences
        .iter()
        .map(|s| sentence_text(s))
        .collect::<Vec<_>>()
        .join(" ");
    if rng.chance(0.3) {
        text = format!("{} {text}", GREETINGS[rng.below(GREETINGS.len())]);
    }
    if rng.chance(0.3) {
        text = format!(
            "{text} Sincerely, {}",
            capitalised(&vocab[rng.range(500, 4999)])
        );
    }
    if rng.chance(0.2) {
        text = if rng.chance(0.5) {
            text.to_uppercase()
        } else {
            text.to_lowercase()
        };
    }
    if rng.chance(0.2) {
        text = if rng.chance(0.5) {
            text.replace(['.', ','], "")
        } else {
            text.replace('.', "!!")
        };
    }
    if rng.chance(0.1) {
        text = text.replace(' ', "  ");
    }
    text
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A one-letter typo: swap, drop, double or replace a letter.
fn typo(word: &str, rng: &mut Rng) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 2 {
        return format!("{word}{word}");
    }
    let k = rng.below(chars.len() - 1);
    match rng.below(4) {
        0 => chars.swap(k, k + 1),
        1 => {
            chars.remove(k);
        }
        2 => chars.insert(k, chars[k]),
        _ => chars[k] = (b'a' + rng.below(26) as u8) as char,
    }
    chars.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_cards_and_gold() {
        let config = SynthConfig {
            cards: 300,
            ..SynthConfig::default()
        };
        let (a, b) = (generate(&config), generate(&config));
        assert_eq!(a.cards.len(), 300);
        assert_eq!(a.gold, b.gold);
        assert!(a.cards.iter().zip(&b.cards).all(|(x, y)| x.text == y.text));
        // About 90 % copies of the 3 templates.
        let copies = a.gold.iter().filter(|&&g| g < 3).count();
        assert!((240..=300).contains(&copies), "{copies}");
    }
}
