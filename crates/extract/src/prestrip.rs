//! A byte-level pass that drops elements which never hold article text (scripts,
//! styles, inline SVG, comments …) before the HTML parser sees the page, and keeps
//! the JSON-LD scripts it meets. Most of a news page's bytes are such elements, so
//! the parser then has far less to do.

/// The page with non-content elements removed, and the JSON-LD payloads found.
pub struct Stripped {
    /// HTML left for the parser.
    pub html: String,
    /// Contents of `<script type="application/ld+json">` elements, in page order.
    pub json_ld: Vec<String>,
    /// Whether an element was cut off by the end of the input.
    pub truncated: bool,
    /// Whether nesting beyond [`MAX_DEPTH`] was flattened.
    pub flattened: bool,
}

const DROPPED: [&[u8]; 6] = [
    b"script",
    b"style",
    b"svg",
    b"noscript",
    b"template",
    b"math",
];

/// Removes script, style, svg, noscript, template and math elements and comments.
pub fn strip(html: &str) -> Stripped {
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len() / 2);
    let mut json_ld = Vec::new();
    let mut truncated = false;
    let mut copied = 0; // bytes of `b` already handled
    let mut depth = Depth::default();
    let mut tag_buf = String::new();
    let mut flattened = false;
    let mut pos = 0;
    while let Some(off) = memchr::memchr(b'<', &b[pos..]) {
        let lt = pos + off;
        let rest = &b[lt + 1..];
        if rest.starts_with(b"!--") {
            out.push_str(&html[copied..lt]);
            match memchr::memmem::find(&rest[3..], b"-->") {
                Some(e) => {
                    pos = lt + 1 + 3 + e + 3;
                }
                None => {
                    truncated = true;
                    pos = b.len();
                }
            }
            copied = pos;
            continue;
        }
        let Some(name) = DROPPED.iter().find(|n| starts_with_tag(rest, n)) else {
            // Track nesting; tags past MAX_DEPTH are dropped (their text stays), since
            // tree building slows quadratically with depth.
            if let Some((name, closing)) = tag_name(rest) {
                if !is_void_or_optional(name) {
                    let cut = if closing {
                        depth.close(name)
                    } else {
                        depth.open(name)
                    };
                    if cut {
                        out.push_str(&html[copied..lt]);
                        pos = memchr::memchr(b'>', rest).map_or(b.len(), |e| lt + 1 + e + 1);
                        copied = pos;
                        flattened = true;
                        continue;
                    }
                }
                if !closing {
                    if let Some(end) = slim_tag(html, lt, name, &mut tag_buf) {
                        out.push_str(&html[copied..lt]);
                        out.push_str(&tag_buf);
                        pos = end;
                        copied = end;
                        continue;
                    }
                }
            }
            pos = lt + 1;
            continue;
        };
        out.push_str(&html[copied..lt]);
        let open_end = match memchr::memchr(b'>', rest) {
            Some(e) => lt + 1 + e,
            None => {
                truncated = true;
                pos = b.len();
                copied = pos;
                break;
            }
        };
        let open_tag = &b[lt..open_end];
        if open_tag.ends_with(b"/") && *name == b"svg" {
            pos = open_end + 1;
            copied = pos;
            continue;
        }
        let body_start = open_end + 1;
        match find_close(b, body_start, name) {
            Some((body_end, after)) => {
                if *name == b"script" && contains_ci(open_tag, b"ld+json") {
                    json_ld.push(html[body_start..body_end].to_string());
                }
                pos = after;
            }
            None => {
                truncated = true;
                pos = b.len();
            }
        }
        copied = pos;
    }
    if copied < b.len() {
        out.push_str(&html[copied..]);
    }
    Stripped {
        html: out,
        json_ld,
        truncated,
        flattened,
    }
}

/// Attributes some later pass reads; every other attribute is dropped before parsing
/// (inline styles, data-* blobs, srcsets and link targets are a large share of a page).
/// `href` survives on `<link>` and `<base>` only, `style` only when it hides.
pub const KEPT_ATTRS: [&str; 18] = [
    "class",
    "id",
    "role",
    "itemprop",
    "itemtype",
    "rel",
    "name",
    "property",
    "content",
    "datetime",
    "lang",
    "hidden",
    "aria-hidden",
    "http-equiv",
    "type",
    "charset",
    "style",
    "href",
];

/// Rewrites the start tag at `lt` into `buf` without the attributes nobody reads.
/// Returns the index after the tag, or `None` to leave the tag as it is (nothing to
/// drop, or markup too odd to rewrite safely).
fn slim_tag(html: &str, lt: usize, name: &[u8], buf: &mut String) -> Option<usize> {
    let b = html.as_bytes();
    let mut i = lt + 1 + name.len();
    let keep_href = name.eq_ignore_ascii_case(b"link") || name.eq_ignore_ascii_case(b"base");
    buf.clear();
    buf.push_str(&html[lt..i]);
    let mut dropped = false;
    loop {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/') {
            i += 1;
        }
        if i >= b.len() {
            return None;
        }
        if b[i] == b'>' {
            buf.push('>');
            return dropped.then_some(i + 1);
        }
        let name_start = i;
        while i < b.len()
            && !matches!(
                b[i],
                b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>' | b'='
            )
        {
            i += 1;
        }
        let attr = &html[name_start..i];
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
            i += 1;
        }
        let mut value_end = i;
        if i < b.len() && b[i] == b'=' {
            i += 1;
            while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c') {
                i += 1;
            }
            match b.get(i) {
                Some(&q @ (b'"' | b'\'')) => {
                    let close = memchr::memchr(q, &b[i + 1..])?;
                    i = i + 1 + close + 1;
                }
                Some(_) => {
                    while i < b.len()
                        && !matches!(b[i], b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'>')
                    {
                        i += 1;
                    }
                }
                None => return None,
            }
            value_end = i;
        }
        let whole = &html[name_start..value_end];
        let lower_is = |k: &str| attr.eq_ignore_ascii_case(k);
        let keep = if lower_is("href") {
            keep_href
        } else if lower_is("style") {
            contains_ci(whole.as_bytes(), b"none") || contains_ci(whole.as_bytes(), b"hidden")
        } else {
            KEPT_ATTRS.iter().any(|k| lower_is(k))
        };
        if keep {
            buf.push(' ');
            buf.push_str(whole);
        } else {
            dropped = true;
        }
        if value_end == name_start {
            // No progress (a stray character): give up on rewriting this tag.
            return None;
        }
    }
}

/// Deepest element nesting passed on to the parser.
pub const MAX_DEPTH: usize = 512;

/// Estimated open-element depth, and the start tags cut for exceeding it.
#[derive(Default)]
struct Depth {
    open: usize,
    cut: std::collections::HashMap<Vec<u8>, usize>,
}

impl Depth {
    /// A start tag; true when it must be cut.
    fn open(&mut self, name: &[u8]) -> bool {
        if self.open >= MAX_DEPTH {
            *self.cut.entry(name.to_ascii_lowercase()).or_default() += 1;
            return true;
        }
        self.open += 1;
        false
    }

    /// An end tag; true when its start tag was cut.
    fn close(&mut self, name: &[u8]) -> bool {
        if let Some(n) = self.cut.get_mut(&name.to_ascii_lowercase()) {
            if *n > 0 {
                *n -= 1;
                return true;
            }
        }
        self.open = self.open.saturating_sub(1);
        false
    }
}

/// The tag name after '<' (or "</"), and whether it is an end tag.
fn tag_name(rest: &[u8]) -> Option<(&[u8], bool)> {
    let (closing, r) = match rest.first()? {
        b'/' => (true, &rest[1..]),
        _ => (false, rest),
    };
    if !r.first()?.is_ascii_alphabetic() {
        return None;
    }
    let len = r
        .iter()
        .position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b':'))
        .unwrap_or(r.len());
    Some((&r[..len], closing))
}

/// Elements that never nest: void elements and those whose end tag is implied.
fn is_void_or_optional(name: &[u8]) -> bool {
    const NAMES: [&[u8]; 27] = [
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"source", b"track", b"wbr", b"param", b"keygen", b"p", b"li", b"dt", b"dd", b"tr", b"td",
        b"th", b"option", b"tbody", b"thead", b"tfoot", b"html",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
        || name.eq_ignore_ascii_case(b"head")
        || name.eq_ignore_ascii_case(b"body")
}

/// `rest` (the bytes after '<') opens element `name`.
fn starts_with_tag(rest: &[u8], name: &[u8]) -> bool {
    rest.len() > name.len()
        && rest[..name.len()].eq_ignore_ascii_case(name)
        && matches!(
            rest[name.len()],
            b'>' | b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'\x0c'
        )
}

/// Finds `</name` from `from`; returns (start of the closing tag, index after its '>').
fn find_close(b: &[u8], from: usize, name: &[u8]) -> Option<(usize, usize)> {
    let mut p = from;
    while let Some(off) = memchr::memmem::find(&b[p..], b"</") {
        let at = p + off;
        let rest = &b[at + 2..];
        if starts_with_tag(rest, name) {
            let after = memchr::memchr(b'>', rest).map_or(b.len(), |e| at + 2 + e + 1);
            return Some((at, after));
        }
        p = at + 2;
    }
    None
}

fn contains_ci(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_scripts_styles_comments_and_keeps_json_ld() {
        let s = strip(
            "<p>a<script>if (x<y) {}</script>b</p><!-- c --><STYLE>p{}</Style>\
             <script type=\"application/ld+json\">{\"a\":1}</script><svg><g/></svg>d<svg/>e",
        );
        assert_eq!(s.html, "<p>ab</p>de");
        assert_eq!(s.json_ld, vec!["{\"a\":1}".to_string()]);
        assert!(!s.truncated);
    }

    #[test]
    fn unterminated_elements_are_cut_and_flagged() {
        let s = strip("<p>keep</p><script>never closed");
        assert_eq!(s.html, "<p>keep</p>");
        assert!(s.truncated);
        let s = strip("<p>keep</p><!-- open");
        assert_eq!(s.html, "<p>keep</p>");
        assert!(s.truncated);
    }

    #[test]
    fn similar_tag_names_are_kept() {
        let s = strip("<styled>x</styled><scripts>y</scripts><p>z");
        assert_eq!(s.html, "<styled>x</styled><scripts>y</scripts><p>z");
    }

    #[test]
    fn absurd_nesting_is_flattened_text_kept() {
        let html = "<div>".repeat(5000) + "deep text" + &"</div>".repeat(5000);
        let s = strip(&html);
        assert!(s.flattened);
        assert!(s.html.contains("deep text"));
        assert_eq!(s.html.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(s.html.matches("</div>").count(), MAX_DEPTH);
    }

    #[test]
    fn unread_attributes_are_dropped() {
        let s = strip(
            "<div class=\"a b\" data-x='{\"k\": \">\"}' style=\"color:red\" id=x><a href=\"/y\" rel=author>Y</a>\
             <p style=\"display: none\" hidden>h</p><link rel=canonical href=\"https://e.x/a\"><img src=a.png alt=\"A > B\">",
        );
        assert_eq!(
            s.html,
            "<div class=\"a b\" id=x><a rel=author>Y</a><p style=\"display: none\" hidden>h</p>\
             <link rel=canonical href=\"https://e.x/a\"><img>"
        );
    }

    #[test]
    fn multibyte_text_survives() {
        let s = strip("<p>Łódź — ünïcode</p><script>é</script><p>日本</p>");
        assert_eq!(s.html, "<p>Łódź — ünïcode</p><p>日本</p>");
    }
}
