// The web bundle over a real socket: types, precompressed variants, ETag revalidation, path
// traversal, HEAD, and the security headers.
#include <gtest/gtest.h>

#include "server_fixture.h"

namespace portal::server {
namespace {

using testing::ServerTest;

class StaticTest : public ServerTest {
  protected:
    httplib::Result Get(const std::string& path, httplib::Headers headers = {}) {
        auto client = MakeClient();
        return client.Get(path, headers);
    }
};

TEST_F(StaticTest, RootServesIndexHtml) {
    auto result = Get("/");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Type"), "text/html; charset=utf-8");
    EXPECT_EQ(result->body, testing::kIndexHtml);
    EXPECT_EQ(result->get_header_value("Cache-Control"), "no-cache");
    EXPECT_EQ(Get("/index.html")->body, testing::kIndexHtml);
}

TEST_F(StaticTest, WasmHasItsType) {
    auto result = Get("/app.wasm");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->get_header_value("Content-Type"), "application/wasm");
    EXPECT_EQ(result->body, std::string(testing::kAppWasm, 9));
}

TEST_F(StaticTest, BrotliWhenAccepted) {
    auto result = Get("/app.js", {{"Accept-Encoding", "gzip, deflate, br"}});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->body, testing::kAppJsBr);
    EXPECT_EQ(result->get_header_value("Content-Encoding"), "br");
    EXPECT_EQ(result->get_header_value("Vary"), "Accept-Encoding");
    EXPECT_EQ(result->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
}

TEST_F(StaticTest, GzipWhenOnlyGzipIsAccepted) {
    for (const char* accept : {"gzip", "gzip, br;q=0"}) {
        auto result = Get("/app.js", {{"Accept-Encoding", accept}});
        ASSERT_TRUE(result);
        EXPECT_EQ(result->body, testing::kAppJsGz) << accept;
        EXPECT_EQ(result->get_header_value("Content-Encoding"), "gzip") << accept;
        EXPECT_EQ(result->get_header_value("Vary"), "Accept-Encoding");
    }
}

TEST_F(StaticTest, IdentityWithoutAcceptEncoding) {
    for (const char* accept : {"identity", "br;q=0, gzip;q=0"}) {
        auto result = Get("/app.js", {{"Accept-Encoding", accept}});
        ASSERT_TRUE(result);
        EXPECT_EQ(result->body, testing::kAppJs) << accept;
        EXPECT_FALSE(result->has_header("Content-Encoding")) << accept;
        EXPECT_EQ(result->get_header_value("Vary"), "Accept-Encoding");
    }
}

TEST_F(StaticTest, IdentityWhenNoAcceptEncodingIsSent) {
    std::string answer = testing::RawRequest(
        server_->Port(), "GET /app.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(answer.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << answer;
    EXPECT_EQ(answer.find("Content-Encoding"), std::string::npos) << answer;
    EXPECT_NE(answer.find("\r\n\r\n" + std::string(testing::kAppJs)), std::string::npos) << answer;
}

TEST_F(StaticTest, RawTraversalIsNotFound) {
    for (const char* target : {"/../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd",
                               "/..%2f..%2fetc/passwd", "/web/../../portal.db"}) {
        std::string answer = testing::RawRequest(
            server_->Port(),
            std::string("GET ") + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        EXPECT_EQ(answer.rfind("HTTP/1.1 404 ", 0), 0u) << target << "\n" << answer;
    }
}

TEST_F(StaticTest, UncompressedTextIsNotCompressedOnTheFly) {
    auto result = Get("/", {{"Accept-Encoding", "gzip, br"}});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->body, testing::kIndexHtml);
    EXPECT_FALSE(result->has_header("Content-Encoding"));
}

TEST_F(StaticTest, EtagRevalidationGives304) {
    for (const char* accept : {"identity", "br"}) {
        auto first = Get("/app.js", {{"Accept-Encoding", accept}});
        ASSERT_TRUE(first);
        std::string etag = first->get_header_value("ETag");
        ASSERT_FALSE(etag.empty());
        auto again = Get("/app.js", {{"Accept-Encoding", accept}, {"If-None-Match", etag}});
        ASSERT_TRUE(again);
        EXPECT_EQ(again->status, 304) << accept;
        EXPECT_TRUE(again->body.empty());
        EXPECT_EQ(again->get_header_value("ETag"), etag);
    }
    auto stale = Get("/app.js", {{"If-None-Match", "\"0000000000000000\""}});
    ASSERT_TRUE(stale);
    EXPECT_EQ(stale->status, 200);
}

TEST_F(StaticTest, TraversalAndVariantsAreNotFound) {
    for (const char* path : {"/../etc/passwd", "/%2e%2e/etc/passwd", "/app.js.br", "/app.js.gz",
                             "/missing.js", "/web/index.html"}) {
        auto result = Get(path);
        ASSERT_TRUE(result) << path;
        EXPECT_EQ(result->status, 404) << path;
        EXPECT_EQ(result->get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
        EXPECT_LT(result->body.size(), 200u);
    }
}

TEST_F(StaticTest, HeadGivesHeadersOnly) {
    auto client = MakeClient();
    auto result = client.Head("/app.js");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_TRUE(result->body.empty());
    EXPECT_EQ(result->get_header_value("Content-Length"),
              std::to_string(std::string(testing::kAppJs).size()));
    EXPECT_FALSE(result->get_header_value("ETag").empty());
}

TEST_F(StaticTest, OtherMethodsAre405) {
    auto client = MakeClient();
    auto result = client.Post("/index.html", "x", "text/plain");
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 405);
    EXPECT_EQ(result->get_header_value("Allow"), "GET, HEAD");
}

TEST_F(StaticTest, RangeIsIgnored) {
    auto result = Get("/app.js", {{"Range", "bytes=5000-6000"}});
    ASSERT_TRUE(result);
    EXPECT_EQ(result->status, 200);
    EXPECT_EQ(result->body, testing::kAppJs);
}

TEST_F(StaticTest, SecurityHeadersOnStaticAnswers) {
    for (const char* path : {"/", "/app.js", "/missing"}) {
        auto result = Get(path);
        ASSERT_TRUE(result);
        std::string csp = result->get_header_value("Content-Security-Policy");
        EXPECT_EQ(csp,
                  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
                  "img-src 'self' data:; font-src 'self'; connect-src 'self'; "
                  "object-src 'none'; base-uri 'none'; form-action 'self'; "
                  "frame-ancestors 'none'")
            << path;
        EXPECT_NE(csp.find("'wasm-unsafe-eval'"), std::string::npos);
        EXPECT_EQ(csp.find("'unsafe-inline'"), std::string::npos);
        EXPECT_EQ(csp.find("'unsafe-eval'"), std::string::npos);
        EXPECT_EQ(result->get_header_value("X-Content-Type-Options"), "nosniff");
        EXPECT_EQ(result->get_header_value("X-Frame-Options"), "DENY");
        EXPECT_EQ(result->get_header_value("Referrer-Policy"), "no-referrer");
        EXPECT_EQ(result->get_header_value("Cross-Origin-Opener-Policy"), "same-origin");
    }
}

TEST_F(StaticTest, ApiOnlyWithoutWebRoot) {
    StopServer();
    config_.web_root.clear();
    StartServer();
    EXPECT_EQ(Get("/")->status, 404);
    EXPECT_EQ(Get("/api/v1/health")->status, 200);
}

}  // namespace
}  // namespace portal::server
