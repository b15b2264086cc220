//! `newsgraph serve` over a real loopback socket: the JSON API on a store of the bundled
//! samples, with its errors.

use std::io::{BufReader, Read, Write};

mod common;
use common::{agent, bin, get, start};

#[test]
fn api_answers_searches_articles_stories_and_relations() {
    let s = start("api");
    let (st, stats) = get(&s, "/api/stats");
    assert_eq!(st, 200);
    assert!(stats["documents"].as_u64().unwrap() >= 10, "{stats}");

    // The ingest that built the store left its final progress record.
    let (st, ing) = get(&s, "/api/ingest");
    assert_eq!(st, 200);
    assert_eq!(ing["running"], false, "{ing}");
    assert_eq!(ing["last"]["finished"], true, "{ing}");
    assert_eq!(ing["last"]["stored"], stats["documents"], "{ing}");

    let (st, r) = get(&s, "/api/search?q=ceasefire&limit=3");
    assert_eq!(st, 200);
    let hit = &r["hits"][0];
    assert!(
        hit["snippet"]
            .as_str()
            .unwrap()
            .contains("<b>ceasefire</b>"),
        "{r}"
    );
    assert!(
        r["facets"]["site"]
            .as_array()
            .is_some_and(|f| !f.is_empty()),
        "{r}"
    );
    // Paging: the second page starts where the first ended.
    let (_, all) = get(&s, "/api/search?limit=4");
    let (_, second) = get(&s, "/api/search?limit=2&offset=2");
    assert_eq!(second["hits"][0]["id"], all["hits"][2]["id"]);

    // The article with its analysis, and its story.
    let id = hit["id"].as_str().unwrap();
    let (st, a) = get(&s, &format!("/api/articles/{id}"));
    assert_eq!(st, 200);
    assert_eq!(a["id"], id);
    assert!(a["article"]["text"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("ceasefire"));
    assert!(
        a["analysis"]["entities"]
            .as_array()
            .is_some_and(|e| !e.is_empty()),
        "{a}"
    );
    let story = a["story"].as_str().unwrap();
    let (st, copies) = get(&s, &format!("/api/stories/{story}"));
    assert_eq!(st, 200);
    assert!(copies["copies"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["id"] == id));

    // Filters: a CAMEO root and a PLOVER category narrow the results.
    let (_, f) = get(&s, "/api/search?cameo=19");
    assert!(f["total"].as_u64().unwrap() <= all["total"].as_u64().unwrap());
    for h in f["hits"].as_array().unwrap() {
        let (_, a) = get(&s, &format!("/api/articles/{}", h["id"].as_str().unwrap()));
        assert!(a["analysis"]["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["cameo"].as_str().unwrap().starts_with("19")));
    }

    // Autocomplete finds a country by its first letters, typed in lower case.
    let (st, names) = get(&s, "/api/entities?q=eth");
    assert_eq!(st, 200);
    assert!(
        names
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["name"] == "Ethiopia"),
        "{names}"
    );

    // Events: filtered by root, every one has it; bad values are refused.
    let (st, ev) = get(&s, "/api/events?cameo=19&limit=5");
    assert_eq!(st, 200);
    let ev = ev.as_array().unwrap();
    assert!(!ev.is_empty());
    assert!(ev
        .iter()
        .all(|e| e["cameo"].as_str().unwrap().starts_with("19")
            && !e["sentence"].as_str().unwrap().is_empty()));
    let (_, by_actor) = get(
        &s,
        &format!(
            "/api/events?actor={}",
            ev[0]["source"].as_str().unwrap_or("ETH")
        ),
    );
    assert!(!by_actor.as_array().unwrap().is_empty());
    assert_eq!(get(&s, "/api/events?all=maybe").0, 400);

    // Exports stream the same bytes the CLI writes.
    for what in ["articles", "events", "gdelt"] {
        let mut r = agent()
            .get(&format!("{}/api/export?what={what}", s.base))
            .call()
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let body = r
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_string()
            .unwrap();
        let cli = bin()
            .args(["export", "--what", what, "--data"])
            .arg(&s.data)
            .output()
            .unwrap();
        assert!(!body.is_empty());
        assert_eq!(body, String::from_utf8(cli.stdout).unwrap(), "{what}");
    }
    assert_eq!(get(&s, "/api/export?what=csv").0, 400);

    // Relations name the codes they resolved to; the events behind a period are the
    // ones between the two actors, either way round, in its dates.
    let (st, rel) = get(&s, "/api/relations?a=Ethiopia&b=ERI&by=month");
    assert_eq!(st, 200);
    assert_eq!(rel["a"], "ETH", "{rel}");
    assert_eq!(rel["b"], "ERI", "{rel}");
    let period = &rel["periods"][0];
    let month = period["period"].as_str().expect("a period");
    let year: u32 = month[..4].parse().unwrap();
    let last = match &month[5..7] {
        "02" if year.is_multiple_of(4) => 29,
        "02" => 28,
        "04" | "06" | "09" | "11" => 30,
        _ => 31,
    };
    // Dates are checked: the month's last day, not the 31st of any month.
    let (st, _) = get(&s, &format!("/api/events?from={month}-32"));
    assert_eq!(st, 400);
    let (st, between) = get(
        &s,
        &format!("/api/events?actor=ETH&with=ERI&from={month}-01&to={month}-{last}&limit=500"),
    );
    assert_eq!(st, 200);
    let between = between.as_array().unwrap();
    assert_eq!(between.len() as u64, period["events"].as_u64().unwrap());
    for e in between {
        let (src, tgt) = (
            e["source"].as_str().unwrap_or(""),
            e["target"].as_str().unwrap_or(""),
        );
        assert!(
            (src.starts_with("ETH") && tgt.starts_with("ERI"))
                || (src.starts_with("ERI") && tgt.starts_with("ETH")),
            "{e}"
        );
    }
    // Alone, `with` is one side of the events, like `actor`.
    assert_eq!(
        get(&s, "/api/events?with=ERI&limit=500").1,
        get(&s, "/api/events?actor=ERI&limit=500").1
    );
    // Names are looked up literally: LIKE wildcards typed by a user match no one, and a
    // name no one carries is a 400 that says so, not a made-up code.
    let (st, rel) = get(&s, "/api/relations?a=E%25&b=%25");
    assert_eq!(st, 400, "{rel}");
    assert!(
        rel["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("no actor named \"E%\""),
        "{rel}"
    );
    // A person's name resolves to the actor code given to them.
    let (_, rel) = get(&s, "/api/relations?a=Amina%20Odhiambo&b=ETH");
    assert_eq!(rel["a"], "KENGOV", "{rel}");

    // Event places for the map: located, counted, most events first, and the events
    // listed at a place add up to its count.
    let (st, places) = get(&s, "/api/places");
    assert_eq!(st, 200);
    let places = places.as_array().unwrap();
    assert!(!places.is_empty());
    assert!(places
        .windows(2)
        .all(|w| w[0]["events"].as_i64() >= w[1]["events"].as_i64()));
    let top = &places[0];
    assert!(top["lat"].as_f64().unwrap().abs() <= 90.0);
    let (_, at) = get(
        &s,
        &format!(
            "/api/events?place={}&limit=500",
            top["place"].as_str().unwrap().replace(' ', "%20")
        ),
    );
    assert_eq!(
        at.as_array().unwrap().len() as i64,
        top["events"].as_i64().unwrap()
    );

    // Facets by month of publication and by place named.
    let (_, f) = get(&s, "/api/search?limit=1");
    let months = f["facets"]["month"].as_array().unwrap();
    assert!(
        months
            .iter()
            .all(|m| m["value"].as_str().unwrap().len() == 7),
        "{f}"
    );
    // Picking a place facet finds as many stories as it counted.
    let place = &f["facets"]["place"][0];
    let (_, by_place) = get(
        &s,
        &format!(
            "/api/search?place={}",
            place["value"].as_str().unwrap().replace(' ', "%20")
        ),
    );
    assert_eq!(by_place["total"], place["count"], "{place}");
    // Snippets are HTML: text escaped, with or without query words to mark.
    for h in f["hits"].as_array().unwrap() {
        assert!(!h["snippet"].as_str().unwrap().contains('<'), "{h}");
    }
}

#[test]
fn the_web_page_is_served_with_its_assets_and_loads_nothing_from_elsewhere() {
    let s = start("page");
    let mut r = agent().get(&format!("{}/", s.base)).call().unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    let html = r.body_mut().read_to_string().unwrap();
    for asset in ["/assets/app.js", "/assets/app.css"] {
        assert!(html.contains(asset), "{html}");
    }
    for (path, kind) in [
        ("/assets/app.js", "javascript"),
        ("/assets/app.css", "css"),
        ("/assets/world.json", "json"),
    ] {
        let r = agent().get(&format!("{}{path}", s.base)).call().unwrap();
        assert_eq!(r.status().as_u16(), 200, "{path}");
        assert!(
            r.headers()["content-type"].to_str().unwrap().contains(kind),
            "{path}"
        );
    }
    let (_, world) = get(&s, "/assets/world.json");
    assert!(world["countries"].as_array().unwrap().len() > 150);
}

#[test]
fn api_errors_are_json_with_the_right_status() {
    let s = start("errors");
    for (path, status, says) in [
        ("/api/search?limit=500", 400, "limit"),
        ("/api/search?from=yesterday", 400, "YYYY-MM-DD"),
        ("/api/search?near=95,10,5", 400, "LAT,LON,KM"),
        ("/api/search?colour=red", 400, "unknown parameter"),
        ("/api/relations?a=TUR", 400, "b: missing"),
        (
            "/api/relations?a=TUR&b=RUS&by=year",
            400,
            "not one of month, week, day",
        ),
        ("/api/articles/0000000000000000", 404, "no article"),
        ("/api/stories/0000000000000000", 404, "no story"),
        ("/nowhere", 404, "/api/"),
    ] {
        let (st, body) = get(&s, path);
        assert_eq!(st, status, "{path}: {body}");
        assert_eq!(body["error"]["status"], status);
        assert!(
            body["error"]["message"].as_str().unwrap().contains(says),
            "{path}: {body}"
        );
    }
}

#[test]
fn posted_pages_are_analysed_without_storing_and_big_bodies_refused() {
    let s = start("analyse");
    let text = "Ministers from Kenya and Ethiopia met in Nairobi on Monday.\n\n\
                The Kenyan foreign minister said both governments agreed to reopen the border crossing at Moyale next month.";
    let mut r = agent()
        .post(&format!("{}/api/analyse?type=text&date=2025-03-03", s.base))
        .send(text)
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let v: serde_json::Value =
        serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    assert!(v["article"]["text"].as_str().unwrap().contains("Moyale"));
    assert!(
        v["analysis"]["entities"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["name"] == "Nairobi"),
        "{v}"
    );
    let (_, stats) = get(&s, "/api/stats");
    let (_, again) = get(&s, "/api/stats");
    assert_eq!(stats["documents"], again["documents"]);

    // An 11 MB body is refused from its Content-Length, before it is sent.
    let addr = s.base.trim_start_matches("http://");
    let mut conn = std::net::TcpStream::connect(addr).unwrap();
    conn.set_read_timeout(Some(std::time::Duration::from_secs(10)))
        .unwrap();
    write!(
        conn,
        "POST /api/analyse HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        11 * 1024 * 1024
    )
    .unwrap();
    // Read until the server closes or the read times out: either way the reply is in.
    let mut reply = String::new();
    let _ = BufReader::new(conn).read_to_string(&mut reply);
    assert!(reply.starts_with("HTTP/1.1 413"), "{reply}");
    assert!(reply.contains("\"status\":413"), "{reply}");

    let mut r = agent()
        .post(&format!("{}/api/analyse?type=pdf", s.base))
        .send("x")
        .unwrap();
    assert_eq!(r.status().as_u16(), 400);
    let _ = r.body_mut().read_to_string();
}

/// A valid value for a documented parameter.
fn sample_value(p: &serde_json::Value) -> String {
    let schema = &p["schema"];
    if let Some(first) = schema["enum"].as_array().and_then(|e| e.first()) {
        return first.as_str().unwrap().to_string();
    }
    match (
        p["name"].as_str().unwrap(),
        schema["type"].as_str(),
        schema["format"].as_str(),
    ) {
        (_, _, Some("date")) => "2024-01-01".into(),
        (_, Some("integer"), _) => schema["minimum"].as_i64().unwrap_or(0).max(1).to_string(),
        (_, Some("boolean"), _) => "true".into(),
        ("near", ..) => "10,10,100".into(),
        ("cameo", ..) => "19".into(),
        ("plover", ..) => "ASSAULT".into(),
        ("actor" | "source" | "target" | "with" | "a" | "b", ..) => "TUR".into(),
        ("url", ..) => "https://example.org/2024/01/01/story".into(),
        _ => "e".into(),
    }
}

#[test]
fn the_openapi_document_matches_what_the_server_does() {
    let s = start("openapi");
    let (st, doc) = get(&s, "/api/openapi.json");
    assert_eq!(st, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() >= 10);
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            let params: Vec<&serde_json::Value> = op["parameters"]
                .as_array()
                .map(|a| a.iter().collect())
                .unwrap_or_default();
            let mut url = path.replace("{id}", "0000000000000000");
            let query: Vec<String> = params
                .iter()
                .filter(|p| p["in"] == "query")
                .map(|p| format!("{}={}", p["name"].as_str().unwrap(), sample_value(p)))
                .collect();
            if !query.is_empty() {
                url = format!("{url}?{}", query.join("&"));
            }
            // Every documented parameter is taken (a valid value of each, all at once).
            let mut r = match method.as_str() {
                "get" => agent().get(&format!("{}{url}", s.base)).call().unwrap(),
                "post" => agent()
                    .post(&format!("{}{url}", s.base))
                    .send("Officials met in Nairobi on Monday to discuss the border.")
                    .unwrap(),
                m => panic!("undocumented method {m}"),
            };
            let status = r.status().as_u16();
            let body = r
                .body_mut()
                .with_config()
                .limit(1 << 30)
                .read_to_string()
                .unwrap();
            let documented: Vec<&String> = op["responses"].as_object().unwrap().keys().collect();
            assert!(
                documented.contains(&&status.to_string()),
                "{method} {url}: {status} is not documented: {body}"
            );
            assert!(
                status == 200 || path.contains("{id}"),
                "{method} {url}: {status} {body}"
            );
            assert!(
                !body.contains("no such endpoint"),
                "{path} is documented but not served"
            );
            // An undocumented parameter is refused, naming the documented ones.
            if !query.is_empty() {
                let sep = if url.contains('?') { '&' } else { '?' };
                let bad = format!("{}{url}{sep}undocumented=1", s.base);
                let mut r = match method.as_str() {
                    "get" => agent().get(&bad).call().unwrap(),
                    _ => agent().post(&bad).send("text").unwrap(),
                };
                assert_eq!(r.status().as_u16(), 400, "{bad}");
                let body = r.body_mut().read_to_string().unwrap();
                for p in params.iter().filter(|p| p["in"] == "query") {
                    assert!(body.contains(p["name"].as_str().unwrap()), "{bad}: {body}");
                }
            }
        }
    }
}

/// Reads from `c` until the server closes it; false if it is still open after `wait`.
fn closed_within(c: &mut std::net::TcpStream, wait: std::time::Duration) -> bool {
    let end = std::time::Instant::now() + wait;
    let mut buf = [0u8; 4096];
    loop {
        let left = end.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            return false;
        }
        c.set_read_timeout(Some(left)).unwrap();
        match c.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[test]
fn held_partial_requests_neither_exhaust_descriptors_nor_block_other_clients() {
    // A server allowed 128 open files, that gives a client 1 s to send its headers.
    let s = common::start_with("slowloris", &["--header-timeout", "1"], Some(128));
    let addr = s.base.trim_start_matches("http://").to_string();
    // More connections than it has descriptors, each holding half a request.
    let mut held: Vec<std::net::TcpStream> = (0..200)
        .map(|i| {
            let mut c = std::net::TcpStream::connect(&addr).unwrap();
            let part: &[u8] = if i % 2 == 0 {
                b"GET /api/sta"
            } else {
                b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            };
            c.write_all(part).unwrap();
            c
        })
        .collect();
    // A normal request is still answered, once the held ones have been dropped.
    let started = std::time::Instant::now();
    let client: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into();
    let r = client.get(&format!("{}/api/stats", s.base)).call();
    let status = r.map(|r| r.status().as_u16());
    assert!(matches!(status, Ok(200)), "{status:?}");
    assert!(
        started.elapsed() < std::time::Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    // Every held connection was closed by the server.
    for (i, c) in held.iter_mut().enumerate() {
        assert!(
            closed_within(c, std::time::Duration::from_secs(10)),
            "held connection {i} still open"
        );
    }
    // A kept-alive connection that goes quiet after its answer is closed too.
    let mut c = std::net::TcpStream::connect(&addr).unwrap();
    c.write_all(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    let mut first = [0u8; 12];
    c.read_exact(&mut first).unwrap();
    assert_eq!(&first, b"HTTP/1.1 200");
    assert!(closed_within(&mut c, std::time::Duration::from_secs(5)));
}

#[test]
fn serve_flags_for_connection_limits_are_checked() {
    for (flag, value) in [
        ("--header-timeout", "0"),
        ("--idle-timeout", "-1"),
        ("--max-connections", "0"),
        ("--analyses", "0"),
    ] {
        let out = bin()
            .args(["serve", "--port", "0", &format!("{flag}={value}"), "--data"])
            .arg(common::tmp("flags"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flag} {value}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(flag), "{err}");
    }
}

#[test]
fn every_response_says_nosniff() {
    let s = start("nosniff");
    for (method, path) in [
        ("GET", "/api/stats"),
        ("GET", "/api/search?limit=500"),
        ("GET", "/api/nothing"),
        ("GET", "/"),
        ("GET", "/api/openapi.json"),
        ("POST", "/api/analyse"),
    ] {
        let r = match method {
            "POST" => agent()
                .post(&format!("{}{path}", s.base))
                .send("The minister said talks would resume on Monday."),
            _ => agent().get(&format!("{}{path}", s.base)).call(),
        }
        .unwrap();
        assert_eq!(
            r.headers()
                .get("x-content-type-options")
                .and_then(|v| v.to_str().ok()),
            Some("nosniff"),
            "{method} {path}: {}",
            r.status()
        );
    }
}

#[test]
fn a_wrong_method_is_a_json_405_saying_what_is_allowed() {
    let s = start("method");
    for path in ["/api/stats", "/api/search"] {
        let mut r = agent()
            .post(&format!("{}{path}", s.base))
            .send("x")
            .unwrap();
        assert_eq!(r.status().as_u16(), 405, "POST {path}");
        let v: serde_json::Value =
            serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
        assert_eq!(v["error"]["status"], 405, "{v}");
        assert!(
            v["error"]["message"].as_str().unwrap_or("").contains("GET"),
            "{v}"
        );
    }
}
