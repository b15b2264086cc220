//! A streaming WARC reader (WARC/1.0 and 1.1, plain or one gzip member per record).
//!
//! Written here rather than taken from a crate because of what broken archives need:
//! a record whose `Content-Length` lies, a bad header or a truncated member must cost
//! that record only. Uncompressed, the reader resynchronises on the next line starting
//! `WARC/1.` (searched forward in the bytes already read, then in the stream, a line at
//! a time); in `.warc.gz` ([`GzWarcReader`]) each gzip member is read on its own, so a
//! record that lies ends with its member and the next member starts afresh, and a
//! corrupt member is skipped to the next gzip header. Memory stays bounded whatever the
//! file size or the lengths declared: one record at a time, never allocated from its
//! declared length, and records larger than a limit are skipped, not read.

use std::io::{BufRead, BufReader, Read};

/// How a record's version line starts; the reader resynchronises on lines starting so.
const VERSION: &[u8] = b"WARC/1.";

/// Longest line read at once while looking for a record start (longer ones are skipped).
const MAX_LINE: u64 = 64 * 1024;

/// A `BufRead` that can put bytes back in front of its input, and (for the compressed
/// side of a `.warc.gz`) keep a copy of what was consumed since the last [`mark`].
///
/// [`mark`]: Pushback::mark
struct Pushback<R> {
    front: Vec<u8>,
    pos: usize,
    inner: R,
    /// Bytes consumed since the last mark, while recording and under `record_cap`.
    recorded: Option<Vec<u8>>,
    record_cap: usize,
}

impl<R: BufRead> Pushback<R> {
    fn new(inner: R) -> Self {
        Pushback {
            front: Vec::new(),
            pos: 0,
            inner,
            recorded: None,
            record_cap: 0,
        }
    }

    /// Puts `bytes` back: they are read again before anything else.
    fn unread(&mut self, bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        let mut v = Vec::with_capacity(bytes.len() + self.front.len() - self.pos);
        v.extend_from_slice(bytes);
        v.extend_from_slice(&self.front[self.pos..]);
        self.front = v;
        self.pos = 0;
    }

    /// Starts recording what is consumed (forgetting what was recorded before), up to
    /// `cap` bytes; past the cap the recording is dropped.
    fn mark(&mut self, cap: usize) {
        self.record_cap = cap;
        match &mut self.recorded {
            Some(v) => v.clear(),
            None => self.recorded = Some(Vec::new()),
        }
    }

    /// What was consumed since the last mark (`None` if it passed the cap).
    fn take_recorded(&mut self) -> Option<Vec<u8>> {
        self.recorded.take()
    }
}

impl<R: BufRead> Read for Pushback<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for Pushback<R> {
    fn fill_buf(&mut self) -> std::io::Result<&[u8]> {
        if self.pos < self.front.len() {
            Ok(&self.front[self.pos..])
        } else {
            self.inner.fill_buf()
        }
    }

    fn consume(&mut self, amt: usize) {
        let from_front = self.pos < self.front.len();
        if let Some(rec) = &mut self.recorded {
            let bytes = if from_front {
                &self.front[self.pos..(self.pos + amt).min(self.front.len())]
            } else {
                // The inner buffer still holds what fill_buf returned.
                match self.inner.fill_buf() {
                    Ok(b) => &b[..amt.min(b.len())],
                    Err(_) => &[][..],
                }
            };
            if rec.len() + bytes.len() <= self.record_cap {
                rec.extend_from_slice(bytes);
            } else {
                self.recorded = None;
            }
        }
        if from_front {
            self.pos = (self.pos + amt).min(self.front.len());
            if self.pos == self.front.len() {
                self.front = Vec::new();
                self.pos = 0;
            }
        } else {
            self.inner.consume(amt);
        }
    }
}

/// One WARC record's headers and block.
#[derive(Debug)]
pub struct Record {
    /// Header fields (names as written), in order.
    pub headers: Vec<(String, String)>,
    /// The record block (for a response: HTTP headers and body).
    pub block: Vec<u8>,
}

impl Record {
    /// Value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What went wrong with one record; the reader continues after it.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RecordError {
    /// The header block is not WARC.
    #[error("bad WARC header: {0}")]
    BadHeader(String),
    /// The block is larger than the limit and was skipped.
    #[error("record of {0} bytes skipped (limit {1})")]
    TooLarge(u64, u64),
    /// The file (or, in a `.warc.gz`, the gzip member) ended inside a record.
    #[error("file ends inside a record (truncated archive, or a Content-Length that lies)")]
    Truncated,
    /// The declared length did not end at a record boundary; the reader resynchronised.
    #[error("Content-Length does not match the record; resynchronised on the next record")]
    LengthMismatch,
    /// Reading failed (a corrupt gzip member, an I/O error).
    #[error("read error: {0}")]
    Io(String),
}

/// Where the first line starting with [`VERSION`] begins in `data` (which starts at a
/// line start).
fn find_record_start(data: &[u8]) -> Option<usize> {
    if data.starts_with(VERSION) {
        return Some(0);
    }
    memchr::memchr_iter(b'\n', data)
        .map(|p| p + 1)
        .find(|&p| data[p..].starts_with(VERSION))
}

/// Iterates over the records of a WARC stream.
pub struct WarcReader<R: BufRead> {
    r: Pushback<R>,
    max_record: u64,
    done: bool,
    /// Reading failed (not a clean end of input).
    failed: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader over `r` (already gunzipped); records over `max_record` bytes are skipped.
    pub fn new(r: R, max_record: u64) -> Self {
        WarcReader {
            r: Pushback::new(r),
            max_record,
            done: false,
            failed: false,
        }
    }

    /// The input back (bytes put back for resynchronising are dropped), and whether the
    /// reader stopped on a read error rather than at the end of its input.
    fn finish(self) -> (R, bool) {
        (self.r.inner, self.failed)
    }

    fn read_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<usize> {
        buf.clear();
        // Bounded: a header line longer than 64 KB is not WARC.
        (&mut self.r).take(MAX_LINE).read_until(b'\n', buf)
    }

    /// Skips to the start of the next line, holding nothing.
    fn skip_line(&mut self) -> std::io::Result<()> {
        loop {
            let buf = self.r.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            match memchr::memchr(b'\n', buf) {
                Some(p) => {
                    self.r.consume(p + 1);
                    return Ok(());
                }
                None => {
                    let n = buf.len();
                    self.r.consume(n);
                }
            }
        }
    }

    /// Skips forward, a line at a time, to the next line starting `WARC/1.` and leaves
    /// it to be read next; false at the end of the input. `mid_line`: the input is not at
    /// the start of a line.
    fn resync(&mut self, mid_line: bool) -> std::io::Result<bool> {
        if mid_line {
            self.skip_line()?;
        }
        let mut line = Vec::new();
        loop {
            if self.read_line(&mut line)? == 0 {
                return Ok(false);
            }
            if line.starts_with(VERSION) {
                self.r.unread(&line);
                return Ok(true);
            }
            if !line.ends_with(b"\n") {
                self.skip_line()?;
            }
        }
    }

    /// Resynchronises after a record that did not end where it said, given the bytes
    /// read past its header (`data`, which starts at a line start): on a record start
    /// inside them if there is one, else further on in the stream.
    fn resync_after(&mut self, data: &[u8]) -> std::io::Result<bool> {
        if let Some(p) = find_record_start(data) {
            self.r.unread(&data[p..]);
            return Ok(true);
        }
        // The last, unfinished line may be the start of a version line cut by the read.
        let tail_start = memchr::memrchr(b'\n', data).map_or(0, |p| p + 1);
        let tail = &data[tail_start..];
        if VERSION.starts_with(tail) {
            self.r.unread(tail);
            self.resync(false)
        } else {
            self.resync(true)
        }
    }

    /// Ends the reader on a read error.
    fn fail(&mut self, e: std::io::Error) -> RecordError {
        self.done = true;
        self.failed = true;
        RecordError::Io(e.to_string())
    }

    /// After a bad record: resynchronise (per `found`) and report `err`.
    fn after_resync(
        &mut self,
        found: std::io::Result<bool>,
        err: RecordError,
    ) -> Result<Record, RecordError> {
        match found {
            Ok(true) => {}
            Ok(false) => self.done = true,
            Err(e) => return Err(self.fail(e)),
        }
        Err(err)
    }

    /// Skips a block too large to hold, `len` bytes declared, looking for a record start
    /// on the way: a length that lies must not swallow the records after it.
    fn skip_block(&mut self, len: u64) -> Result<Record, RecordError> {
        let mut left = len;
        let mut line = Vec::new();
        let mut at_line_start = true;
        while left > 0 {
            line.clear();
            let n = match (&mut self.r)
                .take(left.min(MAX_LINE))
                .read_until(b'\n', &mut line)
            {
                Ok(n) => n,
                Err(e) => return Err(self.fail(e)),
            };
            if n == 0 {
                self.done = true;
                return Err(RecordError::Truncated);
            }
            left -= n as u64;
            if at_line_start && line.starts_with(VERSION) {
                self.r.unread(&line);
                return Err(RecordError::LengthMismatch);
            }
            at_line_start = line.ends_with(b"\n");
        }
        Err(RecordError::TooLarge(len, self.max_record))
    }

    /// The next record, `None` at the end of the input.
    fn next_record(&mut self) -> Option<Result<Record, RecordError>> {
        let mut line = Vec::new();
        // The version line (skipping blank lines between records).
        loop {
            match self.read_line(&mut line) {
                Ok(0) => {
                    self.done = true;
                    return None;
                }
                Ok(_) if line.iter().all(u8::is_ascii_whitespace) => continue,
                Ok(_) => break,
                Err(e) => return Some(Err(self.fail(e))),
            }
        }
        Some(self.read_record(line))
    }

    /// The rest of a record whose first line is `line`.
    fn read_record(&mut self, mut line: Vec<u8>) -> Result<Record, RecordError> {
        if !line.starts_with(b"WARC/") {
            let shown = String::from_utf8_lossy(&line[..line.len().min(60)])
                .trim()
                .to_string();
            let found = self.resync(!line.ends_with(b"\n"));
            return self.after_resync(
                found,
                RecordError::BadHeader(format!("expected a WARC/ version line, found {shown:?}")),
            );
        }
        // Header fields up to the blank line.
        let mut headers = Vec::new();
        loop {
            match self.read_line(&mut line) {
                Ok(0) => {
                    self.done = true;
                    return Err(RecordError::Truncated);
                }
                Ok(_) => {}
                Err(e) => return Err(self.fail(e)),
            }
            if line.starts_with(VERSION) {
                // The header was cut short by the next record.
                self.r.unread(&line);
                return Err(RecordError::BadHeader("header cut short".into()));
            }
            let l = String::from_utf8_lossy(&line);
            let l = l.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.push((k.trim().to_string(), v.trim().to_string()));
            }
            if headers.len() > 200 {
                let found = self.resync(!line.ends_with(b"\n"));
                return self.after_resync(
                    found,
                    RecordError::BadHeader("more than 200 header fields".into()),
                );
            }
        }
        let len = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse::<u64>().ok());
        let Some(len) = len else {
            let found = self.resync(false);
            return self.after_resync(
                found,
                RecordError::BadHeader("no valid Content-Length".into()),
            );
        };
        if len > self.max_record {
            return self.skip_block(len);
        }
        // Never allocated from the declared length: a lie costs what is really there.
        let mut block = Vec::with_capacity(len.min(1 << 20) as usize);
        let full = match (&mut self.r).take(len).read_to_end(&mut block) {
            Ok(n) => n as u64 == len,
            Err(e) => return Err(self.fail(e)),
        };
        // The record ends with CRLF CRLF; anything else means the length lied.
        let mut tail = Vec::with_capacity(4);
        if full {
            if let Err(e) = (&mut self.r).take(4).read_to_end(&mut tail) {
                return Err(self.fail(e));
            }
            if tail == b"\r\n\r\n" {
                return Ok(Record { headers, block });
            }
        }
        block.extend_from_slice(&tail);
        let found = self.resync_after(&block);
        let err = if full || matches!(found, Ok(true)) {
            RecordError::LengthMismatch
        } else {
            RecordError::Truncated
        };
        self.after_resync(found, err)
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.next_record()
    }
}

/// How a gzip member starts: the magic bytes and the deflate method.
const GZ_MAGIC: &[u8] = &[0x1f, 0x8b, 0x08];

/// Whether a gzip stream whose first bytes are `head` holds a WARC: its first member
/// inflates to a `WARC/` line. Looks at `head` only; nothing is consumed.
pub fn gz_holds_warc(head: &[u8]) -> bool {
    let mut d = flate2::bufread::GzDecoder::new(head);
    let mut out = [0u8; 5];
    let mut n = 0;
    while n < out.len() {
        match d.read(&mut out[n..]) {
            Ok(0) | Err(_) => break,
            Ok(k) => n += k,
        }
    }
    &out[..n] == b"WARC/"
}

type Member<R> = WarcReader<BufReader<flate2::bufread::GzDecoder<Pushback<R>>>>;

/// Iterates over the records of a gzip-compressed WARC (`.warc.gz`), one gzip member at
/// a time: a record whose length lies ends with its member, and the next member starts
/// afresh; a corrupt or truncated member is skipped to the next gzip header after its
/// start. Files compressed as one member are read as one uncompressed stream.
pub struct GzWarcReader<R: BufRead> {
    /// The compressed input, between members.
    raw: Option<Pushback<R>>,
    /// The member being read.
    member: Option<Member<R>>,
    max_record: u64,
}

impl<R: BufRead> GzWarcReader<R> {
    /// A reader over the compressed stream `r`; records over `max_record` bytes are
    /// skipped.
    pub fn new(r: R, max_record: u64) -> Self {
        GzWarcReader {
            raw: Some(Pushback::new(r)),
            member: None,
            max_record,
        }
    }

    /// Moves `raw` to the next gzip header: the first after the start of the member
    /// that failed (in `consumed`, what reading it consumed, when kept), else further on.
    fn skip_to_member(raw: &mut Pushback<R>, consumed: Option<Vec<u8>>) -> std::io::Result<()> {
        if let Some(c) = consumed.filter(|c| !c.is_empty()) {
            if let Some(p) = memchr::memmem::find(&c[1..], GZ_MAGIC) {
                raw.unread(&c[1 + p..]);
                return Ok(());
            }
            // A header may start in the last two bytes and go on in the stream.
            raw.unread(&c[c.len().saturating_sub(2).max(1)..]);
        }
        loop {
            let buf = raw.fill_buf()?;
            if buf.is_empty() {
                return Ok(());
            }
            match memchr::memchr(GZ_MAGIC[0], buf) {
                None => {
                    let n = buf.len();
                    raw.consume(n);
                }
                Some(p) => {
                    raw.consume(p);
                    let mut head = Vec::with_capacity(GZ_MAGIC.len());
                    (&mut *raw)
                        .take(GZ_MAGIC.len() as u64)
                        .read_to_end(&mut head)?;
                    if head == GZ_MAGIC {
                        raw.unread(&head);
                        return Ok(());
                    }
                    raw.unread(&head[1.min(head.len())..]);
                }
            }
        }
    }
}

impl<R: BufRead> Iterator for GzWarcReader<R> {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(m) = self.member.as_mut() {
                if let Some(item) = m.next() {
                    return Some(item);
                }
                let (decoder, failed) = self.member.take()?.finish();
                let mut raw = decoder.into_inner().into_inner();
                let consumed = raw.take_recorded();
                if failed {
                    if let Err(e) = Self::skip_to_member(&mut raw, consumed) {
                        return Some(Err(RecordError::Io(e.to_string())));
                    }
                }
                self.raw = Some(raw);
            }
            let mut raw = self.raw.take()?;
            match raw.fill_buf() {
                Ok([]) => return None,
                Ok(b) if !b.starts_with(&GZ_MAGIC[..2]) => {
                    let skipped = Self::skip_to_member(&mut raw, None);
                    let err = match skipped {
                        Ok(()) => {
                            self.raw = Some(raw);
                            RecordError::BadHeader(
                                "bytes between gzip members that are not gzip".into(),
                            )
                        }
                        Err(e) => RecordError::Io(e.to_string()),
                    };
                    return Some(Err(err));
                }
                Ok(_) => {}
                Err(e) => return Some(Err(RecordError::Io(e.to_string()))),
            }
            raw.mark(usize::try_from(self.max_record).unwrap_or(usize::MAX));
            self.member = Some(WarcReader::new(
                BufReader::with_capacity(1 << 16, flate2::bufread::GzDecoder::new(raw)),
                self.max_record,
            ));
        }
    }
}

/// An HTTP response parsed out of a WARC response block.
#[derive(Debug)]
pub struct HttpResponse {
    /// Status code.
    pub status: u16,
    /// Content-Type header value.
    pub content_type: Option<String>,
    /// The body, de-chunked and inflated as declared.
    pub body: Vec<u8>,
}

/// Parses a WARC response block: status line, headers, body (chunked and gzip bodies
/// decoded when the bytes really are so; inflation bounded by `max_body`).
pub fn parse_http(block: &[u8], max_body: u64) -> Result<HttpResponse, String> {
    let head_end = memchr::memmem::find(block, b"\r\n\r\n")
        .map(|p| (p, p + 4))
        .or_else(|| memchr::memmem::find(block, b"\n\n").map(|p| (p, p + 2)))
        .ok_or("no end of HTTP headers")?;
    let head = String::from_utf8_lossy(&block[..head_end.0]);
    let mut lines = head.lines();
    let status_line = lines.next().ok_or("empty HTTP response")?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let mut content_type = None;
    let mut chunked = false;
    let mut gzip = false;
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
            match k.as_str() {
                "content-type" => content_type = Some(v.to_string()),
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                "content-encoding" => gzip = v.to_ascii_lowercase().contains("gzip"),
                _ => {}
            }
        }
    }
    let mut body = block[head_end.1..].to_vec();
    // Crawlers often keep these headers after decoding the body: sniff before decoding.
    if chunked && looks_chunked(&body) {
        body = dechunk(&body);
    }
    if gzip && body.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(&body[..])
            .take(max_body + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("bad gzip body: {e}"))?;
        if out.len() as u64 > max_body {
            return Err(format!(
                "gzip body inflates past {max_body} bytes (a gzip bomb?)"
            ));
        }
        body = out;
    }
    Ok(HttpResponse {
        status,
        content_type,
        body,
    })
}

fn looks_chunked(b: &[u8]) -> bool {
    let line_end = memchr::memchr(b'\n', &b[..b.len().min(20)]);
    line_end.is_some_and(|e| {
        let l = String::from_utf8_lossy(&b[..e]);
        let size = l.trim().split(';').next().unwrap_or("");
        !size.is_empty() && size.chars().all(|c| c.is_ascii_hexdigit())
    })
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(b.len());
    while let Some(e) = memchr::memchr(b'\n', b) {
        let size = String::from_utf8_lossy(&b[..e]);
        let Ok(n) = usize::from_str_radix(size.trim().split(';').next().unwrap_or(""), 16) else {
            break;
        };
        b = &b[e + 1..];
        if n == 0 || n > b.len() {
            out.extend_from_slice(&b[..n.min(b.len())]);
            break;
        }
        out.extend_from_slice(&b[..n]);
        b = &b[n..];
        if b.starts_with(b"\r\n") {
            b = &b[2..];
        } else if b.starts_with(b"\n") {
            b = &b[1..];
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(headers: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.0\r\n{headers}Content-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    #[test]
    fn reads_records_and_survives_a_lying_length() {
        let mut data = record(
            "WARC-Type: response\r\n",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>one</p>",
        );
        // A record whose length says 5 but holds more.
        data.extend_from_slice(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/1.1 200 OK\r\n\r\n<p>bad</p>\r\n\r\n");
        data.extend(record(
            "WARC-Type: response\r\n",
            b"HTTP/1.1 404 Not Found\r\n\r\n",
        ));
        let recs: Vec<_> = WarcReader::new(&data[..], 1 << 20).collect();
        assert_eq!(recs.len(), 3);
        assert!(recs[0].is_ok());
        assert_eq!(recs[1].as_ref().unwrap_err(), &RecordError::LengthMismatch);
        let third = recs[2].as_ref().unwrap();
        assert_eq!(parse_http(&third.block, 1 << 20).unwrap().status, 404);
    }

    #[test]
    fn bad_header_and_truncation() {
        let mut data = b"garbage line\r\nmore garbage\r\n".to_vec();
        data.extend(record(
            "WARC-Type: response\r\n",
            b"HTTP/1.1 200 OK\r\n\r\nbody",
        ));
        data.extend_from_slice(b"WARC/1.0\r\nContent-Length: 100\r\n\r\nshort");
        let recs: Vec<_> = WarcReader::new(&data[..], 1 << 20).collect();
        assert!(matches!(recs[0], Err(RecordError::BadHeader(_))));
        assert!(recs[1].is_ok());
        assert_eq!(recs[2].as_ref().unwrap_err(), &RecordError::Truncated);
    }

    #[test]
    fn chunked_and_gzip_bodies() {
        let r = parse_http(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 1 << 20).unwrap();
        assert_eq!(r.body, b"hello world");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut gz, &vec![b'a'; 10_000]).unwrap();
        let gz = gz.finish().unwrap();
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend_from_slice(&gz);
        assert_eq!(parse_http(&block, 1 << 20).unwrap().body.len(), 10_000);
        // A bomb: more than the limit.
        assert!(parse_http(&block, 1_000).unwrap_err().contains("bomb"));
    }

    fn good(i: usize) -> Vec<u8> {
        record(
            &format!("WARC-Type: response\r\nWARC-Target-URI: https://a.example/{i}\r\n"),
            format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>page {i}</p>").as_bytes(),
        )
    }

    /// A record whose Content-Length is `extra` bytes more than its block.
    fn liar(extra: u64) -> Vec<u8> {
        let block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>liar</p>";
        let mut r = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {}\r\n\r\n",
            block.len() as u64 + extra
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    /// Ten good records with a length too long by 3,000 bytes after the third and one
    /// too long by 10^12 after the seventh.
    fn ten_good_two_liars() -> Vec<Vec<u8>> {
        let mut recs: Vec<Vec<u8>> = (0..10).map(good).collect();
        recs.insert(7, liar(1_000_000_000_000));
        recs.insert(3, liar(3_000));
        recs
    }

    fn urls(recs: &[Result<Record, RecordError>]) -> Vec<String> {
        recs.iter()
            .filter_map(|r| r.as_ref().ok())
            .filter_map(|r| r.header("WARC-Target-URI").map(str::to_string))
            .collect()
    }

    fn all_ten() -> Vec<String> {
        (0..10).map(|i| format!("https://a.example/{i}")).collect()
    }

    #[test]
    fn lying_lengths_cost_only_their_record_uncompressed() {
        let data: Vec<u8> = ten_good_two_liars().concat();
        let recs: Vec<_> = WarcReader::new(&data[..], 1 << 20).collect();
        assert_eq!(urls(&recs), all_ten(), "{recs:?}");
        let errors: Vec<_> = recs.iter().filter_map(|r| r.as_ref().err()).collect();
        assert_eq!(errors.len(), 2, "{recs:?}");
        // The same with a limit below the lie (the record is skipped while scanning).
        let recs: Vec<_> = WarcReader::new(&data[..], 1 << 10).collect();
        assert_eq!(urls(&recs), all_ten(), "{recs:?}");
    }

    fn gz(bytes: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        std::io::Write::write_all(&mut e, bytes).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn lying_lengths_cost_only_their_record_gzip_members() {
        let data: Vec<u8> = ten_good_two_liars().iter().flat_map(|r| gz(r)).collect();
        assert!(gz_holds_warc(&data[..64]));
        let recs: Vec<_> = GzWarcReader::new(&data[..], 1 << 20).collect();
        assert_eq!(urls(&recs), all_ten(), "{recs:?}");
        let errors: Vec<_> = recs.iter().filter_map(|r| r.as_ref().err()).collect();
        assert_eq!(errors, [&RecordError::Truncated, &RecordError::Truncated]);
        // One member for the whole file: read as one stream, resynchronising.
        let data = gz(&ten_good_two_liars().concat());
        let recs: Vec<_> = GzWarcReader::new(&data[..], 1 << 20).collect();
        assert_eq!(urls(&recs), all_ten(), "{recs:?}");
    }

    #[test]
    fn corrupt_and_truncated_members_and_junk_cost_only_their_record() {
        let mut data = Vec::new();
        for i in 0..6 {
            let member = gz(&good(i));
            match i {
                // Cut short: the next member follows mid-stream.
                2 => data.extend_from_slice(&member[..member.len() / 2]),
                // Corrupt deflate data.
                3 => {
                    let mut m = member.clone();
                    for b in &mut m[12..20] {
                        *b ^= 0x5a;
                    }
                    data.extend(m);
                }
                4 => {
                    data.extend_from_slice(b"junk between members");
                    data.extend(member);
                }
                _ => data.extend(member),
            }
        }
        let recs: Vec<_> = GzWarcReader::new(&data[..], 1 << 20).collect();
        let got = urls(&recs);
        for i in [0, 1, 4, 5] {
            assert!(
                got.contains(&format!("https://a.example/{i}")),
                "{i}: {recs:?}"
            );
        }
        assert!(recs.iter().any(|r| r.is_err()), "{recs:?}");
    }
}
