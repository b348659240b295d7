//! An export as an HTTP body: a blocking thread holding one pooled connection writes the file into a
//! bounded channel, and the response body sends what arrives. At most `CHUNKS` × `CHUNK` bytes wait
//! in memory; a slow client slows the writer, a client that leaves stops it.

use std::io::{self, Write};
use std::pin::Pin;
use std::task::{Context, Poll};

use actix_web::body::{BodySize, MessageBody};
use actix_web::web::Bytes;
use tokio::sync::mpsc;

use super::Kind;
use crate::db::Pool;
use crate::queries;

/// Bytes gathered before they are sent on.
const CHUNK: usize = 64 * 1024;
/// Chunks that may wait for the client.
const CHUNKS: usize = 8;

type Chunk = Result<Bytes, io::Error>;

/// Writes into the channel in chunks of `CHUNK` bytes; fails once the receiver is gone.
struct ChannelWriter {
    tx: mpsc::Sender<Chunk>,
    buf: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client went away"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// The receiving end, as a streaming response body.
pub struct ChannelBody(mpsc::Receiver<Chunk>);

impl MessageBody for ChannelBody {
    type Error = io::Error;

    fn size(&self) -> BodySize {
        BodySize::Stream
    }

    fn poll_next(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Bytes, Self::Error>>> {
        self.0.poll_recv(cx)
    }
}

/// Starts writing file `kind` on a blocking thread and returns the body it streams into. `etag` is
/// the tag the response announced: if an import changed the dataset since, the body breaks off
/// (an error mid-stream aborts the connection) rather than send other data under that tag.
pub fn file(pool: Pool, kind: Kind, excel: bool, etag: String) -> ChannelBody {
    let (tx, rx) = mpsc::channel(CHUNKS);
    let mut writer = ChannelWriter {
        tx: tx.clone(),
        buf: Vec::with_capacity(CHUNK),
    };
    actix_web::rt::task::spawn_blocking(move || {
        let result = (|| -> anyhow::Result<()> {
            let mut conn = pool.get()?;
            queries::exports::snapshot(&mut conn, |conn| {
                let version = queries::meta::version(conn)?;
                if super::etag(version.as_ref(), kind, excel) != etag {
                    anyhow::bail!("the dataset changed as the export began");
                }
                super::write(conn, kind, excel, version.as_ref(), &mut writer)
            })?;
            writer.flush()?;
            Ok(())
        })();
        if let Err(e) = result {
            if tx.is_closed() {
                tracing::debug!(file = %kind.file_name(), "export stopped: the client went away");
            } else {
                tracing::error!(file = %kind.file_name(), error = %format!("{e:#}"), "export failed");
                let _ = tx.blocking_send(Err(io::Error::other(e.to_string())));
            }
        }
    });
    ChannelBody(rx)
}
