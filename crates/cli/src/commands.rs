//! One function per subcommand.

use std::collections::HashMap;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use newsline_index::{SearchIndex, SearchQuery};
use newsline_model::QuoteKind;
use newsline_pipeline::{IngestSummary, Ingestor, Outcome};
use newsline_store::{Corpus, SqliteStore, Store};
use newsline_story::TimelineQuery;
use serde::Serialize;

use crate::render;
use crate::{Format, InputArgs, InputFormatArg};

/// Turns the CLI's input options into the ingest stage's.
pub(crate) fn read_options(args: &InputArgs) -> Result<newsline_ingest::ReadOptions> {
    let mut opts = newsline_ingest::ReadOptions {
        published: args.published.clone(),
        no_clean: args.no_clean,
        ..Default::default()
    };
    if let Some(p) = &args.published {
        newsline_pipeline::parse_given(p)
            .with_context(|| format!("--published {p:?} is not an ISO 8601 date"))?;
    }
    opts.input_format = args.input_format.map(|f| match f {
        InputFormatArg::Text => newsline_ingest::FormatHint::Text,
        InputFormatArg::Html => newsline_ingest::FormatHint::Html,
        InputFormatArg::Jsonl => newsline_ingest::FormatHint::Jsonl,
        InputFormatArg::Warc => newsline_ingest::FormatHint::Warc,
        InputFormatArg::Rss => newsline_ingest::FormatHint::Rss,
    });
    for f in &args.fields {
        let (ours, theirs) = f
            .split_once('=')
            .with_context(|| format!("--field {f:?}: expected OURS=THEIRS, e.g. text=body"))?;
        opts.fields
            .insert(ours.trim(), theirs.trim())
            .with_context(|| format!("--field {f:?}"))?;
    }
    Ok(opts)
}

/// `newsline analyze`.
pub fn analyze(args: &InputArgs) -> Result<ExitCode> {
    let opts = read_options(args)?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    let mut batch = Vec::new();
    let flush = |batch: &mut Vec<newsline_model::RawDoc>,
                 out: &mut BufWriter<std::io::StdoutLock>,
                 failed: &mut usize|
     -> Result<()> {
        for res in newsline_pipeline::analyze_many(batch) {
            match res {
                Ok(rec) => {
                    serde_json::to_writer(&mut *out, &rec)?;
                    out.write_all(b"\n")?;
                }
                Err(e) => {
                    *failed += 1;
                    eprintln!("error: {e}");
                }
            }
        }
        batch.clear();
        Ok(())
    };
    for doc in newsline_ingest::read_inputs(&args.inputs, &opts) {
        match doc {
            Ok(raw) => {
                for w in &raw.warnings {
                    eprintln!("warning: {}: {w}", newsline_pipeline::source_name(&raw));
                }
                batch.push(raw);
                if batch.len() >= 64 {
                    flush(&mut batch, &mut out, &mut failed)?;
                }
            }
            Err(e) => {
                failed += 1;
                eprintln!("error: {e}");
            }
        }
    }
    flush(&mut batch, &mut out, &mut failed)?;
    out.flush()?;
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn open_index(data: &Path) -> Result<SearchIndex> {
    SearchIndex::open(data)
        .with_context(|| format!("cannot open the search index in {}", data.display()))
}

fn open_writer(data: &Path) -> Result<SqliteStore> {
    std::fs::create_dir_all(data)
        .with_context(|| format!("cannot create data directory {}", data.display()))?;
    match SqliteStore::open(data) {
        Ok(s) => Ok(s),
        Err(newsline_store::StoreError::Locked {
            holder,
            url: Some(url),
            ..
        }) => anyhow::bail!(
            "data directory {} is served by {holder}, which owns its writer lock.\n\
             Send articles through the server instead:\n  \
             newsline ingest --server {url} --token T INPUT...\n\
             (T is the token the server was started with, --token or NEWSLINE_TOKEN); \
             stop the server first to rebuild or reprocess",
            data.display()
        ),
        Err(e) => Err(e.into()),
    }
}

/// The registry corrections of a data directory (`corrections.toml`); an
/// invalid file is an error naming the file and line.
pub(crate) fn load_corrections(data: &Path) -> Result<newsline_entities::Corrections> {
    Ok(newsline_entities::Corrections::load(data)?)
}

fn open_reader(data: &Path) -> Result<SqliteStore> {
    if !data.join("newsline.sqlite").exists() {
        anyhow::bail!(
            "no newsline data in {} (run `newsline ingest` first, or pass --data DIR)",
            data.display()
        );
    }
    Ok(SqliteStore::open_read_only(data)?)
}

/// A progress bar on a terminal, nothing otherwise.
fn progress(quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    pb.set_style(
        ProgressStyle::with_template("{spinner} {elapsed_precise} {pos} read  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    pb
}

/// Ctrl-C stops an ingest after the current batch.
pub(crate) fn stop_on_ctrl_c() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let f = flag.clone();
    let _ = ctrlc::set_handler(move || {
        if f.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\ninterrupted: finishing the current batch (press Ctrl-C again to abort)");
    });
    flag
}

/// Runs an ingest of `inputs` into `data` and prints the summary to stderr;
/// Ctrl-C stops it after the current batch.
pub fn ingest_into(data: &Path, args: &InputArgs, quiet: bool) -> Result<IngestSummary> {
    ingest_with_stop(data, args, quiet, None)
}

/// [`ingest_into`] with a given stop flag (`None`: Ctrl-C sets one).
pub fn ingest_with_stop(
    data: &Path,
    args: &InputArgs,
    quiet: bool,
    stop: Option<Arc<AtomicBool>>,
) -> Result<IngestSummary> {
    let opts = read_options(args)?;
    let corrections = load_corrections(data)?;
    let mut store = open_writer(data)?;
    let mut index = open_index(data)?;
    let pb = progress(quiet);
    let stop = stop.unwrap_or_else(stop_on_ctrl_c);
    let docs = newsline_ingest::read_inputs(&args.inputs, &opts);
    let mut counts = (0usize, 0usize, 0usize);
    let summary = Ingestor::new(&mut store, &mut index)
        .stop_flag(stop)
        .corrections(corrections)
        .run(docs, &mut |o| {
            match o {
                Outcome::New { .. } => counts.0 += 1,
                Outcome::Unchanged { .. } => counts.1 += 1,
                Outcome::Failed { message, .. } => {
                    counts.2 += 1;
                    pb.suspend(|| eprintln!("error: {message}"));
                }
                Outcome::Warning { source, message } => {
                    pb.suspend(|| eprintln!("warning: {source}: {message}"));
                }
            }
            if !matches!(o, Outcome::Warning { .. }) {
                pb.inc(1);
                pb.set_message(format!(
                    "{} new, {} unchanged, {} failed",
                    counts.0, counts.1, counts.2
                ));
            }
        })?;
    pb.finish_and_clear();
    if !quiet {
        eprintln!(
            "read {}, new {}, unchanged {}, duplicates {}, failed {}, warnings {}{}",
            summary.read,
            summary.new,
            summary.unchanged,
            summary.duplicates,
            summary.failed,
            summary.warnings,
            if summary.interrupted {
                " (interrupted: run the same command again to resume)"
            } else {
                ""
            }
        );
    }
    Ok(summary)
}

/// `newsline ingest`.
pub fn ingest(data: &Path, args: &InputArgs, quiet: bool) -> Result<ExitCode> {
    let s = ingest_into(data, args, quiet)?;
    Ok(if s.interrupted {
        ExitCode::from(130)
    } else if s.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `newsline rebuild`.
pub fn rebuild(data: &Path, reanalyze: bool, quiet: bool) -> Result<ExitCode> {
    let corrections = load_corrections(data)?;
    let mut store = open_writer(data)?;
    let mut failed = 0;
    if reanalyze {
        let ids = store.article_ids()?;
        let pb = if quiet || !std::io::stderr().is_terminal() {
            ProgressBar::hidden()
        } else {
            ProgressBar::new(ids.len() as u64)
        };
        let mut index = open_index(data)?;
        for id in ids {
            pb.inc(1);
            let Some(raw) = store.raw(&id)? else { continue };
            match newsline_pipeline::analyze_for_store(&raw, &Default::default()) {
                Ok((rec, fp)) => {
                    store.replace_record(&rec, &fp)?;
                    index.upsert(&rec)?;
                }
                Err(e) => {
                    failed += 1;
                    pb.suspend(|| eprintln!("error: {e}"));
                }
            }
        }
        index.commit()?;
        pb.finish_and_clear();
    }
    let (corpus, warnings) = newsline_pipeline::compute_corpus_with(&store, &corrections)?;
    for w in warnings {
        eprintln!("warning: {}: {w}", corrections.source());
    }
    store.replace_corpus(&corpus)?;
    if !quiet {
        eprintln!(
            "rebuilt: {} articles, {} entities, {} events, {} storylines, {} duplicate groups",
            store.count_articles()?,
            corpus.entities.len(),
            corpus.events.len(),
            corpus.storylines.len(),
            corpus.dup_groups.len()
        );
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn parse_date(s: Option<&str>, flag: &str) -> Result<Option<NaiveDate>> {
    s.map(|d| {
        NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .with_context(|| format!("{flag} {d:?}: expected YYYY-MM-DD"))
    })
    .transpose()
}

/// Article ids matching a full-text query.
fn matching_ids(data: &Path, query: &str) -> Result<Vec<String>> {
    let index = SearchIndex::open_read_only(data)?;
    let res = index.search(&SearchQuery {
        text: query.to_string(),
        limit: 10_000,
        ..SearchQuery::default()
    })?;
    Ok(res.hits.into_iter().map(|h| h.id).collect())
}

/// `newsline timeline`.
pub fn timeline(
    data: &Path,
    query: Option<&str>,
    storyline: Option<String>,
    since: Option<&str>,
    until: Option<&str>,
    max_dates: Option<usize>,
    format: Format,
) -> Result<ExitCode> {
    let store = open_reader(data)?;
    let records = newsline_pipeline::load_records(&store)?;
    let corpus = store.corpus()?;
    let q = TimelineQuery {
        storyline,
        article_ids: query.map(|q| matching_ids(data, q)).transpose()?,
        since: parse_date(since, "--since")?,
        until: parse_date(until, "--until")?,
        max_dates,
    };
    let tl = newsline_story::timeline_in(
        &records,
        &corpus.events,
        &corpus.dup_groups,
        &corpus.storylines,
        &q,
    );
    let mut out = std::io::stdout().lock();
    render::timeline(&mut out, &tl, &records, format)?;
    Ok(ExitCode::SUCCESS)
}

/// A statement with its article context, as `newsline quotes` prints it.
#[derive(Debug, Serialize)]
pub struct QuoteRow {
    /// Date said (TIMEX3), or the publication date.
    pub date: Option<String>,
    /// `text` or `published`.
    pub date_origin: Option<String>,
    /// Corpus entity id of the speaker.
    pub speaker: Option<String>,
    /// Speaker name.
    pub speaker_name: Option<String>,
    /// Direct, partial or indirect.
    pub kind: QuoteKind,
    /// The quoted or reported words.
    pub content: String,
    /// The cue ("said", "according to").
    pub cue: Option<String>,
    /// The reporting outlet.
    pub outlet: Option<String>,
    /// Article id.
    pub article: String,
    /// Code-point offsets of the content in the article's text.
    pub start: usize,
    /// Code-point offsets of the content in the article's text.
    pub end: usize,
    /// Attribution confidence.
    pub confidence: f32,
}

/// (article id, local entity id) -> corpus entity id.
fn entity_links(corpus: &Corpus) -> HashMap<(&str, &str), &str> {
    corpus
        .entity_links
        .iter()
        .map(|(a, l, c)| ((a.as_str(), l.as_str()), c.as_str()))
        .collect()
}

/// `newsline quotes`.
pub fn quotes(
    data: &Path,
    query: Option<&str>,
    speaker: Option<&str>,
    since: Option<&str>,
    until: Option<&str>,
    format: Format,
) -> Result<ExitCode> {
    let store = open_reader(data)?;
    let records = newsline_pipeline::load_records(&store)?;
    let corpus = store.corpus()?;
    let since = parse_date(since, "--since")?;
    let until = parse_date(until, "--until")?;
    let corrections = load_corrections(data)?;
    let wanted: Option<Vec<String>> = speaker.map(|s| {
        // A merged id finds the entity it was merged into.
        let s = corrections.resolve(s).to_lowercase();
        corpus
            .entities
            .iter()
            .filter(|e| {
                e.id == s
                    || e.name.to_lowercase().contains(&s)
                    || e.aliases.iter().any(|a| a.to_lowercase().contains(&s))
            })
            .map(|e| e.id.clone())
            .collect()
    });
    let query = query.map(str::to_lowercase);
    let dups: std::collections::HashSet<&str> = corpus
        .dup_groups
        .iter()
        .flat_map(|g| g.members.iter().map(|m| m.article.as_str()))
        .collect();
    let mut rows = Vec::new();
    let links = entity_links(&corpus);
    for r in &records {
        if dups.contains(r.id.as_str()) {
            continue;
        }
        for q in &r.quotes {
            let sid = q.speaker.as_ref().map(|s| {
                links
                    .get(&(r.id.as_str(), s.as_str()))
                    .map_or_else(|| s.clone(), |c| c.to_string())
            });
            if let Some(w) = &wanted {
                let name_hit = q
                    .speaker_name
                    .as_deref()
                    .map(|n| speaker.is_some_and(|s| n.to_lowercase().contains(&s.to_lowercase())))
                    .unwrap_or(false);
                if !(sid.as_ref().is_some_and(|s| w.contains(s)) || name_hit) {
                    continue;
                }
            }
            let content = r.char_slice(q.content);
            if let Some(qq) = &query {
                if !content.to_lowercase().contains(qq) {
                    continue;
                }
            }
            let day = q.date.as_deref().and_then(render::first_day);
            if let (Some(s), Some(d)) = (since, day) {
                if d < s {
                    continue;
                }
            }
            if let (Some(u), Some(d)) = (until, day) {
                if d > u {
                    continue;
                }
            }
            rows.push(QuoteRow {
                date: q.date.clone(),
                date_origin: q.date_origin.clone(),
                speaker: sid,
                speaker_name: q.speaker_name.clone(),
                kind: q.kind,
                content,
                cue: q.cue_span.map(|c| r.char_slice(c)),
                outlet: q.outlet.clone(),
                article: r.id.clone(),
                start: q.content.start,
                end: q.content.end,
                confidence: q.confidence,
            });
        }
    }
    rows.sort_by(|a, b| {
        (a.date.is_none(), &a.date, &a.article, a.start).cmp(&(
            b.date.is_none(),
            &b.date,
            &b.article,
            b.start,
        ))
    });
    let mut out = std::io::stdout().lock();
    render::quotes(&mut out, &rows, format)?;
    Ok(ExitCode::SUCCESS)
}

/// `newsline entities`.
pub fn entities(
    data: &Path,
    etype: Option<&str>,
    show: Option<&str>,
    format: Format,
) -> Result<ExitCode> {
    let store = open_reader(data)?;
    let corpus = store.corpus()?;
    let corrections = load_corrections(data)?;
    let redirects = corrections.redirects();
    if let Some(id) = show {
        let want = redirects.get(id).map(String::as_str).unwrap_or(id);
        let Some(e) = corpus.entities.iter().find(|e| e.id == want) else {
            anyhow::bail!("no entity with id {id:?} (see `newsline entities` for the ids)");
        };
        let merged: Vec<&str> = redirects
            .iter()
            .filter(|(_, to)| *to == &e.id)
            .map(|(from, _)| from.as_str())
            .collect();
        let mut out = std::io::stdout().lock();
        render::entity(&mut out, e, &merged, format)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut list: Vec<_> = corpus
        .entities
        .into_iter()
        .filter(|e| etype.is_none_or(|t| e.etype.as_str() == t))
        .collect();
    list.sort_by(|a, b| b.mentions.cmp(&a.mentions).then(a.id.cmp(&b.id)));
    let mut out = std::io::stdout().lock();
    render::entities(&mut out, &list, format)?;
    Ok(ExitCode::SUCCESS)
}

/// `newsline storylines`.
pub fn storylines(data: &Path, format: Format) -> Result<ExitCode> {
    let store = open_reader(data)?;
    let corpus = store.corpus()?;
    let mut out = std::io::stdout().lock();
    render::storylines(&mut out, &corpus.storylines, format)?;
    Ok(ExitCode::SUCCESS)
}

/// `newsline search`.
pub fn search(data: &Path, query: &str, limit: usize, format: Format) -> Result<ExitCode> {
    let _ = open_reader(data)?;
    let index = SearchIndex::open_read_only(data)?;
    let res = index.search(&SearchQuery {
        text: query.to_string(),
        limit,
        ..SearchQuery::default()
    })?;
    let mut out = std::io::stdout().lock();
    render::search(&mut out, &res, format)?;
    Ok(ExitCode::SUCCESS)
}

/// `newsline serve`.
pub fn serve(
    data: &Path,
    addr: std::net::SocketAddr,
    token: Option<String>,
    cors_origin: Option<String>,
    read_only: bool,
) -> Result<ExitCode> {
    if read_only && token.is_some() {
        eprintln!("warning: --read-only: the write token is ignored");
    }
    let token = token.filter(|_| !read_only);
    if token.is_none() {
        // nothing can be written: there must be something to read
        let _ = open_reader(data)?;
    }
    let cfg = newsline_server::ServerConfig {
        addr,
        data_dir: data.to_path_buf(),
        token,
        cors_origin,
        read_only,
        ..newsline_server::ServerConfig::default()
    };
    let rt = tokio::runtime::Runtime::new()?;
    rt.block_on(run_server(cfg))?;
    Ok(ExitCode::SUCCESS)
}

/// Binds, takes the writer lock, prints `listening on http://ADDR` (the
/// bound address, also for port 0) and serves until Ctrl-C or SIGTERM;
/// then finishes pending work and releases the lock.
pub async fn run_server(cfg: newsline_server::ServerConfig) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(cfg.addr)
        .await
        .with_context(|| format!("cannot listen on {}", cfg.addr))?;
    let url = newsline_server::listen_url(&listener);
    let data = cfg.data_dir.clone();
    let writes = cfg.token.is_some() && !cfg.read_only;
    let state = newsline_server::AppState::new(cfg)?;
    state.start_writer(&url)?;
    eprintln!("newsline: serving {} on {url}/", data.display());
    if writes && !state.writes_ready() {
        eprintln!(
            "warning: another process holds the writer lock of {}: serving read-only until \
             it finishes (writes answer 503 writer_busy meanwhile)",
            data.display()
        );
    } else if writes {
        eprintln!("newsline: writes enabled: newsline ingest --server {url} --token T INPUT...");
    }
    eprintln!("listening on {url}");
    newsline_server::serve_state(listener, state, shutdown_signal()).await?;
    eprintln!("newsline: stopped");
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
