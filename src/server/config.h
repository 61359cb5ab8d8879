// The server's configuration: defaults, then PORTAL_* environment variables, then command-line
// flags. ParseConfig is pure (the environment comes in as a function) so that tests cover it.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "server/password.h"

namespace portal::server {

struct Config {
    std::string bind = "127.0.0.1";
    int port = 8080;  // 0: any free port, chosen when the server binds
    std::string db_path = "portal.db";
    // postgresql://user:password@host:port/db: PostgreSQL, shared by several servers, instead of
    // the SQLite file at db_path. Holds a password: never logged.
    std::string database_url;
    std::string web_root;            // empty: no static files, API only
    std::string public_url;          // empty until resolved: http://<bind>:<port>
    std::string log_level = "info";  // debug, info, warn, error
    bool demo = false;               // load assets/demo/demo.json into an empty database
    std::string assets_dir;          // catalogue.json and demo/; defaults to the source tree's
    size_t max_body_bytes = 1024 * 1024;

    // Sign-in. A session ends after idle_seconds without a request, and after lifetime_seconds
    // whatever happens (OWASP's Session Management Cheat Sheet: 15-30 min idle for low-risk
    // applications, a few hours absolute; a working day here).
    int session_idle_seconds = 30 * 60;
    int session_lifetime_seconds = 12 * 60 * 60;
    // Failed sign-ins allowed per email and per client address within the window; one more
    // is answered 429 until the oldest failure leaves the window.
    int login_failures_per_email = 5;
    int login_failures_per_address = 20;
    int login_window_seconds = 15 * 60;
    // Addresses of the load balancers in front (comma-separated): a request from one of them is
    // counted against the client its X-Forwarded-For names (the last address the balancers did
    // not add), so that the per-address sign-in limit is per client, not per balancer. Empty:
    // the peer's address, and X-Forwarded-For is ignored (a client could write anything there).
    std::string trusted_proxies;
    // Seconds a client has to send a request's line and headers (and the grace before its body
    // must come at 16 KiB/s) before its connection is ended (net/connection_guard.h).
    int request_seconds = 10;
    // Mail (mail.h): an smtp:// or smtps:// URL; empty keeps mails in the outbox.
    std::string smtp_url;
    std::string mail_from = "Support Services <support@portal.invalid>";
    // R-ACC-3: a reasonable cap on the people of one account (members and pending invitations).
    int max_users_per_account = 500;
    // Insights: raw telemetry events are kept this many days (400: a 12-month chart can be
    // rebuilt from them); the hourly roll-ups are kept for ever.
    int telemetry_retention_days = 400;
    // Insights: megabytes of memory for the hourly roll-ups of the rooms read lately
    // (hour_cache.h; a room's year is 210 KB, so 256 holds about 1,200 rooms' years).
    int insights_cache_mb = 256;
    // Alerts (issue 13). Secrets the server must use (ServiceNow passwords, webhook secrets) are
    // sealed with this key: 64 hex digits (32 bytes), or a passphrase of at least 16 characters
    // the key is derived from. Empty: the key file is read, and created
    // with mode 0600 on the first start when missing (secret_key_file empty: <db path>.key).
    // Servers sharing a database must share the key.
    std::string secret_key;
    std::string secret_key_file;
    // Outbound requests to addresses customers configure (ServiceNow, webhooks) go only to https
    // on public addresses unless this allows http and loopback/private ones (development, tests).
    bool outbound_allow_private = false;
    // SSO domain verification (issue 15): the DNS servers asked for TXT records, comma-separated
    // "ip[:port]" (sso::ParseDnsServers, checked at parse time); empty: the system's resolvers.
    // Tests and private networks point it at their own DNS server.
    std::string dns_servers;
    // How often the alert worker looks for due work (timers, deliveries) when nothing wakes it.
    int alerts_tick_ms = 1000;
    // "email:password": the first operator, created when the database has none. Never logged.
    std::string bootstrap_operator;
    // Argon2id's cost: OWASP's parameters. Not settable from the environment or flags; only
    // tests lower it (PasswordCost::TestOnlyMinimum).
    PasswordCost password_cost = PasswordCost::Owasp();

    Config();
};

// The addresses of Config::trusted_proxies, one per entry, trimmed.
std::vector<std::string> TrustedProxies(const Config& config);

enum class ParseOutcome { Run, Help, Error };

// Looks an environment variable up; nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// args excludes the program name. On Error, error names the flag or variable at fault.
ParseOutcome ParseConfig(const std::vector<std::string>& args, const EnvLookup& env, Config& config,
                         std::string& error);

// The environment of this process, for main().
std::optional<std::string> ProcessEnv(const char* name);

std::string ConfigUsage();

// Splits PORTAL_BOOTSTRAP_OPERATOR's "email:password" at the first ':'; false unless both
// parts are non-empty and the email has an '@'.
bool SplitBootstrapOperator(const std::string& value, std::string& email, std::string& password);

// What Store::Open is given: the PostgreSQL URL when there is one, else the SQLite path.
inline const std::string& DatabaseTarget(const Config& config) {
    return config.database_url.empty() ? config.db_path : config.database_url;
}

// "http://<bind>:<port>", with IPv6 addresses in brackets.
std::string UrlFor(const std::string& host, int port);

}  // namespace portal::server
