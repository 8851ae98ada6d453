//! Numbering conventions of UN documents shared by the renderer and the revision readers:
//! sections in upper-case roman numerals (I., II., …), sub-sub-paragraphs in lower-case
//! roman numerals ((i), (ii), …), as in the United Nations Editorial Manual.

/// `n` in upper-case roman numerals (`1` → `I`, `4` → `IV`, `14` → `XIV`), as UN documents
/// number their sections; arabic digits from 4000 on (and for 0), where roman numerals stop.
pub fn roman_numeral(n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while rest >= value {
            out.push_str(numeral);
            rest -= value;
        }
    }
    out
}
