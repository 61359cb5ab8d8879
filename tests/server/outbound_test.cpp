// Outbound HTTP (net/outbound.h): which addresses count as public, which targets the policy
// refuses (and that allow_private lets through), and Send against real loopback servers: a
// redirect is the answer (never followed), a server that does not answer in time is a
// timed-out NetworkError, and headers and body come back as sent.
#include "server/net/outbound.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace portal::server::net {
namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] IsPublicAddress

TEST(IsPublicAddress, PublicIpv4) {
    for (const char* address :
         {"8.8.8.8", "1.1.1.1", "93.184.216.34", "100.63.255.255", "100.128.0.0", "172.15.255.255",
          "172.32.0.0", "192.0.1.1", "192.167.255.255", "198.17.255.255", "198.20.0.0",
          "223.255.255.255", "11.0.0.0", "126.255.255.255", "169.253.255.255"}) {
        EXPECT_TRUE(IsPublicAddress(address)) << address;
    }
}

TEST(IsPublicAddress, SpecialIpv4Ranges) {
    for (const char* address :
         {"0.0.0.0",         "0.1.2.3",         "10.0.0.0",        "10.255.255.255",  "100.64.0.0",
          "100.127.255.255", "127.0.0.1",       "127.255.255.254", "169.254.169.254", "172.16.0.0",
          "172.31.255.255",  "192.0.0.1",       "192.0.0.255",     "192.0.2.1",       "192.168.0.1",
          "192.168.255.255", "198.18.0.1",      "198.19.255.255",  "198.51.100.7",    "203.0.113.9",
          "224.0.0.1",       "239.255.255.255", "240.0.0.1",       "255.255.255.255"}) {
        EXPECT_FALSE(IsPublicAddress(address)) << address;
    }
}

TEST(IsPublicAddress, Ipv6) {
    for (const char* address :
         {"2606:4700:4700::1111", "2a00:1450:4007:80e::200e", "[2001:4860:4860::8888]",
          "2001:db9::1", "64:ff9b::808:808", "::ffff:8.8.8.8", "2002:808:808::1"}) {
        EXPECT_TRUE(IsPublicAddress(address)) << address;
    }
    for (const char* address : {"::", "::1", "[::1]", "fc00::1", "fd12:3456:789a::1", "fe80::1",
                                "fe80::1%eth0", "febf::1", "fec0::1", "ff02::1", "ff0e::1",
                                "2001:db8::1", "2001:db8:ffff::1", "100::1"}) {
        EXPECT_FALSE(IsPublicAddress(address)) << address;
    }
}

TEST(IsPublicAddress, Ipv4InsideIpv6FollowsTheIpv4Rules) {
    for (const char* address :
         {"::ffff:127.0.0.1", "::ffff:10.1.2.3", "::ffff:169.254.169.254", "::ffff:7f00:1",
          "::127.0.0.1", "::10.0.0.1", "::ffff:0:192.168.1.1", "64:ff9b::10.0.0.1",
          "64:ff9b::7f00:1", "2002:7f00:1::1", "2002:c0a8:101::1", "::ffff:255.255.255.255"}) {
        EXPECT_FALSE(IsPublicAddress(address)) << address;
    }
}

TEST(IsPublicAddress, NotAnAddress) {
    for (const char* text : {"", "localhost", "example.com", "1.2.3", "1.2.3.4.5", "::g", "[]"}) {
        EXPECT_FALSE(IsPublicAddress(text)) << text;
    }
}

// ---------------------------------------------------------------------------------------------
// [SECTION] CheckTarget

OutboundPolicy Strict() {
    return OutboundPolicy{};
}

OutboundPolicy Private() {
    OutboundPolicy policy;
    policy.allow_private = true;
    return policy;
}

TEST(CheckTarget, HttpIsRefusedUnlessPrivateIsAllowed) {
    std::string error;
    EXPECT_FALSE(CheckTarget("http://93.184.216.34/hook", Strict(), error));
    EXPECT_EQ(error, "must use https");
    error.clear();
    EXPECT_TRUE(CheckTarget("http://93.184.216.34/hook", Private(), error)) << error;
}

TEST(CheckTarget, PublicLiteralOverHttpsIsAccepted) {
    std::string error;
    EXPECT_TRUE(CheckTarget("https://93.184.216.34/hook", Strict(), error)) << error;
    EXPECT_TRUE(CheckTarget("https://[2606:4700:4700::1111]:8443/x", Strict(), error)) << error;
}

TEST(CheckTarget, LoopbackAndPrivateAreRefusedUnlessAllowed) {
    for (const char* url :
         {"https://127.0.0.1/", "https://10.0.0.5:8443/x", "https://[::1]/",
          "https://169.254.169.254/latest/meta-data", "https://[::ffff:127.0.0.1]/",
          "https://2130706433/", "https://0x7f.1/"}) {
        std::string error;
        EXPECT_FALSE(CheckTarget(url, Strict(), error)) << url;
        EXPECT_NE(error.find("private address"), std::string::npos) << url << ": " << error;
    }
    std::string error;
    EXPECT_FALSE(CheckTarget("https://10.0.0.5/x", Strict(), error));
    EXPECT_EQ(error, "is a private address (10.0.0.5)");
    for (const char* url : {"http://127.0.0.1:8080/", "https://10.0.0.5/", "http://[::1]:9/"}) {
        error.clear();
        EXPECT_TRUE(CheckTarget(url, Private(), error)) << url << ": " << error;
    }
}

TEST(CheckTarget, LocalhostResolvesToLoopbackAndIsRefused) {
    std::string error;
    EXPECT_FALSE(CheckTarget("https://localhost/", Strict(), error));
    EXPECT_EQ(error.rfind("resolves to a private address (", 0), 0u) << error;
    error.clear();
    EXPECT_TRUE(CheckTarget("http://localhost:8080/", Private(), error)) << error;
}

TEST(CheckTarget, MalformedUrls) {
    std::string error;
    EXPECT_FALSE(CheckTarget("", Strict(), error));
    EXPECT_FALSE(CheckTarget("example.com/hook", Strict(), error));
    EXPECT_EQ(error, "must be an absolute http or https URL");
    EXPECT_FALSE(CheckTarget("ftp://93.184.216.34/", Strict(), error));
    EXPECT_EQ(error, "must use https");
    EXPECT_FALSE(CheckTarget("file:///etc/passwd", Private(), error));
    EXPECT_FALSE(CheckTarget("gopher://127.0.0.1/", Private(), error));
    EXPECT_EQ(error, "must use http or https");
    EXPECT_FALSE(CheckTarget("https://user:pw@93.184.216.34/", Strict(), error));
    EXPECT_EQ(error, "must not contain a user name or password");
}

TEST(CheckTarget, UnknownHost) {
    std::string error;
    // .invalid never resolves (RFC 6761).
    EXPECT_FALSE(CheckTarget("https://no-such-host.invalid/", Strict(), error));
    EXPECT_EQ(error, "host not found");
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Send

// A cpp-httplib server on a free loopback port, stopped and joined on destruction. A handler
// that holds the answer back waits on release(), cut short when the server stops.
class LocalServer {
  public:
    LocalServer() { server.set_tcp_nodelay(true); }
    void Start() {
        port = server.bind_to_any_port("127.0.0.1");
        thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ~LocalServer() {
        {
            std::lock_guard lock(mutex);
            released = true;
        }
        cv.notify_all();
        server.stop();
        if (thread.joinable()) thread.join();
    }
    void Hold(std::chrono::milliseconds most) {
        std::unique_lock lock(mutex);
        cv.wait_for(lock, most, [this] { return released; });
    }
    std::string Url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(port) + path;
    }

    httplib::Server server;
    int port = 0;
    std::thread thread;
    std::mutex mutex;
    std::condition_variable cv;
    bool released = false;
};

TEST(Send, ReturnsStatusHeadersAndBody) {
    LocalServer local;
    std::string seen_body, seen_type, seen_custom, seen_method;
    local.server.Patch("/thing", [&](const httplib::Request& req, httplib::Response& res) {
        seen_method = req.method;
        seen_body = req.body;
        seen_type = req.get_header_value("Content-Type");
        seen_custom = req.get_header_value("X-Custom");
        res.status = 202;
        res.set_header("X-Answer", "yes");
        res.set_content(R"({"ok":true})", "application/json");
    });
    local.Start();
    HttpRequest request;
    request.method = "PATCH";
    request.url = local.Url("/thing");
    request.body = R"({"a":1})";
    request.headers = {{"Content-Type", "application/json"}, {"X-Custom", "42"}};
    HttpResult result = Send(request, Private());
    ASSERT_EQ(result.outcome, HttpResult::Outcome::Answered) << result.error;
    EXPECT_EQ(result.status, 202);
    EXPECT_EQ(result.body, R"({"ok":true})");
    EXPECT_EQ(result.headers["x-answer"], "yes");
    EXPECT_EQ(result.headers["content-type"], "application/json");
    EXPECT_EQ(seen_method, "PATCH");
    EXPECT_EQ(seen_body, R"({"a":1})");
    EXPECT_EQ(seen_type, "application/json");
    EXPECT_EQ(seen_custom, "42");
}

TEST(Send, BasicAuthentication) {
    LocalServer local;
    std::string authorization;
    local.server.Get("/", [&](const httplib::Request& req, httplib::Response& res) {
        authorization = req.get_header_value("Authorization");
        res.set_content("{}", "application/json");
    });
    local.Start();
    HttpRequest request;
    request.method = "GET";
    request.url = local.Url("/");
    request.basic_user = "Aladdin";
    request.basic_password = "open sesame";
    HttpResult result = Send(request, Private());
    ASSERT_EQ(result.outcome, HttpResult::Outcome::Answered) << result.error;
    EXPECT_EQ(authorization, "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
}

TEST(Send, DoesNotFollowRedirects) {
    LocalServer local;
    int elsewhere_hits = 0;
    local.server.Get("/start", [&](const httplib::Request&, httplib::Response& res) {
        res.set_redirect(local.Url("/elsewhere"), 302);
    });
    local.server.Get("/elsewhere", [&](const httplib::Request&, httplib::Response& res) {
        ++elsewhere_hits;
        res.set_content("followed", "text/plain");
    });
    local.Start();
    HttpResult result = Send({"GET", local.Url("/start"), {}, "", "", ""}, Private());
    ASSERT_EQ(result.outcome, HttpResult::Outcome::Answered) << result.error;
    EXPECT_EQ(result.status, 302);
    EXPECT_EQ(result.headers["location"], local.Url("/elsewhere"));
    EXPECT_EQ(elsewhere_hits, 0);
}

TEST(Send, TimeoutIsANetworkErrorThatSaysSo) {
    LocalServer local;
    local.server.Get("/slow", [&](const httplib::Request&, httplib::Response& res) {
        local.Hold(std::chrono::seconds(10));
        res.set_content("late", "text/plain");
    });
    local.Start();
    OutboundPolicy policy = Private();
    policy.total_timeout_ms = 300;
    HttpResult result = Send({"GET", local.Url("/slow"), {}, "", "", ""}, policy);
    EXPECT_EQ(result.outcome, HttpResult::Outcome::NetworkError);
    EXPECT_TRUE(result.timed_out) << result.error;
    EXPECT_FALSE(result.error.empty());
}

TEST(Send, RefusedTargetsAreNeverContacted) {
    LocalServer local;
    int hits = 0;
    local.server.Get("/", [&](const httplib::Request&, httplib::Response&) { ++hits; });
    local.Start();
    HttpResult result = Send({"GET", local.Url("/"), {}, "", "", ""}, Strict());
    EXPECT_EQ(result.outcome, HttpResult::Outcome::Refused);
    EXPECT_EQ(result.error, "must use https");
    result = Send({"GET", "https://127.0.0.1:" + std::to_string(local.port) + "/", {}, "", "", ""},
                  Strict());
    EXPECT_EQ(result.outcome, HttpResult::Outcome::Refused);
    EXPECT_EQ(result.error, "is a private address (127.0.0.1)");
    EXPECT_EQ(hits, 0);
}

TEST(Send, ConnectionRefusedIsANetworkError) {
    LocalServer local;
    local.Start();
    std::string url = local.Url("/");
    local.server.stop();
    local.thread.join();
    HttpResult result = Send({"GET", url, {}, "", "", ""}, Private());
    EXPECT_EQ(result.outcome, HttpResult::Outcome::NetworkError);
    EXPECT_FALSE(result.timed_out);
    EXPECT_FALSE(result.error.empty());
}

TEST(Send, UnknownHostIsANetworkError) {
    HttpResult result = Send({"GET", "https://no-such-host.invalid/", {}, "", "", ""}, Strict());
    EXPECT_EQ(result.outcome, HttpResult::Outcome::NetworkError);
    EXPECT_EQ(result.error, "host not found");
}

TEST(Send, LargeBodiesAreCut) {
    LocalServer local;
    local.server.Get("/big", [&](const httplib::Request&, httplib::Response& res) {
        res.set_content(std::string(kMaxBodyBytes + 4096, 'x'), "text/plain");
    });
    local.Start();
    HttpResult result = Send({"GET", local.Url("/big"), {}, "", "", ""}, Private());
    ASSERT_EQ(result.outcome, HttpResult::Outcome::Answered) << result.error;
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.body.size(), kMaxBodyBytes);
}

// ---------------------------------------------------------------------------------------------
// [SECTION] ParseRetryAfter

TEST(ParseRetryAfter, SecondsAndDates) {
    std::time_t now = 1'700'000'000;  // 2023-11-14 22:13:20 UTC
    EXPECT_EQ(ParseRetryAfter("120", now), 120);
    EXPECT_EQ(ParseRetryAfter(" 0 ", now), 0);
    EXPECT_EQ(ParseRetryAfter("Tue, 14 Nov 2023 22:15:20 GMT", now), 120);
    EXPECT_EQ(ParseRetryAfter("Tue, 14 Nov 2023 22:00:00 GMT", now), 0);  // past
    EXPECT_FALSE(ParseRetryAfter("", now).has_value());
    EXPECT_FALSE(ParseRetryAfter("soon", now).has_value());
    EXPECT_FALSE(ParseRetryAfter("-5", now).has_value());
}

}  // namespace
}  // namespace portal::server::net
