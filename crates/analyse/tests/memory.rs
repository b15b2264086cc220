//! Heap use of the analysis of one long text stays linear and small: at most 20 times
//! the text, counted byte for byte by a counting allocator (not timed, not sampled).

use newsgraph_analyse::Analyser;
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(n: usize) {
    let now = IN_USE.fetch_add(n, Relaxed) + n;
    PEAK.fetch_max(now, Relaxed);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(l) };
        if !p.is_null() {
            grew(l.size());
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        unsafe { System.dealloc(p, l) };
        IN_USE.fetch_sub(l.size(), Relaxed);
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, l, new) };
        if !q.is_null() {
            IN_USE.fetch_sub(l.size(), Relaxed);
            grew(new);
        }
        q
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const PARAGRAPHS: [&str; 4] = [
    "Turkish troops shelled Syrian army positions near Idlib on Tuesday, the defence ministry said.",
    "\u{201c}We will answer every attack on our soldiers,\u{201d} Defence Minister Hulusi Akar told reporters in Ankara.",
    "The United Nations called on both sides to stop the fighting and to let aid convoys reach the camps.",
    "Police in Nairobi detained twelve protesters after a rally against the new tax law turned violent.",
];

#[test]
fn analysing_a_long_text_needs_at_most_twenty_times_its_size() {
    let an = Analyser::new();
    // Dictionaries and the parser's model are loaded once, before counting.
    let _ = an.analyse(&PARAGRAPHS.join("\n\n"), Some("2020-02-04"));
    let mut text = String::new();
    let mut k = 0;
    while text.len() < 3_000_000 {
        text.push_str(PARAGRAPHS[k % PARAGRAPHS.len()]);
        text.push_str("\n\n");
        k += 1;
    }
    let before = IN_USE.load(Relaxed);
    PEAK.store(before, Relaxed);
    let a = an.analyse(&text, Some("2020-02-04"));
    let peak = PEAK.load(Relaxed) - before;
    assert!(!a.events.is_empty());
    let ratio = peak as f64 / text.len() as f64;
    eprintln!(
        "{} bytes of text: peak {} bytes of heap during the analysis ({ratio:.1}x), {} events",
        text.len(),
        peak,
        a.events.len()
    );
    assert!(ratio <= 20.0, "peak heap {ratio:.1} times the text");
}
