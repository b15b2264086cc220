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
/// mark page furniture whatever the element holds.
const STRONG_WORDS: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "advertising",
    "adslot",
    "adunit",
    "dfp",
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
    "sidebar",
    "breadcrumb",
    "breadcrumbs",
    "footer",
    "nav",
    "navbar",
    "navigation",
    "menu",
    "popup",
    "modal",
    "outbrain",
    "taboola",
    "disqus",
    "trending",
    "mostread",
    "recirc",
    "recirculation",
    "toolbar",
    "pagination",
    "pager",
    "login",
    "signin",
    "register",
    "donate",
    "donation",
    "survey",
    "poll",
    "rss",
    "pinterest",
    "facebook",
    "twitter",
    "whatsapp",
    "linkedin",
    "telegram",
    "newsletterform",
    "masthead",
    "overlay",
];

/// Class/id words that mark furniture only on elements that hold no paragraph text
/// ("card" or "hidden-xs" also wrap real paragraphs on some sites).
const WEAK_WORDS: &[&str] = &[
    "banner",
    "tags",
    "tag",
    "tagged",
    "keywords",
    "topics",
    "bio",
    "caption",
    "credit",
    "credits",
    "popular",
    "most",
    "more",
    "invisible",
    "byline",
    "dateline",
    "timestamp",
    "author",
    "authors",
    "meta",
    "metadata",
    "rating",
    "follow",
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
    "feedback",
    "notification",
    "notice",
    "flyout",
    "dropdown",
    "sronly",
    "visually",
    "offscreen",
    "screenreader",
    "cta",
    "native",
    "partner",
    "partners",
    "affiliate",
    "reactions",
    "emoji",
    "vote",
    "email",
    "mail",
    "widget",
    "widgets",
    "alert",
    "search",
    "outstream",
    "print",
    "skip",
];

/// Class/id substrings that mark furniture even inside longer words.
const STRONG_SUBSTR: &[&str] = &[
    "share",
    "social",
    "related",
    "newsletter",
    "cookie",
    "consent",
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
    "readmore",
    "read-more",
    "alsoread",
    "also-read",
    "morestories",
    "more-stories",
    "signup",
    "sign-up",
    "footer",
    "navbar",
    "navigation",
    "toolbar",
    "caption",
];

/// Class/id substrings that mark furniture on elements without paragraph text.
const WEAK_SUBSTR: &[&str] = &[
    "banner",
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
    "popular",
];

/// Class/id words that mark the article body.
const POS_WORDS: &[&str] = &[
    "article",
    "articlebody",
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

/// Whether class/id words name a comment thread ("comments", "comment-list",
/// "commentsContainer"), not an article that has been commented on or a commentary.
fn is_comment_thread(lower: &str) -> bool {
    lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.starts_with("comment"))
        .any(|w| {
            !matches!(
                w,
                "commented" | "commentary" | "commentator" | "commentators" | "commentaries"
            )
        })
}

/// How an element's class/id/role reads.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Hint {
    None,
    /// A comment thread: never the article, however much text it holds.
    Comments,
    /// Furniture whatever it holds.
    Strong,
    /// Furniture unless it holds paragraph text.
    Weak,
    /// Hidden from readers: set aside unless it holds a good deal of prose.
    Hidden,
    Positive,
}

/// Class/id readings already made on this page (pages repeat the same classes).
type HintCache<'a> = std::collections::HashMap<(Option<&'a str>, Option<&'a str>), Hint>;

fn attr_hint<'a>(dom: &'a Dom, i: Id, words: &mut Vec<String>, cache: &mut HintCache<'a>) -> Hint {
    let Some(e) = dom.element(i) else {
        return Hint::None;
    };
    if is_hidden(e) {
        // Hidden furniture is still furniture; other hidden text may be the rest of the
        // article behind a "read more" button.
        if e.attr("itemtype").is_some() {
            // Hidden microdata: metadata for machines, not text for readers.
            return Hint::Strong;
        }
        return match class_hint_cached(e, words, cache) {
            h @ (Hint::Comments | Hint::Strong) => h,
            _ => Hint::Hidden,
        };
    }
    if e.attr("aria-hidden") == Some("true") {
        return Hint::Weak;
    }
    if let Some(role) = e.attr("role") {
        match role.trim().to_ascii_lowercase().as_str() {
            "navigation" | "banner" | "contentinfo" | "menu" | "menubar" | "dialog"
            | "alertdialog" | "search" | "toolbar" | "tablist" => return Hint::Strong,
            "complementary" => return Hint::Weak,
            "main" | "article" => return Hint::Positive,
            _ => {}
        }
    }
    if let Some(ip) = e.attr("itemprop") {
        if ip.contains("articleBody") || ip.contains("reviewBody") || ip == "text" {
            return Hint::Positive;
        }
    }
    class_hint_cached(e, words, cache)
}

fn class_hint_cached<'a>(
    e: &'a crate::dom::Element,
    words: &mut Vec<String>,
    cache: &mut HintCache<'a>,
) -> Hint {
    let key = (e.attr("class"), e.attr("id"));
    if key == (None, None) {
        return Hint::None;
    }
    if let Some(h) = cache.get(&key) {
        return *h;
    }
    let h = class_hint(e, words);
    cache.insert(key, h);
    h
}

/// What an element's class and id words say.
fn class_hint(e: &crate::dom::Element, words: &mut Vec<String>) -> Hint {
    let mut hint = Hint::None;
    for key in ["class", "id"] {
        let Some(v) = e.attr(key) else { continue };
        if v.is_empty() || v.len() > 400 {
            continue;
        }
        let lower = v.to_ascii_lowercase();
        for pos in [
            "articlebody",
            "article-body",
            "article_body",
            "story-body",
            "storybody",
            "entry-content",
            "post-content",
            "post-body",
            "article-content",
            "article__body",
            "article-text",
            "articletext",
            "story-text",
            "storytext",
            "post-entry",
        ] {
            if lower.contains(pos) {
                return Hint::Positive;
            }
        }
        if lower.contains("disqus") || is_comment_thread(&lower) {
            return Hint::Comments;
        }
        if STRONG_SUBSTR.iter().any(|s| lower.contains(s)) {
            return Hint::Strong;
        }
        split_words(v, words);
        for w in words.iter() {
            let w = w.as_str();
            if STRONG_WORDS.contains(&w) {
                return Hint::Strong;
            }
            if WEAK_WORDS.contains(&w) || WEAK_SUBSTR.iter().any(|s| lower.contains(s)) {
                hint = Hint::Weak;
            } else if hint == Hint::None && POS_WORDS.contains(&w) {
                hint = Hint::Positive;
            }
        }
    }
    hint
}

/// Whether the element is hidden from readers (`hidden`, `display:none`).
fn is_hidden(e: &crate::dom::Element) -> bool {
    if e.attr("hidden").is_some() {
        return true;
    }
    e.attr("style").is_some_and(|style| {
        let s: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    })
}

/// A run of text between block boundaries.
struct RawBlock {
    owner: Id,
    text: String,
    /// Weighted length (see `weighted_len`).
    len: usize,
    link_chars: usize,
    kind: BlockKind,
}

/// Visible length of `s` in characters, CJK scripts weighted up (one ideogram carries
/// about as much as a short word).
fn weighted_len(s: &str) -> usize {
    if s.is_ascii() {
        return s.bytes().filter(|b| !b.is_ascii_whitespace()).count();
    }
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
    let mut text_len = vec![0u32; n];
    let mut link_len = vec![0u32; n];
    let mut in_p_text = vec![false; n];
    let mut in_a = vec![false; n];
    // Elements holding an image (children before parents, so it fills bottom-up below).
    let mut has_media = vec![false; n];
    for i in 1..n {
        let par = dom.nodes[i].parent as usize;
        let tag = dom.tag(i as Id);
        in_p_text[i] = in_p_text[par] || tag == "p";
        in_a[i] = in_a[par] || tag == "a";
    }
    for i in (1..n).rev() {
        if let Data::Text(t) = &dom.nodes[i].data {
            let len = weighted_len(t) as u32;
            text_len[i] = len;
            // Prose: text inside <p>, or a long run of text outside links (pages that
            // lay paragraphs out with <br>).
            if in_p_text[i]
                || (len >= 80
                    && !in_a[i]
                    && (!t.is_ascii() || t.split_whitespace().nth(3).is_some()))
            {
                p_text[i] = len;
            }
            if in_a[i] {
                link_len[i] = len;
            }
        }
        let par = dom.nodes[i].parent as usize;
        if has_media[i] || matches!(dom.tag(i as Id), "img" | "picture" | "video" | "figure") {
            has_media[par] = true;
        }
        p_text[par] += p_text[i];
        text_len[par] += text_len[i];
        link_len[par] += link_len[i];
    }
    let total_p = p_text[0].max(1);

    // Pass 2 (pre-order): set aside furniture.
    let mut skip = vec![false; n];
    let mut in_link = vec![false; n];
    let mut in_quote = vec![false; n];
    let mut in_pre = vec![false; n];
    let mut words = Vec::new();
    let mut cache = HintCache::new();
    let mut hints = vec![Hint::None; n];
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
        let tag = e.tag();
        match tag {
            "a" => in_link[i] = true,
            "blockquote" | "q" => in_quote[i] = true,
            "pre" => in_pre[i] = true,
            _ => {}
        }
        // Protects a misnamed wrapper (`<div class="unsubscribed">` round the whole page).
        let holds_body = p_text[i] as f32 > 0.6 * total_p as f32 && p_text[i] > 150;
        let holds_prose = p_text[i] >= 40 && link_len[i] * 3 < text_len[i];
        let junk = if matches!(tag, "html" | "body" | "main") {
            false
        } else if tag == "blockquote" {
            // Embedded posts (class "twitter-tweet" …) are quoted content, not furniture.
            false
        } else if junk_tag(tag) || tag == "form" || tag == "header" {
            // A form or header that wraps the page (ASP.NET pages, odd themes) stays.
            !((tag == "form" || tag == "header") && holds_body)
        } else if flow(tag) == Flow::Inline {
            // Inline elements (a link styled "icon") sit inside sentences: keep them
            // unless the page hides them.
            is_hidden(e)
        } else {
            hints[i] = attr_hint(dom, i as Id, &mut words, &mut cache);
            match hints[i] {
                Hint::Comments => true,
                Hint::Strong => !holds_body,
                Hint::Weak => !holds_prose && !holds_body,
                Hint::Hidden => p_text[i] < 400 || link_len[i] * 3 >= text_len[i],
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
                if flow(e.tag()) == Flow::Block {
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
                        len: 0,
                        link_chars: 0,
                        kind,
                    });
                    boundary = false;
                }
                let b = blocks.last_mut().expect("a block was just ensured");
                b.text.push_str(t);
                let len = text_len[i] as usize;
                b.len += len;
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
    let mut blocks = merge_rows(dom, blocks);

    // Score blocks.
    let guide = guide.and_then(Guide::new);
    let mut weights = Vec::with_capacity(blocks.len());
    let mut matched = Vec::with_capacity(blocks.len());
    let mut lens = Vec::with_capacity(blocks.len());
    for b in &mut blocks {
        b.text = collapse_ws(&b.text);
        let text = &b.text;
        let len = b.len;
        let ld = if len > 0 {
            b.link_chars as f32 / len as f32
        } else {
            0.0
        };
        let in_guide = guide
            .as_ref()
            .is_some_and(|g| len >= 20 && g.contains(text));
        let w = if in_guide {
            len as f32 * 2.0
        } else if ld > 0.5 {
            -(len as f32) * 1.0 - 5.0
        } else if len >= 80 {
            len as f32 * (1.0 - ld) * (1.0 - ld) + punctuation_bonus(text)
        } else if len >= 25 {
            len as f32 * (1.0 - ld) * 0.3 + punctuation_bonus(text) * 0.5 - 3.0
        } else {
            -4.0 - len as f32 * 0.2
        };
        weights.push(w);
        matched.push(in_guide);
        lens.push((len, ld));
    }
    let guided = matched.iter().filter(|&&m| m).count() >= 1;

    // Candidate scores: a block's weight goes to the element holding its paragraph and,
    // decaying, to a few ancestors above it; the best candidate is the element that
    // directly gathers the most prose.
    let mut score = vec![0f32; n];
    let mut pos_sum = vec![0f32; n];
    let mut chars = vec![0f32; n];
    let mut links = vec![0f32; n];
    for (k, b) in blocks.iter().enumerate() {
        let w = weights[k];
        let (len, ld) = lens[k];
        let o = b.owner as usize;
        if w > 0.0 {
            pos_sum[o] += w;
        }
        chars[o] += len as f32;
        links[o] += len as f32 * ld;
        if w <= 0.0 {
            continue;
        }
        let leaf = matches!(
            dom.tag(b.owner),
            "p" | "h1"
                | "h2"
                | "h3"
                | "h4"
                | "h5"
                | "h6"
                | "li"
                | "td"
                | "th"
                | "tr"
                | "blockquote"
                | "pre"
                | "dd"
                | "dt"
        );
        let mut cur = if leaf {
            dom.nodes[o].parent as usize
        } else {
            o
        };
        for level in 0..5 {
            score[cur] += match level {
                0 => w,
                1 => w / 2.0,
                l => w / (l as f32 * 3.0),
            };
            if cur == 0 {
                break;
            }
            cur = dom.nodes[cur].parent as usize;
        }
    }
    for i in (1..n).rev() {
        let par = dom.nodes[i].parent as usize;
        pos_sum[par] += pos_sum[i];
        chars[par] += chars[i];
        links[par] += links[i];
    }
    let density = |i: usize| {
        if chars[i] > 0.0 {
            links[i] / chars[i]
        } else {
            0.0
        }
    };
    let mut best = 0usize;
    let mut best_score = 0f32;
    for i in 1..n {
        if skip[i] || score[i] <= 0.0 {
            continue;
        }
        let mut s = score[i] * (1.0 - density(i));
        if hints[i] == Hint::Positive {
            s *= 1.25;
        }
        if s > best_score {
            best_score = s;
            best = i;
        }
    }
    // The container is the best candidate plus the siblings that continue it (an
    // article split into several divs, a lead paragraph set apart).
    let mut ranges: Vec<(Id, Id)> = Vec::new();
    if best == 0 {
        ranges.push((0, n as Id));
    } else {
        ranges.push((best as Id, dom.nodes[best].end));
        let class_of = |i: usize| {
            dom.element(i as Id)
                .and_then(|e| e.attr("class"))
                .filter(|c| !c.is_empty())
        };
        let mut x = best;
        for level in 0..6 {
            let parent = dom.nodes[x].parent as usize;
            if parent == 0 || matches!(dom.tag(parent as Id), "body" | "html") {
                break;
            }
            let x_class = class_of(x);
            let threshold = (if level == 0 { 0.2 } else { 0.3 } * pos_sum[best]).max(30.0);
            let max_density = if level == 0 { 0.3 } else { 0.2 };
            let mut c = parent + 1;
            let end = dom.nodes[parent].end as usize;
            while c < end {
                let similar = x_class.is_some()
                    && class_of(c) == x_class
                    && dom.tag(c as Id) == dom.tag(x as Id);
                let keep = c != x
                    && !skip[c]
                    && pos_sum[c] > 0.0
                    && (level < 3 && pos_sum[c] >= threshold && density(c) < max_density
                        || similar && density(c) < 0.3
                        || level == 0
                            && chars[c] >= 80.0
                            && density(c) < 0.25
                            && pos_sum[c] >= 0.8 * chars[c]);
                if keep {
                    ranges.push((c as Id, dom.nodes[c].end));
                }
                c = dom.nodes[c].end as usize;
            }
            x = parent;
        }
    }

    // Pick blocks inside the container.
    let mut out = Vec::new();
    let mut prose_chars = 0;
    let mut prose_paragraphs = 0;
    let title_norm = title.map(normalize_for_match);
    for (k, b) in blocks.iter().enumerate() {
        if !ranges.iter().any(|&(s, e)| b.owner >= s && b.owner < e) {
            continue;
        }
        let text = b.text.clone();
        let (len, ld) = lens[k];
        if text.is_empty() {
            continue;
        }
        if !matched[k] {
            // Quoted posts carry their author's handle and date as links; table rows
            // link names and teams.
            let lenient = matches!(b.kind, BlockKind::Quote | BlockKind::TableRow);
            let max_ld = if lenient { 0.7 } else { 0.5 };
            if ld > max_ld || (!lenient && ld > 0.3 && len < 120) {
                continue;
            }
            if is_furniture(&text) {
                continue;
            }
            // A short text that shares a small box with an image is its caption.
            let holder = dom.nodes[b.owner as usize].parent as usize;
            if b.kind == BlockKind::Paragraph
                && has_media[holder]
                && chars[holder] <= len as f32 + 30.0
                && (len < 120 || looks_like_caption(&text))
            {
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

fn punctuation_bonus(text: &str) -> f32 {
    let (mut commas, mut stops) = (0f32, 0f32);
    for c in text.chars() {
        match c {
            ',' | '，' | '、' => commas += 1.0,
            '.' | '!' | '?' | '。' | '！' | '？' => stops += 1.0,
            _ => {}
        }
    }
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
                    prev.len += b.len + 1;
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

/// The page's schema.org `articleBody`, indexed by its 8-word windows.
struct Guide {
    norm: String,
    windows: std::collections::HashSet<u64>,
}

const GUIDE_WINDOW: usize = 8;

fn hash_words<'a>(words: impl Iterator<Item = &'a str>) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for w in words {
        w.hash(&mut h);
    }
    h.finish()
}

impl Guide {
    fn new(text: &str) -> Option<Guide> {
        let norm = normalize_for_match(text);
        if norm.len() <= 200 {
            return None;
        }
        let words: Vec<&str> = norm.split(' ').collect();
        let windows = words
            .windows(GUIDE_WINDOW)
            .map(|w| hash_words(w.iter().copied()))
            .collect();
        Some(Guide { norm, windows })
    }

    /// Whether a block's text appears in the guide (its first words suffice: the
    /// markup often differs in spacing and punctuation).
    fn contains(&self, text: &str) -> bool {
        let norm = normalize_for_match(text);
        if norm.is_empty() {
            return false;
        }
        let first: Vec<&str> = norm.split(' ').take(GUIDE_WINDOW).collect();
        if first.len() == GUIDE_WINDOW {
            self.windows.contains(&hash_words(first.into_iter()))
        } else {
            self.norm.contains(&norm)
        }
    }
}

/// Short lines that are page furniture in any article: prompts, labels, widgets.
fn is_furniture(text: &str) -> bool {
    let len = text.chars().count();
    if len > 200 {
        return false;
    }
    let t = text.to_lowercase();
    let t = t.trim_matches(|c: char| !c.is_alphanumeric());
    // "7 Responses to …", "12 comments".
    let mut words = t.split_whitespace();
    let first = words.next().unwrap_or("");
    let second = words.next().unwrap_or("");
    if first.bytes().all(|b| b.is_ascii_digit())
        && matches!(
            second,
            "responses" | "response" | "comments" | "comment" | "replies" | "shares"
        )
    {
        return true;
    }
    if len > 90 {
        return false;
    }
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
        "advert",
        "tags",
        "topics",
        "share this story",
        "like this story",
        "comments are closed",
        "tell us what you think",
    ];
    if EXACT.contains(&t) {
        return true;
    }
    if is_caption(text, t) || is_bare_reference(text) {
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
        "posted:",
        "posted on ",
        "updated:",
        "published:",
        "last updated",
        "citation:",
        "tags:",
        "topics:",
        "filed under",
        "like this story",
        "this slideshow requires",
        "this website uses cookies",
        "privacy overview",
    ];
    if PREFIX.iter().any(|p| t.starts_with(p)) {
        return true;
    }
    t.starts_with("log in to") && (t.contains("comment") || t.contains("post"))
}

/// Photo captions and credits that sit outside `<figure>`: "… (Image: Getty)",
/// "© Jane Roe …", "Image 2 of 5".
fn is_caption(text: &str, lower: &str) -> bool {
    if text.starts_with('©') {
        return true;
    }
    let trimmed = text.trim_end();
    if trimmed.ends_with(')') {
        if let Some(open) = trimmed.rfind('(') {
            let inner = trimmed[open + 1..trimmed.len() - 1].to_lowercase();
            if inner.len() < 60
                && [
                    "image:",
                    "photo:",
                    "picture:",
                    "credit:",
                    "pic:",
                    "getty",
                    "photo credit",
                    "images)",
                ]
                .iter()
                .any(|w| inner.starts_with(w) || inner.contains(w))
            {
                return true;
            }
        }
    }
    let words: Vec<&str> = lower.split_whitespace().collect();
    words.len() == 4
        && matches!(words[0], "image" | "photo" | "picture" | "slide")
        && words[1].bytes().all(|b| b.is_ascii_digit())
        && matches!(words[2], "of" | "/")
        && words[3].bytes().all(|b| b.is_ascii_digit())
}

/// Words that give a photo caption or credit away.
fn looks_like_caption(text: &str) -> bool {
    let t = text.to_lowercase();
    [
        "photo",
        "pictured",
        "image:",
        "getty",
        "reuters",
        "associated press",
        "afp",
        "credit",
        "courtesy",
        "(left)",
        "left, ",
        "(right)",
        "file picture",
        "illustration",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// A block that is only a URL, an e-mail address or a social handle.
fn is_bare_reference(text: &str) -> bool {
    let t = text.trim();
    if t.contains(char::is_whitespace) || t.len() > 200 {
        return false;
    }
    t.starts_with("http://")
        || t.starts_with("https://")
        || t.starts_with("www.") && t.contains('/')
        || t.starts_with('@') && t.len() > 1
        || (t.contains('@') && t.contains('.') && !t.starts_with('@'))
        || t.starts_with("twitter.com/")
        || t.starts_with("instagram.com/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_threads_by_word() {
        assert!(is_comment_thread("comments-list"));
        assert!(is_comment_thread(
            "post__commentsContainer".to_ascii_lowercase().as_str()
        ));
        assert!(!is_comment_thread("post hentry commented marquee-post"));
        assert!(!is_comment_thread("commentary-body"));
    }

    #[test]
    fn captions_and_references() {
        assert!(is_furniture("Protesters have worn masks (Image: GETTY )"));
        assert!(is_furniture(
            "© Jane Roe Detainees at the centre, on May 18, 2018."
        ));
        assert!(is_furniture("Image 2 of 5"));
        assert!(is_furniture("jane.roe@example.com"));
        assert!(is_furniture("https://example.com/story"));
        assert!(!is_furniture("The talks (which lasted hours) ended."));
    }

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
