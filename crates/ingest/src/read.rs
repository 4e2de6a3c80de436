//! The lazy input walker and single-document readers.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use std::path::{Path, PathBuf};

use newsline_model::{InputFormat, RawDoc};

use crate::decode::{decode, looks_binary};
use crate::error::IngestError;
use crate::{feed, jsonl, warc, FormatHint, ReadOptions};

type Records = Box<dyn Iterator<Item = Result<RawDoc, IngestError>>>;

/// The iterator returned by [`crate::read_inputs`].
pub struct Inputs {
    queue: VecDeque<PathOrBytes>,
    dirs: Vec<std::vec::IntoIter<PathBuf>>,
    visited: std::collections::HashSet<PathBuf>,
    current: Option<Records>,
    opts: ReadOptions,
}

enum PathOrBytes {
    Path(String),
    Bytes(String, Vec<u8>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Compression {
    None,
    Gzip,
    Zstd,
}

impl Inputs {
    pub(crate) fn new(inputs: &[String], opts: ReadOptions) -> Self {
        Inputs {
            queue: inputs.iter().cloned().map(PathOrBytes::Path).collect(),
            dirs: Vec::new(),
            visited: Default::default(),
            current: None,
            opts,
        }
    }

    pub(crate) fn from_bytes(source: &str, bytes: Vec<u8>, opts: ReadOptions) -> Self {
        let mut q = VecDeque::new();
        q.push_back(PathOrBytes::Bytes(source.to_string(), bytes));
        Inputs {
            queue: q,
            dirs: Vec::new(),
            visited: Default::default(),
            current: None,
            opts,
        }
    }

    fn next_input(&mut self) -> Option<PathOrBytes> {
        while let Some(top) = self.dirs.last_mut() {
            match top.next() {
                Some(p) => return Some(PathOrBytes::Path(p.to_string_lossy().into_owned())),
                None => {
                    self.dirs.pop();
                }
            }
        }
        self.queue.pop_front()
    }

    /// Opens one input; returns its records, or pushes a directory listing.
    fn open(&mut self, input: PathOrBytes) -> Option<Records> {
        let (name, bytes) = match input {
            PathOrBytes::Bytes(name, bytes) => (name, bytes),
            PathOrBytes::Path(p) if p == "-" => {
                let mut buf = Vec::new();
                let limit = self.opts.max_record_bytes as u64 + 1;
                if let Err(e) = io::stdin().lock().take(limit).read_to_end(&mut buf) {
                    return Some(one(Err(IngestError::new("-", None, e))));
                }
                if buf.len() > self.opts.max_record_bytes {
                    return Some(one(Err(too_large("-", self.opts.max_record_bytes))));
                }
                ("-".to_string(), buf)
            }
            PathOrBytes::Path(p) => {
                let path = Path::new(&p);
                let meta = match std::fs::metadata(path) {
                    Ok(m) => m,
                    Err(e) => return Some(one(Err(IngestError::new(&p, None, e)))),
                };
                if meta.is_dir() {
                    // Symlinked directories could loop: walk each real directory once.
                    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
                    if !self.visited.insert(real) {
                        return None;
                    }
                    match list_dir(path) {
                        Ok(entries) => {
                            self.dirs.push(entries.into_iter());
                            return None;
                        }
                        Err(e) => return Some(one(Err(IngestError::new(&p, None, e)))),
                    }
                }
                let file = match File::open(path) {
                    Ok(f) => f,
                    Err(e) => return Some(one(Err(IngestError::new(&p, None, e)))),
                };
                return Some(records(&p, Box::new(file), &self.opts));
            }
        };
        Some(records(&name, Box::new(Cursor::new(bytes)), &self.opts))
    }
}

impl Iterator for Inputs {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(cur) = self.current.as_mut() {
                if let Some(item) = cur.next() {
                    return Some(item);
                }
                self.current = None;
            }
            let input = self.next_input()?;
            self.current = self.open(input);
        }
    }
}

fn one(r: Result<RawDoc, IngestError>) -> Records {
    Box::new(std::iter::once(r))
}

fn too_large(name: &str, max: usize) -> IngestError {
    IngestError::new(
        name,
        None,
        format!("input larger than the limit of {max} bytes"),
    )
}

/// Sorted, non-hidden entries of a directory. Files are kept when their
/// extension (under any `.gz`/`.zst`) names an input format, or when they
/// have none; notes, spreadsheets and images beside the articles are not
/// inputs. A file named explicitly is always read.
fn list_dir(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut v = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let is_dir =
            entry.file_type().map(|t| t.is_dir()).unwrap_or(false) || entry.path().is_dir();
        if !is_dir && !walkable(&name) {
            continue;
        }
        v.push(entry.path());
    }
    v.sort();
    Ok(v)
}

/// Whether a file met while walking a directory is an input.
fn walkable(name: &str) -> bool {
    let inner = match ext_of(name).as_str() {
        "gz" | "zst" | "zstd" => name
            .rsplit_once('.')
            .map(|(stem, _)| stem.to_string())
            .unwrap_or_default(),
        _ => name.to_string(),
    };
    ext_of(&inner).is_empty() || format_from_name(&inner).is_some()
}

fn ext_of(name: &str) -> String {
    Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

fn format_from_name(name: &str) -> Option<FormatHint> {
    match ext_of(name).as_str() {
        "txt" | "text" => Some(FormatHint::Text),
        "html" | "htm" | "xhtml" | "shtml" => Some(FormatHint::Html),
        "jsonl" | "ndjson" | "json" => Some(FormatHint::Jsonl),
        "warc" | "arc" => Some(FormatHint::Warc),
        "xml" | "rss" | "atom" => Some(FormatHint::Rss),
        _ => None,
    }
}

/// Guesses a format from the first bytes of the content.
pub(crate) fn sniff(head: &[u8]) -> FormatHint {
    let s = String::from_utf8_lossy(&head[..head.len().min(4096)]).to_ascii_lowercase();
    let t = s.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with("warc/") {
        FormatHint::Warc
    } else if t.starts_with('{') {
        FormatHint::Jsonl
    } else if t.contains("<rss") || t.contains("<feed") || t.contains("<rdf:rdf") {
        FormatHint::Rss
    } else if t.starts_with("<!doctype")
        || t.contains("<html")
        || (t.starts_with('<')
            && [
                "<p", "<div", "<body", "<head", "<article", "<h1", "<meta", "<title",
            ]
            .iter()
            .any(|tag| t.contains(tag)))
    {
        FormatHint::Html
    } else {
        FormatHint::Text
    }
}

/// Builds the record iterator of one file or stdin.
fn records(name: &str, reader: Box<dyn Read>, opts: &ReadOptions) -> Records {
    let mut buf = BufReader::with_capacity(1 << 16, reader);
    let head = match buf.fill_buf() {
        Ok(h) => h.to_vec(),
        Err(e) => return one(Err(IngestError::new(name, None, e))),
    };
    let ext = ext_of(name);
    let compression = if head.starts_with(&[0x1f, 0x8b]) {
        Compression::Gzip
    } else if head.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Compression::Zstd
    } else {
        Compression::None
    };
    let inner_name = if compression != Compression::None && (ext == "gz" || ext == "zst") {
        Path::new(name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        name.to_string()
    };
    let mut reader: Box<dyn BufRead> = match compression {
        Compression::None => Box::new(buf),
        Compression::Gzip => Box::new(BufReader::with_capacity(
            1 << 16,
            flate2::bufread::MultiGzDecoder::new(buf),
        )),
        Compression::Zstd => match zstd::stream::read::Decoder::with_buffer(buf) {
            Ok(d) => Box::new(BufReader::with_capacity(1 << 16, d)),
            Err(e) => return one(Err(IngestError::new(name, None, e))),
        },
    };
    let format = match opts.input_format.or_else(|| format_from_name(&inner_name)) {
        Some(f) => f,
        None => match reader.fill_buf() {
            Ok(h) => sniff(h),
            Err(e) => return one(Err(IngestError::new(name, None, e))),
        },
    };
    let compressed = compression != Compression::None;
    match format {
        FormatHint::Jsonl => Box::new(jsonl::JsonlRecords::new(name, reader, opts.clone())),
        FormatHint::Warc => Box::new(warc::WarcRecords::new(name, reader, opts.clone())),
        FormatHint::Rss => match read_all(name, reader, opts.max_record_bytes, compressed) {
            Ok(bytes) => Box::new(feed::read_feed(name, &bytes, opts).into_iter()),
            Err(e) => one(Err(e)),
        },
        FormatHint::Text | FormatHint::Html => {
            let r = read_all(name, reader, opts.max_record_bytes, compressed).and_then(|bytes| {
                let fmt = if format == FormatHint::Html {
                    InputFormat::Html
                } else {
                    InputFormat::Text
                };
                single_doc(name, None, bytes, fmt, None, opts)
            });
            one(r)
        }
    }
}

/// Reads the whole (decompressed) stream, bounded by `max` bytes.
fn read_all(
    name: &str,
    reader: Box<dyn BufRead>,
    max: usize,
    compressed: bool,
) -> Result<Vec<u8>, IngestError> {
    let mut bytes = Vec::new();
    reader
        .take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| IngestError::new(name, None, e))?;
    if bytes.len() > max {
        let msg = if compressed {
            format!("decompressed data exceeds the limit of {max} bytes (compression bomb?)")
        } else {
            format!("file larger than the limit of {max} bytes")
        };
        return Err(IngestError::new(name, None, msg));
    }
    Ok(bytes)
}

/// Turns the bytes of one document into a [`RawDoc`].
pub(crate) fn single_doc(
    name: &str,
    record: Option<String>,
    bytes: Vec<u8>,
    format: InputFormat,
    http_charset: Option<&str>,
    opts: &ReadOptions,
) -> Result<RawDoc, IngestError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        let what = if record.is_some() {
            "empty record"
        } else {
            "empty file"
        };
        return Err(IngestError::new(name, record, what));
    }
    if looks_binary(&bytes) {
        return Err(IngestError::new(name, record, "binary content, not text"));
    }
    let mut d = decode(&bytes, http_charset, format == InputFormat::Html);
    if format == InputFormat::Html {
        if let Some(w) = truncation_warning(&d.text) {
            d.warnings.push(w);
        }
    }
    Ok(RawDoc {
        source: name.to_string(),
        record,
        record_id: None,
        format,
        raw: bytes,
        content: d.text,
        charset: d.charset,
        url: None,
        title: None,
        published: opts.published.clone(),
        crawl_date: None,
        no_clean: opts.no_clean,
        warnings: d.warnings,
    })
}

/// A warning when an HTML page looks cut off: it ends inside a tag, or a
/// full page (one that opens with a doctype or `<html>`) lacks both
/// `</body>` and `</html>`. The page is still processed.
fn truncation_warning(html: &str) -> Option<String> {
    let tail = html.trim_end();
    let last_open = tail.rfind('<');
    let last_close = tail.rfind('>');
    if matches!((last_open, last_close), (Some(o), Some(c)) if o > c)
        || (last_open.is_some() && last_close.is_none())
    {
        return Some("HTML ends inside a tag: the page looks truncated".to_string());
    }
    let head: String = tail
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    let full_page = head.trim_start().starts_with("<!doctype") || head.contains("<html");
    let end: String = tail
        .char_indices()
        .rev()
        .nth(2048)
        .map(|(i, _)| tail.get(i..).unwrap_or(tail))
        .unwrap_or(tail)
        .to_ascii_lowercase();
    if full_page && !end.contains("</html") && !end.contains("</body") {
        return Some(
            "HTML has no closing </body> or </html>: the page looks truncated".to_string(),
        );
    }
    None
}

#[cfg(test)]
mod walk_tests {
    use super::{truncation_warning, walkable};

    #[test]
    fn truncated_html_is_warned_about() {
        assert!(truncation_warning("<html><body><p>Text <a href=\"/x").is_some());
        assert!(truncation_warning("<!DOCTYPE html><html><body><p>Text</p>").is_some());
        assert!(
            truncation_warning("<!DOCTYPE html><html><body><p>Text</p></body></html>\n").is_none()
        );
        assert!(truncation_warning("<p>A fragment from a feed.</p>").is_none());
    }

    #[test]
    fn directory_walks_skip_files_that_are_not_inputs() {
        for yes in [
            "a.txt",
            "a.html",
            "feed.jsonl.gz",
            "crawl.warc.gz",
            "noext",
            "x.rss",
        ] {
            assert!(walkable(yes), "{yes}");
        }
        for no in ["README.md", "manifest.tsv", "photo.jpg", "notes.csv.gz"] {
            assert!(!walkable(no), "{no}");
        }
    }
}
