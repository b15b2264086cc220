//! `newsgraph-syntax`: trains the tagger and parser from a UD treebank, and scores a model.

use clap::{Parser, Subcommand};
use newsgraph_syntax::{conllu, train, Model};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Train and score newsgraph's part-of-speech tagger and dependency parser")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Train a model on a CoNLL-U treebank (a train file, or a UD folder holding one).
    Train {
        /// `en_ewt-ud-train.conllu`, or the folder of UD English EWT.
        treebank: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "crates/syntax/data/en_ewt.model")]
        out: PathBuf,
        /// Passes over the data for the tagger.
        #[arg(long, default_value_t = 10)]
        tagger_epochs: usize,
        /// Passes over the data for the parser.
        #[arg(long, default_value_t = 15)]
        parser_epochs: usize,
        /// Beam width of the parser (1 = greedy).
        #[arg(long, default_value_t = 1)]
        beam: usize,
        /// Passes over the data for the beam parser's transition model.
        #[arg(long, default_value_t = 16)]
        beam_epochs: usize,
        /// Jack-knife folds for the parser's training tags (1 = gold tags).
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Leave out features that took part in fewer updates than this.
        #[arg(long, default_value_t = 2)]
        prune: u32,
    },
    /// Score a model on CoNLL-U files (from gold tokens) and time it on one thread.
    Eval {
        /// Treebank files to score.
        files: Vec<PathBuf>,
        /// A model file instead of the built-in one.
        #[arg(long)]
        model: Option<PathBuf>,
    },
    /// Tag and parse the words of a CoNLL-U file, writing CoNLL-U with the predicted
    /// UPOS, HEAD and DEPREL columns (to compare with UD's own scorer).
    Parse {
        /// The CoNLL-U file whose words are parsed.
        file: PathBuf,
        /// A model file instead of the built-in one.
        #[arg(long)]
        model: Option<PathBuf>,
    },
}

fn read_treebank(p: &Path) -> anyhow::Result<Vec<conllu::TreeSentence>> {
    let file = if p.is_dir() {
        std::fs::read_dir(p)?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .find(|f| f.to_string_lossy().ends_with("-ud-train.conllu"))
            .ok_or_else(|| anyhow::anyhow!("no *-ud-train.conllu in {}", p.display()))?
    } else {
        p.to_path_buf()
    };
    let f = std::fs::File::open(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    conllu::read(std::io::BufReader::new(f)).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))
}

/// The model in `path`, or the built-in one.
fn load<'a>(path: Option<&Path>, owned: &'a mut Option<Model>) -> anyhow::Result<&'a Model> {
    Ok(match path {
        Some(p) => owned.insert(Model::from_bytes(
            &std::fs::read(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?,
        )?),
        None => Model::builtin(),
    })
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().cmd {
        Cmd::Train {
            treebank,
            out,
            tagger_epochs,
            parser_epochs,
            beam,
            beam_epochs,
            folds,
            prune,
        } => {
            let data = read_treebank(&treebank)?;
            let t0 = Instant::now();
            eprintln!(
                "training on {} sentences from {}",
                data.len(),
                treebank.display()
            );
            let opts = train::TrainOptions {
                tagger_epochs,
                parser_epochs,
                beam,
                beam_epochs,
                folds,
                prune,
                ..Default::default()
            };
            let model = train::train(&data, opts, |m| {
                eprintln!("  {m} ({:.0} s)", t0.elapsed().as_secs_f64())
            });
            let bytes = model.to_bytes();
            std::fs::write(&out, &bytes).map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
            eprintln!(
                "wrote {} ({:.1} MB) in {:.0} s",
                out.display(),
                bytes.len() as f64 / 1e6,
                t0.elapsed().as_secs_f64()
            );
        }
        Cmd::Parse { file, model } => {
            let mut owned = None;
            let m = load(model.as_deref(), &mut owned)?;
            let data = read_treebank(&file)?;
            let mut out = String::new();
            for s in &data {
                let p = m.parse(&s.forms);
                for i in 0..s.forms.len() {
                    let head = p.head[i].map_or(0, |h| h + 1);
                    out.push_str(&format!(
                        "{}\t{}\t_\t{}\t_\t_\t{}\t{}\t_\t_\n",
                        i + 1,
                        s.forms[i],
                        p.upos[i].name(),
                        head,
                        p.deprel[i]
                    ));
                }
                out.push('\n');
            }
            print!("{out}");
        }
        Cmd::Eval { files, model } => {
            let t0 = Instant::now();
            let mut owned = None;
            let m = load(model.as_deref(), &mut owned)?;
            println!("model loaded in {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);
            for f in files {
                let data = read_treebank(&f)?;
                let s = train::evaluate(m, &data);
                // Time tagging + parsing alone, best of three passes.
                let mut best = f64::MAX;
                for _ in 0..3 {
                    let t = Instant::now();
                    let mut n = 0usize;
                    for s in &data {
                        n += m.parse(&s.forms).head.len();
                    }
                    std::hint::black_box(n);
                    best = best.min(t.elapsed().as_secs_f64());
                }
                println!(
                    "{}: {} sentences, {} words: UPOS {:.4}  UAS {:.4}  LAS {:.4} (full relations {:.4})  {:.0} sentences/s, {:.0} words/s (one thread)",
                    f.display(),
                    s.sentences,
                    s.words,
                    s.upos,
                    s.uas,
                    s.las,
                    s.las_full,
                    s.sentences as f64 / best,
                    s.words as f64 / best
                );
            }
        }
    }
    Ok(())
}
