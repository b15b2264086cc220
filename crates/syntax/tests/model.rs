//! The built-in model loads and parses; broken model files are refused; training on a
//! small treebank written here is repeatable and learns it.

use newsgraph_syntax::{conllu, train, Model, Upos};

#[test]
fn builtin_model_parses_a_news_sentence() {
    let m = Model::builtin();
    let words = [
        "Turkish",
        "troops",
        "shelled",
        "Syrian",
        "army",
        "positions",
        "on",
        "Tuesday",
        ".",
    ];
    let p = m.parse(&words);
    assert_eq!(p.root(), Some(2), "{p:?}");
    assert_eq!(p.head[1], Some(2));
    assert_eq!(p.deprel[1], "nsubj");
    assert_eq!(p.head[5], Some(2));
    assert_eq!(p.deprel[5], "obj");
    assert_eq!(p.upos[2], Upos::Verb);
    assert_eq!(p.upos[0], Upos::Adj);
    assert_eq!(p.children(2).collect::<Vec<_>>(), vec![1, 5, 7, 8]);
}

#[test]
fn passive_subjects_and_agents_are_labelled() {
    let m = Model::builtin();
    let words = [
        "The", "convoy", "was", "hit", "by", "an", "air", "strike", ".",
    ];
    let p = m.parse(&words);
    assert_eq!(p.root(), Some(3), "{p:?}");
    assert_eq!(p.deprel[1], "nsubj:pass");
    assert_eq!(p.head[7], Some(3));
    assert_eq!(p.deprel[7], "obl:agent");
}

#[test]
fn every_parse_is_a_tree() {
    let m = Model::builtin();
    let long: Vec<String> = (0..300)
        .map(|i| {
            if i % 7 == 6 {
                ",".into()
            } else {
                format!("w{i}")
            }
        })
        .collect();
    for words in [
        vec![],
        vec!["Yes".to_string()],
        vec![".".into(), ".".into()],
        long,
    ] {
        let p = m.parse(&words);
        assert_eq!(p.head.len(), words.len());
        if words.is_empty() {
            continue;
        }
        assert_eq!(p.head.iter().filter(|h| h.is_none()).count(), 1);
        for start in 0..words.len() {
            // Following heads reaches the root without a cycle.
            let (mut at, mut steps) = (start, 0);
            while let Some(h) = p.head[at] {
                at = h;
                steps += 1;
                assert!(steps <= words.len(), "cycle from {start}");
            }
        }
    }
}

#[test]
fn broken_model_files_are_refused() {
    let bytes = Model::builtin().to_bytes();
    assert!(Model::from_bytes(b"not a model").is_err());
    for cut in [8, 100, bytes.len() / 2, bytes.len() - 1] {
        let err = Model::from_bytes(&bytes[..cut]).unwrap_err();
        assert!(err.to_string().contains("rebuild"), "{err}");
    }
    let mut flipped = bytes.clone();
    flipped[12] ^= 0xff;
    assert!(Model::from_bytes(&flipped).is_err());
    assert_eq!(Model::from_bytes(&bytes).unwrap(), *Model::builtin());
}

const TREEBANK: &str = "\
1\tOfficials\t_\tNOUN\t_\t_\t2\tnsubj\t_\t_
2\tsaid\t_\tVERB\t_\t_\t0\troot\t_\t_
3\tit\t_\tPRON\t_\t_\t4\tnsubj\t_\t_
4\tended\t_\tVERB\t_\t_\t2\tccomp\t_\t_
5\t.\t_\tPUNCT\t_\t_\t2\tpunct\t_\t_

1\tRebels\t_\tNOUN\t_\t_\t2\tnsubj\t_\t_
2\tattacked\t_\tVERB\t_\t_\t0\troot\t_\t_
3\tthe\t_\tDET\t_\t_\t4\tdet\t_\t_
4\ttown\t_\tNOUN\t_\t_\t2\tobj\t_\t_
5\t.\t_\tPUNCT\t_\t_\t2\tpunct\t_\t_

1\tThe\t_\tDET\t_\t_\t2\tdet\t_\t_
2\tarmy\t_\tNOUN\t_\t_\t3\tnsubj\t_\t_
3\tshelled\t_\tVERB\t_\t_\t0\troot\t_\t_
4\tpositions\t_\tNOUN\t_\t_\t3\tobj\t_\t_
5\tin\t_\tADP\t_\t_\t6\tcase\t_\t_
6\tIdlib\t_\tPROPN\t_\t_\t3\tobl\t_\t_
7\t.\t_\tPUNCT\t_\t_\t3\tpunct\t_\t_

";

#[test]
fn training_is_repeatable_and_learns_its_data() {
    let data = conllu::read(TREEBANK.as_bytes()).unwrap();
    let opts = train::TrainOptions {
        tagger_epochs: 10,
        parser_epochs: 10,
        folds: 1,
        prune: 1,
        ..Default::default()
    };
    let a = train::train(&data, opts, |_| {});
    let b = train::train(&data, opts, |_| {});
    assert_eq!(a.to_bytes(), b.to_bytes());
    let s = train::evaluate(&a, &data);
    assert_eq!(s.words, 17);
    assert!(s.upos > 0.99 && s.uas > 0.99 && s.las > 0.99, "{s:?}");
    // The bytes read back into the same model.
    assert_eq!(Model::from_bytes(&a.to_bytes()).unwrap(), a);
}

#[test]
fn a_beam_parser_trains_repeatably_and_learns_its_data() {
    let data = conllu::read(TREEBANK.as_bytes()).unwrap();
    let opts = train::TrainOptions {
        tagger_epochs: 10,
        parser_epochs: 10,
        beam: 3,
        beam_epochs: 10,
        folds: 1,
        prune: 1,
        ..Default::default()
    };
    let a = train::train(&data, opts, |_| {});
    assert_eq!(a.to_bytes(), train::train(&data, opts, |_| {}).to_bytes());
    let s = train::evaluate(&a, &data);
    assert!(s.uas > 0.99 && s.las > 0.99, "{s:?}");
    assert_eq!(Model::from_bytes(&a.to_bytes()).unwrap(), a);
}

#[test]
fn tokens_split_as_ud_writes_them() {
    let cut = |t: &str| -> Vec<String> {
        newsgraph_syntax::ud_words(t)
            .iter()
            .map(|&(a, b)| t[a..b].to_string())
            .collect()
    };
    assert_eq!(cut("don't"), ["do", "n't"]);
    assert_eq!(cut("can't"), ["ca", "n't"]);
    assert_eq!(cut("They’re"), ["They", "’re"]);
    assert_eq!(cut("n't"), ["n't"]);
    assert_eq!(cut("Putin"), ["Putin"]);
    assert_eq!(cut("S-400"), ["S-400"]);
}
