//! A compact, read-only document tree in document order.
//!
//! Nodes are stored in pre-order, so the subtree of node `i` is the index range
//! `i..nodes[i].end`. Every pass over the page is a loop over that vector: no
//! recursion, so 100,000 nested elements cost no stack.

use scraper::node::Node as ParsedNode;

/// Index of a node in [`Dom::nodes`].
pub type Id = u32;

/// The parsed page.
pub struct Dom {
    /// Nodes in pre-order; index 0 is the document root.
    pub nodes: Vec<Node>,
}

/// One node of the tree.
pub struct Node {
    /// Parent index (the root is its own parent).
    pub parent: Id,
    /// One past the last node of this node's subtree.
    pub end: Id,
    /// What the node is.
    pub data: Data,
}

/// Payload of a node.
pub enum Data {
    /// The document root.
    Root,
    /// An element.
    Element(Element),
    /// A text node.
    Text(String),
}

/// An element with the attributes extraction looks at.
pub struct Element {
    /// Lower-case local name.
    pub tag: String,
    /// Attributes (lower-case names), in source order.
    pub attrs: Vec<(String, String)>,
}

impl Element {
    /// Value of attribute `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Attributes that any pass reads; the rest are not copied.
const KEPT_ATTRS: [&str; 19] = [
    "class",
    "id",
    "role",
    "itemprop",
    "itemtype",
    "href",
    "rel",
    "name",
    "property",
    "content",
    "datetime",
    "lang",
    "hidden",
    "aria-hidden",
    "style",
    "http-equiv",
    "src",
    "data-src",
    "type",
];

impl Dom {
    /// Parses HTML text into a tree.
    pub fn parse(html: &str) -> Dom {
        let parsed = scraper::Html::parse_document(html);
        let mut nodes: Vec<Node> = Vec::with_capacity(html.len() / 40 + 16);
        // (node, parent index); children pushed in reverse so they pop in order.
        let mut stack = vec![(parsed.tree.root(), 0u32)];
        // Pre-order indices of nodes whose `end` is still open, with their depth marker.
        let mut open: Vec<Id> = Vec::new();
        while let Some((node, parent)) = stack.pop() {
            let idx = nodes.len() as Id;
            // Close every open node that is not an ancestor of this one.
            while let Some(&top) = open.last() {
                if top == parent {
                    break;
                }
                nodes[top as usize].end = idx;
                open.pop();
            }
            let data = match node.value() {
                ParsedNode::Document | ParsedNode::Fragment => Data::Root,
                ParsedNode::Element(e) => Data::Element(Element {
                    tag: e.name().to_ascii_lowercase(),
                    attrs: e
                        .attrs()
                        .filter(|(k, _)| KEPT_ATTRS.contains(k))
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                }),
                ParsedNode::Text(t) => Data::Text(t.text.to_string()),
                _ => continue,
            };
            let has_children = matches!(data, Data::Root | Data::Element(_));
            nodes.push(Node {
                parent,
                end: idx + 1,
                data,
            });
            if has_children {
                open.push(idx);
                let kids: Vec<_> = node.children().collect();
                for k in kids.into_iter().rev() {
                    stack.push((k, idx));
                }
            }
        }
        let n = nodes.len() as Id;
        for i in open {
            nodes[i as usize].end = n;
        }
        Dom { nodes }
    }

    /// The element at `i`, if it is one.
    pub fn element(&self, i: Id) -> Option<&Element> {
        match &self.nodes[i as usize].data {
            Data::Element(e) => Some(e),
            _ => None,
        }
    }

    /// Tag name of node `i` ("" for non-elements).
    pub fn tag(&self, i: Id) -> &str {
        self.element(i).map_or("", |e| e.tag.as_str())
    }

    /// Concatenated text of the subtree of `i`, whitespace collapsed.
    pub fn text_of(&self, i: Id) -> String {
        let mut s = String::new();
        for n in &self.nodes[i as usize..self.nodes[i as usize].end as usize] {
            if let Data::Text(t) = &n.data {
                s.push_str(t);
            }
        }
        collapse_ws(&s)
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Whether the tree has no nodes.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }
}

/// Collapses runs of whitespace (including no-break spaces) to one space and trims.
pub fn collapse_ws(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{00A0}' || c == '\u{200B}' || c == '\u{FEFF}' {
            pending = !out.is_empty();
        } else {
            if pending {
                out.push(' ');
                pending = false;
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn preorder_with_subtree_ends() {
        let d = Dom::parse("<html><body><div id=a><p>x</p><p>y</p></div><p>z</p></body></html>");
        let div = (0..d.len() as Id)
            .find(|&i| d.element(i).is_some_and(|e| e.attr("id") == Some("a")))
            .unwrap();
        assert_eq!(d.text_of(div), "xy");
        let end = d.nodes[div as usize].end;
        assert_eq!(d.text_of(end), "z");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        // Deeper input is flattened before parsing (see prestrip); this is the parser's share.
        let html = "<div>".repeat(5_000) + "deep" + &"</div>".repeat(5_000);
        let d = Dom::parse(&html);
        assert!(d.text_of(0).contains("deep"));
    }
}
