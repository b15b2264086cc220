//! Finding the article body in a page.
//!
//! 1. Elements that never hold article text (navigation, share bars, cookie notices,
//!    comment threads …) are set aside by tag, ARIA role and class/id words.
//! 2. The rest of the page is cut into text blocks at block-level element boundaries,
//!    each with its length and the share of it that is link text.
//! 3. Every element scores the sum of its blocks: prose counts for, link lists and
//!    short fragments count against. The body container is the deepest element that
//!    holds nearly all of the best score, so an article split across sibling divs is
//!    kept whole while the page chrome around it is not.
//! 4. Inside the container, blocks that look like furniture (link lists, "Read more",
//!    bylines, the repeated headline) are dropped.
//!
//! When the page carries a schema.org `articleBody`, blocks found in it guide step 3.

use crate::dom::{collapse_ws, Data, Dom, Id};
use newsgraph_model::{Block, BlockKind};

/// The article body found in a page, with figures used to judge it.
pub struct Body {
    /// The body blocks in document order.
    pub blocks: Vec<Block>,
    /// Characters of prose (blocks of 80+ characters with few links) in the body.
    pub prose_chars: usize,
    /// Number of such prose paragraphs.
    pub prose_paragraphs: usize,
    /// Share of all the page's visible text that is link text.
    pub page_link_share: f32,
    /// Whether the body was guided by the page's `articleBody`.
    pub guided: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flow {
    /// Not a boundary (inline).
    Inline,
    /// A block-level element.
    Block,
}

fn flow(tag: &str) -> Flow {
    match tag {
        "p" | "div" | "section" | "article" | "main" | "header" | "footer" | "nav" | "aside"
        | "li" | "ul" | "ol" | "dl" | "dt" | "dd" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
        | "blockquote" | "pre" | "table" | "tr" | "td" | "th" | "tbody" | "thead" | "tfoot"
        | "caption" | "figure" | "figcaption" | "form" | "address" | "hr" | "br" | "center"
        | "details" | "summary" | "fieldset" | "body" | "html" | "hgroup" | "menu" | "dialog"
        | "legend" | "option" | "select" | "textarea" | "img" | "picture" | "video" | "audio"
        | "iframe" | "object" | "embed" | "button" | "input" => Flow::Block,
        _ => Flow::Inline,
    }
}

/// Tags whose whole subtree is never article text.
fn junk_tag(tag: &str) -> bool {
    matches!(
        tag,
        "nav"
            | "aside"
            | "footer"
            | "button"
            | "select"
            | "option"
            | "input"
            | "textarea"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "menu"
            | "dialog"
            | "head"
            | "title"
            | "figure"
            | "figcaption"
            | "picture"
            | "img"
            | "label"
            | "time"
            | "noscript"
            | "script"
            | "style"
            | "template"
            | "svg"
    )
}

/// Class/id words (whole words after splitting on `-`, `_`, space and camelCase) that
/// mark page furniture.
const NEG_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "advertising",
    "adslot",
    "adunit",
    "dfp",
    "gpt",
    "banner",
    "share",
    "shares",
    "sharing",
    "sharebar",
    "social",
    "socials",
    "related",
    "recommended",
    "recommendations",
    "recommendation",
    "comment",
    "comments",
    "commenting",
    "newsletter",
    "newsletters",
    "subscribe",
    "subscription",
    "subscriber",
    "signup",
    "promo",
    "promotion",
    "promoted",
    "sponsor",
    "sponsored",
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "paywall",
    "sidebar",
    "widget",
    "widgets",
    "breadcrumb",
    "breadcrumbs",
    "footer",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "popup",
    "modal",
    "overlay",
    "tags",
    "tag",
    "tagged",
    "keywords",
    "topics",
    "bio",
    "caption",
    "credit",
    "credits",
    "outbrain",
    "taboola",
    "disqus",
    "trending",
    "popular",
    "mostread",
    "most",
    "recirc",
    "recirculation",
    "more",
    "print",
    "toolbar",
    "skip",
    "hidden",
    "hide",
    "invisible",
    "pagination",
    "pager",
    "byline",
    "dateline",
    "timestamp",
    "author",
    "authors",
    "meta",
    "metadata",
    "rating",
    "follow",
    "login",
    "register",
    "masthead",
    "header",
    "teaser",
    "teasers",
    "card",
    "cards",
    "carousel",
    "slider",
    "gallery",
    "lightbox",
    "video",
    "player",
    "embed",
    "tools",
    "utility",
    "util",
    "icons",
    "icon",
    "button",
    "btn",
    "jump",
    "toc",
    "headline",
    "title",
    "kicker",
    "eyebrow",
    "disclaimer",
    "donate",
    "donation",
    "feedback",
    "survey",
    "poll",
    "alert",
    "notification",
    "notice",
    "signin",
    "search",
    "masthead",
    "flyout",
    "dropdown",
    "sronly",
    "visually",
    "offscreen",
    "screenreader",
    "cta",
    "outstream",
    "native",
    "partner",
    "partners",
    "affiliate",
    "newsletterform",
    "reactions",
    "emoji",
    "vote",
    "pinterest",
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "telegram",
    "email",
    "mail",
    "rss",
];

/// Class/id substrings that mark furniture even inside longer words.
const NEG_SUBSTR: &[&str] = &[
    "share",
    "social",
    "related",
    "comment",
    "newsletter",
    "subscri",
    "cookie",
    "consent",
    "paywall",
    "sidebar",
    "breadcrumb",
    "outbrain",
    "taboola",
    "disqus",
    "advert",
    "sponsor",
    "promo",
    "recommend",
    "trending",
    "mostread",
    "most-read",
    "most_read",
    "popular",
    "readmore",
    "read-more",
    "alsoread",
    "also-read",
    "morestories",
    "more-stories",
    "signup",
    "sign-up",
    "banner",
    "footer",
    "widget",
    "modal",
    "popup",
    "sr-only",
    "visually-hidden",
    "screen-reader",
    "byline",
    "author-info",
    "authorinfo",
    "author-box",
    "authorbox",
    "about-author",
    "aboutauthor",
    "caption",
    "navigation",
    "navbar",
    "toolbar",
];

/// Class/id words that mark the article body.
const POS_WORDS: &[&str] = &[
    "article",
    "articlebody",
    "article-body",
    "body",
    "content",
    "entry",
    "post",
    "story",
    "text",
    "main",
    "prose",
    "richtext",
    "markdown",
    "blog",
    "news",
    "page",
    "column",
    "storytext",
    "story-body",
    "post-content",
    "entry-content",
    "paragraph",
];

fn split_words(s: &str, out: &mut Vec<String>) {
    out.clear();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            cur.extend(c.to_lowercase());
        } else {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
}

/// How an element's class/id/role reads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Hint {
    None,
    Negative,
    Positive,
}

fn attr_hint(dom: &Dom, i: Id, words: &mut Vec<String>) -> Hint {
    let Some(e) = dom.element(i) else {
        return Hint::None;
    };
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return Hint::Negative;
    }
    if let Some(style) = e.attr("style") {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        if s.contains("display:none") || s.contains("visibility:hidden") {
            return Hint::Negative;
        }
    }
    if let Some(role) = e.attr("role") {
        match role.trim().to_ascii_lowercase().as_str() {
            "navigation" | "banner" | "complementary" | "contentinfo" | "menu" | "menubar"
            | "dialog" | "alertdialog" | "search" | "toolbar" | "tablist" => return Hint::Negative,
            "main" | "article" => return Hint::Positive,
            _ => {}
        }
    }
    let mut neg = false;
    let mut pos = false;
    for key in ["class", "id"] {
        let Some(v) = e.attr(key) else { continue };
        if v.is_empty() || v.len() > 400 {
            continue;
        }
        let lower = v.to_ascii_lowercase();
        if NEG_SUBSTR.iter().any(|s| lower.contains(s)) {
            neg = true;
        }
        split_words(v, words);
        for w in words.iter() {
            if NEG_WORDS.contains(&w.as_str()) {
                neg = true;
            }
            if POS_WORDS.contains(&w.as_str()) {
                pos = true;
            }
        }
        if lower.contains("articlebody")
            || lower.contains("article-body")
            || lower.contains("story-body")
            || lower.contains("entry-content")
            || lower.contains("post-content")
            || lower.contains("article-content")
            || lower.contains("article__body")
            || lower.contains("article-text")
        {
            return Hint::Positive;
        }
    }
    if let Some(ip) = e.attr("itemprop") {
        if ip.contains("articleBody") || ip.contains("reviewBody") || ip == "text" {
            return Hint::Positive;
        }
    }
    match (neg, pos) {
        (true, _) => Hint::Negative,
        (false, true) => Hint::Positive,
        _ => Hint::None,
    }
}

/// A run of text between block boundaries.
struct RawBlock {
    owner: Id,
    text: String,
    link_chars: usize,
    kind: BlockKind,
}

/// Visible length of `s` in characters, CJK scripts weighted up (one ideogram carries
/// about as much as a short word).
fn weighted_len(s: &str) -> usize {
    let mut n = 0usize;
    for c in s.chars() {
        let u = c as u32;
        n += if (0x3040..=0x9FFF).contains(&u) || (0xAC00..=0xD7AF).contains(&u) {
            3
        } else if c.is_whitespace() {
            0
        } else {
            1
        };
    }
    n
}

/// Finds the article body in `dom`; `guide` is the page's schema.org `articleBody`, and
/// `title` the headline (dropped from the body when repeated there).
pub fn find_body(dom: &Dom, guide: Option<&str>, title: Option<&str>) -> Body {
    let n = dom.len();
    if n == 0 {
        return Body {
            blocks: Vec::new(),
            prose_chars: 0,
            prose_paragraphs: 0,
            page_link_share: 0.0,
            guided: false,
        };
    }
    // Pass 1 (reverse pre-order = children before parents): text inside <p> per subtree,
    // used to keep a wrongly-labelled body container from being set aside.
    let mut p_text = vec![0u32; n];
    let mut in_p_text = vec![false; n];
    for i in 0..n {
        let par = dom.nodes[i].parent as usize;
        if i > 0 && (in_p_text[par] || dom.tag(i as Id) == "p") {
            in_p_text[i] = true;
        }
    }
    for i in (1..n).rev() {
        if let Data::Text(t) = &dom.nodes[i].data {
            if in_p_text[i] {
                p_text[i] += weighted_len(t) as u32;
            }
        }
        let par = dom.nodes[i].parent as usize;
        p_text[par] += p_text[i];
    }
    let total_p = p_text[0].max(1);

    // Pass 2 (pre-order): set aside furniture.
    let mut skip = vec![false; n];
    let mut in_link = vec![false; n];
    let mut in_quote = vec![false; n];
    let mut in_pre = vec![false; n];
    let mut words = Vec::new();
    for i in 1..n {
        let par = dom.nodes[i].parent as usize;
        if skip[par] {
            skip[i] = true;
            continue;
        }
        in_link[i] = in_link[par];
        in_quote[i] = in_quote[par];
        in_pre[i] = in_pre[par];
        let Some(e) = dom.element(i as Id) else {
            continue;
        };
        let tag = e.tag.as_str();
        match tag {
            "a" => in_link[i] = true,
            "blockquote" | "q" => in_quote[i] = true,
            "pre" => in_pre[i] = true,
            _ => {}
        }
        let holds_body = p_text[i] as f32 > 0.3 * total_p as f32 && p_text[i] > 400;
        let junk = if junk_tag(tag) || tag == "form" || tag == "header" {
            // A form or header that wraps the page (ASP.NET pages, odd themes) stays.
            !((tag == "form" || tag == "header") && holds_body)
        } else {
            match attr_hint(dom, i as Id, &mut words) {
                Hint::Negative => !holds_body,
                _ => false,
            }
        };
        skip[i] = junk;
    }

    // Pass 3: cut the visible text into blocks.
    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut owner_of = vec![0 as Id; n];
    let mut open_blocks: Vec<Id> = Vec::new(); // block elements on the current path
    let mut boundary = true;
    let mut all_chars = 0usize;
    let mut all_link = 0usize;
    let mut i = 1;
    while i < n {
        while let Some(&top) = open_blocks.last() {
            if dom.nodes[top as usize].end as usize <= i {
                open_blocks.pop();
                boundary = true;
            } else {
                break;
            }
        }
        if skip[i] {
            boundary = true;
            i = dom.nodes[i].end as usize;
            continue;
        }
        let par = dom.nodes[i].parent as usize;
        match &dom.nodes[i].data {
            Data::Element(e) => {
                owner_of[i] = owner_of[par];
                if flow(&e.tag) == Flow::Block {
                    boundary = true;
                    owner_of[i] = i as Id;
                    if dom.nodes[i].end as usize > i + 1 {
                        open_blocks.push(i as Id);
                    }
                }
            }
            Data::Text(t) => {
                let owner = owner_of[par];
                if boundary || blocks.is_empty() {
                    if t.trim().is_empty() {
                        i += 1;
                        continue;
                    }
                    let owner_tag = dom.tag(owner);
                    let kind = if in_pre[i] {
                        BlockKind::Code
                    } else if in_quote[i] {
                        BlockKind::Quote
                    } else {
                        match owner_tag {
                            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => BlockKind::Heading,
                            "li" | "dd" | "dt" => BlockKind::ListItem,
                            "td" | "th" => BlockKind::TableRow,
                            _ => BlockKind::Paragraph,
                        }
                    };
                    blocks.push(RawBlock {
                        owner,
                        text: String::new(),
                        link_chars: 0,
                        kind,
                    });
                    boundary = false;
                }
                let b = blocks.last_mut().expect("a block was just ensured");
                b.text.push_str(t);
                let len = weighted_len(t);
                all_chars += len;
                if in_link[i] {
                    b.link_chars += len;
                    all_link += len;
                }
            }
            Data::Root => {}
        }
        i += 1;
    }

    // Merge table cells of one row into a single block.
    let blocks = merge_rows(dom, blocks);

    // Score blocks.
    let guide_norm = guide.map(normalize_for_match).filter(|g| g.len() > 200);
    let mut weights = Vec::with_capacity(blocks.len());
    let mut matched = Vec::with_capacity(blocks.len());
    let mut lens = Vec::with_capacity(blocks.len());
    for b in &blocks {
        let text = collapse_ws(&b.text);
        let len = weighted_len(&text);
        let ld = if len > 0 {
            b.link_chars as f32 / len as f32
        } else {
            0.0
        };
        let in_guide = guide_norm
            .as_deref()
            .is_some_and(|g| len >= 20 && guide_contains(g, &text));
        let w = if in_guide {
            len as f32 * 2.0
        } else if ld > 0.5 {
            -(len as f32) * 1.0 - 5.0
        } else if len >= 80 {
            len as f32 * (1.0 - ld) * (1.0 - ld) + punctuation_bonus(&text)
        } else if len >= 25 {
            len as f32 * (1.0 - ld) * 0.3 + punctuation_bonus(&text) * 0.5 - 3.0
        } else {
            -4.0 - len as f32 * 0.2
        };
        weights.push(w);
        matched.push(in_guide);
        lens.push((len, ld));
    }
    let guided = matched.iter().filter(|&&m| m).count() >= 1;

    // Subtree sums: each element gets the weights of the blocks it owns, then children
    // pass their sums up (reverse pre-order).
    let mut sum = vec![0f32; n];
    let mut pos_sum = vec![0f32; n];
    for (b, &w) in blocks.iter().zip(&weights) {
        sum[b.owner as usize] += w;
        if w > 0.0 {
            pos_sum[b.owner as usize] += w;
        }
    }
    for i in (1..n).rev() {
        let par = dom.nodes[i].parent as usize;
        sum[par] += sum[i];
        pos_sum[par] += pos_sum[i];
    }
    // The container: the best-scoring element, then as deep as possible while keeping
    // nearly all of its positive weight.
    let mut best = 0usize;
    for i in 0..n {
        if !skip[i] && sum[i] > sum[best] {
            best = i;
        }
    }
    let container = deepen(dom, &sum, &pos_sum, &skip, best);

    // Pick blocks inside the container.
    let c_start = container as Id;
    let c_end = dom.nodes[container].end;
    let mut out = Vec::new();
    let mut prose_chars = 0;
    let mut prose_paragraphs = 0;
    let title_norm = title.map(normalize_for_match);
    for (k, b) in blocks.iter().enumerate() {
        if b.owner < c_start || b.owner >= c_end {
            continue;
        }
        let text = collapse_ws(&b.text);
        let (len, ld) = lens[k];
        if text.is_empty() {
            continue;
        }
        if !matched[k] {
            if ld > 0.5 || (ld > 0.3 && len < 120) {
                continue;
            }
            if is_furniture(&text) {
                continue;
            }
            if let Some(t) = &title_norm {
                if b.kind == BlockKind::Heading || len < 300 {
                    let norm = normalize_for_match(&text);
                    if !norm.is_empty() && (norm == *t) {
                        continue;
                    }
                }
            }
        }
        if len >= 80 && ld < 0.3 {
            prose_chars += len;
            prose_paragraphs += 1;
        }
        out.push(Block { kind: b.kind, text });
    }
    Body {
        blocks: out,
        prose_chars,
        prose_paragraphs,
        page_link_share: if all_chars > 0 {
            all_link as f32 / all_chars as f32
        } else {
            0.0
        },
        guided,
    }
}

/// From the best element, walk down to a child that still holds nearly all the
/// positive weight (a tighter container with the same article in it).
fn deepen(dom: &Dom, sum: &[f32], pos_sum: &[f32], skip: &[bool], start: usize) -> usize {
    let mut cur = start;
    loop {
        let total = pos_sum[cur];
        if total <= 0.0 {
            return cur;
        }
        // Children of `cur`: walk the subtree range, jumping over grandchildren.
        let mut c = cur + 1;
        let end = dom.nodes[cur].end as usize;
        let mut next = None;
        while c < end {
            if !skip[c]
                && dom.element(c as Id).is_some()
                && pos_sum[c] >= 0.9 * total
                && sum[c] >= 0.9 * sum[cur]
            {
                next = Some(c);
                break;
            }
            c = dom.nodes[c].end as usize;
        }
        match next {
            Some(c) => cur = c,
            None => return cur,
        }
    }
}

fn punctuation_bonus(text: &str) -> f32 {
    let commas = text.matches([',', '，', '、']).count() as f32;
    let stops = text.matches(['.', '!', '?', '。', '！', '？']).count() as f32;
    commas.min(10.0) * 2.0 + stops.min(10.0) * 2.0
}

/// Table cells of one row become one block, cells separated by " | ".
fn merge_rows(dom: &Dom, blocks: Vec<RawBlock>) -> Vec<RawBlock> {
    let mut out: Vec<RawBlock> = Vec::with_capacity(blocks.len());
    let mut last_row: Option<Id> = None;
    for b in blocks {
        if b.kind == BlockKind::TableRow {
            let row = dom.nodes[b.owner as usize].parent;
            if last_row == Some(row) {
                if let Some(prev) = out.last_mut() {
                    prev.text.push_str(" | ");
                    prev.text.push_str(b.text.trim());
                    prev.link_chars += b.link_chars;
                    continue;
                }
            }
            last_row = Some(row);
            let mut b = b;
            b.owner = row;
            out.push(b);
        } else {
            last_row = None;
            out.push(b);
        }
    }
    out
}

/// Lower-cased words joined by single spaces, for comparing texts.
pub fn normalize_for_match(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Whether a block's text appears in the page's `articleBody` (its first words suffice:
/// the markup often differs in spacing and punctuation).
fn guide_contains(guide: &str, text: &str) -> bool {
    let norm = normalize_for_match(text);
    if norm.is_empty() {
        return false;
    }
    let probe: String = {
        let mut words = norm.split(' ');
        let first: Vec<&str> = words.by_ref().take(8).collect();
        first.join(" ")
    };
    guide.contains(&probe)
}

/// Short lines that are page furniture in any article: prompts, labels, widgets.
fn is_furniture(text: &str) -> bool {
    let len = text.chars().count();
    if len > 90 {
        return false;
    }
    let t = text.to_lowercase();
    let t = t.trim_matches(|c: char| !c.is_alphanumeric());
    const EXACT: &[&str] = &[
        "advertisement",
        "advertising",
        "ad",
        "sponsored",
        "share",
        "share this",
        "share this article",
        "share on facebook",
        "share on twitter",
        "tweet",
        "email",
        "print",
        "comments",
        "comment",
        "read more",
        "read more",
        "continue reading",
        "see also",
        "related",
        "related articles",
        "related stories",
        "also read",
        "more from",
        "most read",
        "most popular",
        "trending",
        "subscribe",
        "sign up",
        "log in",
        "login",
        "follow us",
        "skip to content",
        "skip advertisement",
        "story continues below",
        "story continues below advertisement",
        "article continues below",
        "continue reading below",
        "scroll to continue",
        "loading",
        "click here",
        "back to top",
        "previous",
        "next",
        "recommended",
        "recommended for you",
        "you may also like",
        "you might also like",
        "watch",
        "listen",
        "copy link",
        "copied",
        "close",
        "menu",
        "home",
        "search",
        "whatsapp",
        "facebook",
        "twitter",
        "linkedin",
        "pinterest",
        "reddit",
        "telegram",
        "image",
        "photo",
        "video",
        "getty images",
        "ap photo",
        "reuters",
        "afp",
        "epa",
        "file photo",
        "enlarge this image",
        "toggle caption",
        "hide caption",
        "show caption",
        "caption",
        "published",
        "updated",
        "min read",
    ];
    if EXACT.contains(&t) {
        return true;
    }
    const PREFIX: &[&str] = &[
        "read more:",
        "read more about",
        "also read:",
        "also read",
        "see also:",
        "related:",
        "related article",
        "related story",
        "recommended:",
        "more:",
        "watch:",
        "listen:",
        "advertisement",
        "sponsored content",
        "sign up for",
        "subscribe to",
        "follow us on",
        "follow @",
        "click here to",
        "share this",
        "photo:",
        "image:",
        "photograph:",
        "(photo",
        "credit:",
        "picture:",
        "getty",
        "this article is",
        "we use cookies",
        "by continuing to use",
        "accept cookies",
        "read the full",
        "read next",
        "up next",
        "download the",
        "join our",
        "get the latest",
        "don't miss",
        "do not miss",
        "must read",
        "popular:",
        "trending:",
    ];
    PREFIX.iter().any(|p| t.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(html: &str) -> Vec<String> {
        let dom = Dom::parse(html);
        find_body(&dom, None, Some("The Headline"))
            .blocks
            .into_iter()
            .map(|b| b.text)
            .collect()
    }

    const PARA: &str = "The minister said on Tuesday that the talks, which lasted for more than six hours, had produced an agreement on the main points of the plan.";

    #[test]
    fn keeps_article_drops_chrome() {
        let html = format!(
            "<html><body><nav><a href=/>Home</a><a href=/w>World</a></nav>\
             <div class=main><h1>The Headline</h1><div class=article-body><p>{PARA}</p><p>{PARA} Second.</p>\
             <div class=share-bar><a href=#>Facebook</a> <a href=#>Twitter</a></div>\
             <h2>What comes next</h2><p>{PARA} Third.</p><p>Advertisement</p></div>\
             <div class=related><h3>Related</h3><ul><li><a href=/a>Other story one about a thing</a></li>\
             <li><a href=/b>Other story two about a thing</a></li></ul></div></div>\
             <footer>Copyright 2024 Example News. All rights reserved.</footer></body></html>"
        );
        let b = body(&html);
        assert_eq!(b.len(), 4, "{b:?}");
        assert!(b[0].starts_with("The minister"));
        assert_eq!(b[2], "What comes next");
        assert!(b[3].ends_with("Third."));
    }

    #[test]
    fn article_split_across_sibling_divs_is_kept_whole() {
        let html = format!(
            "<body><div id=story><div class=part><p>{PARA} One.</p></div><div class=ad-slot>Ad</div>\
             <div class=part><p>{PARA} Two.</p></div><div class=part><p>{PARA} Three.</p></div></div>\
             <div class=sidebar><p>{PARA} Sidebar.</p></div></body>"
        );
        let b = body(&html);
        assert_eq!(b.len(), 3, "{b:?}");
    }

    #[test]
    fn table_rows_become_blocks() {
        let html = format!(
            "<body><article><p>{PARA}</p><table><tr><td>1</td><td>Ana Silva</td><td>120 points</td></tr>\
             <tr><td>2</td><td>Bo Chen</td><td>98 points</td></tr></table><p>{PARA}</p></article></body>"
        );
        let b = body(&html);
        assert!(
            b.contains(&"1 | Ana Silva | 120 points".to_string()),
            "{b:?}"
        );
    }
}
