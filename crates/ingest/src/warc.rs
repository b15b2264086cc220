//! A streaming WARC reader (WARC/1.0 and 1.1, plain or one gzip member per record).
//!
//! Written here rather than taken from a crate because of what broken archives need:
//! a record whose `Content-Length` lies, a bad header or a truncated member must cost
//! that record only; the reader resynchronises on the next `WARC/` line and goes on.
//! Memory stays bounded whatever the file size: one record at a time, and records larger
//! than a limit are skipped, not read.

use std::io::{BufRead, Read};

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
    /// The file ended inside a record.
    #[error("file ends inside a record (truncated archive)")]
    Truncated,
    /// The declared length did not end at a record boundary; the reader resynchronised.
    #[error("Content-Length does not match the record; resynchronised on the next record")]
    LengthMismatch,
    /// Reading failed (a corrupt gzip member, an I/O error).
    #[error("read error: {0}")]
    Io(String),
}

/// Iterates over the records of a WARC stream.
pub struct WarcReader<R: BufRead> {
    r: R,
    max_record: u64,
    done: bool,
    /// A `WARC/` line already read while resynchronising.
    pending_version: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// A reader over `r` (already gunzipped); records over `max_record` bytes are skipped.
    pub fn new(r: R, max_record: u64) -> Self {
        WarcReader {
            r,
            max_record,
            done: false,
            pending_version: false,
        }
    }

    fn read_line(&mut self, buf: &mut Vec<u8>) -> std::io::Result<usize> {
        buf.clear();
        // Bounded: a header line longer than 64 KB is not WARC.
        let n = (&mut self.r).take(64 * 1024).read_until(b'\n', buf)?;
        Ok(n)
    }

    /// Skips forward to the next line starting with "WARC/".
    fn resync(&mut self) -> Result<bool, RecordError> {
        let mut line = Vec::new();
        loop {
            match self.read_line(&mut line) {
                Ok(0) => return Ok(false),
                Ok(_) if line.starts_with(b"WARC/") => return Ok(true),
                Ok(_) => {}
                Err(e) => return Err(RecordError::Io(e.to_string())),
            }
        }
    }

    fn next_record(&mut self) -> Option<Result<Record, RecordError>> {
        let mut line = Vec::new();
        // The version line (skipping blank lines between records).
        if !self.pending_version {
            loop {
                match self.read_line(&mut line) {
                    Ok(0) => {
                        self.done = true;
                        return None;
                    }
                    Ok(_) if line.iter().all(u8::is_ascii_whitespace) => continue,
                    Ok(_) => break,
                    Err(e) => {
                        self.done = true;
                        return Some(Err(RecordError::Io(e.to_string())));
                    }
                }
            }
            if !line.starts_with(b"WARC/") {
                let shown = String::from_utf8_lossy(&line[..line.len().min(60)])
                    .trim()
                    .to_string();
                return Some(match self.resync() {
                    Ok(found) => {
                        self.pending_version = found;
                        self.done = !found;
                        Err(RecordError::BadHeader(format!(
                            "expected a WARC/ version line, found {shown:?}"
                        )))
                    }
                    Err(e) => {
                        self.done = true;
                        Err(e)
                    }
                });
            }
        }
        self.pending_version = false;
        // Header fields up to the blank line.
        let mut headers = Vec::new();
        loop {
            match self.read_line(&mut line) {
                Ok(0) => {
                    self.done = true;
                    return Some(Err(RecordError::Truncated));
                }
                Ok(_) => {}
                Err(e) => {
                    self.done = true;
                    return Some(Err(RecordError::Io(e.to_string())));
                }
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
                return Some(Err(RecordError::BadHeader(
                    "more than 200 header fields".into(),
                )));
            }
        }
        let len = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse::<u64>().ok());
        let Some(len) = len else {
            let found = self.resync();
            self.pending_version = matches!(found, Ok(true));
            self.done = !self.pending_version;
            return Some(Err(RecordError::BadHeader(
                "no valid Content-Length".into(),
            )));
        };
        if len > self.max_record {
            // Skip without holding it.
            let skipped = std::io::copy(&mut (&mut self.r).take(len), &mut std::io::sink());
            return Some(match skipped {
                Ok(n) if n == len => Err(RecordError::TooLarge(len, self.max_record)),
                Ok(_) => {
                    self.done = true;
                    Err(RecordError::Truncated)
                }
                Err(e) => {
                    self.done = true;
                    Err(RecordError::Io(e.to_string()))
                }
            });
        }
        let mut block = Vec::with_capacity(len as usize);
        match (&mut self.r).take(len).read_to_end(&mut block) {
            Ok(n) if n as u64 == len => {}
            Ok(_) => {
                self.done = true;
                return Some(Err(RecordError::Truncated));
            }
            Err(e) => {
                self.done = true;
                return Some(Err(RecordError::Io(e.to_string())));
            }
        }
        // The record ends with CRLF CRLF; anything else means the length lied.
        let mut tail = [0u8; 4];
        let ok_tail = self.r.read_exact(&mut tail).is_ok() && &tail == b"\r\n\r\n";
        if !ok_tail {
            let found = self.resync();
            self.pending_version = matches!(found, Ok(true));
            if !self.pending_version {
                self.done = true;
            }
            // The block may still be usable; the caller decides. Report the mismatch.
            return Some(Err(RecordError::LengthMismatch));
        }
        Some(Ok(Record { headers, block }))
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
}
