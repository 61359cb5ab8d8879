// Static files: load, content types, content negotiation, ETags.
#include "server/static_files.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "server/files.h"

namespace portal::server {

namespace {

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

std::string Lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// Calls fn on each comma-separated, trimmed, non-empty item.
template <class Fn>
void ForEachListItem(std::string_view list, Fn fn) {
    while (!list.empty()) {
        size_t comma = list.find(',');
        std::string_view item = Trim(list.substr(0, comma));
        if (!item.empty()) fn(item);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
}

std::string MakeEtag(uint64_t hash, std::string_view suffix) {
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    std::string etag = "\"";
    etag.append(hex).append(suffix).append("\"");
    return etag;
}

}  // namespace

const char* ContentTypeFor(std::string_view path) {
    struct Type {
        std::string_view extension;
        const char* content_type;
    };
    static constexpr Type kTypes[] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".wasm", "application/wasm"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".map", "application/json"},
        {".svg", "image/svg+xml"},
        {".ttf", "font/ttf"},
        {".woff2", "font/woff2"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
    };
    std::string lower = Lower(path);
    for (const Type& type : kTypes) {
        if (EndsWith(lower, type.extension)) return type.content_type;
    }
    return "application/octet-stream";
}

uint64_t Fnv1a64(std::string_view data) {
    uint64_t hash = 0xcbf29ce484222325ULL;
    for (unsigned char byte : data) {
        hash ^= byte;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

AcceptedEncodings ParseAcceptEncoding(std::string_view header) {
    // Quality per coding; -1 = not mentioned.
    double br = -1, gzip = -1, any = -1;
    ForEachListItem(header, [&](std::string_view item) {
        size_t semicolon = item.find(';');
        std::string coding = Lower(Trim(item.substr(0, semicolon)));
        double q = 1.0;
        // Parameters after the coding: only q matters.
        std::string_view params =
            semicolon == std::string_view::npos ? std::string_view() : item.substr(semicolon + 1);
        while (!params.empty()) {
            size_t next = params.find(';');
            std::string_view param = Trim(params.substr(0, next));
            if (param.size() > 2 && (param[0] == 'q' || param[0] == 'Q') && param[1] == '=') {
                std::string value(Trim(param.substr(2)));
                char* end = nullptr;
                double parsed = std::strtod(value.c_str(), &end);
                q = (end && *end == '\0') ? parsed : 0.0;  // an unreadable q refuses the coding
            }
            if (next == std::string_view::npos) break;
            params.remove_prefix(next + 1);
        }
        if (coding == "br") br = q;
        if (coding == "gzip" || coding == "x-gzip") gzip = q;
        if (coding == "*") any = q;
    });
    auto allowed = [any](double q) { return q >= 0 ? q > 0 : any > 0; };
    return {.br = allowed(br), .gzip = allowed(gzip)};
}

bool IfNoneMatchMatches(std::string_view header, std::string_view etag) {
    bool match = false;
    ForEachListItem(header, [&](std::string_view tag) {
        if (tag == "*") match = true;
        if (tag.substr(0, 2) == "W/") tag.remove_prefix(2);  // If-None-Match compares weakly
        if (tag == etag) match = true;
    });
    return match;
}

bool FileKeyForPath(std::string_view path, std::string& key) {
    if (path.empty() || path.front() != '/') return false;
    if (path.find('\\') != std::string_view::npos || path.find('\0') != std::string_view::npos) {
        return false;
    }
    std::string_view rest = path.substr(1);
    key.assign(rest);
    if (key.empty() || key.back() == '/') key += "index.html";
    // Every segment must be a plain name.
    std::string_view remaining = key;
    while (true) {
        size_t slash = remaining.find('/');
        std::string_view segment = remaining.substr(0, slash);
        if (segment.empty() || segment.front() == '.') return false;
        if (slash == std::string_view::npos) break;
        remaining.remove_prefix(slash + 1);
    }
    return true;
}

bool StaticFiles::Load(const std::string& root, std::string& error) {
    namespace fs = std::filesystem;
    files_.clear();
    total_bytes_ = 0;
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        error = "web root " + root + " is not a directory";
        return false;
    }
    std::map<std::string, std::string> compressed;  // "app.js.br" -> bytes
    fs::recursive_directory_iterator it(root, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        std::string key = fs::relative(entry.path(), root, ec).generic_string();
        std::string ignored;
        // Hidden files and folders are never served, nor walked into.
        if (!FileKeyForPath("/" + key, ignored)) {
            if (entry.is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (!entry.is_regular_file(ec)) continue;  // sockets, fifos, devices, dangling links
        std::string bytes;
        if (!ReadFile(entry.path().string(), bytes, error)) return false;
        total_bytes_ += bytes.size();
        if (EndsWith(key, ".br") || EndsWith(key, ".gz")) {
            compressed.emplace(std::move(key), std::move(bytes));
            continue;
        }
        File file{.content_type = ContentTypeFor(key), .identity = {}, .br = {}, .gzip = {}};
        file.identity.etag = MakeEtag(Fnv1a64(bytes), "");
        file.identity.body = std::move(bytes);
        files_.emplace(std::move(key), std::move(file));
    }
    if (ec) {
        error = "cannot list web root " + root + ": " + ec.message();
        return false;
    }
    // The ETag of a variant is that of the uncompressed content plus the encoding, so it changes
    // exactly when the file does, and never collides between encodings.
    for (auto& [key, bytes] : compressed) {
        bool br = EndsWith(key, ".br");
        auto file = files_.find(std::string_view(key).substr(0, key.size() - 3));
        if (file == files_.end()) continue;  // a compressed file without its original: not served
        std::string etag = file->second.identity.etag;
        etag.insert(etag.size() - 1, br ? "-br" : "-gz");
        (br ? file->second.br : file->second.gzip) = Variant{std::move(bytes), std::move(etag)};
    }
    return true;
}

StaticReply StaticFiles::Lookup(std::string_view path, std::string_view accept_encoding,
                                std::string_view if_none_match) const {
    StaticReply reply;
    std::string key;
    if (!FileKeyForPath(path, key)) return reply;
    auto found = files_.find(key);
    if (found == files_.end()) return reply;
    const File& file = found->second;

    const Variant* variant = &file.identity;
    AcceptedEncodings accepted = ParseAcceptEncoding(accept_encoding);
    if (file.br && accepted.br) {
        variant = &*file.br;
        reply.content_encoding = "br";
    } else if (file.gzip && accepted.gzip) {
        variant = &*file.gzip;
        reply.content_encoding = "gzip";
    }
    reply.content_type = file.content_type;
    reply.etag = variant->etag;
    reply.vary_accept_encoding = file.br.has_value() || file.gzip.has_value();
    if (!if_none_match.empty() && IfNoneMatchMatches(if_none_match, variant->etag)) {
        reply.status = 304;
        return reply;
    }
    reply.status = 200;
    reply.body = variant->body;
    return reply;
}

}  // namespace portal::server
