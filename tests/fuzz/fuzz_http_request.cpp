// Fuzz target: what the server reads from a request's line and headers, through its own
// functions: path ids (route captures), query parameters (?wait=), Authorization: Bearer,
// Accept-Language, Accept-Encoding, If-None-Match, static file paths, cookies (the session),
// X-Forwarded-For behind trusted proxies, the CSRF checks (Origin, Sec-Fetch-Site, Content-Type,
// X-Requested-With), Retry-After as outbound answers carry it, and a body's id member.
// Input: "<target>\n<Name: value>\n...\n\n<body>", as on the wire but without the method and
// version (cpp-httplib, a compiled library, parses those; this target fuzzes our reading).
#include <httplib.h>

#include <regex>
#include <string>

#include "fuzz_input.h"
#include "server/api_support.h"
#include "server/auth.h"
#include "server/net/outbound.h"
#include "server/static_files.h"
#include "server/store.h"

namespace {

namespace server = portal::server;

// Auth::ClientAddress reads only the configuration; the Store (in memory) is there because an
// Auth needs one.
struct Fixture {
    server::Config config;
    std::unique_ptr<server::Store> store;
    server::Logger logger{server::LogLevel::Error, [](std::string_view) {}};
    std::unique_ptr<server::Auth> auth;

    Fixture() {
        config.trusted_proxies = "10.0.0.1, 10.0.0.2,fd00::1";
        std::string error;
        store = server::Store::Open(":memory:", error);
        if (!store) __builtin_trap();  // the target's set-up is broken, not the code under test
        auth = std::make_unique<server::Auth>(
            config, *store, logger, [] { return std::chrono::system_clock::time_point(); });
    }
};

const Fixture& Shared() {
    static const Fixture fixture;
    return fixture;
}

// The routes' captures as http_server.cpp's patterns make them: ids and a free segment.
const std::regex kIdRoute("/api/v1/rooms/([^/]*)/licenses/([^/]*)(/move)?");

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    // cpp-httplib refuses request lines and headers over 8 KiB; bodies read here are small.
    if (size > 16384) return 0;
    std::string_view input = portal::fuzz::Text(data, size);
    const Fixture& fixture = Shared();

    httplib::Request req;
    req.method = "POST";
    req.remote_addr = "10.0.0.1";
    size_t line_end = input.find('\n');
    std::string target(input.substr(0, line_end));
    input.remove_prefix(line_end == std::string_view::npos ? input.size() : line_end + 1);
    size_t question = target.find('?');
    req.path = httplib::detail::decode_url(target.substr(0, question), false);
    if (question != std::string::npos) {
        httplib::detail::parse_query_text(target.substr(question + 1), req.params);
    }
    while (!input.empty()) {
        line_end = input.find('\n');
        std::string_view line = input.substr(0, line_end);
        input.remove_prefix(line_end == std::string_view::npos ? input.size() : line_end + 1);
        if (line.empty()) break;
        size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        req.headers.emplace(std::string(line.substr(0, colon)), std::string(value));
    }
    req.body = std::string(input);

    std::regex_match(req.path, req.matches, kIdRoute);
    server::PathId(req, 1);
    server::PathId(req, 2);
    server::PathText(req, 2);
    server::BearerToken(req);
    server::RequestLanguage(req);
    httplib::Response res;
    int wait = 0;
    server::ReadWaitSeconds(req, res, 30, wait);
    portal::Id id = 0;
    server::ReadBodyId(req, res, "roomId", id, /*nullable=*/true);
    fixture.auth->ClientAddress(req);

    server::ParseAcceptEncoding(req.get_header_value("Accept-Encoding"));
    server::IfNoneMatchMatches(req.get_header_value("If-None-Match"), "\"6f1c2a9e\"");
    std::string key;
    server::FileKeyForPath(req.path, key);
    server::ContentTypeFor(req.path);
    std::string cookies = req.get_header_value("Cookie");
    server::CookieValue(cookies, "portal_session");
    server::SessionTokenFromCookies(cookies);
    server::net::ParseRetryAfter(req.get_header_value("Retry-After"), 1795252500);
    server::net::PercentEncode(req.path);

    server::RequestFacts facts;
    facts.method = req.method;
    facts.content_type = req.get_header_value("Content-Type");
    facts.has_body = !req.body.empty();
    facts.requested_with = req.get_header_value("X-Requested-With");
    facts.origin = req.get_header_value("Origin");
    facts.sec_fetch_site = req.get_header_value("Sec-Fetch-Site");
    facts.host = req.get_header_value("Host");
    facts.csv_allowed = req.path.find("/import") != std::string::npos;
    server::NormaliseOrigin(facts.origin);
    server::CheckRequestOrigin(facts, "https://portal.example.com");
    return 0;
}
