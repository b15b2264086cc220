//! A polite HTTP client for feeds and the articles they link to: a user agent that
//! names newsgraph, robots.txt obeyed, a minimum interval between requests to one host,
//! conditional GET (ETag / Last-Modified), timeouts and a size limit.

use std::collections::HashMap;
use std::time::{Duration, Instant};

/// The user agent sent with every request.
pub const USER_AGENT: &str = concat!(
    "newsgraph/",
    env!("CARGO_PKG_VERSION"),
    " (news research crawler; honours robots.txt)"
);

/// What a fetch returned.
#[derive(Debug)]
pub enum Fetched {
    /// The body, with the validators to send next time.
    Ok {
        /// Body bytes.
        body: Vec<u8>,
        /// Content-Type header.
        content_type: Option<String>,
        /// ETag header.
        etag: Option<String>,
        /// Last-Modified header.
        last_modified: Option<String>,
    },
    /// 304: unchanged since the validators given.
    NotModified,
    /// robots.txt disallows it.
    Disallowed,
    /// Any other status.
    Status(u16),
    /// 429 or 503: asked to come back later, after the wait given (if any).
    Later(u16, Option<Duration>),
}

/// Longest Retry-After newsgraph honours before giving up on a URL for this run.
const MAX_RETRY_AFTER: u64 = 60;

pub use newsgraph_model::Validators;

/// The fetcher.
pub struct Fetcher {
    agent: ureq::Agent,
    min_interval: Duration,
    last_hit: HashMap<String, Instant>,
    robots: HashMap<String, Robots>,
    max_body: u64,
}

fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    Some(format!("{scheme}://{host}"))
}

impl Fetcher {
    /// A fetcher waiting at least `min_interval` between requests to one host.
    pub fn new(min_interval: Duration, max_body: u64) -> Fetcher {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .user_agent(USER_AGENT)
            .timeout_global(Some(Duration::from_secs(30)))
            .http_status_as_error(false)
            .max_redirects(5)
            .build()
            .into();
        Fetcher {
            agent,
            min_interval,
            last_hit: HashMap::new(),
            robots: HashMap::new(),
            max_body,
        }
    }

    fn wait_turn(&mut self, origin: &str) {
        if let Some(t) = self.last_hit.get(origin) {
            let elapsed = t.elapsed();
            if elapsed < self.min_interval {
                std::thread::sleep(self.min_interval - elapsed);
            }
        }
        self.last_hit.insert(origin.to_string(), Instant::now());
    }

    fn raw_get(&mut self, url: &str, validators: Option<&Validators>) -> Result<Fetched, String> {
        let o = origin(url).ok_or_else(|| format!("not an http(s) URL: {url}"))?;
        self.wait_turn(&o);
        let mut req = self.agent.get(url);
        if let Some(v) = validators {
            if let Some(e) = &v.etag {
                req = req.header("If-None-Match", e);
            }
            if let Some(l) = &v.last_modified {
                req = req.header("If-Modified-Since", l);
            }
        }
        let mut resp = req.call().map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        if status == 304 {
            return Ok(Fetched::NotModified);
        }
        if status != 200 {
            if matches!(status, 429 | 503) {
                // Seconds to wait before asking again, when the server says (capped).
                let wait = resp
                    .headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .map(|s| Duration::from_secs(s.min(MAX_RETRY_AFTER)));
                return Ok(Fetched::Later(status, wait));
            }
            return Ok(Fetched::Status(status));
        }
        let header = |name: &str| {
            resp.headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        let (content_type, etag, last_modified) = (
            header("content-type"),
            header("etag"),
            header("last-modified"),
        );
        let body = resp
            .body_mut()
            .with_config()
            .limit(self.max_body)
            .read_to_vec()
            .map_err(|e| e.to_string())?;
        Ok(Fetched::Ok {
            body,
            content_type,
            etag,
            last_modified,
        })
    }

    /// Fetches `url` if robots.txt allows it, sending `validators` for a conditional GET.
    pub fn get(&mut self, url: &str, validators: Option<&Validators>) -> Result<Fetched, String> {
        let o = origin(url).ok_or_else(|| format!("not an http(s) URL: {url}"))?;
        if !self.robots.contains_key(&o) {
            let robots = match self.raw_get(&format!("{o}/robots.txt"), None) {
                Ok(Fetched::Ok { body, .. }) => Robots::parse(&String::from_utf8_lossy(&body)),
                // A server error means the rules are unknown: assume everything is
                // disallowed (RFC 9309 §2.3.1.4) until a later run.
                Ok(Fetched::Status(s) | Fetched::Later(s, _)) if s >= 500 => {
                    Robots::parse("User-agent: *\nDisallow: /\n")
                }
                // No robots.txt: everything is allowed.
                _ => Robots::default(),
            };
            self.robots.insert(o.clone(), robots);
        }
        let path = url[o.len()..].split('#').next().unwrap_or("/");
        let path = if path.is_empty() { "/" } else { path };
        if !self.robots[&o].allows(path) {
            return Ok(Fetched::Disallowed);
        }
        // A server that asks to be left alone for a while gets that wait (at least the
        // per-host interval) and one more try; then the URL waits for the next run.
        match self.raw_get(url, validators)? {
            Fetched::Later(status, wait) => {
                std::thread::sleep(wait.unwrap_or(self.min_interval).max(self.min_interval));
                match self.raw_get(url, validators)? {
                    Fetched::Later(..) => Ok(Fetched::Status(status)),
                    other => Ok(other),
                }
            }
            other => Ok(other),
        }
    }
}

/// The rules of a robots.txt that apply to newsgraph (its own group, else `*`).
#[derive(Debug, Default, Clone)]
pub struct Robots {
    rules: Vec<(bool, String)>,
}

impl Robots {
    /// Parses robots.txt text.
    pub fn parse(text: &str) -> Robots {
        let mut ours = Vec::new();
        let mut star = Vec::new();
        let mut agents: Vec<String> = Vec::new();
        let mut in_rules = false;
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or("").trim();
            let Some((k, v)) = line.split_once(':') else {
                continue;
            };
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_string());
            match k.as_str() {
                "user-agent" => {
                    if in_rules {
                        agents.clear();
                        in_rules = false;
                    }
                    agents.push(v.to_ascii_lowercase());
                }
                "allow" | "disallow" => {
                    in_rules = true;
                    if v.is_empty() {
                        continue;
                    }
                    let rule = (k == "allow", v);
                    if agents.iter().any(|a| a.contains("newsgraph")) {
                        ours.push(rule.clone());
                    }
                    if agents.iter().any(|a| a == "*") {
                        star.push(rule);
                    }
                }
                _ => {}
            }
        }
        Robots {
            rules: if ours.is_empty() { star } else { ours },
        }
    }

    /// Whether `path` may be fetched: the longest matching rule decides (Allow wins ties).
    pub fn allows(&self, path: &str) -> bool {
        let matches = |pattern: &str| {
            let anchored = pattern.ends_with('$');
            let p = pattern.trim_end_matches('$');
            // '*' matches any run of characters.
            let parts: Vec<&str> = p.split('*').collect();
            let mut pos = 0;
            for (i, part) in parts.iter().enumerate() {
                if i == 0 {
                    if !path.starts_with(part) {
                        return false;
                    }
                    pos = part.len();
                } else if anchored && i == parts.len() - 1 {
                    // The last part of an anchored pattern must end the path.
                    return path.len() >= pos + part.len() && path.ends_with(part);
                } else if let Some(f) = path[pos..].find(part) {
                    pos += f + part.len();
                } else {
                    return false;
                }
            }
            !anchored || pos == path.len()
        };
        let best = self
            .rules
            .iter()
            .filter(|(_, p)| matches(p))
            .max_by_key(|(allow, p)| (p.len(), *allow));
        best.is_none_or(|(allow, _)| *allow)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robots_rules() {
        let r = Robots::parse("User-agent: *\nDisallow: /private\nAllow: /private/ok\nDisallow: /*.pdf$\n\nUser-agent: other\nDisallow: /\n");
        assert!(r.allows("/news/a.html"));
        assert!(!r.allows("/private/x"));
        assert!(r.allows("/private/ok/y"));
        assert!(!r.allows("/docs/file.pdf"));
        assert!(!r.allows("/docs/a.pdf.pdf"));
        assert!(r.allows("/docs/a.pdf.html"));
        let ours = Robots::parse("User-agent: *\nDisallow: /\n\nUser-agent: newsgraph\nAllow: /\n");
        assert!(ours.allows("/anything"));
        assert!(Robots::parse("").allows("/"));
    }
}
