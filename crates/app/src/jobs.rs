//! The work the application does on a schedule while the server runs.

use std::time::Duration;

use crate::state::AppState;

/// Anchors the hash chains' heads outside the database every minute (see `anchors`), and
/// refreshes the planner's statistics every hour.
pub async fn anchor_loop(state: AppState) {
    let file = crate::anchors::path(&state.settings.data_dir);
    let mut last = Vec::new();
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    let mut minutes = 0u64;
    loop {
        tick.tick().await;
        if let Err(e) = crate::anchors::append(&file, &state.db, &mut last).await {
            tracing::warn!(error.cause = %e, "anchoring the chains failed: {e}");
        }
        // Once an hour the planner's statistics catch up with what was written.
        minutes += 1;
        if minutes.is_multiple_of(60)
            && let Err(e) = state.db.refresh_statistics().await
        {
            tracing::warn!(error.cause = %e, "refreshing the planner's statistics failed: {e}");
        }
    }
}

/// Escalates overdue needs and sends waiting notifications, on a schedule, for as long as the
/// server runs. Everything it needs is in the database, so a restart loses and doubles nothing.
pub async fn escalation_loop(state: AppState) {
    let every = Duration::from_secs(state.settings.escalation_check_seconds.max(1));
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        if let Err(e) = crate::needs::need::escalate_now(&state).await {
            tracing::warn!(error.cause = %e, "the escalation check failed: {e}");
        }
        // The same schedule credits activities left without a check-out.
        if let Err(e) = wushe_store::activity_attendance::credit_unclosed(&state.db, wushe_store::now_ms()).await {
            tracing::warn!(error.cause = %e, "crediting activities without a check-out failed: {e}");
        }
    }
}

/// Builds the volunteer index at start, then keeps it in step with the database: a refresh each
/// tick, and a full rebuild every ten minutes for writes a refresh cannot see (a long import by
/// the command line, stamped when its transaction began).
pub async fn matching_loop(state: AppState) {
    let every = Duration::from_secs(state.settings.matching_refresh_seconds.max(1));
    let rebuild_every = (600 / every.as_secs()).max(1);
    let mut tick = tokio::time::interval(every);
    for n in 0u64.. {
        tick.tick().await;
        let done = if n > 0 && n % rebuild_every == 0 {
            state.matcher.rebuild(&state.db).await
        } else {
            state.matcher.refresh(&state.db).await
        };
        if let Err(e) = done {
            tracing::warn!(error.cause = %e, "keeping the volunteer index in step failed: {e}");
        }
    }
}
