//! `newsline`: turn raw news articles into a searchable record of who said
//! what, and when. See `docs/cli.md` for the command-line contract.

mod commands;
mod demo;
mod render;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

/// Output formats of the listing commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// Human-readable text.
    #[default]
    Text,
    /// JSON.
    Json,
    /// Markdown.
    Md,
}

/// Input formats that can be forced with `--input-format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// Plain text.
    Text,
    /// HTML.
    Html,
    /// JSON Lines records.
    Jsonl,
    /// WARC response records.
    Warc,
    /// RSS or Atom feed.
    Rss,
}

#[derive(Debug, Parser)]
#[command(
    name = "newsline",
    version,
    about = "Who said what, and when: news articles into a checkable record."
)]
struct Cli {
    /// Data directory (default: $NEWSLINE_DATA, then ./newsline-data).
    #[arg(long, global = true, env = "NEWSLINE_DATA")]
    data: Option<PathBuf>,
    /// Print less (no progress bar).
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

/// Options shared by the commands that read inputs.
#[derive(Debug, clap::Args, Clone)]
pub struct InputArgs {
    /// Files, directories (recursive) or `-` for stdin.
    #[arg(value_name = "INPUT", required = true)]
    pub inputs: Vec<String>,
    /// Publication date (YYYY-MM-DD or ISO 8601 date-time) for inputs that have none.
    #[arg(long, value_name = "DATE")]
    pub published: Option<String>,
    /// Keep plain text exactly as given: no title split, nothing removed.
    #[arg(long)]
    pub no_clean: bool,
    /// Force the input format instead of detecting it.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormatArg>,
    /// Map other JSONL field names, e.g. `--field text=body --field title=headline`.
    #[arg(long = "field", value_name = "OURS=THEIRS")]
    pub fields: Vec<String>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse articles statelessly; print one JSON object per article (JSON Lines).
    Analyze(InputArgs),
    /// Add articles to the data directory (idempotent).
    Ingest(InputArgs),
    /// Recompute corpus-level results from scratch (optionally re-analyse the kept raw inputs).
    Rebuild {
        /// Also re-run the per-article analysis from the stored raw input.
        #[arg(long)]
        reanalyze: bool,
    },
    /// Re-run the whole pipeline from the kept raw inputs (after an upgrade); same as `rebuild --reanalyze`.
    Reprocess,
    /// Dated entries (events and statements) in date order.
    Timeline {
        /// Full-text query selecting the articles to cover (default: whole corpus).
        query: Option<String>,
        /// Limit to one storyline.
        #[arg(long)]
        storyline: Option<String>,
        /// Earliest date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Latest date (YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// Keep the N best-supported dates.
        #[arg(long)]
        max_dates: Option<usize>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Statements across the corpus in date order.
    Quotes {
        /// Words the statement must contain.
        query: Option<String>,
        /// Speaker name, alias or entity id.
        #[arg(long)]
        speaker: Option<String>,
        /// Earliest date (YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Latest date (YYYY-MM-DD).
        #[arg(long)]
        until: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Corpus-level entities with aliases and roles.
    Entities {
        /// Only this type: person, organization, place, other.
        #[arg(long = "type")]
        etype: Option<String>,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Storylines: groups of articles on one developing story.
    Storylines {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Full-text search over the articles.
    Search {
        /// Query (words, "phrases", AND/OR, field:term).
        query: String,
        /// Number of hits.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Serve the HTTP API and web UI.
    Serve {
        /// Address to bind.
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Bearer token that enables the write endpoint.
        #[arg(long, env = "NEWSLINE_TOKEN")]
        token: Option<String>,
        /// Allow cross-origin requests from this origin.
        #[arg(long)]
        cors_origin: Option<String>,
    },
    /// Ingest the bundled example corpus into a temporary directory and print its timeline.
    Demo {
        /// Keep the data directory here instead of a temporary one.
        #[arg(long)]
        keep: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("NEWSLINE_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let data = newsline_store::data_dir(cli.data.as_deref());
    let result = match cli.command {
        Command::Analyze(args) => commands::analyze(&args),
        Command::Ingest(args) => commands::ingest(&data, &args, cli.quiet),
        Command::Rebuild { reanalyze } => commands::rebuild(&data, reanalyze, cli.quiet),
        Command::Reprocess => commands::rebuild(&data, true, cli.quiet),
        Command::Timeline {
            query,
            storyline,
            since,
            until,
            max_dates,
            format,
        } => commands::timeline(
            &data,
            query.as_deref(),
            storyline,
            since.as_deref(),
            until.as_deref(),
            max_dates,
            format,
        ),
        Command::Quotes {
            query,
            speaker,
            since,
            until,
            format,
        } => commands::quotes(
            &data,
            query.as_deref(),
            speaker.as_deref(),
            since.as_deref(),
            until.as_deref(),
            format,
        ),
        Command::Entities { etype, format } => commands::entities(&data, etype.as_deref(), format),
        Command::Storylines { format } => commands::storylines(&data, format),
        Command::Search {
            query,
            limit,
            format,
        } => commands::search(&data, &query, limit, format),
        Command::Serve {
            addr,
            token,
            cors_origin,
        } => commands::serve(&data, addr, token, cors_origin),
        Command::Demo { keep } => demo::run(keep, cli.quiet),
    };
    match result {
        Ok(code) => code,
        // `newsline timeline | head` closes the pipe early: not an error.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                .is_some_and(|k| k == std::io::ErrorKind::BrokenPipe)
    })
}
