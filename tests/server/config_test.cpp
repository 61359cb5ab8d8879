// ParseConfig: defaults, environment, flags over environment, and errors that name the culprit.
#include "server/config.h"

#include <gtest/gtest.h>

#include <map>

namespace portal::server {
namespace {

struct FakeEnv {
    std::map<std::string, std::string> vars;
    EnvLookup Lookup() const {
        return [this](const char* name) -> std::optional<std::string> {
            auto it = vars.find(name);
            if (it == vars.end()) return std::nullopt;
            return it->second;
        };
    }
};

ParseOutcome Parse(const std::vector<std::string>& args, const FakeEnv& env, Config& config,
                   std::string& error) {
    return ParseConfig(args, env.Lookup(), config, error);
}

TEST(ConfigTest, Defaults) {
    Config config;
    std::string error;
    ASSERT_EQ(Parse({}, {}, config, error), ParseOutcome::Run) << error;
    EXPECT_EQ(config.bind, "127.0.0.1");
    EXPECT_EQ(config.port, 8080);
    EXPECT_EQ(config.log_level, "info");
    EXPECT_FALSE(config.demo);
    EXPECT_EQ(config.assets_dir, PORTAL_TEST_ASSETS_DIR);
    EXPECT_EQ(config.max_body_bytes, 1024u * 1024u);
    EXPECT_EQ(config.web_root, "");
    EXPECT_EQ(config.public_url, "http://127.0.0.1:8080");
}

TEST(ConfigTest, EnvironmentSetsEverySetting) {
    FakeEnv env{{{"PORTAL_PORT", "9000"},
                 {"PORTAL_BIND", "0.0.0.0"},
                 {"PORTAL_DB", "/var/lib/portal/p.db"},
                 {"PORTAL_WEB_ROOT", "/srv/web"},
                 {"PORTAL_PUBLIC_URL", "https://portal.example"},
                 {"PORTAL_LOG_LEVEL", "debug"},
                 {"PORTAL_DEMO", "1"},
                 {"PORTAL_ASSETS", "/srv/assets"}}};
    Config config;
    std::string error;
    ASSERT_EQ(Parse({}, env, config, error), ParseOutcome::Run) << error;
    EXPECT_EQ(config.port, 9000);
    EXPECT_EQ(config.bind, "0.0.0.0");
    EXPECT_EQ(config.db_path, "/var/lib/portal/p.db");
    EXPECT_EQ(config.web_root, "/srv/web");
    EXPECT_EQ(config.public_url, "https://portal.example");
    EXPECT_EQ(config.log_level, "debug");
    EXPECT_TRUE(config.demo);
    EXPECT_EQ(config.assets_dir, "/srv/assets");
}

TEST(ConfigTest, FlagsOverrideEnvironment) {
    FakeEnv env{{{"PORTAL_PORT", "9000"}, {"PORTAL_DEMO", "1"}, {"PORTAL_DB", "env.db"}}};
    Config config;
    std::string error;
    ASSERT_EQ(Parse({"--port", "9100", "--demo", "0", "--db=flag.db", "--log-level", "warn",
                     "--bind", "::1", "--web-root", "w", "--assets", "a"},
                    env, config, error),
              ParseOutcome::Run)
        << error;
    EXPECT_EQ(config.port, 9100);
    EXPECT_FALSE(config.demo);
    EXPECT_EQ(config.db_path, "flag.db");
    EXPECT_EQ(config.log_level, "warn");
    EXPECT_EQ(config.web_root, "w");
    EXPECT_EQ(config.assets_dir, "a");
    EXPECT_EQ(config.public_url, "http://[::1]:9100");
}

TEST(ConfigTest, PortZeroLeavesPublicUrlToTheServer) {
    Config config;
    std::string error;
    ASSERT_EQ(Parse({"--port", "0"}, {}, config, error), ParseOutcome::Run) << error;
    EXPECT_EQ(config.port, 0);
    EXPECT_EQ(config.public_url, "");
}

TEST(ConfigTest, MailAndUserCapSettings) {
    FakeEnv env{{{"PORTAL_SMTP_URL", "smtp://127.0.0.1:2525"},
                 {"PORTAL_MAIL_FROM", "Portal <noreply@example.com>"},
                 {"PORTAL_MAX_USERS_PER_ACCOUNT", "40"}}};
    Config config;
    std::string error;
    ASSERT_EQ(Parse({}, env, config, error), ParseOutcome::Run) << error;
    EXPECT_EQ(config.smtp_url, "smtp://127.0.0.1:2525");
    EXPECT_EQ(config.mail_from, "Portal <noreply@example.com>");
    EXPECT_EQ(config.max_users_per_account, 40);

    Config defaults;
    EXPECT_EQ(defaults.smtp_url, "");  // mail stays in the outbox
    EXPECT_EQ(defaults.max_users_per_account, 500);
    FakeEnv http{{{"PORTAL_SMTP_URL", "http://mail.example"}}};
    EXPECT_EQ(Parse({}, http, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("PORTAL_SMTP_URL"), std::string::npos) << error;
    EXPECT_EQ(Parse({"--max-users-per-account", "0"}, {}, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("--max-users-per-account"), std::string::npos) << error;
}

TEST(ConfigTest, InsightsSettings) {
    FakeEnv env{{{"PORTAL_TELEMETRY_RETENTION_DAYS", "30"}, {"PORTAL_INSIGHTS_CACHE_MB", "64"}}};
    Config config;
    std::string error;
    ASSERT_EQ(Parse({}, env, config, error), ParseOutcome::Run) << error;
    EXPECT_EQ(config.telemetry_retention_days, 30);
    EXPECT_EQ(config.insights_cache_mb, 64);
    Config defaults;
    EXPECT_EQ(defaults.telemetry_retention_days, 400);
    EXPECT_EQ(defaults.insights_cache_mb, 256);
    EXPECT_EQ(Parse({"--insights-cache-mb", "lots"}, {}, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("--insights-cache-mb"), std::string::npos) << error;
}

TEST(ConfigTest, BadPortNamesTheFlag) {
    Config config;
    std::string error;
    EXPECT_EQ(Parse({"--port", "80a"}, {}, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("--port"), std::string::npos) << error;
    EXPECT_NE(error.find("80a"), std::string::npos) << error;
    EXPECT_EQ(Parse({"--port", "65536"}, {}, config, error), ParseOutcome::Error);
    EXPECT_EQ(Parse({"--port", "-1"}, {}, config, error), ParseOutcome::Error);
    EXPECT_EQ(Parse({"--port", ""}, {}, config, error), ParseOutcome::Error);
}

TEST(ConfigTest, BadPortNamesTheVariable) {
    Config config;
    std::string error;
    EXPECT_EQ(Parse({}, FakeEnv{{{"PORTAL_PORT", "http"}}}, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("PORTAL_PORT"), std::string::npos) << error;
}

TEST(ConfigTest, BadLogLevelNamesTheFlag) {
    Config config;
    std::string error;
    EXPECT_EQ(Parse({"--log-level", "verbose"}, {}, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("--log-level"), std::string::npos) << error;
    EXPECT_EQ(Parse({}, FakeEnv{{{"PORTAL_LOG_LEVEL", "loud"}}}, config, error),
              ParseOutcome::Error);
    EXPECT_NE(error.find("PORTAL_LOG_LEVEL"), std::string::npos) << error;
}

TEST(ConfigTest, BadDemoValueNamesTheVariable) {
    Config config;
    std::string error;
    EXPECT_EQ(Parse({}, FakeEnv{{{"PORTAL_DEMO", "yes"}}}, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("PORTAL_DEMO"), std::string::npos) << error;
}

TEST(ConfigTest, UnknownFlagIsNamed) {
    Config config;
    std::string error;
    EXPECT_EQ(Parse({"--prot", "8080"}, {}, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("--prot"), std::string::npos) << error;
    EXPECT_EQ(Parse({"stray"}, {}, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("stray"), std::string::npos) << error;
}

TEST(ConfigTest, MissingValueIsNamed) {
    Config config;
    std::string error;
    EXPECT_EQ(Parse({"--db"}, {}, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("--db"), std::string::npos) << error;
}

TEST(ConfigTest, HelpWins) {
    Config config;
    std::string error;
    EXPECT_EQ(Parse({"--port", "1", "--help"}, {}, config, error), ParseOutcome::Help);
    EXPECT_NE(ConfigUsage().find("--web-root"), std::string::npos);
}

TEST(ConfigTest, UrlForBracketsIpv6) {
    EXPECT_EQ(UrlFor("127.0.0.1", 80), "http://127.0.0.1:80");
    EXPECT_EQ(UrlFor("::", 8080), "http://[::]:8080");
}

TEST(ConfigTest, SignInSettingsFromEnvironmentAndFlags) {
    Config config;
    std::string error;
    EXPECT_EQ(config.session_idle_seconds, 30 * 60);
    EXPECT_EQ(config.session_lifetime_seconds, 12 * 3600);
    EXPECT_EQ(config.login_failures_per_email, 5);
    EXPECT_EQ(config.login_failures_per_address, 20);
    EXPECT_EQ(config.login_window_seconds, 15 * 60);
    FakeEnv env{{{"PORTAL_SESSION_IDLE_MINUTES", "10"},
                 {"PORTAL_SESSION_MAX_HOURS", "2"},
                 {"PORTAL_LOGIN_FAILURES_PER_EMAIL", "3"},
                 {"PORTAL_LOGIN_WINDOW_MINUTES", "5"},
                 {"PORTAL_BOOTSTRAP_OPERATOR", "ops@example.com:pw:with:colons"}}};
    ASSERT_EQ(Parse({"--login-failures-per-address", "7"}, env, config, error), ParseOutcome::Run)
        << error;
    EXPECT_EQ(config.session_idle_seconds, 600);
    EXPECT_EQ(config.session_lifetime_seconds, 7200);
    EXPECT_EQ(config.login_failures_per_email, 3);
    EXPECT_EQ(config.login_failures_per_address, 7);
    EXPECT_EQ(config.login_window_seconds, 300);
    std::string email, password;
    ASSERT_TRUE(SplitBootstrapOperator(config.bootstrap_operator, email, password));
    EXPECT_EQ(email, "ops@example.com");
    EXPECT_EQ(password, "pw:with:colons");
}

TEST(ConfigTest, ABadBootstrapOperatorIsRefusedWithoutEchoingIt) {
    Config config;
    std::string error;
    FakeEnv env{{{"PORTAL_BOOTSTRAP_OPERATOR", "no-at-sign:hunter2"}}};
    EXPECT_EQ(Parse({}, env, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("PORTAL_BOOTSTRAP_OPERATOR"), std::string::npos) << error;
    EXPECT_EQ(error.find("hunter2"), std::string::npos) << error;
    EXPECT_EQ(Parse({"--bootstrap-operator=ops@example.com:"}, {}, config, error),
              ParseOutcome::Error);
    EXPECT_EQ(Parse({"--session-idle-minutes", "0"}, {}, config, error), ParseOutcome::Error);
}

// Issue 13: the alert settings; a secret key is never echoed in an error.
TEST(ConfigTest, AlertSettingsAndASecretKeyNeverEchoed) {
    Config config;
    std::string error;
    FakeEnv env{{{"PORTAL_SECRET_KEY", "a passphrase of enough length"},
                 {"PORTAL_OUTBOUND_ALLOW_PRIVATE", "1"},
                 {"PORTAL_ALERTS_TICK_MS", "250"}}};
    ASSERT_EQ(Parse({}, env, config, error), ParseOutcome::Run) << error;
    EXPECT_EQ(config.secret_key, "a passphrase of enough length");
    EXPECT_TRUE(config.outbound_allow_private);
    EXPECT_EQ(config.alerts_tick_ms, 250);
    EXPECT_EQ(Parse({"--secret-key", "short-secret"}, {}, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("--secret-key"), std::string::npos) << error;
    EXPECT_EQ(error.find("short-secret"), std::string::npos) << error;
    EXPECT_EQ(Parse({"--outbound-allow-private", "yes"}, {}, config, error), ParseOutcome::Error);
    EXPECT_EQ(Parse({"--alerts-tick-ms", "0"}, {}, config, error), ParseOutcome::Error);
}

// Issue 15 (R-ACC-5): the DNS servers that verify SSO domains, checked when the config is read;
// a bad entry names the variable or flag and the entry.
TEST(ConfigTest, DnsServersAreCheckedAtParseTime) {
    Config config;
    std::string error;
    ASSERT_EQ(Parse({}, {}, config, error), ParseOutcome::Run) << error;
    EXPECT_EQ(config.dns_servers, "");  // the system's resolvers
    FakeEnv env{{{"PORTAL_DNS_SERVERS", "127.0.0.1:5353, [::1]:53"}}};
    ASSERT_EQ(Parse({}, env, config, error), ParseOutcome::Run) << error;
    EXPECT_EQ(config.dns_servers, "127.0.0.1:5353, [::1]:53");
    ASSERT_EQ(Parse({"--dns-servers", "10.0.0.2"}, env, config, error), ParseOutcome::Run) << error;
    EXPECT_EQ(config.dns_servers, "10.0.0.2");

    FakeEnv bad{{{"PORTAL_DNS_SERVERS", "127.0.0.1:5353,dns.example.com"}}};
    EXPECT_EQ(Parse({}, bad, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("PORTAL_DNS_SERVERS"), std::string::npos) << error;
    EXPECT_NE(error.find("dns.example.com"), std::string::npos) << error;
    EXPECT_EQ(Parse({"--dns-servers=127.0.0.1:99999"}, {}, config, error), ParseOutcome::Error);
    EXPECT_NE(error.find("--dns-servers"), std::string::npos) << error;
    EXPECT_NE(ConfigUsage().find("PORTAL_DNS_SERVERS"), std::string::npos);
}

}  // namespace
}  // namespace portal::server
