//! Page metadata: schema.org JSON-LD, OpenGraph and `<meta>` tags, `<time>`, the URL.

use crate::dates;
use crate::dom::{collapse_ws, Dom, Id};
use newsgraph_model::{DateField, DateSource};
use serde_json::Value;

/// Metadata read from a page, before the body is known.
#[derive(Default, Debug)]
pub struct Meta {
    /// Headline.
    pub title: Option<String>,
    /// The `<title>` element's text.
    pub html_title: Option<String>,
    /// Text of the first `<h1>`.
    pub h1: Option<String>,
    /// Author names.
    pub authors: Vec<String>,
    /// Publication date.
    pub published: Option<DateField>,
    /// Modification date.
    pub modified: Option<DateField>,
    /// Declared language.
    pub language: Option<String>,
    /// Site name.
    pub site_name: Option<String>,
    /// Canonical URL.
    pub canonical_url: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Lead image.
    pub image: Option<String>,
    /// Section.
    pub section: Option<String>,
    /// Tags and keywords.
    pub tags: Vec<String>,
    /// schema.org `articleBody`, when given.
    pub article_body: Option<String>,
    /// The page declares itself an article (schema.org type or `og:type`).
    pub declared_article: bool,
    /// The page declares itself something else (video, listing, home page, product).
    pub declared_other: bool,
}

const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
    "SocialMediaPosting",
    "DiscussionForumPosting",
    "Review",
    "SatiricalArticle",
];

const OTHER_TYPES: &[&str] = &[
    "VideoObject",
    "CollectionPage",
    "ItemList",
    "SearchResultsPage",
    "Product",
    "ProfilePage",
];

/// Reads the metadata of `dom`; `json_ld` holds the page's JSON-LD payloads.
pub fn read(dom: &Dom, json_ld: &[String], url: Option<&str>) -> Meta {
    let mut m = Meta::default();
    let mut objects = Vec::new();
    for raw in json_ld {
        if let Some(v) = parse_json_lenient(raw) {
            flatten(v, &mut objects, 0);
        }
    }
    // The article object: the first with an article type; fall back to WebPage.
    let article = objects
        .iter()
        .find(|o| has_type(o, ARTICLE_TYPES))
        .or_else(|| {
            objects
                .iter()
                .find(|o| has_type(o, &["WebPage"]) && o.get("headline").is_some())
        });
    if objects.iter().any(|o| has_type(o, ARTICLE_TYPES)) {
        m.declared_article = true;
    }
    if objects.iter().any(|o| has_type(o, OTHER_TYPES)) {
        m.declared_other = true;
    }
    if let Some(a) = article {
        m.title = str_of(a.get("headline")).or_else(|| str_of(a.get("name")));
        m.authors = people(a.get("author"));
        m.published = date_field(str_of(a.get("datePublished")), DateSource::JsonLd)
            .or_else(|| date_field(str_of(a.get("dateCreated")), DateSource::JsonLd));
        m.modified = date_field(str_of(a.get("dateModified")), DateSource::JsonLd);
        m.description = str_of(a.get("description"));
        m.image = image_of(a.get("image")).or_else(|| image_of(a.get("thumbnailUrl")));
        m.section = list_of(a.get("articleSection")).into_iter().next();
        m.tags = list_of(a.get("keywords"));
        m.article_body = str_of(a.get("articleBody")).or_else(|| str_of(a.get("text")));
        m.language = str_of(a.get("inLanguage"));
        m.canonical_url = str_of(a.get("url")).filter(|u| u.starts_with("http"));
        if let Some(p) = a.get("publisher") {
            m.site_name = str_of(p.get("name"));
        }
    }
    if m.site_name.is_none() {
        m.site_name = objects
            .iter()
            .find(|o| has_type(o, &["WebSite", "NewsMediaOrganization", "Organization"]))
            .and_then(|o| str_of(o.get("name")));
    }

    let mut time_el: Option<(String, bool)> = None;
    let mut rel_authors = Vec::new();
    let mut itemprop_authors = Vec::new();
    let mut meta_dates_pub: Option<String> = None;
    let mut meta_dates_mod: Option<String> = None;
    let mut og_type = None;
    let mut canonical = None;
    let mut meta_authors = Vec::new();
    let mut keywords = Vec::new();
    let mut headings: Vec<String> = Vec::new();
    let mut byline_dates: Vec<String> = Vec::new();
    let n = dom.len();
    for i in 0..n as Id {
        let Some(e) = dom.element(i) else { continue };
        match e.tag() {
            "html" => {
                if let Some(l) = e.attr("lang") {
                    if !l.trim().is_empty() && m.language.is_none() {
                        m.language = Some(l.trim().to_string());
                    }
                }
            }
            "title" => {
                if m.html_title.is_none() {
                    m.html_title = Some(dom.text_of(i)).filter(|t| !t.is_empty());
                }
            }
            "h1" | "h2" | "h3" => {
                let t = dom.text_of(i);
                if e.tag() == "h1" && m.h1.is_none() && !t.is_empty() {
                    m.h1 = Some(t.clone());
                }
                if headings.len() < 30 && !t.is_empty() {
                    headings.push(t);
                }
            }
            "link" => {
                let rel = e.attr("rel").unwrap_or("").to_ascii_lowercase();
                if rel.split_whitespace().any(|r| r == "canonical") {
                    canonical = e.attr("href").map(str::to_string);
                }
            }
            "time" => {
                if let Some(dt) = e.attr("datetime") {
                    let pubish = e
                        .attr("itemprop")
                        .is_some_and(|p| p.contains("datePublished"))
                        || e.attr("class").is_some_and(|c| c.contains("publish"));
                    if time_el.as_ref().is_none_or(|(_, p)| !p && pubish) {
                        time_el = Some((dt.to_string(), pubish));
                    }
                }
            }
            "meta" => {
                let key = e
                    .attr("property")
                    .or_else(|| e.attr("name"))
                    .or_else(|| e.attr("itemprop"))
                    .or_else(|| e.attr("http-equiv"))
                    .unwrap_or("")
                    .to_ascii_lowercase();
                let Some(val) = e.attr("content").map(str::trim).filter(|v| !v.is_empty()) else {
                    continue;
                };
                let set = |slot: &mut Option<String>| {
                    if slot.is_none() {
                        *slot = Some(collapse_ws(val));
                    }
                };
                match key.as_str() {
                    "og:title" | "twitter:title" | "dc.title" => set(&mut m.title),
                    "og:site_name" | "application-name" | "publisher" => set(&mut m.site_name),
                    "og:description" | "description" | "twitter:description" | "dc.description" => {
                        set(&mut m.description)
                    }
                    "og:image" | "og:image:url" | "twitter:image" | "twitter:image:src" => {
                        set(&mut m.image)
                    }
                    "og:url" if canonical.is_none() => canonical = Some(val.to_string()),
                    "og:type" => og_type = Some(val.to_ascii_lowercase()),
                    "og:locale" | "content-language" | "dc.language" | "language" => {
                        set(&mut m.language)
                    }
                    "article:section" | "section" | "article.section" | "parsely-section" => {
                        set(&mut m.section)
                    }
                    "article:tag" | "keywords" | "news_keywords" | "parsely-tags" => {
                        keywords.extend(val.split([',', ';']).map(|s| s.trim().to_string()));
                    }
                    "article:published_time"
                    | "article:published"
                    | "datepublished"
                    | "pubdate"
                    | "publishdate"
                    | "publish-date"
                    | "publish_date"
                    | "date"
                    | "dc.date"
                    | "dc.date.issued"
                    | "dcterms.created"
                    | "sailthru.date"
                    | "parsely-pub-date"
                    | "article.published"
                    | "og:published_time"
                    | "citation_publication_date"
                    | "original-publish-date"
                    | "ptime"
                    | "release_date" => {
                        meta_dates_pub.get_or_insert_with(|| val.to_string());
                    }
                    "article:modified_time"
                    | "og:updated_time"
                    | "datemodified"
                    | "dcterms.modified"
                    | "last-modified"
                    | "article.updated"
                    | "utime"
                    | "lastmod" => {
                        meta_dates_mod.get_or_insert_with(|| val.to_string());
                    }
                    "author" | "article:author" | "dc.creator" | "sailthru.author"
                    | "parsely-author" | "citation_author" | "byl" => {
                        meta_authors.push(val.to_string());
                    }
                    _ => {}
                }
            }
            _ => {
                if let Some(ip) = e.attr("itemprop") {
                    if ip
                        .split_whitespace()
                        .any(|p| p == "author" || p == "creator")
                    {
                        // The name may sit in a nested itemprop=name.
                        let t = dom.text_of(i);
                        if !t.is_empty() && t.len() < 120 {
                            itemprop_authors.push(t);
                        }
                    }
                }
                // A dateline or byline box: its text may carry the date.
                if byline_dates.len() < 8
                    && e.attr("class").or(e.attr("id")).is_some_and(|c| {
                        let c = c.to_ascii_lowercase();
                        ["date", "time", "byline", "posted", "published", "dateline"]
                            .iter()
                            .any(|k| c.contains(k))
                    })
                {
                    let t = dom.text_of(i);
                    if !t.is_empty() && t.len() < 160 {
                        byline_dates.push(t);
                    }
                }
                if e.tag() == "a"
                    && e.attr("rel")
                        .is_some_and(|r| r.split_whitespace().any(|x| x == "author"))
                {
                    let t = dom.text_of(i);
                    if !t.is_empty() && t.len() < 80 {
                        rel_authors.push(t);
                    }
                }
            }
        }
    }
    if m.published.is_none() {
        m.published = date_field(meta_dates_pub, DateSource::Meta);
    }
    if m.modified.is_none() {
        m.modified = date_field(meta_dates_mod, DateSource::Meta);
    }
    if m.published.is_none() {
        m.published = date_field(time_el.map(|(t, _)| t), DateSource::TimeElement);
    }
    if m.published.is_none() {
        // "Published Monday November 18, 2019 7:45 am" in a byline or dateline.
        m.published = byline_dates.iter().find_map(|t| {
            dates::textual_date(t).map(|d| DateField {
                value: d.to_string(),
                source: DateSource::Text,
                raw: t.clone(),
            })
        });
    }
    if m.published.is_none() {
        if let Some(u) = url {
            if let Some(v) = dates::from_url(u) {
                m.published = Some(DateField {
                    value: v,
                    source: DateSource::Url,
                    raw: u.to_string(),
                });
            }
        }
    }
    if m.authors.is_empty() {
        for cand in [meta_authors, itemprop_authors, rel_authors] {
            let names: Vec<String> = cand.iter().flat_map(|a| split_authors(a)).collect();
            if !names.is_empty() {
                m.authors = dedup(names);
                break;
            }
        }
    }
    if m.tags.is_empty() {
        m.tags = dedup(
            keywords
                .into_iter()
                .filter(|k| !k.is_empty() && k.len() < 80)
                .collect(),
        );
    }
    if m.canonical_url.is_none() {
        m.canonical_url = canonical.filter(|c| c.starts_with("http"));
    }
    match og_type.as_deref() {
        Some("article") | Some("news") | Some("blog") => m.declared_article = true,
        Some(t)
            if (t.starts_with("video") || t == "website" || t == "product")
                && !m.declared_article =>
        {
            m.declared_other = true;
        }
        _ => {}
    }
    if m.title.is_none() {
        m.title = headline_from_title(m.html_title.as_deref(), m.h1.as_deref(), &headings);
    }
    m.title = m.title.map(|t| collapse_ws(&t)).filter(|t| !t.is_empty());
    m.language = m
        .language
        .map(|l| normalize_lang(&l))
        .filter(|l| !l.is_empty());
    m
}

/// The headline when the page names none in its metadata: a heading that the
/// `<title>` repeats, else the `<title>` without the site name, else the first `<h1>`.
fn headline_from_title(
    title: Option<&str>,
    h1: Option<&str>,
    headings: &[String],
) -> Option<String> {
    let Some(t) = title.filter(|t| !t.trim().is_empty()) else {
        return h1.map(str::to_string);
    };
    if let Some(h) = headings
        .iter()
        .filter(|h| h.chars().count() >= 15 && t.contains(h.as_str()))
        .max_by_key(|h| h.len())
    {
        return Some(h.clone());
    }
    Some(strip_site_suffix(t))
}

/// "en-US", "en_GB" → "en".
pub fn normalize_lang(l: &str) -> String {
    l.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

fn strip_site_suffix(t: &str) -> String {
    let mut parts = vec![t];
    for sep in [" | ", " :: ", " – ", " — ", " - ", " · ", " « ", " » "] {
        parts = parts.iter().flat_map(|p| p.split(sep)).collect();
    }
    parts
        .into_iter()
        .map(str::trim)
        .max_by_key(|p| p.chars().count())
        .unwrap_or(t)
        .to_string()
}

fn date_field(raw: Option<String>, source: DateSource) -> Option<DateField> {
    let raw = raw?;
    let value = dates::normalize(&raw)?;
    Some(DateField { value, source, raw })
}

/// Parses JSON-LD, forgiving the wrappers and junk pages put around it.
fn parse_json_lenient(raw: &str) -> Option<Value> {
    let s = raw.trim();
    let s = s
        .trim_start_matches("<![CDATA[")
        .trim_end_matches("]]>")
        .trim();
    let s = s.trim_start_matches("//").trim();
    if let Ok(v) = serde_json::from_str(s) {
        return Some(v);
    }
    // Control characters inside strings (raw newlines, tabs) are common.
    let cleaned: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if let Ok(v) = serde_json::from_str(&cleaned) {
        return Some(v);
    }
    // Trailing junk after the value (a stray semicolon, a second object).
    let mut de = serde_json::Deserializer::from_str(&cleaned).into_iter::<Value>();
    de.next().and_then(Result::ok)
}

fn flatten(v: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(a) => {
            for x in a {
                flatten(x, out, depth + 1);
            }
        }
        Value::Object(mut o) => {
            if let Some(g) = o.remove("@graph") {
                flatten(g, out, depth + 1);
            }
            if let Some(me) = o.get("mainEntity").cloned() {
                if me.is_object() {
                    flatten(me, out, depth + 1);
                }
            }
            out.push(Value::Object(o));
        }
        _ => {}
    }
}

fn has_type(o: &Value, types: &[&str]) -> bool {
    let check = |t: &str| {
        let t = t.rsplit('/').next().unwrap_or(t);
        types.contains(&t)
    };
    match o.get("@type") {
        Some(Value::String(t)) => check(t),
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str().is_some_and(check)),
        _ => false,
    }
}

fn str_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(collapse_ws(&unescape_entities(s))).filter(|s| !s.is_empty()),
        Value::Array(a) => a.iter().find_map(|x| str_of(Some(x))),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn list_of(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => s
            .split(',')
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())
            .collect(),
        Some(Value::Array(a)) => a.iter().filter_map(|x| str_of(Some(x))).collect(),
        _ => Vec::new(),
    }
}

fn image_of(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(|x| image_of(Some(x))),
        Value::Object(o) => str_of(o.get("url")).or_else(|| str_of(o.get("contentUrl"))),
        _ => None,
    }
}

fn people(v: Option<&Value>) -> Vec<String> {
    let mut out = Vec::new();
    match v {
        Some(Value::String(s)) => out.extend(split_authors(s)),
        Some(Value::Array(a)) => {
            for x in a {
                out.extend(people(Some(x)));
            }
        }
        Some(Value::Object(o)) => {
            if let Some(name) = str_of(o.get("name")) {
                out.extend(split_authors(&name));
            }
        }
        _ => {}
    }
    dedup(out)
}

/// Splits "By Jane Roe and John Doe, Reuters" into names; drops URLs and handles.
pub fn split_authors(s: &str) -> Vec<String> {
    let s = collapse_ws(s);
    if s.starts_with("http") || s.contains("://") || s.starts_with('@') {
        return Vec::new();
    }
    let lower = s.to_lowercase();
    let s = if lower.starts_with("by ") {
        &s[3..]
    } else {
        &s[..]
    };
    s.split([',', ';', '&', '|'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_end_matches('.').to_string())
        .filter(|p| {
            let words = p.split_whitespace().count();
            !p.is_empty() && words <= 5 && p.chars().any(char::is_alphabetic)
        })
        .collect()
}

fn dedup(v: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for x in v {
        if !out.iter().any(|y| y.eq_ignore_ascii_case(&x)) {
            out.push(x);
        }
    }
    out
}

/// Decodes the HTML entities that leak into JSON-LD strings (`&amp;`, `&#8217;` …).
fn unescape_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        let tail = &rest[p..];
        // ';' is ASCII, so the byte position found is a char boundary.
        let Some(semi) = tail.as_bytes()[..tail.len().min(12)]
            .iter()
            .position(|&b| b == b';')
        else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let ent = &tail[1..semi];
        let decoded = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            _ if ent.starts_with("#x") || ent.starts_with("#X") => {
                u32::from_str_radix(&ent[2..], 16)
                    .ok()
                    .and_then(char::from_u32)
            }
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_graph_and_meta() {
        let html = r#"<html lang="en-GB"><head><title>A story - Site</title>
            <meta property="og:site_name" content="The Site">
            <meta property="article:published_time" content="2019-11-18T10:00:00+00:00">
            </head><body><h1>A story</h1></body></html>"#;
        let ld = vec![r#"{"@context":"https://schema.org","@graph":[{"@type":"NewsArticle",
            "headline":"A story &amp; more","author":[{"@type":"Person","name":"Jane Roe"},{"name":"John Doe"}],
            "dateModified":"2019-11-19","keywords":"a, b"}]}"#
            .to_string()];
        let dom = Dom::parse(html);
        let m = read(&dom, &ld, Some("https://x.com/2019/11/18/a"));
        assert_eq!(m.title.as_deref(), Some("A story & more"));
        assert_eq!(m.authors, vec!["Jane Roe", "John Doe"]);
        let p = m.published.unwrap();
        assert_eq!(p.value, "2019-11-18T10:00:00Z");
        assert_eq!(p.source, DateSource::Meta);
        assert_eq!(m.modified.unwrap().source, DateSource::JsonLd);
        assert_eq!(m.language.as_deref(), Some("en"));
        assert_eq!(m.site_name.as_deref(), Some("The Site"));
        assert_eq!(m.tags, vec!["a", "b"]);
        assert!(m.declared_article);
    }

    #[test]
    fn entities_next_to_multibyte_text() {
        assert_eq!(
            unescape_entities("&quot;Youâ€™re&quot; &amp; é&#8217;"),
            "\"Youâ€™re\" & é\u{2019}"
        );
        assert_eq!(
            unescape_entities("a & b &unknown; €&"),
            "a & b &unknown; €&"
        );
    }

    #[test]
    fn date_from_byline_text() {
        let dom = Dom::parse("<html><body><div class=\"byline\">Monday November 18, 2019 7:45 am PST by Jane Roe</div><p>x</p></body></html>");
        let m = read(&dom, &[], Some("https://x.example/a-story"));
        let p = m.published.unwrap();
        assert_eq!(
            (p.value.as_str(), p.source),
            ("2019-11-18", DateSource::Text)
        );
    }

    #[test]
    fn authors_split() {
        assert_eq!(
            split_authors("By Jane Roe and John Doe"),
            vec!["Jane Roe", "John Doe"]
        );
        assert!(split_authors("https://facebook.com/x").is_empty());
    }

    #[test]
    fn broken_json_ld_is_survived() {
        let dom = Dom::parse("<p>x</p>");
        let m = read(
            &dom,
            &[
                "{\"@type\":\"NewsArticle\",\"headline\":\"A\nB\"};".to_string(),
                "{{{".to_string(),
            ],
            None,
        );
        assert_eq!(m.title.as_deref(), Some("A B"));
    }
}
