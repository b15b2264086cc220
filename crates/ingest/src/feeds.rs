//! RSS and Atom feeds: each item becomes a document. An item that carries its article
//! (`content:encoded`, Atom `content`) is used as it is; one that only links to it is
//! returned as a link for the fetcher.

/// One feed item.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// The article's URL.
    pub link: Option<String>,
    /// Headline.
    pub title: Option<String>,
    /// The article's HTML when the feed carries it (else the summary, if long enough to
    /// stand for the article).
    pub html: Option<String>,
    /// Publication date as given (RFC 3339).
    pub published: Option<String>,
}

/// Why a feed could not be read.
#[derive(Debug, thiserror::Error)]
#[error("broken feed: {0}")]
pub struct FeedError(pub String);

/// Parses an RSS 0.9x/1.0/2.0, Atom or JSON feed.
pub fn parse(bytes: &[u8]) -> Result<Vec<FeedItem>, FeedError> {
    let feed = feed_rs::parser::parse(bytes).map_err(|e| FeedError(e.to_string()))?;
    Ok(feed
        .entries
        .into_iter()
        .map(|e| {
            let content = e.content.and_then(|c| c.body).filter(|b| b.len() > 200);
            let summary = e.summary.map(|s| s.content).filter(|s| s.len() > 600);
            let title = e.title.map(|t| t.content);
            let html = content.or(summary).map(|body| match &title {
                Some(t) => format!("<html><head><title>{}</title></head><body><article>{body}</article></body></html>", newsgraph_model::escape_html(t)),
                None => format!("<html><body><article>{body}</article></body></html>"),
            });
            FeedItem {
                link: e.links.into_iter().map(|l| l.href).find(|h| h.starts_with("http")),
                title,
                html,
                published: e.published.or(e.updated).map(|d| d.to_rfc3339()),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rss_and_atom_items() {
        let body = "<p>".to_string()
            + &"The talks ended with an agreement on the border. ".repeat(10)
            + "</p>";
        let rss = format!(
            r#"<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title>
            <item><title>One &amp; two</title><link>https://n.example/a</link><pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate>
            <content:encoded><![CDATA[{body}]]></content:encoded></item>
            <item><title>Link only</title><link>https://n.example/b</link><description>Short teaser.</description></item>
            </channel></rss>"#
        );
        let items = parse(rss.as_bytes()).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].link.as_deref(), Some("https://n.example/a"));
        assert!(items[0]
            .html
            .as_deref()
            .unwrap()
            .contains("<title>One &amp; two</title>"));
        assert_eq!(
            items[0].published.as_deref(),
            Some("2024-03-05T10:00:00+00:00")
        );
        assert!(items[1].html.is_none());
        let atom = r#"<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
            <entry><title>E</title><link href="https://n.example/c"/><id>c</id><updated>2024-03-05T10:00:00Z</updated></entry></feed>"#;
        assert_eq!(
            parse(atom.as_bytes()).unwrap()[0].link.as_deref(),
            Some("https://n.example/c")
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(parse(b"<rss><channel><item><title>unclosed").is_err());
    }
}
