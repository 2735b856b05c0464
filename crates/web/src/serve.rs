//! Serving HTTP/1.1 with the deadlines `axum::serve` does not set: a client must send its
//! headers, and then each piece of its body, within `request_idle_seconds`, and a whole body
//! within `request_body_seconds`. Without them one connection that sends one byte and waits
//! holds its slot for ever, and a few hundred hold the server.

use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Request};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::time::{Instant, Sleep, sleep};
use tower::ServiceExt;

/// How long a stopping server waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(10);

/// Serves `router` on `listener` until `stop` completes, with the peer's address as
/// `ConnectInfo` (the throttles read it) and the header deadline.
pub async fn serve(
    listener: TcpListener,
    router: axum::Router,
    idle: Duration,
    stop: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let mut stop = std::pin::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors and the like: wait a moment rather than spin.
                    tracing::warn!(error.cause = %e, "accepting a connection failed: {e}");
                    sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let router = router.clone();
        let service = tower::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
            req.extensions_mut().insert(ConnectInfo::<SocketAddr>(peer));
            router.clone().oneshot(req.map(Body::new))
        });
        let conn = http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(idle)
            .serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            if let Err(e) = conn.await {
                tracing::debug!(error.cause = %e, "a connection ended with an error: {e}");
            }
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(DRAIN, graceful.shutdown()).await;
    Ok(())
}

/// A request body that fails once a piece takes longer than `idle` to come, or the whole
/// longer than its total; the handler reading it then answers and the connection ends.
struct DeadlineBody {
    inner: Body,
    idle: Duration,
    next_piece: Pin<Box<Sleep>>,
    whole: Pin<Box<Sleep>>,
}

impl http_body::Body for DeadlineBody {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            let idle = this.idle;
            this.next_piece.as_mut().reset(Instant::now() + idle);
            return Poll::Ready(frame);
        }
        if this.next_piece.as_mut().poll(cx).is_ready() || this.whole.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Some(Err(axum::Error::new("the request body did not arrive in time"))));
        }
        Poll::Pending
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

/// The middleware that puts the body deadlines on every request.
pub async fn body_deadlines(idle: Duration, whole: Duration, req: Request, next: Next) -> Response {
    // Most requests (every GET) have no body: no timers for them.
    if http_body::Body::is_end_stream(req.body()) {
        return next.run(req).await;
    }
    let req = req.map(|inner| {
        Body::new(DeadlineBody { inner, idle, next_piece: Box::pin(sleep(idle)), whole: Box::pin(sleep(whole)) })
    });
    next.run(req).await
}
