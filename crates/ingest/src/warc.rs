//! A small streaming WARC reader (plain or gzip-per-record via `MultiGzDecoder`).

use std::io::{BufRead, Read};

use newsline_model::{InputFormat, RawDoc};

use crate::decode::charset_from_content_type;
use crate::error::IngestError;
use crate::jsonl::read_line_bounded;
use crate::read::single_doc;
use crate::ReadOptions;

const MAX_HEADER_LINE: usize = 64 * 1024;

pub(crate) struct WarcRecords {
    name: String,
    reader: Box<dyn BufRead>,
    opts: ReadOptions,
    index: usize,
    done: bool,
}

struct Header {
    fields: Vec<(String, String)>,
}

impl Header {
    fn get(&self, k: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.as_str())
    }
}

fn parse_fields<'a>(lines: impl Iterator<Item = &'a str>) -> Vec<(String, String)> {
    lines
        .filter_map(|l| {
            let (k, v) = l.split_once(':')?;
            Some((k.trim().to_string(), v.trim().to_string()))
        })
        .collect()
}

impl WarcRecords {
    pub(crate) fn new(name: &str, reader: Box<dyn BufRead>, opts: ReadOptions) -> Self {
        WarcRecords {
            name: name.to_string(),
            reader,
            opts,
            index: 0,
            done: false,
        }
    }

    fn fail(&mut self, record: Option<String>, msg: impl std::fmt::Display) -> IngestError {
        self.done = true;
        IngestError::new(&self.name, record, msg)
    }

    /// Reads the next WARC header block; `Ok(None)` at a clean end of input.
    fn read_header(&mut self) -> Result<Option<Header>, IngestError> {
        let mut lines: Vec<String> = Vec::new();
        loop {
            let line = match read_line_bounded(self.reader.as_mut(), MAX_HEADER_LINE) {
                Ok(Some(Ok(l))) => String::from_utf8_lossy(&l).into_owned(),
                Ok(Some(Err(_))) => return Err(self.fail(None, "WARC header line too long")),
                Ok(None) if lines.is_empty() => return Ok(None),
                Ok(None) => return Err(self.fail(None, "truncated WARC header")),
                Err(e) => return Err(self.fail(None, e)),
            };
            if line.trim().is_empty() {
                if lines.is_empty() {
                    continue; // blank lines between records
                }
                break;
            }
            if lines.is_empty() && !line.starts_with("WARC/") {
                let rec = format!("record {}", self.index + 1);
                return Err(self.fail(Some(rec), "not a WARC record (missing WARC/1.x line)"));
            }
            lines.push(line);
            if lines.len() > 1000 {
                return Err(self.fail(None, "WARC header too long"));
            }
        }
        Ok(Some(Header {
            fields: parse_fields(lines.iter().skip(1).map(|s| s.as_str())),
        }))
    }

    fn response_doc(
        &self,
        h: &Header,
        rec: String,
        block: Vec<u8>,
    ) -> Option<Result<RawDoc, IngestError>> {
        let sep = find(&block, b"\r\n\r\n")
            .map(|i| (i, 4))
            .or_else(|| find(&block, b"\n\n").map(|i| (i, 2)));
        let (hend, slen) = sep?;
        let head = String::from_utf8_lossy(block.get(..hend)?).into_owned();
        let mut lines = head.lines();
        let status = lines.next().unwrap_or("");
        let code: u16 = status
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        if !(200..300).contains(&code) {
            return None;
        }
        let http = Header {
            fields: parse_fields(lines),
        };
        let ct = http
            .get("Content-Type")
            .unwrap_or("text/html")
            .to_ascii_lowercase();
        if !(ct.contains("html") || ct.contains("text/plain")) {
            return None;
        }
        let mut body = block.get(hend + slen..).unwrap_or(&[]).to_vec();
        let max = self.opts.max_record_bytes;
        if http
            .get("Transfer-Encoding")
            .is_some_and(|t| t.to_ascii_lowercase().contains("chunked"))
        {
            body = dechunk(&body);
        }
        if let Some(enc) = http.get("Content-Encoding").map(|s| s.to_ascii_lowercase()) {
            if enc.contains("gzip") && body.starts_with(&[0x1f, 0x8b]) {
                let mut out = Vec::new();
                let r = flate2::read::MultiGzDecoder::new(body.as_slice())
                    .take(max as u64 + 1)
                    .read_to_end(&mut out);
                if r.is_err() || out.len() > max {
                    return Some(Err(IngestError::new(
                        &self.name,
                        Some(rec),
                        "bad or oversized gzip content encoding",
                    )));
                }
                body = out;
            }
        }
        let charset = charset_from_content_type(&ct);
        let fmt = if ct.contains("html") {
            InputFormat::Html
        } else {
            InputFormat::Text
        };
        let r = single_doc(
            &self.name,
            Some(rec),
            body,
            fmt,
            charset.as_deref(),
            &self.opts,
        )
        .map(|mut d| {
            d.url = h
                .get("WARC-Target-URI")
                .map(|u| u.trim_matches(['<', '>']).to_string());
            d.crawl_date = h.get("WARC-Date").map(str::to_string);
            d
        });
        Some(r)
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn dechunk(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(nl) = find(rest, b"\n") {
        let size_line = String::from_utf8_lossy(rest.get(..nl).unwrap_or(&[])).into_owned();
        let size_hex = size_line.split(';').next().unwrap_or("").trim();
        let Ok(size) = usize::from_str_radix(size_hex, 16) else {
            return body.to_vec(); // not really chunked
        };
        if size == 0 {
            break;
        }
        let start = nl + 1;
        let Some(chunk) = rest.get(start..start.saturating_add(size)) else {
            out.extend_from_slice(rest.get(start..).unwrap_or(&[]));
            break;
        };
        out.extend_from_slice(chunk);
        rest = rest.get(start + size..).unwrap_or(&[]);
        while rest.first().is_some_and(|b| *b == b'\r' || *b == b'\n') {
            rest = rest.get(1..).unwrap_or(&[]);
        }
    }
    out
}

impl Iterator for WarcRecords {
    type Item = Result<RawDoc, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.done {
            let header = match self.read_header() {
                Ok(Some(h)) => h,
                Ok(None) => {
                    self.done = true;
                    if self.index == 0 {
                        return Some(Err(IngestError::new(&self.name, None, "empty file")));
                    }
                    return None;
                }
                Err(e) => return Some(Err(e)),
            };
            self.index += 1;
            let rec = format!(
                "record {}",
                header
                    .get("WARC-Record-ID")
                    .map(str::to_string)
                    .unwrap_or_else(|| self.index.to_string())
            );
            let Some(len) = header
                .get("Content-Length")
                .and_then(|l| l.parse::<u64>().ok())
            else {
                return Some(Err(
                    self.fail(Some(rec), "WARC record without Content-Length")
                ));
            };
            let max = self.opts.max_record_bytes as u64;
            let wanted = header
                .get("WARC-Type")
                .is_some_and(|t| t.eq_ignore_ascii_case("response"));
            if !wanted || len > max {
                let skipped =
                    std::io::copy(&mut self.reader.as_mut().take(len), &mut std::io::sink());
                match skipped {
                    Ok(n) if n == len => {}
                    Ok(_) => return Some(Err(self.fail(Some(rec), "truncated WARC record"))),
                    Err(e) => return Some(Err(self.fail(Some(rec), e))),
                }
                if wanted {
                    return Some(Err(IngestError::new(
                        &self.name,
                        Some(rec),
                        format!("record of {len} bytes exceeds the limit of {max} bytes"),
                    )));
                }
                continue;
            }
            let mut block = Vec::with_capacity(len as usize);
            match self.reader.as_mut().take(len).read_to_end(&mut block) {
                Ok(n) if n as u64 == len => {}
                Ok(_) => return Some(Err(self.fail(Some(rec), "truncated WARC record"))),
                Err(e) => return Some(Err(self.fail(Some(rec), e))),
            }
            if let Some(r) = self.response_doc(&header, rec, block) {
                return Some(r);
            }
        }
        None
    }
}
