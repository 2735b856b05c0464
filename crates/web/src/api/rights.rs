//! The data subject's rights as JSON routes, alike for every people registry: correct
//! (`PUT …/{id}`), erase (`DELETE …/{id}?reason=`) and hand over a copy
//! (`POST …/{id}/personal-data`). One macro writes the three handlers per registry so that each
//! still has its own OpenAPI entry.

/// `rights_api!(tag, "/api/v1/x/{id}", "…/personal-data", "…/reveal", Guard, ops_module, Input, View)`
macro_rules! rights_api {
    ($tag:tt, $path:tt, $data_path:tt, $reveal_path:tt, $guard:ty, $ops:ident, $input:ty, $view:ty) => {
        /// Reveal the person's numbers in full, giving a reason; the reveal is audited.
        #[utoipa::path(post, path = $reveal_path, tag = $tag, params(("id" = String, Path)),
            request_body = wushe_app::network::points::RevealInput,
            responses((status = 200, body = wushe_app::views::Revealed), (status = 403, body = $crate::api::ErrorBody),
                (status = 404, body = $crate::api::ErrorBody), (status = 422, body = $crate::api::ErrorBody)))]
        pub async fn reveal(
            axum::extract::State(state): axum::extract::State<wushe_app::state::AppState>,
            g: $guard,
            axum::extract::Path(id): axum::extract::Path<String>,
            $crate::api::JsonBody(input): $crate::api::JsonBody<wushe_app::network::points::RevealInput>,
        ) -> $crate::error::AppResult<axum::Json<wushe_app::views::Revealed>> {
            Ok(axum::Json($ops::reveal(&state, &g.0, $crate::pages::parse_id(&id)?, &input.reason).await?))
        }

        /// Correct the person's data (rectification on their request); changed fields are audited, values are not.
        #[utoipa::path(put, path = $path, tag = $tag, params(("id" = String, Path)), request_body = $input,
            responses((status = 200, body = $view), (status = 404, body = $crate::api::ErrorBody),
                (status = 409, body = $crate::api::ErrorBody), (status = 422, body = $crate::api::ErrorBody)))]
        pub async fn correct(
            axum::extract::State(state): axum::extract::State<wushe_app::state::AppState>,
            g: $guard,
            axum::extract::Path(id): axum::extract::Path<String>,
            $crate::api::JsonBody(input): $crate::api::JsonBody<$input>,
        ) -> $crate::error::AppResult<axum::Json<$view>> {
            let record = $ops::correct(&state, &g.0, $crate::pages::parse_id(&id)?, &input).await?;
            Ok(axum::Json((&record).into()))
        }

        /// Erase the person's data on request, giving a reason (`?reason=`). The record's id stays,
        /// so ledgers that refer to it stay whole; name and numbers are gone.
        #[utoipa::path(delete, path = $path, tag = $tag, params(("id" = String, Path), ("reason" = String, Query)),
            responses((status = 200, body = $view), (status = 404, body = $crate::api::ErrorBody),
                (status = 409, body = $crate::api::ErrorBody), (status = 422, body = $crate::api::ErrorBody)))]
        pub async fn erase(
            axum::extract::State(state): axum::extract::State<wushe_app::state::AppState>,
            g: $guard,
            axum::extract::Path(id): axum::extract::Path<String>,
            axum::extract::Query(input): axum::extract::Query<wushe_app::network::points::RevealInput>,
        ) -> $crate::error::AppResult<axum::Json<$view>> {
            let record = $ops::erase(&state, &g.0, $crate::pages::parse_id(&id)?, &input.reason).await?;
            Ok(axum::Json((&record).into()))
        }

        /// Everything held about the person, unmasked, to hand to them on request; audited with the reason.
        #[utoipa::path(post, path = $data_path, tag = $tag, params(("id" = String, Path)),
            request_body = wushe_app::network::points::RevealInput,
            responses((status = 200, body = wushe_app::people::rights::PersonalData), (status = 404, body = $crate::api::ErrorBody),
                (status = 422, body = $crate::api::ErrorBody)))]
        pub async fn personal_data(
            axum::extract::State(state): axum::extract::State<wushe_app::state::AppState>,
            $crate::auth::ReqLang(lang): $crate::auth::ReqLang,
            g: $guard,
            axum::extract::Path(id): axum::extract::Path<String>,
            $crate::api::JsonBody(input): $crate::api::JsonBody<wushe_app::network::points::RevealInput>,
        ) -> $crate::error::AppResult<axum::Json<wushe_app::people::rights::PersonalData>> {
            let data = $ops::personal_data(&state, &g.0, $crate::pages::parse_id(&id)?, &input.reason, lang).await?;
            Ok(axum::Json(data))
        }
    };
}

pub(crate) use rights_api;
