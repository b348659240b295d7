//! The HTTP server: actix-web's application behind actix-http's HTTP/1 service, with a front door
//! that reads every request head itself before the codec sees it. A head the codec would refuse is
//! answered here with problem+json (the codec's own answer is an empty 400 or 431); any other head
//! is passed on unchanged, and its body after it. On the first head of a connection the answer is
//! sent at once; on a later one the codec is told the client has stopped sending, finishes the
//! answers in flight, and the problem is written when it closes the connection.

use std::io;
use std::net::{SocketAddr, TcpListener};
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_http::{HttpService, KeepAlive};
use actix_service::{
    fn_factory, fn_service, map_config, IntoServiceFactory, Service, ServiceFactory,
    ServiceFactoryExt,
};
use actix_web::dev::AppConfig;
use actix_web::rt::net::TcpStream;
use bytes::{Buf, Bytes, BytesMut};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};

use crate::app;
use crate::http::head::{self, Body, Head, Refusal};
use crate::state::AppState;

/// How long a client has to send its first request head, and how long an idle kept-alive
/// connection stays open: actix-web's defaults.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
const KEEP_ALIVE: Duration = Duration::from_secs(5);

pub struct Options {
    pub workers: Option<usize>,
    pub max_blocking_threads: Option<usize>,
    pub shutdown_timeout: u64,
}

/// A server on `listener`, not yet running; stop it through its handle.
pub fn server(
    listener: TcpListener,
    state: AppState,
    options: Options,
) -> io::Result<actix_server::Server> {
    let addr = listener.local_addr()?;
    let mut builder = actix_server::Server::build()
        .disable_signals()
        .shutdown_timeout(options.shutdown_timeout);
    if let Some(n) = options.workers {
        builder = builder.workers(n);
    }
    if let Some(n) = options.max_blocking_threads {
        builder = builder.worker_max_blocking_threads(n);
    }
    let shutdown = builder.graceful_shutdown_signal();
    Ok(builder
        .listen("openpledges", listener, move || {
            let shutdown = shutdown.clone();
            let h1 = HttpService::build()
                // Kept-alive connections close when a graceful stop begins.
                .graceful_shutdown_signal(move || {
                    let signal = shutdown.clone();
                    async move { signal.notified().await }
                })
                .keep_alive(KeepAlive::Timeout(KEEP_ALIVE))
                .client_request_timeout(REQUEST_TIMEOUT)
                .client_disconnect_timeout(Duration::from_secs(1))
                .local_addr(addr)
                .h1(map_config(
                    app::build(state.clone())
                        .into_factory()
                        .map_err(|e: actix_web::Error| e.error_response()),
                    |_| AppConfig::default(),
                ));
            fn_factory(move || {
                let made = h1.new_service(());
                async move {
                    let h1 = Rc::new(made.await?);
                    Ok::<_, ()>(fn_service(move |io: TcpStream| {
                        let h1 = h1.clone();
                        async move {
                            if let Some((io, peer)) = front(io).await {
                                let _ = h1.call((io, peer)).await;
                            }
                            Ok::<_, ()>(())
                        }
                    }))
                }
            })
        })?
        .run())
}

/// Reads the first request head; answers a bad one and returns None, else the guarded connection.
async fn front(mut io: TcpStream) -> Option<(Guarded, Option<SocketAddr>)> {
    // Without it a body written after its head waits some 40 ms for the client's delayed ACK.
    let _ = io.set_nodelay(true);
    let peer = io.peer_addr().ok();
    let deadline = tokio::time::Instant::now() + REQUEST_TIMEOUT;
    let mut buf = BytesMut::with_capacity(4096);
    loop {
        match head::check(&buf) {
            Head::Complete { .. } => return Some((Guarded::new(buf, io), peer)),
            Head::Refused(refusal) => {
                refuse(io, &refusal).await;
                return None;
            }
            Head::Partial => {}
        }
        if buf.capacity() == buf.len() {
            buf.reserve(8192);
        }
        let room = (head::MAX_HEAD + 1 - buf.len()) as u64;
        match tokio::time::timeout_at(deadline, (&mut io).take(room).read_buf(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => return None,
            Ok(Ok(_)) => {}
            // A connection that never spoke closes silently, as actix-http does.
            Err(_) if buf.is_empty() => return None,
            Err(_) => {
                let refusal = Refusal {
                    status: 408,
                    detail: "the request's line and header fields did not arrive within 5 seconds",
                };
                refuse(io, &refusal).await;
                return None;
            }
        }
    }
}

async fn refuse(mut io: TcpStream, refusal: &Refusal) {
    tracing::debug!(
        status = refusal.status,
        detail = refusal.detail,
        "request head refused"
    );
    let response = head::problem_response(refusal);
    let _ = tokio::time::timeout(REQUEST_TIMEOUT, async {
        io.write_all(&response).await?;
        io.shutdown().await?;
        // Closing with unread bytes makes the kernel send a reset, which may destroy the answer
        // before the client reads it: read what is still coming, for a moment.
        let mut sink = [0u8; 8192];
        let linger = tokio::time::sleep(Duration::from_secs(1));
        tokio::pin!(linger);
        loop {
            tokio::select! {
                _ = &mut linger => break,
                n = io.read(&mut sink) => if n? == 0 { break },
            }
        }
        Ok::<_, io::Error>(())
    })
    .await;
}

/// Where the unchecked bytes of a connection stand.
enum At {
    /// At a request head: held back until it is whole and checked.
    Head,
    /// Inside a body with this many bytes to go: passed on as they come.
    Body(u64),
    /// After a chunked body: passed on unchecked (finding the next head would mean decoding
    /// chunks; browsers and this API's clients send lengths).
    Unchecked,
}

/// A connection as the codec sees it: only checked heads, and on a bad one the end of input, with
/// the problem written when the codec closes.
pub struct Guarded {
    io: TcpStream,
    /// Read, not yet checked.
    inbox: BytesMut,
    /// Checked, not yet given to the codec.
    checked: BytesMut,
    at: At,
    /// The problem for a bad head, still to be written (what is left of it).
    refusal: Option<Bytes>,
    eof: bool,
}

impl Guarded {
    fn new(read: BytesMut, io: TcpStream) -> Self {
        Guarded {
            io,
            inbox: read,
            checked: BytesMut::new(),
            at: At::Head,
            refusal: None,
            eof: false,
        }
    }

    /// Moves what can be checked from the inbox; false when more bytes are needed.
    fn advance(&mut self) -> bool {
        match self.at {
            _ if self.inbox.is_empty() || self.refusal.is_some() => false,
            At::Unchecked => {
                let all = self.inbox.split();
                self.checked.unsplit(all);
                true
            }
            At::Body(left) => {
                let n = (left as usize).min(self.inbox.len());
                let part = self.inbox.split_to(n);
                self.checked.unsplit(part);
                self.at = if left as usize == n {
                    At::Head
                } else {
                    At::Body(left - n as u64)
                };
                true
            }
            At::Head => match head::check(&self.inbox) {
                Head::Partial => false,
                Head::Complete { len, body } => {
                    let part = self.inbox.split_to(len);
                    self.checked.unsplit(part);
                    self.at = match body {
                        Body::None => At::Head,
                        Body::Length(n) => At::Body(n),
                        Body::Chunked => At::Unchecked,
                    };
                    true
                }
                Head::Refused(refusal) => {
                    tracing::debug!(
                        status = refusal.status,
                        detail = refusal.detail,
                        "request head refused"
                    );
                    self.refusal = Some(Bytes::from(head::problem_response(&refusal)));
                    self.inbox.clear();
                    false
                }
            },
        }
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        out: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if this.checked.has_remaining() {
                let n = this.checked.len().min(out.remaining());
                out.put_slice(&this.checked[..n]);
                this.checked.advance(n);
                return Poll::Ready(Ok(()));
            }
            if this.advance() {
                continue;
            }
            if this.refusal.is_some() || this.eof {
                // End of input: the codec answers what is in flight, then closes.
                return Poll::Ready(Ok(()));
            }
            if this.inbox.len() > head::MAX_HEAD {
                continue; // check() refuses it as too large
            }
            let mut chunk = [0u8; 8192];
            let mut buf = ReadBuf::new(&mut chunk);
            match Pin::new(&mut this.io).poll_read(cx, &mut buf) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Ready(Ok(())) if buf.filled().is_empty() => {
                    // The client stopped sending: what is left unchecked goes as it is.
                    this.eof = true;
                    let rest = this.inbox.split();
                    this.checked.unsplit(rest);
                }
                Poll::Ready(Ok(())) => this.inbox.extend_from_slice(buf.filled()),
            }
        }
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, data)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    /// Writes a pending problem after the codec's last answer, then closes.
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = &mut *self;
        while let Some(rest) = this.refusal.as_mut().filter(|r| !r.is_empty()) {
            match Pin::new(&mut this.io).poll_write(cx, rest) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Ready(Ok(0)) => break,
                Poll::Ready(Ok(n)) => rest.advance(n),
            }
        }
        Pin::new(&mut this.io).poll_shutdown(cx)
    }
}
