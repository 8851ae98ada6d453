//! Rendering of the zero draft to Markdown, HTML and DOCX.
//!
//! Card anchors (shared with [`crate::diff`], which matches paragraphs by them):
//! - Markdown: an HTML comment at the end of the paragraph, `<!-- cards: ID ID -->`;
//! - HTML: `data-cards="ID ID"` on the paragraph element, `id="para-N"` (actions `para-N-a`);
//! - DOCX: one bookmark per card, named `zd_` + the card id with `-` replaced by `_`.
