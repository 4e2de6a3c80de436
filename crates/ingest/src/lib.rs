//! Reads files, directories, stdin, JSONL, HTML, WARC, RSS and compressed inputs into decoded raw documents.
