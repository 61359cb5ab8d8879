// Config parsing: every value is checked, and every error names where the bad value came from.
#include "server/config.h"

#include <charconv>
#include <cstdlib>

#include "server/database.h"
#include "server/log.h"
#include "server/sso/dns_txt.h"
#include "server/text.h"

namespace portal::server {

Config::Config() : assets_dir(PORTAL_DEFAULT_ASSETS_DIR) {}

namespace {

bool ParsePort(const std::string& text, int& out) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return false;
    if (value < 0 || value > 65535) return false;
    out = value;
    return true;
}

// A whole number in [min, max].
bool ParseCount(const std::string& text, int min, int max, int& out) {
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return false;
    if (value < min || value > max) return false;
    out = value;
    return true;
}

bool ParseFlag01(const std::string& text, bool& out) {
    if (text == "1") {
        out = true;
    } else if (text == "0") {
        out = false;
    } else {
        return false;
    }
    return true;
}

// Applies one setting by its name; `source` ("--port", "PORTAL_PORT") goes into errors.
bool Apply(const std::string& key, const std::string& value, const std::string& source,
           Config& config, std::string& error) {
    auto bad = [&](const char* expected) {
        error = source + ": invalid value '" + value + "' (expected " + expected + ")";
        return false;
    };
    auto non_empty = [&](std::string& field) {
        if (value.empty()) return bad("a non-empty value");
        field = value;
        return true;
    };
    if (key == "port") return ParsePort(value, config.port) || bad("a port number 0-65535");
    if (key == "bind") return non_empty(config.bind);
    if (key == "db") return non_empty(config.db_path);
    if (key == "database-url") {
        // The URL may hold a password: never echoed.
        if (!value.empty() && !IsPostgresUrl(value)) {
            error = source + ": invalid value (expected a postgresql:// URL)";
            return false;
        }
        config.database_url = value;  // empty: SQLite at db_path
        return true;
    }
    if (key == "web-root") {
        config.web_root = value;  // empty is allowed: API only
        return true;
    }
    if (key == "public-url") return non_empty(config.public_url);
    if (key == "log-level") {
        LogLevel level;
        if (!ParseLogLevel(value, level)) return bad("debug, info, warn or error");
        config.log_level = value;
        return true;
    }
    if (key == "demo") return ParseFlag01(value, config.demo) || bad("0 or 1");
    if (key == "assets") return non_empty(config.assets_dir);
    // Durations come in minutes or hours and are kept in seconds.
    auto scaled = [&](int unit, int max, int& field) {
        int count = 0;
        if (!ParseCount(value, 1, max, count)) {
            return bad(("a whole number 1-" + std::to_string(max)).c_str());
        }
        field = count * unit;
        return true;
    };
    if (key == "session-idle-minutes") return scaled(60, 7 * 24 * 60, config.session_idle_seconds);
    if (key == "session-max-hours") return scaled(3600, 90 * 24, config.session_lifetime_seconds);
    if (key == "login-window-minutes") return scaled(60, 24 * 60, config.login_window_seconds);
    if (key == "login-failures-per-email") return scaled(1, 1000, config.login_failures_per_email);
    if (key == "login-failures-per-address") {
        return scaled(1, 100000, config.login_failures_per_address);
    }
    if (key == "smtp-url") {
        if (!value.empty() && value.rfind("smtp://", 0) != 0 && value.rfind("smtps://", 0) != 0) {
            return bad("an smtp:// or smtps:// URL");
        }
        config.smtp_url = value;
        return true;
    }
    if (key == "mail-from") return non_empty(config.mail_from);
    if (key == "trusted-proxies") {
        config.trusted_proxies = value;  // empty: trust no X-Forwarded-For
        return true;
    }
    if (key == "request-seconds") return scaled(1, 3600, config.request_seconds);
    if (key == "max-users-per-account") return scaled(1, 100000, config.max_users_per_account);
    if (key == "telemetry-retention-days") {
        return scaled(1, 100 * 366, config.telemetry_retention_days);
    }
    if (key == "insights-cache-mb") return scaled(1, 1024 * 1024, config.insights_cache_mb);
    if (key == "secret-key") {
        // 64 hex digits, or a passphrase of at least 16 characters the key is derived from. The
        // value is a secret: never echoed.
        if (value.size() < 16) {
            error = source + ": invalid value (expected 64 hex digits or at least 16 characters)";
            return false;
        }
        config.secret_key = value;
        return true;
    }
    if (key == "secret-key-file") return non_empty(config.secret_key_file);
    if (key == "outbound-allow-private") {
        return ParseFlag01(value, config.outbound_allow_private) || bad("0 or 1");
    }
    if (key == "dns-servers") {
        std::vector<sso::DnsServer> servers;
        std::string why;
        if (!sso::ParseDnsServers(value, servers, why)) {
            error = source + ": invalid value '" + value + "' (" + why + ")";
            return false;
        }
        config.dns_servers = value;  // empty: the system's resolvers
        return true;
    }
    if (key == "alerts-tick-ms") return scaled(1, 60000, config.alerts_tick_ms);
    if (key == "bootstrap-operator") {
        std::string email, password;
        if (!SplitBootstrapOperator(value, email, password)) {
            // The value holds a password: never echo it.
            error = source + ": invalid value (expected email:password)";
            return false;
        }
        config.bootstrap_operator = value;
        return true;
    }
    error = "unknown setting " + source;
    return false;
}

struct EnvName {
    const char* variable;
    const char* key;
};

constexpr EnvName kEnvNames[] = {
    {"PORTAL_PORT", "port"},
    {"PORTAL_BIND", "bind"},
    {"PORTAL_DB", "db"},
    {"PORTAL_DATABASE_URL", "database-url"},
    {"PORTAL_WEB_ROOT", "web-root"},
    {"PORTAL_PUBLIC_URL", "public-url"},
    {"PORTAL_LOG_LEVEL", "log-level"},
    {"PORTAL_DEMO", "demo"},
    {"PORTAL_ASSETS", "assets"},
    {"PORTAL_SESSION_IDLE_MINUTES", "session-idle-minutes"},
    {"PORTAL_SESSION_MAX_HOURS", "session-max-hours"},
    {"PORTAL_LOGIN_FAILURES_PER_EMAIL", "login-failures-per-email"},
    {"PORTAL_LOGIN_FAILURES_PER_ADDRESS", "login-failures-per-address"},
    {"PORTAL_LOGIN_WINDOW_MINUTES", "login-window-minutes"},
    {"PORTAL_BOOTSTRAP_OPERATOR", "bootstrap-operator"},
    {"PORTAL_SMTP_URL", "smtp-url"},
    {"PORTAL_MAIL_FROM", "mail-from"},
    {"PORTAL_TRUSTED_PROXIES", "trusted-proxies"},
    {"PORTAL_REQUEST_SECONDS", "request-seconds"},
    {"PORTAL_MAX_USERS_PER_ACCOUNT", "max-users-per-account"},
    {"PORTAL_TELEMETRY_RETENTION_DAYS", "telemetry-retention-days"},
    {"PORTAL_INSIGHTS_CACHE_MB", "insights-cache-mb"},
    {"PORTAL_SECRET_KEY", "secret-key"},
    {"PORTAL_SECRET_KEY_FILE", "secret-key-file"},
    {"PORTAL_OUTBOUND_ALLOW_PRIVATE", "outbound-allow-private"},
    {"PORTAL_ALERTS_TICK_MS", "alerts-tick-ms"},
    {"PORTAL_DNS_SERVERS", "dns-servers"},
};

bool IsKnownKey(const std::string& key) {
    for (const EnvName& name : kEnvNames) {
        if (key == name.key) return true;
    }
    return false;
}

}  // namespace

std::vector<std::string> TrustedProxies(const Config& config) {
    std::vector<std::string> addresses;
    const std::string& list = config.trusted_proxies;
    for (size_t start = 0; start < list.size();) {
        size_t comma = list.find(',', start);
        if (comma == std::string::npos) comma = list.size();
        std::string address = text::Trim(list.substr(start, comma - start));
        if (!address.empty()) addresses.push_back(std::move(address));
        start = comma + 1;
    }
    return addresses;
}

ParseOutcome ParseConfig(const std::vector<std::string>& args, const EnvLookup& env, Config& config,
                         std::string& error) {
    for (const EnvName& name : kEnvNames) {
        if (std::optional<std::string> value = env(name.variable)) {
            if (!Apply(name.key, *value, name.variable, config, error)) return ParseOutcome::Error;
        }
    }
    // Flags: "--key value" or "--key=value".
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") return ParseOutcome::Help;
        if (arg.rfind("--", 0) != 0) {
            error = "unexpected argument '" + arg + "'";
            return ParseOutcome::Error;
        }
        std::string key = arg.substr(2);
        std::string value;
        if (size_t eq = key.find('='); eq != std::string::npos) {
            value = key.substr(eq + 1);
            key.resize(eq);
        } else if (IsKnownKey(key)) {
            if (i + 1 >= args.size()) {
                error = "--" + key + ": missing value";
                return ParseOutcome::Error;
            }
            value = args[++i];
        }
        if (!IsKnownKey(key)) {
            error = "unknown flag --" + key;
            return ParseOutcome::Error;
        }
        if (!Apply(key, value, "--" + key, config, error)) return ParseOutcome::Error;
    }
    // Servers sharing a PostgreSQL database must seal secrets with one key: a key file made by
    // each of them beside a database that is not a file would give each its own.
    if (!config.database_url.empty() && config.secret_key.empty() &&
        config.secret_key_file.empty()) {
        error =
            "PORTAL_DATABASE_URL needs PORTAL_SECRET_KEY (or PORTAL_SECRET_KEY_FILE): every "
            "server sharing the database must seal secrets with the same key";
        return ParseOutcome::Error;
    }
    // With --port 0 the real port is only known after binding: the server resolves it then.
    if (config.public_url.empty() && config.port != 0) {
        config.public_url = UrlFor(config.bind, config.port);
    }
    return ParseOutcome::Run;
}

std::optional<std::string> ProcessEnv(const char* name) {
    if (const char* value = std::getenv(name)) return std::string(value);
    return std::nullopt;
}

std::string ConfigUsage() {
    return "Usage: portal-server [flags]\n"
           "Flags override the PORTAL_* environment variables named in brackets.\n"
           "  --port N          port to listen on, 0 = any free port [PORTAL_PORT] (8080)\n"
           "  --bind ADDR       address to bind [PORTAL_BIND] (127.0.0.1)\n"
           "  --db PATH         SQLite database file [PORTAL_DB] (portal.db)\n"
           "  --database-url URL  PostgreSQL instead of SQLite, shared by several servers:\n"
           "                    postgresql://user:password@host:port/db [PORTAL_DATABASE_URL]\n"
           "  --web-root DIR    built web bundle to serve [PORTAL_WEB_ROOT] (none)\n"
           "  --public-url URL  URL users reach the portal at [PORTAL_PUBLIC_URL]\n"
           "  --log-level L     debug|info|warn|error [PORTAL_LOG_LEVEL] (info)\n"
           "  --demo 0|1        load demo data into an empty database [PORTAL_DEMO] (0)\n"
           "  --assets DIR      catalogue.json and demo/ [PORTAL_ASSETS]\n"
           "  --session-idle-minutes N   sign-out after N idle minutes\n"
           "                    [PORTAL_SESSION_IDLE_MINUTES] (30)\n"
           "  --session-max-hours N      sign-out N hours after sign-in\n"
           "                    [PORTAL_SESSION_MAX_HOURS] (12)\n"
           "  --login-failures-per-email N    failed sign-ins per email in the window\n"
           "                    [PORTAL_LOGIN_FAILURES_PER_EMAIL] (5)\n"
           "  --login-failures-per-address N  failed sign-ins per client address\n"
           "                    [PORTAL_LOGIN_FAILURES_PER_ADDRESS] (20)\n"
           "  --trusted-proxies LIST  load balancers' addresses, comma-separated, whose\n"
           "                    X-Forwarded-For names the client [PORTAL_TRUSTED_PROXIES]\n"
           "  --login-window-minutes N   the window of those limits\n"
           "                    [PORTAL_LOGIN_WINDOW_MINUTES] (15)\n"
           "  --bootstrap-operator EMAIL:PASSWORD  the first operator, when there is none\n"
           "                    [PORTAL_BOOTSTRAP_OPERATOR]\n"
           "  --smtp-url URL    deliver mail there (smtp://host:port); unset keeps mail in\n"
           "                    the outbox [PORTAL_SMTP_URL]\n"
           "  --mail-from ADDR  sender of the portal's mail [PORTAL_MAIL_FROM]\n"
           "                    (Support Services <support@portal.invalid>)\n"
           "  --request-seconds N  time a client has to send a request's headers before\n"
           "                    its connection is ended (slow clients) [PORTAL_REQUEST_SECONDS] "
           "(10)\n"
           "  --max-users-per-account N  people per account [PORTAL_MAX_USERS_PER_ACCOUNT] (500)\n"
           "  --telemetry-retention-days N  days raw telemetry events are kept\n"
           "                    [PORTAL_TELEMETRY_RETENTION_DAYS] (400)\n"
           "  --insights-cache-mb N  memory for rooms' hourly roll-ups read lately\n"
           "                    [PORTAL_INSIGHTS_CACHE_MB] (256: a year of about 1,200 rooms)\n"
           "  --secret-key KEY  64 hex digits (or a passphrase of 16+ characters) sealing\n"
           "                    stored secrets [PORTAL_SECRET_KEY] (unset: the key file)\n"
           "  --secret-key-file PATH  key file, made with mode 0600 when missing\n"
           "                    [PORTAL_SECRET_KEY_FILE] (<db>.key; required with PostgreSQL\n"
           "                    unless --secret-key is given)\n"
           "  --outbound-allow-private 0|1  let ServiceNow and webhook targets be http or\n"
           "                    private addresses [PORTAL_OUTBOUND_ALLOW_PRIVATE] (0)\n"
           "  --alerts-tick-ms N  how often the alert worker looks for due work\n"
           "                    [PORTAL_ALERTS_TICK_MS] (1000)\n"
           "  --dns-servers LIST  DNS servers that verify SSO domains, ip[:port] comma-\n"
           "                    separated (127.0.0.1:5353) [PORTAL_DNS_SERVERS] (the system's)\n"
           "  --help            show this text\n";
}

bool SplitBootstrapOperator(const std::string& value, std::string& email, std::string& password) {
    size_t colon = value.find(':');
    if (colon == std::string::npos) return false;
    email = value.substr(0, colon);
    password = value.substr(colon + 1);
    return !email.empty() && !password.empty() && email.find('@') != std::string::npos;
}

std::string UrlFor(const std::string& host, int port) {
    bool ipv6 = host.find(':') != std::string::npos;
    return "http://" + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

}  // namespace portal::server
