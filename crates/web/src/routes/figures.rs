//! The figures: summaries, records behind them, charts, exports and the printed report.

use axum::http::Method;
use axum::routing::get;

use super::table::{Guard::*, Record, RouteDef, r};
use crate::{api, pages};

pub(super) fn routes() -> Vec<RouteDef> {
    vec![
        r(Method::GET, "/figures", Staff, || get(pages::figures::home)),
        r(Method::GET, "/figures/method", Staff, || get(pages::figures::method)),
        r(Method::GET, "/figures/{code}", Staff, || get(pages::figures::show)).names(Record::Region),
        r(Method::GET, "/figures/{code}/records", Staff, || get(pages::figures::records)).names(Record::Region),
        r(Method::GET, "/figures/{code}/charts", Staff, || get(pages::figures::charts)).names(Record::Region),
        r(Method::GET, "/figures/{code}/report", Staff, || get(pages::figures::report)).names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}", Staff, || get(api::figures::summary)).names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}/records", Staff, || get(api::figures::records)).names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}/summary.xlsx", Staff, || get(api::figures::summary_xlsx))
            .names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}/records.xlsx", Staff, || get(api::figures::records_xlsx))
            .names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}/charts", Staff, || get(api::figures::charts)).names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}/report", Staff, || get(api::figures::report)).names(Record::Region),
        r(Method::GET, "/api/v1/figures/{code}/report.pdf", Staff, || get(api::figures::report_pdf))
            .names(Record::Region),
    ]
}
