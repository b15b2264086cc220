//! A compact, read-only document tree in document order.
//!
//! Nodes are stored in pre-order, so the subtree of node `i` is the index range
//! `i..nodes[i].end`. Every pass over the page is a loop over that vector: no
//! recursion, so 100,000 nested elements cost no stack.

use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, LocalName, QualName};
use std::borrow::Cow;
use std::cell::{Ref, RefCell};

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
    pub tag: LocalName,
    /// Attributes (lower-case names), in source order.
    pub attrs: Vec<(&'static str, String)>,
}

impl Element {
    /// Value of attribute `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The tag name.
    pub fn tag(&self) -> &str {
        &self.tag
    }
}

impl Dom {
    /// Parses HTML text into a tree (WHATWG tree construction, by html5ever).
    pub fn parse(html: &str) -> Dom {
        let sink = Sink {
            inner: RefCell::new(SinkInner {
                nodes: vec![SNode::new(SData::Document)],
                fallback_name: QualName::new(
                    None,
                    html5ever::ns!(html),
                    html5ever::local_name!("div"),
                ),
            }),
        };
        let built = html5ever::parse_document(sink, html5ever::ParseOpts::default()).one(html);
        Dom::from_sink(built)
    }

    /// Lays the linked tree out in pre-order, moving text and attributes over.
    fn from_sink(mut s: Vec<SNode>) -> Dom {
        let mut nodes: Vec<Node> = Vec::with_capacity(s.len());
        // (sink index, parent pre-order index); `Close` entries set `end`.
        enum Step {
            Visit(u32, Id),
            Close(Id),
        }
        let mut stack = vec![Step::Visit(0, 0)];
        while let Some(step) = stack.pop() {
            let (si, parent) = match step {
                Step::Visit(si, parent) => (si, parent),
                Step::Close(idx) => {
                    nodes[idx as usize].end = nodes.len() as Id;
                    continue;
                }
            };
            let data = match std::mem::replace(&mut s[si as usize].data, SData::Other) {
                SData::Document => Data::Root,
                SData::Element { name, attrs, .. } => Data::Element(Element {
                    tag: name.local,
                    attrs,
                }),
                SData::Text(t) => Data::Text(t),
                SData::Other => continue,
            };
            let idx = nodes.len() as Id;
            let has_children = matches!(data, Data::Root | Data::Element(_));
            nodes.push(Node {
                parent,
                end: idx + 1,
                data,
            });
            if has_children {
                stack.push(Step::Close(idx));
                // Push children in reverse so the first child is visited first.
                let mut c = s[si as usize].last;
                while c != NONE {
                    stack.push(Step::Visit(c, idx));
                    c = s[c as usize].prev;
                }
            }
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
        self.element(i).map_or("", |e| e.tag())
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

const NONE: u32 = u32::MAX;

/// A node of the tree while html5ever builds it: doubly linked, so the parser can
/// move nodes around (foster parenting, the adoption agency) cheaply.
struct SNode {
    parent: u32,
    first: u32,
    last: u32,
    prev: u32,
    next: u32,
    data: SData,
}

enum SData {
    Document,
    Element {
        name: QualName,
        attrs: Vec<(&'static str, String)>,
        template: Option<u32>,
    },
    Text(String),
    Other,
}

impl SNode {
    fn new(data: SData) -> SNode {
        SNode {
            parent: NONE,
            first: NONE,
            last: NONE,
            prev: NONE,
            next: NONE,
            data,
        }
    }
}

struct SinkInner {
    nodes: Vec<SNode>,
    fallback_name: QualName,
}

impl SinkInner {
    fn push(&mut self, data: SData) -> u32 {
        self.nodes.push(SNode::new(data));
        (self.nodes.len() - 1) as u32
    }

    fn detach(&mut self, n: u32) {
        let (parent, prev, next) = {
            let x = &self.nodes[n as usize];
            (x.parent, x.prev, x.next)
        };
        if parent == NONE {
            return;
        }
        if prev != NONE {
            self.nodes[prev as usize].next = next;
        } else {
            self.nodes[parent as usize].first = next;
        }
        if next != NONE {
            self.nodes[next as usize].prev = prev;
        } else {
            self.nodes[parent as usize].last = prev;
        }
        let x = &mut self.nodes[n as usize];
        x.parent = NONE;
        x.prev = NONE;
        x.next = NONE;
    }

    fn append_child(&mut self, parent: u32, child: u32) {
        self.detach(child);
        let last = self.nodes[parent as usize].last;
        {
            let c = &mut self.nodes[child as usize];
            c.parent = parent;
            c.prev = last;
        }
        if last != NONE {
            self.nodes[last as usize].next = child;
        } else {
            self.nodes[parent as usize].first = child;
        }
        self.nodes[parent as usize].last = child;
    }

    fn insert_before(&mut self, sibling: u32, child: u32) {
        self.detach(child);
        let (parent, prev) = {
            let s = &self.nodes[sibling as usize];
            (s.parent, s.prev)
        };
        if parent == NONE {
            return;
        }
        {
            let c = &mut self.nodes[child as usize];
            c.parent = parent;
            c.prev = prev;
            c.next = sibling;
        }
        self.nodes[sibling as usize].prev = child;
        if prev != NONE {
            self.nodes[prev as usize].next = child;
        } else {
            self.nodes[parent as usize].first = child;
        }
    }

    /// Appends `t` to node `n` if it is a text node (adjacent text is one node).
    fn extend_text(&mut self, n: u32, t: &str) -> bool {
        if n == NONE {
            return false;
        }
        match &mut self.nodes[n as usize].data {
            SData::Text(prev) => {
                prev.push_str(t);
                true
            }
            _ => false,
        }
    }

    fn text_node(&mut self, t: &str) -> u32 {
        self.push(SData::Text(t.to_string()))
    }
}

/// Keeps the attributes some pass reads, with their names interned.
fn kept_attrs(attrs: Vec<Attribute>) -> Vec<(&'static str, String)> {
    attrs
        .into_iter()
        .filter_map(|a| {
            let name: &str = &a.name.local;
            crate::prestrip::KEPT_ATTRS
                .iter()
                .find(|k| **k == name)
                .map(|k| (*k, String::from(&*a.value)))
        })
        .collect()
}

struct Sink {
    inner: RefCell<SinkInner>,
}

impl TreeSink for Sink {
    type Handle = u32;
    type Output = Vec<SNode>;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Vec<SNode> {
        self.inner.into_inner().nodes
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> u32 {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a u32) -> Ref<'a, QualName> {
        Ref::map(self.inner.borrow(), |s| {
            match &s.nodes[*target as usize].data {
                SData::Element { name, .. } => name,
                _ => &s.fallback_name,
            }
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> u32 {
        let mut s = self.inner.borrow_mut();
        let template = flags.template.then(|| s.push(SData::Document));
        s.push(SData::Element {
            name,
            attrs: kept_attrs(attrs),
            template,
        })
    }

    fn create_comment(&self, _text: StrTendril) -> u32 {
        self.inner.borrow_mut().push(SData::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> u32 {
        self.inner.borrow_mut().push(SData::Other)
    }

    fn append(&self, parent: &u32, child: NodeOrText<u32>) {
        let mut s = self.inner.borrow_mut();
        match child {
            NodeOrText::AppendNode(n) => s.append_child(*parent, n),
            NodeOrText::AppendText(t) => {
                let last = s.nodes[*parent as usize].last;
                if !s.extend_text(last, &t) {
                    let n = s.text_node(&t);
                    s.append_child(*parent, n);
                }
            }
        }
    }

    fn append_based_on_parent_node(
        &self,
        element: &u32,
        prev_element: &u32,
        child: NodeOrText<u32>,
    ) {
        let has_parent = self.inner.borrow().nodes[*element as usize].parent != NONE;
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(
        &self,
        _name: StrTendril,
        _public_id: StrTendril,
        _system_id: StrTendril,
    ) {
    }

    fn get_template_contents(&self, target: &u32) -> u32 {
        let mut s = self.inner.borrow_mut();
        match &s.nodes[*target as usize].data {
            SData::Element {
                template: Some(t), ..
            } => *t,
            // Not a template: hand out a detached node so nothing lands in the tree.
            _ => s.push(SData::Document),
        }
    }

    fn same_node(&self, x: &u32, y: &u32) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &u32, new_node: NodeOrText<u32>) {
        let mut s = self.inner.borrow_mut();
        match new_node {
            NodeOrText::AppendNode(n) => s.insert_before(*sibling, n),
            NodeOrText::AppendText(t) => {
                let prev = s.nodes[*sibling as usize].prev;
                if !s.extend_text(prev, &t) {
                    let n = s.text_node(&t);
                    s.insert_before(*sibling, n);
                }
            }
        }
    }

    fn add_attrs_if_missing(&self, target: &u32, attrs: Vec<Attribute>) {
        let mut s = self.inner.borrow_mut();
        if let SData::Element { attrs: have, .. } = &mut s.nodes[*target as usize].data {
            for (k, v) in kept_attrs(attrs) {
                if !have.iter().any(|(h, _)| *h == k) {
                    have.push((k, v));
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &u32) {
        self.inner.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &u32, new_parent: &u32) {
        let mut s = self.inner.borrow_mut();
        let mut c = s.nodes[*node as usize].first;
        while c != NONE {
            let next = s.nodes[c as usize].next;
            s.append_child(*new_parent, c);
            c = next;
        }
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
