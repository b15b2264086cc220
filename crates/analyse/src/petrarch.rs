//! Reading PETRARCH2 / TABARI dictionaries (verbs, actors, agents, discards), so users
//! of those coders can bring theirs.
//!
//! PETRARCH matches patterns against a parse tree; newsgraph reads raw text, so a
//! pattern's words after the verb (`- * DIPLOMATIC TIES [901]`) become cue phrases that
//! must follow the verb in the clause, synsets expand to their members, and words
//! before the verb are not used. `[A:B]` codes keep the active reading `A`; date
//! restrictions on actors keep the default (undated) code, else the last one listed.

use crate::lexicon::{Agent, Lexicon, LexiconError, Org, VerbRule};
use std::collections::HashMap;
use std::path::Path;

/// Strips `#` comments and `<!-- … -->` markers; returns the trimmed content.
fn content(line: &str) -> &str {
    let l = line.split('#').next().unwrap_or("");
    let l = l.split(';').next().unwrap_or("");
    let t = l.trim();
    if t.starts_with("<!") || t.starts_with("-->") {
        return "";
    }
    t
}

fn words(phrase: &str) -> Vec<String> {
    phrase
        .split(['_', ' '])
        .map(|w| w.trim_matches(|c| matches!(c, '+' | '$' | '%' | '^' | '(' | ')' | '{' | '}')))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The code inside `[...]`, active reading only.
fn code_of(s: &str) -> Option<String> {
    let a = s.find('[')?;
    let b = s[a..].find(']')? + a;
    let inner = s[a + 1..b].trim();
    let code = inner
        .split(':')
        .next()
        .unwrap_or("")
        .split_whitespace()
        .next()
        .unwrap_or("");
    Some(code.to_string())
}

/// Reads a PETRARCH verb dictionary into verb rules.
pub fn read_verbs(text: &str) -> Vec<VerbRule> {
    let mut synsets: HashMap<String, Vec<Vec<String>>> = HashMap::new();
    let mut out = Vec::new();
    let mut current_synset: Option<String> = None;
    let mut block_code = String::new();
    let mut block_verbs: Vec<Vec<String>> = Vec::new();
    for raw in text.lines() {
        let line = content(raw);
        if line.is_empty() {
            current_synset = None;
            continue;
        }
        if let Some(name) = line.strip_prefix('&') {
            current_synset = Some(name.trim().trim_end_matches('_').to_uppercase());
            synsets
                .entry(current_synset.clone().unwrap_or_default())
                .or_default();
            continue;
        }
        if let Some(member) = line.strip_prefix('+').filter(|_| current_synset.is_some()) {
            let key = current_synset.clone().unwrap_or_default();
            let m = member.trim();
            let members = if let Some(inner) = m.strip_prefix('&') {
                synsets
                    .get(&inner.trim_end_matches('_').to_uppercase())
                    .cloned()
                    .unwrap_or_default()
            } else {
                vec![words(m)]
            };
            synsets.entry(key).or_default().extend(members);
            continue;
        }
        current_synset = None;
        if line.starts_with("---") {
            // --- NAME [CODE] ---
            block_code = code_of(line).unwrap_or_default();
            block_verbs.clear();
            continue;
        }
        if line.starts_with('~') {
            continue; // transformations: not used on raw text
        }
        if let Some(pattern) = line.strip_prefix('-') {
            let Some(code) = code_of(pattern) else {
                continue;
            };
            let body = &pattern[..pattern.find('[').unwrap_or(pattern.len())];
            let Some(star) = body.find('*') else { continue };
            let post = &body[star + 1..];
            // Expand synsets in the post-verb words into alternative cue phrases.
            let mut alts: Vec<Vec<String>> = vec![Vec::new()];
            for tok in post
                .split([' ', '_'])
                .map(|t| {
                    t.trim_matches(|c| matches!(c, '(' | ')' | '{' | '}' | '$' | '+' | '%' | '^'))
                })
                .filter(|t| !t.is_empty())
            {
                if let Some(name) = tok.strip_prefix('&') {
                    let members = synsets
                        .get(&name.to_uppercase())
                        .cloned()
                        .unwrap_or_default();
                    if members.is_empty() {
                        continue;
                    }
                    alts = alts
                        .iter()
                        .flat_map(|a| members.iter().map(move |m| [a.clone(), m.clone()].concat()))
                        .collect();
                } else if tok.chars().any(char::is_alphanumeric) {
                    for a in &mut alts {
                        a.push(tok.to_lowercase());
                    }
                }
            }
            alts.retain(|a| !a.is_empty());
            if alts.is_empty() {
                continue;
            }
            for v in &block_verbs {
                out.push(VerbRule {
                    words: v.clone(),
                    code: code.clone(),
                    after: alts.clone(),
                    passive: true,
                });
            }
            continue;
        }
        // A verb line: WORD [CODE] {FORMS}; '+' marks the verb in a multi-word entry.
        let phrase = line.split(['[', '{']).next().unwrap_or("").trim();
        if phrase.is_empty() {
            continue;
        }
        let code = code_of(line).unwrap_or_else(|| block_code.clone());
        let mut w = words(phrase);
        // Put the '+'-marked word first (the program inflects the first word).
        if let Some(pos) = phrase.split(['_', ' ']).position(|x| x.starts_with('+')) {
            if pos < w.len() {
                let verb = w.remove(pos);
                w.insert(0, verb);
            }
        }
        if w.is_empty() {
            continue;
        }
        block_verbs.push(w.clone());
        out.push(VerbRule {
            words: w,
            code,
            after: Vec::new(),
            passive: true,
        });
    }
    out
}

/// Reads a PETRARCH actor dictionary into organisations (kind "actor").
pub fn read_actors(text: &str) -> Vec<Org> {
    let mut out: Vec<Org> = Vec::new();
    for raw in text.lines() {
        let indented = raw.starts_with('\t') || raw.starts_with("    ");
        let line = content(raw);
        if line.is_empty() {
            continue;
        }
        if indented {
            // A date-restricted code line: an undated one wins, else the last dated.
            if let (Some(last), Some(code)) = (out.last_mut(), code_of(line)) {
                let dated = line.contains('<') || line.contains('>') || line.contains('-');
                if !dated {
                    last.code = code;
                    last.kind = "actor-default".to_string();
                } else if last.kind != "actor-default" {
                    last.code = code;
                }
            }
            continue;
        }
        if let Some(syn) = line.strip_prefix('+') {
            if let Some(last) = out.last_mut() {
                let phrase = syn.split('[').next().unwrap_or("").trim();
                last.aliases.push(words(phrase).join(" "));
            }
            continue;
        }
        let phrase = line.split('[').next().unwrap_or("").trim();
        if phrase.is_empty() {
            continue;
        }
        let code = code_of(line).unwrap_or_default().to_uppercase();
        out.push(Org {
            // A code on the primary line is the default.
            kind: if code.is_empty() {
                "actor"
            } else {
                "actor-default"
            }
            .to_string(),
            code,
            name: words(phrase).join(" "),
            aliases: Vec::new(),
            country: None,
        });
    }
    for o in &mut out {
        o.kind = "actor".to_string();
    }
    out.retain(|o| !o.code.is_empty());
    out
}

/// Reads a PETRARCH agent dictionary.
pub fn read_agents(text: &str) -> Vec<Agent> {
    let mut subst: HashMap<String, Vec<String>> = HashMap::new();
    let mut out = Vec::new();
    for raw in text.lines() {
        let line = content(raw);
        if line.is_empty() {
            continue;
        }
        if line.starts_with('!') {
            if let Some((name, members)) = line.split_once('=') {
                subst.insert(
                    name.trim().to_string(),
                    members
                        .split(',')
                        .map(|m| m.trim().to_lowercase())
                        .filter(|m| !m.is_empty())
                        .collect(),
                );
            }
            continue;
        }
        let Some(code) = code_of(line) else { continue };
        let role = code.trim_matches('~').to_string();
        let phrase = line.split(['[', '{']).next().unwrap_or("").trim();
        let plurals: Vec<String> = line
            .find('{')
            .and_then(|a| line[a..].find('}').map(|b| &line[a + 1..a + b]))
            .map(|p| p.split_whitespace().map(|w| words(w).join(" ")).collect())
            .unwrap_or_default();
        let no_plural = line.contains("{}");
        // Expand !MARKERS!.
        let mut phrases = vec![phrase.to_string()];
        for (name, members) in &subst {
            if phrase.contains(name.as_str()) {
                phrases = members
                    .iter()
                    .map(|m| phrase.replace(name.as_str(), m))
                    .collect();
            }
        }
        for p in phrases {
            let w = words(&p).join(" ");
            let plurals = if no_plural {
                Vec::new()
            } else if plurals.is_empty() {
                vec![crate::grammar::plural(&w)]
            } else {
                plurals.clone()
            };
            out.push(Agent {
                word: w,
                plurals,
                role: role.clone(),
            });
        }
    }
    out
}

/// Reads a PETRARCH discard list: (phrase words, whole story).
pub fn read_discards(text: &str) -> Vec<(Vec<String>, bool)> {
    text.lines()
        .map(content)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let story = l.starts_with('+');
            (words(l.trim_start_matches('+')), story)
        })
        .filter(|(w, _)| !w.is_empty())
        .collect()
}

/// A lexicon made only of the PETRARCH dictionaries found in `dir` (files whose names
/// contain "verbs", "actors", "agents", "discards"), plus the built-in CAMEO tables.
pub fn lexicon_from_dir(dir: &Path) -> Result<Lexicon, LexiconError> {
    let mut lex = Lexicon::cameo_only();
    let entries = std::fs::read_dir(dir).map_err(|e| LexiconError::Io {
        path: dir.display().to_string(),
        source: e,
    })?;
    let mut names: Vec<std::path::PathBuf> =
        entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    names.sort();
    for p in names {
        let name = p
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_lowercase();
        if !name.ends_with(".txt") {
            continue;
        }
        let text = std::fs::read(&p).map_err(|e| LexiconError::Io {
            path: p.display().to_string(),
            source: e,
        })?;
        let text = String::from_utf8_lossy(&text);
        if name.contains("verbs") {
            lex.verbs.extend(read_verbs(&text));
        } else if name.contains("actors") {
            lex.orgs.extend(read_actors(&text));
        } else if name.contains("agents") {
            lex.agents.extend(read_agents(&text));
        } else if name.contains("discards") {
            lex.discards.extend(read_discards(&text));
        }
    }
    lex.rebuild_index();
    Ok(lex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_synsets_patterns() {
        let v = read_verbs(
            "&TIETYPES\n+MILITARY\n+ECONOMIC\n\n--- RESTORE [064] ---\nRESTORE\n+WIRE_TAP [173]\n- * &TIETYPES TIES [902] # x\n- FAILED_TO_* [111]\n",
        );
        assert_eq!(v[0].words, vec!["restore"]);
        assert_eq!(v[0].code, "064");
        assert_eq!(v[1].words, vec!["wire", "tap"]);
        let p = v.iter().find(|r| r.code == "902").unwrap();
        assert_eq!(
            p.after,
            vec![vec!["military", "ties"], vec!["economic", "ties"]]
        );
        assert!(!v.iter().any(|r| r.code == "111"));
    }

    #[test]
    fn actors_agents_discards() {
        let a = read_actors("ARNOR [ARN]\n+ARNORIAN\nMINAS_TIRITH\n\t[GON]\nHOBBITON\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n");
        assert_eq!(a[0].code, "ARN");
        assert_eq!(a[0].aliases, vec!["arnorian"]);
        assert_eq!(a[1].name, "minas tirith");
        assert_eq!(a[1].code, "GON");
        assert_eq!(a[2].code, "HOBGOV");
        let g = read_agents("!PERSON! = MAN, WOMAN\nPOLICE {} [~COP]\nCONGRESS!PERSON! [~LEG]\n");
        assert_eq!(g[0].role, "COP");
        assert!(g[0].plurals.is_empty());
        assert!(g.iter().any(|x| x.word == "congresswoman"));
        let d = read_discards("# c\nYEARS LATER\n+Manchester United   # pas\n");
        assert_eq!(
            d,
            vec![
                (vec!["years".into(), "later".into()], false),
                (vec!["manchester".into(), "united".into()], true)
            ]
        );
    }
}
