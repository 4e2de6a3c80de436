//! `newsline ingest --server URL`: read inputs locally, send them to a
//! running `newsline serve` through `POST /api/articles`.

use std::io::IsTerminal;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use indicatif::ProgressBar;
use newsline_model::{InputFormat, RawDoc};
use serde_json::{json, Value};

use crate::commands::{read_options, stop_on_ctrl_c};
use crate::InputArgs;

/// Most articles sent in one request.
const BATCH_DOCS: usize = 64;
/// Target size of one request body (the server's default limit is 1 MiB).
const BATCH_BYTES: usize = 768 * 1024;

/// Counts printed at the end.
#[derive(Debug, Default)]
struct Counts {
    read: usize,
    new: usize,
    unchanged: usize,
    failed: usize,
    warnings: usize,
}

/// One document as the write endpoint's JSON: the JSONL input fields, plus
/// where it came from. The id is the one a local ingest would give it, so
/// local and remote ingests of the same input agree.
fn doc_json(raw: &RawDoc) -> Value {
    let mut v = json!({
        "id": raw.article_id().0,
        "source": raw.source,
    });
    let key = match raw.format {
        InputFormat::Html => "html",
        InputFormat::Text => "text",
    };
    v[key] = json!(raw.content);
    for (k, val) in [
        ("record", &raw.record),
        ("url", &raw.url),
        ("title", &raw.title),
        ("published", &raw.published),
        ("crawl_date", &raw.crawl_date),
    ] {
        if let Some(s) = val {
            v[k] = json!(s);
        }
    }
    v
}

struct Client {
    agent: ureq::Agent,
    endpoint: String,
    base: String,
    auth: String,
    no_clean: bool,
}

/// What one POST answered.
enum Reply {
    /// Per-record results, in the order sent.
    Results(Vec<Value>),
    /// The body was over the server's limit.
    TooLarge,
}

impl Client {
    fn new(url: &str, token: &str, no_clean: bool) -> Result<Client> {
        let base = url.trim().trim_end_matches('/').to_string();
        if !base.starts_with("http://") && !base.starts_with("https://") {
            bail!("--server {url:?}: expected a URL such as http://127.0.0.1:8080");
        }
        if base.starts_with("https://") {
            bail!(
                "--server {url:?}: this newsline speaks plain http:// only (put TLS in front of \
                 the server, or use a local address)"
            );
        }
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(600)))
            .timeout_connect(Some(Duration::from_secs(10)))
            .build()
            .into();
        Ok(Client {
            agent,
            endpoint: format!("{base}/api/articles"),
            base,
            auth: format!("Bearer {}", token.trim()),
            no_clean,
        })
    }

    fn network_error(&self, e: ureq::Error) -> anyhow::Error {
        anyhow::anyhow!(
            "cannot reach the newsline server at {}: {e} (is `newsline serve` running there?)",
            self.base
        )
    }

    fn post(&self, docs: &[Value]) -> Result<Reply> {
        let body = serde_json::to_vec(docs)?;
        let mut req = self
            .agent
            .post(&self.endpoint)
            .header("Authorization", &self.auth)
            .header("Content-Type", "application/json");
        if self.no_clean {
            req = req.query("no_clean", "true");
        }
        let mut resp = req.send(&body[..]).map_err(|e| self.network_error(e))?;
        let status = resp.status().as_u16();
        let text = resp
            .body_mut()
            .with_config()
            .limit(64 << 20)
            .read_to_string()
            .map_err(|e| self.network_error(e))?;
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        let message = v["message"].as_str().unwrap_or(text.trim()).to_string();
        match status {
            200 | 201 => {
                let results = v["results"]
                    .as_array()
                    .cloned()
                    .with_context(|| format!("unexpected answer from {}: {text}", self.base))?;
                Ok(Reply::Results(results))
            }
            413 => Ok(Reply::TooLarge),
            401 => bail!(
                "the server at {} refused the token ({message}); pass the server's token with \
                 --token or NEWSLINE_TOKEN",
                self.base
            ),
            403 => bail!(
                "the server at {} does not accept writes: {message}",
                self.base
            ),
            503 => bail!("the server at {} cannot write now: {message}", self.base),
            404 | 405 => bail!(
                "{} is not a newsline server with a write endpoint (HTTP {status})",
                self.base
            ),
            _ => bail!(
                "the server at {} answered HTTP {status}: {message}",
                self.base
            ),
        }
    }

    /// Sends a batch, halving it when the server finds it too large.
    fn send(&self, batch: &[(String, Value)], counts: &mut Counts, pb: &ProgressBar) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        let docs: Vec<Value> = batch.iter().map(|(_, v)| v.clone()).collect();
        match self.post(&docs)? {
            Reply::Results(results) => {
                for (i, (name, _)) in batch.iter().enumerate() {
                    let r = results
                        .iter()
                        .find(|r| r["index"].as_u64() == Some(i as u64));
                    match r.and_then(|r| r["status"].as_str()) {
                        Some("ingested") => counts.new += 1,
                        Some("unchanged") => counts.unchanged += 1,
                        _ => {
                            counts.failed += 1;
                            let msg = r
                                .and_then(|r| r["message"].as_str())
                                .unwrap_or("no result from the server");
                            pb.suspend(|| eprintln!("error: {name}: {msg}"));
                        }
                    }
                }
                pb.inc(batch.len() as u64);
                pb.set_message(format!(
                    "{} new, {} unchanged, {} failed",
                    counts.new, counts.unchanged, counts.failed
                ));
                Ok(())
            }
            Reply::TooLarge if batch.len() > 1 => {
                let (a, b) = batch.split_at(batch.len() / 2);
                self.send(a, counts, pb)?;
                self.send(b, counts, pb)
            }
            Reply::TooLarge => {
                counts.failed += 1;
                pb.suspend(|| {
                    eprintln!(
                        "error: {}: larger than the server's request size limit",
                        batch[0].0
                    )
                });
                Ok(())
            }
        }
    }
}

/// `newsline ingest --server URL [--token T] INPUT...`.
pub fn ingest(url: &str, token: Option<&str>, args: &InputArgs, quiet: bool) -> Result<ExitCode> {
    let Some(token) = token.filter(|t| !t.trim().is_empty()) else {
        bail!("--server needs the server's write token: pass --token T or set NEWSLINE_TOKEN");
    };
    let opts = read_options(args)?;
    let client = Client::new(url, token, args.no_clean)?;
    let pb = if quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let pb = ProgressBar::new_spinner();
        pb.enable_steady_tick(Duration::from_millis(120));
        pb
    };
    let stop = stop_on_ctrl_c();
    let mut counts = Counts::default();
    let mut batch: Vec<(String, Value)> = Vec::new();
    let mut bytes = 0usize;
    let mut interrupted = false;
    let mut docs = newsline_ingest::read_inputs(&args.inputs, &opts).peekable();
    loop {
        if stop.load(std::sync::atomic::Ordering::SeqCst) {
            interrupted = docs.peek().is_some() || !batch.is_empty();
            break;
        }
        let Some(doc) = docs.next() else { break };
        counts.read += 1;
        match doc {
            Ok(raw) => {
                let name = newsline_pipeline::source_name(&raw);
                if !raw.warnings.is_empty() {
                    counts.warnings += 1;
                    for w in &raw.warnings {
                        pb.suspend(|| eprintln!("warning: {name}: {w}"));
                    }
                }
                let v = doc_json(&raw);
                let size = v.to_string().len();
                if !batch.is_empty() && (batch.len() >= BATCH_DOCS || bytes + size > BATCH_BYTES) {
                    client.send(&batch, &mut counts, &pb)?;
                    batch.clear();
                    bytes = 0;
                }
                bytes += size;
                batch.push((name, v));
            }
            Err(e) => {
                counts.failed += 1;
                pb.suspend(|| eprintln!("error: {e}"));
            }
        }
    }
    if !interrupted {
        client.send(&batch, &mut counts, &pb)?;
    }
    pb.finish_and_clear();
    if !quiet {
        eprintln!(
            "read {}, new {}, unchanged {}, failed {}, warnings {} (sent to {}; the server \
             updates entities, duplicates and storylines in the background){}",
            counts.read,
            counts.new,
            counts.unchanged,
            counts.failed,
            counts.warnings,
            client.base,
            if interrupted {
                " (interrupted: run the same command again to resume)"
            } else {
                ""
            }
        );
    }
    Ok(if interrupted {
        ExitCode::from(130)
    } else if counts.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
