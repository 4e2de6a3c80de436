//! JSON-lines records.

use std::io::BufRead;

use newsline_model::{InputFormat, RawDoc};
use serde_json::Value;

use crate::error::IngestError;
use crate::ReadOptions;

/// Reads one line of at most `max` bytes (without the newline).
/// `Ok(None)` at EOF; `Ok(Some(Err(len)))` for an over-long line (skipped).
pub(crate) fn read_line_bounded(
    r: &mut dyn BufRead,
    max: usize,
) -> std::io::Result<Option<Result<Vec<u8>, usize>>> {
    let mut line = Vec::new();
    let mut total = 0usize;
    let mut any = false;
    loop {
        let buf = r.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        any = true;
        let (chunk, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (&buf[..i], Some(i + 1)),
            None => (buf, None),
        };
        total += chunk.len();
        if total <= max {
            line.extend_from_slice(chunk);
        }
        let consumed = done.unwrap_or(buf.len());
        r.consume(consumed);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if total > max {
        return Ok(Some(Err(total)));
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Ok(Some(Ok(line)))
}

pub(crate) struct JsonlRecords {
    name: String,
    reader: Box<dyn BufRead>,
    opts: ReadOptions,
    line_no: usize,
    done: bool,
}

impl JsonlRecords {
    pub(crate) fn new(name: &str, reader: Box<dyn BufRead>, opts: ReadOptions) -> Self {
        JsonlRecords {
            name: name.to_string(),
            reader,
            opts,
            line_no: 0,
            done: false,
        }
    }

    fn err(&self, msg: impl std::fmt::Display) -> IngestError {
        IngestError::new(&self.name, Some(format!("line {}", self.line_no)), msg)
    }

    fn record(&self, line: Vec<u8>) -> Result<RawDoc, IngestError> {
        let mut warnings = Vec::new();
        let text = match std::str::from_utf8(&line) {
            Ok(s) => s.to_string(),
            Err(e) => {
                warnings.push(format!(
                    "invalid UTF-8 at byte {} (line decoded lossily)",
                    e.valid_up_to()
                ));
                String::from_utf8_lossy(&line).into_owned()
            }
        };
        let v: Value =
            serde_json::from_str(&text).map_err(|e| self.err(format!("invalid JSON: {e}")))?;
        let obj = v
            .as_object()
            .ok_or_else(|| self.err("record is not a JSON object"))?;
        let f = &self.opts.fields;
        let get = |k: &str| -> Option<String> {
            match obj.get(k)? {
                Value::String(s) => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                Value::Bool(b) => Some(b.to_string()),
                _ => None,
            }
        };
        let (content, format) = match (get(&f.html), get(&f.text)) {
            (Some(h), _) if !h.trim().is_empty() => (h, InputFormat::Html),
            (_, Some(t)) if !t.trim().is_empty() => (t, InputFormat::Text),
            (Some(_), _) | (_, Some(_)) => return Err(self.err("empty text")),
            _ => return Err(self.err(format!("record has no `{}` or `{}` field", f.text, f.html))),
        };
        if content.contains('\0') {
            return Err(self.err("binary content, not text"));
        }
        Ok(RawDoc {
            source: self.name.clone(),
            record: Some(format!("line {}", self.line_no)),
            record_id: get(&f.id).filter(|s| !s.trim().is_empty()),
            format,
            raw: line,
            content,
            charset: "utf-8".to_string(),
            url: get(&f.url).filter(|s| !s.trim().is_empty()),
            title: get(&f.title).filter(|s| !s.trim().is_empty()),
            published: get(&f.published)
                .filter(|s| !s.trim().is_empty())
                .or_else(|| self.opts.published.clone()),
            crawl_date: None,
            no_clean: self.opts.no_clean,
            warnings,
        })
    }
}

impl Iterator for JsonlRecords {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let max = self.opts.max_record_bytes;
            let line = match read_line_bounded(self.reader.as_mut(), max) {
                Ok(Some(l)) => l,
                Ok(None) => {
                    self.done = true;
                    if self.line_no == 0 {
                        return Some(Err(IngestError::new(&self.name, None, "empty file")));
                    }
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    self.line_no += 1;
                    return Some(Err(self.err(e)));
                }
            };
            self.line_no += 1;
            match line {
                Err(len) => {
                    return Some(Err(self.err(format!(
                        "record of {len} bytes exceeds the limit of {max} bytes"
                    ))))
                }
                Ok(l) if l.iter().all(|b| b.is_ascii_whitespace()) => continue,
                Ok(l) => return Some(self.record(l)),
            }
        }
        None
    }
}
