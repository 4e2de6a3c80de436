//! `newsline`: turn raw news articles into a searchable record of who said
//! what, and when. See `docs/cli.md` for the command-line contract.

mod commands;
mod demo;
mod remote;
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
    /// Add articles to the data directory (idempotent), or send them to a running server.
    Ingest {
        #[command(flatten)]
        input: InputArgs,
        /// Send the articles to a running `newsline serve` at this URL
        /// (e.g. http://127.0.0.1:8080) instead of writing the data directory.
        #[arg(long, value_name = "URL")]
        server: Option<String>,
        /// The server's write token (with --server).
        #[arg(long, env = "NEWSLINE_TOKEN", hide_env_values = true)]
        token: Option<String>,
    },
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
    /// Corpus-level entities with aliases, roles and mention counts.
    Entities {
        /// Only this type: person, organization, place, other.
        #[arg(long = "type")]
        etype: Option<String>,
        /// Show one entity in full (a merged id shows the entity it was merged into).
        #[arg(long, value_name = "ID")]
        show: Option<String>,
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
    /// Serve the HTTP API and web UI (owns the data directory's writer lock while it runs).
    Serve {
        /// Address to bind (port 0: any free port; the bound address is printed).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Bearer token that enables the write endpoint.
        #[arg(long, env = "NEWSLINE_TOKEN", hide_env_values = true)]
        token: Option<String>,
        /// Allow cross-origin requests from this origin.
        #[arg(long)]
        cors_origin: Option<String>,
        /// Do not take the writer lock: no writes through the server, and
        /// `newsline ingest` may write the directory while it runs.
        #[arg(long)]
        read_only: bool,
    },
    /// Ingest the bundled example corpus into a temporary directory and print its timeline.
    Demo {
        /// Keep the data directory here instead of a temporary one.
        #[arg(long)]
        keep: Option<PathBuf>,
        /// Then serve it (API and web UI) until Ctrl-C.
        #[arg(long)]
        serve: bool,
        /// Address to bind with --serve.
        #[arg(long, default_value = "127.0.0.1:8080", requires = "serve")]
        addr: std::net::SocketAddr,
        /// Write token for the served demo (enables POST /api/articles).
        #[arg(long, env = "NEWSLINE_TOKEN", hide_env_values = true)]
        token: Option<String>,
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
        Command::Ingest {
            input,
            server: Some(url),
            token,
        } => remote::ingest(&url, token.as_deref(), &input, cli.quiet),
        Command::Ingest { input, .. } => commands::ingest(&data, &input, cli.quiet),
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
        Command::Entities {
            etype,
            show,
            format,
        } => commands::entities(&data, etype.as_deref(), show.as_deref(), format),
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
            read_only,
        } => commands::serve(&data, addr, token, cors_origin, read_only),
        Command::Demo {
            keep,
            serve,
            addr,
            token,
        } => demo::run(keep, cli.quiet, serve.then_some((addr, token))),
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
