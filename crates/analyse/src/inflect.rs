//! English inflection for dictionary lemmas: verb forms and noun plurals.

/// Irregular verbs: base, past, past participle (extra forms separated by '/').
const IRREGULAR: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("awake", "awoke", "awoken"),
    ("be", "was/were", "been"),
    ("bear", "bore", "borne/born"),
    ("beat", "beat", "beaten"),
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("bend", "bent", "bent"),
    ("bet", "bet", "bet"),
    ("bid", "bid", "bid"),
    ("bind", "bound", "bound"),
    ("bite", "bit", "bitten"),
    ("bleed", "bled", "bled"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("bring", "brought", "brought"),
    ("broadcast", "broadcast", "broadcast"),
    ("build", "built", "built"),
    ("burn", "burnt/burned", "burnt/burned"),
    ("buy", "bought", "bought"),
    ("cast", "cast", "cast"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("cling", "clung", "clung"),
    ("come", "came", "come"),
    ("cost", "cost", "cost"),
    ("creep", "crept", "crept"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("dig", "dug", "dug"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("drink", "drank", "drunk"),
    ("drive", "drove", "driven"),
    ("eat", "ate", "eaten"),
    ("fall", "fell", "fallen"),
    ("feed", "fed", "fed"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("find", "found", "found"),
    ("flee", "fled", "fled"),
    ("fly", "flew", "flown"),
    ("forbid", "forbade", "forbidden"),
    ("forecast", "forecast", "forecast"),
    ("foresee", "foresaw", "foreseen"),
    ("forget", "forgot", "forgotten"),
    ("forgive", "forgave", "forgiven"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "got/gotten"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("grind", "ground", "ground"),
    ("grow", "grew", "grown"),
    ("hang", "hung/hanged", "hung/hanged"),
    ("have", "had", "had"),
    ("hear", "heard", "heard"),
    ("hide", "hid", "hidden"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("hurt", "hurt", "hurt"),
    ("keep", "kept", "kept"),
    ("kneel", "knelt", "knelt"),
    ("know", "knew", "known"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("lean", "leant/leaned", "leant/leaned"),
    ("leap", "leapt/leaped", "leapt/leaped"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("let", "let", "let"),
    ("lie", "lay", "lain"),
    ("light", "lit", "lit"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("mean", "meant", "meant"),
    ("meet", "met", "met"),
    ("mislead", "misled", "misled"),
    ("outdo", "outdid", "outdone"),
    ("overcome", "overcame", "overcome"),
    ("override", "overrode", "overridden"),
    ("overrun", "overran", "overrun"),
    ("oversee", "oversaw", "overseen"),
    ("overthrow", "overthrew", "overthrown"),
    ("pay", "paid", "paid"),
    ("prove", "proved", "proven/proved"),
    ("put", "put", "put"),
    ("quit", "quit", "quit"),
    ("read", "read", "read"),
    ("rebuild", "rebuilt", "rebuilt"),
    ("rid", "rid", "rid"),
    ("ride", "rode", "ridden"),
    ("ring", "rang", "rung"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shed", "shed", "shed"),
    ("shoot", "shot", "shot"),
    ("show", "showed", "shown"),
    ("shrink", "shrank", "shrunk"),
    ("shut", "shut", "shut"),
    ("sing", "sang", "sung"),
    ("sink", "sank", "sunk"),
    ("sit", "sat", "sat"),
    ("slay", "slew", "slain"),
    ("sleep", "slept", "slept"),
    ("slide", "slid", "slid"),
    ("speak", "spoke", "spoken"),
    ("spend", "spent", "spent"),
    ("spin", "spun", "spun"),
    ("split", "split", "split"),
    ("spread", "spread", "spread"),
    ("spring", "sprang", "sprung"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("stick", "stuck", "stuck"),
    ("sting", "stung", "stung"),
    ("strike", "struck", "struck/stricken"),
    ("strive", "strove", "striven"),
    ("swear", "swore", "sworn"),
    ("sweep", "swept", "swept"),
    ("swim", "swam", "swum"),
    ("swing", "swung", "swung"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("thrust", "thrust", "thrust"),
    ("tread", "trod", "trodden"),
    ("undergo", "underwent", "undergone"),
    ("understand", "understood", "understood"),
    ("undertake", "undertook", "undertaken"),
    ("uphold", "upheld", "upheld"),
    ("upset", "upset", "upset"),
    ("wake", "woke", "woken"),
    ("wear", "wore", "worn"),
    ("weep", "wept", "wept"),
    ("win", "won", "won"),
    ("wind", "wound", "wound"),
    ("withdraw", "withdrew", "withdrawn"),
    ("withhold", "withheld", "withheld"),
    ("withstand", "withstood", "withstood"),
    ("write", "wrote", "written"),
    ("foreswear", "foreswore", "foresworn"),
    ("offset", "offset", "offset"),
    ("reset", "reset", "reset"),
    ("retake", "retook", "retaken"),
    ("recast", "recast", "recast"),
    ("reread", "reread", "reread"),
    ("resell", "resold", "resold"),
];

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// Longer verbs stressed on the last syllable, which double their final consonant.
const DOUBLING: &[&str] = &[
    "admit", "commit", "submit", "omit", "permit", "transmit", "emit", "expel", "compel", "propel",
    "repel", "dispel", "refer", "confer", "prefer", "transfer", "defer", "infer", "deter", "occur",
    "recur", "incur", "control", "patrol", "regret", "forget", "begin", "equip", "unzip", "embed",
    "rebel", "outstrip", "kidnap", "worship",
];

/// Whether a verb doubles its last consonant ("ban" → "banned", "stop" → "stopping").
fn doubles(v: &str) -> bool {
    if DOUBLING.contains(&v) {
        return true;
    }
    let c: Vec<char> = v.chars().collect();
    let n = c.len();
    if !(3..=4).contains(&n) {
        return false;
    }
    let (a, b, d) = (c[n - 3], c[n - 2], c[n - 1]);
    // One vowel between consonants, and (for 4 letters) no vowel pair before it.
    !is_vowel(a)
        && is_vowel(b)
        && !is_vowel(d)
        && !matches!(d, 'w' | 'x' | 'y')
        && (n == 3 || !is_vowel(c[0]))
}

/// Every form of a verb: base, third person, past, past participle, gerund.
pub fn verb_forms(lemma: &str) -> Vec<String> {
    let v = lemma.to_lowercase();
    let mut out = vec![v.clone()];
    let third = if v.ends_with('s')
        || v.ends_with("sh")
        || v.ends_with("ch")
        || v.ends_with('x')
        || v.ends_with('z')
        || v.ends_with('o')
    {
        format!("{v}es")
    } else if v.ends_with('y')
        && !v.ends_with("ay")
        && !v.ends_with("ey")
        && !v.ends_with("oy")
        && !v.ends_with("uy")
    {
        format!("{}ies", &v[..v.len() - 1])
    } else {
        format!("{v}s")
    };
    out.push(third);
    let gerund = if v.ends_with("ie") {
        format!("{}ying", &v[..v.len() - 2])
    } else if v.ends_with('e') && !v.ends_with("ee") && !v.ends_with("ye") && v.len() > 2 {
        format!("{}ing", &v[..v.len() - 1])
    } else if doubles(&v) {
        format!("{v}{}ing", v.chars().last().unwrap_or_default())
    } else {
        format!("{v}ing")
    };
    out.push(gerund);
    if let Some(&(_, past, part)) = IRREGULAR.iter().find(|(b, _, _)| *b == v) {
        out.extend(past.split('/').map(str::to_string));
        out.extend(part.split('/').map(str::to_string));
    } else {
        let past = if v.ends_with('e') {
            format!("{v}d")
        } else if v.ends_with('y') && !v.ends_with("ay") && !v.ends_with("ey") && !v.ends_with("oy")
        {
            format!("{}ied", &v[..v.len() - 1])
        } else if doubles(&v) {
            format!("{v}{}ed", v.chars().last().unwrap_or_default())
        } else {
            format!("{v}ed")
        };
        out.push(past);
    }
    if v == "be" {
        out.extend(["is", "are", "am"].map(str::to_string));
    }
    out.sort();
    out.dedup();
    out
}

/// Whether `form` is a past participle or simple past of some verb (ends in -ed/-en or
/// is an irregular past form).
pub fn is_participle(form: &str) -> bool {
    form.ends_with("ed")
        || form.ends_with("en")
        || IRREGULAR.iter().any(|(_, past, part)| {
            past.split('/').any(|p| p == form) || part.split('/').any(|p| p == form)
        })
}

/// Regular plural of a noun.
pub fn plural(noun: &str) -> String {
    let n = noun.to_lowercase();
    if n.ends_with('s')
        || n.ends_with("sh")
        || n.ends_with("ch")
        || n.ends_with('x')
        || n.ends_with('z')
    {
        format!("{n}es")
    } else if n.ends_with('y') && !n.ends_with("ay") && !n.ends_with("ey") && !n.ends_with("oy") {
        format!("{}ies", &n[..n.len() - 1])
    } else {
        format!("{n}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let f = verb_forms("strike");
        for w in ["strike", "strikes", "striking", "struck", "stricken"] {
            assert!(f.contains(&w.to_string()), "{w} in {f:?}");
        }
        let f = verb_forms("ban");
        assert!(f.contains(&"banned".to_string()) && f.contains(&"banning".to_string()));
        let f = verb_forms("accuse");
        assert!(f.contains(&"accused".to_string()) && f.contains(&"accusing".to_string()));
        let f = verb_forms("deny");
        assert!(f.contains(&"denied".to_string()) && f.contains(&"denies".to_string()));
        let f = verb_forms("visit");
        assert!(f.contains(&"visited".to_string()) && f.contains(&"visiting".to_string()));
        let f = verb_forms("shell");
        assert!(f.contains(&"shelled".to_string()) && f.contains(&"shelling".to_string()));
        let f = verb_forms("meet");
        assert!(f.contains(&"met".to_string()));
        assert!(verb_forms("offer").contains(&"offered".to_string()));
        assert!(verb_forms("limit").contains(&"limited".to_string()));
        assert!(verb_forms("expel").contains(&"expelled".to_string()));
        assert_eq!(plural("ally"), "allies");
        assert_eq!(plural("strike"), "strikes");
    }
}
