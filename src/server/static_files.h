// The web bundle (index.html, portal.js, portal.wasm, ...), read into memory at start and served
// with precompressed variants (x.br, x.gz made at build time), strong ETags and revalidation.
// No HTTP library here: Lookup() returns what to answer, http_server.cpp writes it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace portal::server {

// "index.html" -> "text/html; charset=utf-8"; unknown types are application/octet-stream.
const char* ContentTypeFor(std::string_view path);

uint64_t Fnv1a64(std::string_view data);

struct AcceptedEncodings {
    bool br = false;
    bool gzip = false;
};

// Reads an Accept-Encoding header: codings with q=0 are refused, "*" covers unnamed ones.
AcceptedEncodings ParseAcceptEncoding(std::string_view header);

// True when an If-None-Match header (a list, "*", weak or strong tags) names etag.
bool IfNoneMatchMatches(std::string_view header, std::string_view etag);

// Maps a decoded URL path to a file key ("/" -> "index.html", "/a/" -> "a/index.html").
// False for anything that could leave the web root or name a hidden file: "..", ".", "//",
// backslashes, NUL, segments starting with '.'.
bool FileKeyForPath(std::string_view path, std::string& key);

struct StaticReply {
    int status = 404;       // 200, 304 or 404
    std::string_view body;  // empty for 304 and 404; points into StaticFiles
    const char* content_type = "";
    const char* content_encoding = nullptr;  // "br", "gzip" or none
    std::string etag;
    bool vary_accept_encoding = false;  // the file has compressed variants
};

class StaticFiles {
  public:
    // Reads every regular file under root. x.br / x.gz become variants of x (never URLs).
    bool Load(const std::string& root, std::string& error);

    size_t FileCount() const { return files_.size(); }
    size_t TotalBytes() const { return total_bytes_; }

    StaticReply Lookup(std::string_view path, std::string_view accept_encoding,
                       std::string_view if_none_match) const;

  private:
    struct Variant {
        std::string body;
        std::string etag;
    };
    struct File {
        const char* content_type;
        Variant identity;
        std::optional<Variant> br;
        std::optional<Variant> gzip;
    };

    std::map<std::string, File, std::less<>> files_;
    size_t total_bytes_ = 0;
};

}  // namespace portal::server
