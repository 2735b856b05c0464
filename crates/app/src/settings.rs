//! Typed configuration: defaults, then a TOML file, then `WUSHE_*` environment variables.
//! `wushe.example.toml` at the repository root lists every setting; a test keeps it in step.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A value that must never reach a log.
#[derive(Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Who signs in with a second factor (TOTP) besides the password.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SecondFactor {
    /// Nobody may enrol; accounts that enrolled before still give their code.
    Off,
    /// Anyone may enrol from their own page.
    #[default]
    Optional,
    /// As `optional`, and administrators and centre staff must enrol at their next sign-in before
    /// anything else.
    Required,
}

impl SecondFactor {
    /// Whether an account of this role must hold a second factor before it may do anything.
    pub fn required_for(self, role: wushe_domain::Role) -> bool {
        self == SecondFactor::Required && wushe_domain::second_factor::required_for(role)
    }

    pub fn enrolment_open(self) -> bool {
        self != SecondFactor::Off
    }
}

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Settings {
    /// Address and port to listen on.
    pub bind: SocketAddr,
    /// Folder for the embedded database and the generated data key.
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL; empty for SQLite in `data_dir`.
    pub database_url: Option<Secret>,
    /// 64 hex digits (or base64 of 32 bytes) that seal personal numbers. Empty: a key file in
    /// `data_dir` is used, and created on first start.
    pub data_key: Option<Secret>,
    /// Database connections.
    pub max_connections: u32,
    /// Minutes of inactivity after which a session ends.
    pub session_idle_minutes: u64,
    /// Mark cookies `Secure` (set when served over HTTPS).
    pub secure_cookies: bool,
    /// Log filter, e.g. `info` or `wushe_web=debug`.
    pub log: String,
    /// Hours an urgent need may wait to be taken up before it escalates a level.
    pub need_hours_urgent: u64,
    /// Hours for a normal need.
    pub need_hours_normal: u64,
    /// Hours for a need that is not urgent.
    pub need_hours_low: u64,
    /// Needs one network address may submit on the public page per hour.
    pub public_needs_per_address_hour: u64,
    /// Needs one contact phone may submit on the public page per day.
    pub public_needs_per_phone_day: u64,
    /// Seconds between two checks for needs to escalate (and notifications to send).
    pub escalation_check_seconds: u64,
    /// Hours an organization has to answer a referral before it shows as overdue.
    pub referral_answer_hours: u64,
    /// Seconds between two refreshes of the volunteer index that matching reads.
    pub matching_refresh_seconds: u64,
    /// The address people reach this server at, e.g. `https://wushe.example.cn`; certificates
    /// print it in their verification link. Unset, the address the request came to is used.
    pub public_url: Option<String>,
    /// Where the Chinese fonts for PDFs are; unset, Debian's places for `fonts-noto-cjk`.
    pub font_dir: Option<PathBuf>,
    /// Seconds a client has to send a request's headers, and then to send each next piece of
    /// its body: a connection that stalls is closed.
    pub request_idle_seconds: u64,
    /// Seconds a client has to send a whole request body, however it trickles.
    pub request_body_seconds: u64,
    /// `off`, `optional` or `required`: see [`SecondFactor`].
    pub second_factor: SecondFactor,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            data_dir: PathBuf::from("wushe-data"),
            database_url: None,
            data_key: None,
            max_connections: 16,
            session_idle_minutes: 30,
            secure_cookies: false,
            log: "info".to_owned(),
            need_hours_urgent: 24,
            need_hours_normal: 72,
            need_hours_low: 168,
            public_needs_per_address_hour: 10,
            public_needs_per_phone_day: 3,
            escalation_check_seconds: 60,
            referral_answer_hours: 72,
            matching_refresh_seconds: 5,
            public_url: None,
            font_dir: None,
            request_idle_seconds: 10,
            request_body_seconds: 120,
            second_factor: SecondFactor::Optional,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read the configuration file {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("the configuration file {path} is not valid: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("the environment variable {name} is not valid: {message}")]
    Env { name: String, message: String },
}

impl Settings {
    /// Defaults, then `file` if given, then the environment.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Settings, SettingsError> {
        let mut table = toml::Table::new();
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .map_err(|source| SettingsError::Read { path: path.to_owned(), source })?;
            table = text
                .parse::<toml::Table>()
                .map_err(|e| SettingsError::Parse { path: path.to_owned(), message: e.to_string() })?;
        }
        for (name, value) in env {
            let Some(key) = name.strip_prefix("WUSHE_") else { continue };
            let key = key.to_ascii_lowercase();
            if !Self::KEYS.contains(&key.as_str()) {
                continue;
            }
            // Numbers and booleans from the environment are typed by the struct, not by guessing.
            let parsed = match key.as_str() {
                "max_connections"
                | "session_idle_minutes"
                | "need_hours_urgent"
                | "need_hours_normal"
                | "need_hours_low"
                | "public_needs_per_address_hour"
                | "public_needs_per_phone_day"
                | "escalation_check_seconds"
                | "referral_answer_hours"
                | "matching_refresh_seconds"
                | "request_idle_seconds"
                | "request_body_seconds" => value
                    .parse::<i64>()
                    .map(toml::Value::Integer)
                    .map_err(|e| SettingsError::Env { name: name.clone(), message: e.to_string() })?,
                "secure_cookies" => value
                    .parse::<bool>()
                    .map(toml::Value::Boolean)
                    .map_err(|e| SettingsError::Env { name: name.clone(), message: e.to_string() })?,
                _ => toml::Value::String(value),
            };
            table.insert(key, parsed);
        }
        // Empty strings mean "not set" for the optional values.
        for key in ["database_url", "data_key", "public_url", "font_dir"] {
            if table.get(key).and_then(|v| v.as_str()).is_some_and(str::is_empty) {
                table.remove(key);
            }
        }
        let path = file.map(Path::to_owned).unwrap_or_else(|| PathBuf::from("(environment)"));
        table.try_into().map_err(|e: toml::de::Error| SettingsError::Parse { path, message: e.message().to_owned() })
    }

    /// Every key, as written in the file and (upper-cased, with `WUSHE_`) in the environment.
    pub const KEYS: [&'static str; 21] = [
        "bind",
        "data_dir",
        "database_url",
        "data_key",
        "max_connections",
        "session_idle_minutes",
        "secure_cookies",
        "log",
        "need_hours_urgent",
        "need_hours_normal",
        "need_hours_low",
        "public_needs_per_address_hour",
        "public_needs_per_phone_day",
        "escalation_check_seconds",
        "referral_answer_hours",
        "matching_refresh_seconds",
        "public_url",
        "font_dir",
        "request_idle_seconds",
        "request_body_seconds",
        "second_factor",
    ];

    /// The database URL to use: the configured one, or SQLite in the data folder.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.expose().to_owned(),
            None => format!("sqlite://{}", self.data_dir.join("wushe.db").display()),
        }
    }

    /// How long a need of this urgency may wait to be taken up, in milliseconds.
    pub fn need_limit_ms(&self, urgency: wushe_domain::need::Urgency) -> i64 {
        use wushe_domain::need::Urgency;
        let hours = match urgency {
            Urgency::Urgent => self.need_hours_urgent,
            Urgency::Normal => self.need_hours_normal,
            Urgency::Low => self.need_hours_low,
        };
        i64::try_from(hours.saturating_mul(3_600_000)).unwrap_or(i64::MAX)
    }

    pub fn session_idle_ms(&self) -> i64 {
        i64::try_from(self.session_idle_minutes.saturating_mul(60_000)).unwrap_or(i64::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn environment_overrides_file_and_secrets_are_redacted() {
        let dir = std::env::temp_dir().join(format!("wushe-settings-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("tmp");
        let file = dir.join("w.toml");
        std::fs::write(&file, "bind = \"0.0.0.0:9000\"\nsession_idle_minutes = 5\n").expect("write");
        let env = vec![
            ("WUSHE_SESSION_IDLE_MINUTES".to_owned(), "7".to_owned()),
            ("WUSHE_DATABASE_URL".to_owned(), "postgres://u:pw@h/db".to_owned()),
            ("OTHER".to_owned(), "x".to_owned()),
        ];
        let s = Settings::load(Some(&file), env).expect("load");
        assert_eq!(s.bind.port(), 9000);
        assert_eq!(s.session_idle_minutes, 7);
        assert_eq!(s.effective_database_url(), "postgres://u:pw@h/db");
        assert!(!format!("{s:?}").contains("pw@"));
    }

    #[test]
    fn second_factor_is_read_from_the_environment() {
        let env = vec![("WUSHE_SECOND_FACTOR".to_owned(), "required".to_owned())];
        let s = Settings::load(None, env).expect("load");
        assert_eq!(s.second_factor, SecondFactor::Required);
        assert!(s.second_factor.required_for(wushe_domain::Role::CenterStaff));
        assert!(!s.second_factor.required_for(wushe_domain::Role::Volunteer));
        assert_eq!(Settings::default().second_factor, SecondFactor::Optional);
        let bad = vec![("WUSHE_SECOND_FACTOR".to_owned(), "always".to_owned())];
        assert!(Settings::load(None, bad).is_err());
    }

    #[test]
    fn request_deadlines_are_read_from_the_environment() {
        let env = vec![("WUSHE_REQUEST_IDLE_SECONDS".to_owned(), "7".to_owned())];
        assert_eq!(Settings::load(None, env).expect("load").request_idle_seconds, 7);
    }

    #[test]
    fn bad_values_name_the_variable() {
        let env = vec![("WUSHE_MAX_CONNECTIONS".to_owned(), "many".to_owned())];
        let err = Settings::load(None, env).expect_err("invalid");
        assert!(err.to_string().contains("WUSHE_MAX_CONNECTIONS"));
    }

    #[test]
    fn example_file_lists_every_setting() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wushe.example.toml");
        let s = Settings::load(Some(&path), Vec::new()).expect("example parses");
        assert_eq!(s.bind, Settings::default().bind);
        let text = std::fs::read_to_string(&path).expect("example");
        for key in Settings::KEYS {
            assert!(text.contains(&format!("{key} =")), "wushe.example.toml lacks {key}");
        }
    }
}
