// StaticFiles without HTTP: types, negotiation, ETags, path checks, loading.
#include "server/static_files.h"

#include <gtest/gtest.h>

#include "server_fixture.h"

namespace portal::server {
namespace {

using testing::TempDir;
using testing::WriteFile;

TEST(StaticFilesTest, ContentTypes) {
    EXPECT_STREQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
    EXPECT_STREQ(ContentTypeFor("a/portal.js"), "text/javascript; charset=utf-8");
    EXPECT_STREQ(ContentTypeFor("portal.wasm"), "application/wasm");
    EXPECT_STREQ(ContentTypeFor("s.css"), "text/css; charset=utf-8");
    EXPECT_STREQ(ContentTypeFor("d.json"), "application/json");
    EXPECT_STREQ(ContentTypeFor("i.svg"), "image/svg+xml");
    EXPECT_STREQ(ContentTypeFor("f.ttf"), "font/ttf");
    EXPECT_STREQ(ContentTypeFor("f.woff2"), "font/woff2");
    EXPECT_STREQ(ContentTypeFor("i.png"), "image/png");
    EXPECT_STREQ(ContentTypeFor("favicon.ico"), "image/x-icon");
    EXPECT_STREQ(ContentTypeFor("robots.txt"), "text/plain; charset=utf-8");
    EXPECT_STREQ(ContentTypeFor("site.webmanifest"), "application/manifest+json");
    EXPECT_STREQ(ContentTypeFor("INDEX.HTML"), "text/html; charset=utf-8");
    EXPECT_STREQ(ContentTypeFor("blob"), "application/octet-stream");
}

TEST(StaticFilesTest, Fnv1aKnownValues) {
    EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
    EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
}

TEST(StaticFilesTest, AcceptEncoding) {
    auto check = [](const char* header, bool br, bool gzip) {
        AcceptedEncodings accepted = ParseAcceptEncoding(header);
        EXPECT_EQ(accepted.br, br) << header;
        EXPECT_EQ(accepted.gzip, gzip) << header;
    };
    check("", false, false);
    check("identity", false, false);
    check("gzip, deflate, br", true, true);
    check("gzip", false, true);
    check("br;q=0, gzip", false, true);
    check("BR ; Q=0.5", true, false);
    check("br;q=0.000", false, false);
    check("*", true, true);
    check("*;q=0, gzip", false, true);
    check("br;q=0, *", false, true);
    check("x-gzip", false, true);
    check("br;q=nonsense", false, false);
}

TEST(StaticFilesTest, IfNoneMatch) {
    EXPECT_TRUE(IfNoneMatchMatches("\"abc\"", "\"abc\""));
    EXPECT_TRUE(IfNoneMatchMatches("\"x\", W/\"abc\"", "\"abc\""));
    EXPECT_TRUE(IfNoneMatchMatches("*", "\"abc\""));
    EXPECT_FALSE(IfNoneMatchMatches("\"abc-br\"", "\"abc\""));
    EXPECT_FALSE(IfNoneMatchMatches("abc", "\"abc\""));
}

TEST(StaticFilesTest, FileKeys) {
    std::string key;
    ASSERT_TRUE(FileKeyForPath("/", key));
    EXPECT_EQ(key, "index.html");
    ASSERT_TRUE(FileKeyForPath("/fonts/", key));
    EXPECT_EQ(key, "fonts/index.html");
    ASSERT_TRUE(FileKeyForPath("/fonts/inter.woff2", key));
    EXPECT_EQ(key, "fonts/inter.woff2");
    for (const char* bad : {"", "x", "/../etc/passwd", "/a/../b", "/./a", "//a", "/a//b",
                            "/.git/config", "/a\\b", "/..", "/a/.."}) {
        EXPECT_FALSE(FileKeyForPath(bad, key)) << bad;
    }
    EXPECT_FALSE(FileKeyForPath(std::string_view("/a\0b", 4), key));
}

class StaticFilesLoadTest : public ::testing::Test {
  protected:
    void SetUp() override {
        WriteFile(dir_.path() / "index.html", "<p>hi");
        WriteFile(dir_.path() / "app.js", "js");
        WriteFile(dir_.path() / "app.js.br", "BR");
        WriteFile(dir_.path() / "app.js.gz", "GZ");
        WriteFile(dir_.path() / "orphan.txt.gz", "GZ");
        WriteFile(dir_.path() / "sub" / "x.css", "css");
        WriteFile(dir_.path() / ".hidden", "secret");
        WriteFile(dir_.path() / ".git" / "config", "secret");
        std::string error;
        ASSERT_TRUE(files_.Load(dir_.path().string(), error)) << error;
    }

    TempDir dir_;
    StaticFiles files_;
};

TEST_F(StaticFilesLoadTest, LoadsOnlyServableFiles) {
    EXPECT_EQ(files_.FileCount(), 3u);  // index.html, app.js, sub/x.css
    EXPECT_EQ(files_.Lookup("/sub/x.css", "", "").body, "css");
    EXPECT_EQ(files_.Lookup("/.hidden", "", "").status, 404);
    EXPECT_EQ(files_.Lookup("/.git/config", "", "").status, 404);
    EXPECT_EQ(files_.Lookup("/app.js.br", "br", "").status, 404);
    EXPECT_EQ(files_.Lookup("/orphan.txt.gz", "gzip", "").status, 404);
    EXPECT_EQ(files_.Lookup("/orphan.txt", "gzip", "").status, 404);
}

TEST_F(StaticFilesLoadTest, NegotiatesVariantsWithDistinctEtags) {
    StaticReply identity = files_.Lookup("/app.js", "", "");
    StaticReply br = files_.Lookup("/app.js", "gzip, br", "");
    StaticReply gzip = files_.Lookup("/app.js", "gzip, br;q=0", "");
    EXPECT_EQ(identity.body, "js");
    EXPECT_EQ(identity.content_encoding, nullptr);
    EXPECT_EQ(br.body, "BR");
    EXPECT_STREQ(br.content_encoding, "br");
    EXPECT_EQ(gzip.body, "GZ");
    EXPECT_STREQ(gzip.content_encoding, "gzip");
    EXPECT_TRUE(identity.vary_accept_encoding);
    EXPECT_FALSE(files_.Lookup("/", "br", "").vary_accept_encoding);
    EXPECT_NE(identity.etag, br.etag);
    EXPECT_NE(br.etag, gzip.etag);
    // The ETag is the hash of the uncompressed bytes, whatever the encoding.
    EXPECT_EQ(br.etag.substr(0, 17), identity.etag.substr(0, 17));
    EXPECT_EQ(identity.etag.front(), '"');
    EXPECT_EQ(identity.etag.back(), '"');
}

TEST_F(StaticFilesLoadTest, RevalidatesPerVariant) {
    StaticReply br = files_.Lookup("/app.js", "br", "");
    EXPECT_EQ(files_.Lookup("/app.js", "br", br.etag).status, 304);
    EXPECT_TRUE(files_.Lookup("/app.js", "br", br.etag).body.empty());
    EXPECT_EQ(files_.Lookup("/app.js", "", br.etag).status, 200);
}

TEST(StaticFilesTest, MissingRootIsAnError) {
    TempDir dir;
    StaticFiles files;
    std::string error;
    EXPECT_FALSE(files.Load(dir / "nope", error));
    EXPECT_NE(error.find("nope"), std::string::npos) << error;
}

}  // namespace
}  // namespace portal::server
