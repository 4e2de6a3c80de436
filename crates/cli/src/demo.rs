//! `newsline demo`: the bundled example corpus, end to end.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::{commands, Format, InputArgs};

include!(concat!(env!("OUT_DIR"), "/demo_corpus.rs"));

/// Writes the corpus to a temporary folder, ingests it and prints the
/// timeline; with `serve = Some((addr, token))` serves it instead, until
/// Ctrl-C or SIGTERM.
pub fn run(
    keep: Option<PathBuf>,
    quiet: bool,
    serve: Option<(std::net::SocketAddr, Option<String>)>,
) -> Result<ExitCode> {
    let tmp = tempfile::tempdir().context("cannot create a temporary directory")?;
    let corpus_dir = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus_dir)?;
    for (name, bytes) in DEMO_CORPUS {
        std::fs::write(corpus_dir.join(name), bytes)?;
    }
    let kept = keep.is_some();
    let data = keep.unwrap_or_else(|| tmp.path().join("data"));
    eprintln!(
        "newsline demo: ingesting {} example articles into {}",
        DEMO_CORPUS.len(),
        data.display()
    );
    let args = InputArgs {
        inputs: vec![corpus_dir.display().to_string()],
        published: None,
        no_clean: false,
        input_format: None,
        fields: Vec::new(),
    };
    if let Some((addr, token)) = serve {
        // no Ctrl-C handler for the ingest: Ctrl-C is the server's
        let stop = Some(std::sync::Arc::new(std::sync::atomic::AtomicBool::new(
            false,
        )));
        let summary = commands::ingest_with_stop(&data, &args, quiet, stop)?;
        if summary.failed > 0 {
            eprintln!("newsline demo: {} example articles failed", summary.failed);
        }
        let cfg = newsline_server::ServerConfig {
            addr,
            data_dir: data.clone(),
            token,
            ..newsline_server::ServerConfig::default()
        };
        eprintln!("newsline demo: open the URL below in a browser; Ctrl-C stops the server");
        let rt = tokio::runtime::Runtime::new()?;
        rt.block_on(commands::run_server(cfg))?;
        if kept {
            eprintln!("The data stays in {}.", data.display());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let summary = commands::ingest_into(&data, &args, quiet)?;
    println!("== Storylines ==");
    commands::storylines(&data, Format::Text)?;
    println!("\n== Timeline (15 best-supported dates) ==");
    commands::timeline(&data, None, None, None, None, Some(15), Format::Text)?;
    if kept {
        eprintln!(
            "\nThe data stays in {0}. Try: newsline --data {0} quotes | entities | search QUERY | serve",
            data.display()
        );
    } else {
        eprintln!("\nThe data directory was temporary; `newsline demo --keep DIR` keeps it for exploring.");
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
