// The providers of oidc_fixture.h: node children, plain HTTP to them, and a browser's walk
// through the real provider's login and consent pages (cookies kept per path, as a browser
// does: oidc-provider scopes its interaction cookies to /interaction/<uid> and /auth/<uid>).
#include "oidc_fixture.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <regex>
#include <thread>

#include "server/net/outbound.h"

extern char** environ;

namespace portal::server::testing {

namespace {

struct HttpUrl {
    std::string host;
    int port = 0;
    std::string target;  // path and query
    std::string path;
};

// Only what loopback providers use: http://host:port/target.
bool ParseHttpUrl(const std::string& url, HttpUrl& out) {
    static const std::regex kUrl(R"(http://([^/:?#]+):(\d+)(/[^#]*)?)");
    std::smatch match;
    if (!std::regex_match(url, match, kUrl)) return false;
    out.host = match[1];
    out.port = std::stoi(match[2]);
    out.target = match[3].length() ? match[3].str() : "/";
    out.path = out.target.substr(0, out.target.find('?'));
    return true;
}

OidcAnswer ToAnswer(const httplib::Result& result) {
    OidcAnswer answer;
    if (!result) return answer;
    answer.status = result->status;
    answer.body = result->body;
    std::string error;
    if (!api::ParseJson(answer.body, answer.json, error)) answer.json = nullptr;
    return answer;
}

httplib::Client ClientFor(const std::string& host, int port) {
    httplib::Client client(host, port);
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(10, 0);
    return client;
}

std::string PercentDecode(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out += ' ';
        } else if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(text[i + 1]) &&
                   std::isxdigit(text[i + 2])) {
            out += static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16));
            i += 2;
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string HtmlUnescape(std::string text) {
    for (auto [entity, plain] : {std::pair{"&amp;", "&"},
                                 {"&quot;", "\""},
                                 {"&#39;", "'"},
                                 {"&lt;", "<"},
                                 {"&gt;", ">"}}) {
        for (size_t at; (at = text.find(entity)) != std::string::npos;) {
            text.replace(at, std::string(entity).size(), plain);
        }
    }
    return text;
}

// A browser's cookie store, reduced to what one loopback host needs: name and path.
class CookieJar {
  public:
    void Store(const httplib::Headers& headers, const std::string& request_path) {
        auto [begin, end] = headers.equal_range("Set-Cookie");
        for (auto header = begin; header != end; ++header) Store(header->second, request_path);
    }

    std::string HeaderFor(const std::string& path) const {
        std::string out;
        for (const Cookie& cookie : cookies_) {
            bool inside = path.rfind(cookie.path, 0) == 0 &&
                          (path.size() == cookie.path.size() || cookie.path.back() == '/' ||
                           path[cookie.path.size()] == '/');
            if (!inside) continue;
            if (!out.empty()) out += "; ";
            out += cookie.name + "=" + cookie.value;
        }
        return out;
    }

  private:
    struct Cookie {
        std::string name, value, path;
    };

    void Store(const std::string& line, const std::string& request_path) {
        std::string pair = line.substr(0, line.find(';'));
        size_t equals = pair.find('=');
        if (equals == std::string::npos) return;
        Cookie cookie{pair.substr(0, equals), pair.substr(equals + 1), ""};
        std::string lower = line;
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::smatch match;
        if (std::regex_search(line, match, std::regex(R"(;\s*[Pp]ath=([^;]*))"))) {
            cookie.path = match[1];
        } else {
            cookie.path = request_path.substr(0, std::max<size_t>(request_path.rfind('/'), 1));
        }
        // Deletions (koa's cookies) come as an empty value expiring in 1970.
        bool removed = cookie.value.empty() || lower.find("max-age=0") != std::string::npos ||
                       lower.find("expires=thu, 01 jan 1970") != std::string::npos;
        std::erase_if(cookies_, [&](const Cookie& c) {
            return c.name == cookie.name && c.path == cookie.path;
        });
        if (!removed) cookies_.push_back(std::move(cookie));
    }

    std::vector<Cookie> cookies_;
};

}  // namespace

OidcProvider::~OidcProvider() {
    if (pid_ > 0) {
        kill(pid_, SIGTERM);
        auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
        while (waitpid(pid_, nullptr, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) {
                kill(pid_, SIGKILL);
                waitpid(pid_, nullptr, 0);
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
    }
    if (stdout_ >= 0) close(stdout_);
}

void OidcProvider::Start(const std::string& script, const std::vector<std::string>& args) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        ADD_FAILURE() << "pipe2 failed";
        return;
    }
    // stderr stays the test's: oidc-provider's and node's complaints show in the test output.
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    std::vector<std::string> all = {"node", std::string(PORTAL_TEST_OIDC_DIR) + "/" + script,
                                    "--port", "0"};
    all.insert(all.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (std::string& arg : all) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int spawned = posix_spawnp(&pid_, "node", &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    stdout_ = fds[0];
    if (spawned != 0) {
        pid_ = -1;
        ADD_FAILURE() << "cannot run node (not on PATH?) for " << script;
        return;
    }
    // oidc-provider may print notices first; only the "listening <port>" line counts.
    static const std::regex kListening(R"(listening (\d+))");
    std::string line;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd readable{stdout_, POLLIN, 0};
        if (poll(&readable, 1, 50) <= 0) continue;
        char c;
        if (read(stdout_, &c, 1) != 1) break;  // it exited
        if (c != '\n') {
            line += c;
            continue;
        }
        std::smatch match;
        if (std::regex_match(line, match, kListening)) {
            port_ = std::stoi(match[1]);
            return;
        }
        line.clear();
    }
    ADD_FAILURE() << script << " did not print \"listening <port>\" within 10 s (were the npm "
                  << "packages installed? `npm ci` in the repository); see its stderr above";
}

OidcAnswer OidcProvider::Get(const std::string& path) const {
    return ToAnswer(ClientFor("127.0.0.1", port_).Get(path.c_str()));
}

OidcAnswer OidcProvider::Post(const std::string& path, const api::Json& body) const {
    return ToAnswer(
        ClientFor("127.0.0.1", port_).Post(path.c_str(), body.dump(), "application/json"));
}

std::string OidcProvider::FollowToCallback(const std::string& authorize_url,
                                           const std::string& login) const {
    const std::string origin = issuer();
    CookieJar jar;
    std::string url = authorize_url;
    std::string last;  // what happened at the previous step, for the failure message
    for (int step = 0; step < 12; ++step) {
        if (url.rfind("/", 0) == 0) url = origin + url;
        if (url != origin && url.rfind(origin + "/", 0) != 0) return url;  // left the provider
        HttpUrl target;
        if (!ParseHttpUrl(url, target)) break;
        httplib::Client client = ClientFor(target.host, target.port);
        httplib::Headers headers;
        if (std::string cookies = jar.HeaderFor(target.path); !cookies.empty()) {
            headers.emplace("Cookie", cookies);
        }
        httplib::Result page = client.Get(target.target.c_str(), headers);
        if (!page) {
            last = "GET " + url + ": no answer";
            break;
        }
        jar.Store(page->headers, target.path);
        if (page->status >= 300 && page->status < 400) {
            url = page->get_header_value("Location");
            continue;
        }
        last = "GET " + url + ": " + std::to_string(page->status) + " " + page->body.substr(0, 600);
        if (page->status != 200) break;

        // devInteractions' pages: one form each, told apart by their hidden "prompt" field.
        std::smatch action, prompt;
        if (!std::regex_search(page->body, action,
                               std::regex(R"re(<form[^>]*action="([^"]*)")re")) ||
            !std::regex_search(page->body, prompt,
                               std::regex(R"re(name="prompt" value="([a-z]+)")re"))) {
            break;
        }
        std::string body = "prompt=" + prompt[1].str();
        if (prompt[1] == "login") body += "&login=" + net::PercentEncode(login) + "&password=x";
        std::string submit = HtmlUnescape(action[1]);
        if (submit.rfind("/", 0) == 0) submit = origin + submit;
        HttpUrl post;
        if (!ParseHttpUrl(submit, post)) break;
        headers.clear();
        if (std::string cookies = jar.HeaderFor(post.path); !cookies.empty()) {
            headers.emplace("Cookie", cookies);
        }
        httplib::Result answer =
            ClientFor(post.host, post.port)
                .Post(post.target.c_str(), headers, body, "application/x-www-form-urlencoded");
        if (!answer) {
            last = "POST " + submit + ": no answer";
            break;
        }
        jar.Store(answer->headers, post.path);
        last = "POST " + submit + " (" + body + "): " + std::to_string(answer->status) + " " +
               answer->body.substr(0, 600);
        if (answer->status < 300 || answer->status >= 400) break;
        url = answer->get_header_value("Location");
    }
    ADD_FAILURE() << "the login at " << origin << " did not reach the callback; stopped at " << url
                  << "\nlast step: " << last;
    return "";
}

RealProvider::RealProvider(RealProviderOptions options) : options_(std::move(options)) {
    std::vector<std::string> args = {
        "--redirect-uri",  options_.redirect_uri,  "--client-id", options_.client_id,
        "--client-secret", options_.client_secret, "--domain",    options_.domain};
    if (!options_.backchannel_logout_uri.empty()) {
        args.insert(args.end(), {"--backchannel-logout-uri", options_.backchannel_logout_uri});
    }
    if (!options_.post_logout_redirect_uri.empty()) {
        args.insert(args.end(), {"--post-logout-redirect-uri", options_.post_logout_redirect_uri});
    }
    if (!options_.existing_email.empty()) {
        args.insert(args.end(), {"--existing-email", options_.existing_email});
    }
    Start("real_provider.mjs", args);
}

OidcAnswer RealProvider::BackchannelLogout(const api::Json& who) const {
    return Post("/_control/backchannel-logout", who);
}

EvilProvider::EvilProvider(EvilProviderOptions options) : options_(std::move(options)) {
    Start("evil_provider.mjs", {"--client-id", options_.client_id, "--client-secret",
                                options_.client_secret, "--domain", options_.domain});
}

api::Json EvilProvider::SetMode(const api::Json& control) const {
    api::Json body = control.is_string() ? api::Json{{"mode", control}} : control;
    OidcAnswer answer = Post("/_control", body);
    EXPECT_EQ(answer.status, 200) << "evil provider /_control " << body.dump() << ": "
                                  << answer.body;
    return answer.json;
}

std::string EvilProvider::MakeLogoutToken(const api::Json& claims) const {
    OidcAnswer answer = Post("/_control/logout-token", claims);
    EXPECT_EQ(answer.status, 200) << answer.body;
    return answer.json.is_object() ? answer.json.value("logout_token", "") : "";
}

api::Json EvilProvider::Requests() const {
    OidcAnswer answer = Get("/_control/requests");
    EXPECT_EQ(answer.status, 200) << answer.body;
    return answer.json;
}

void EvilProvider::ClearRequests() const {
    OidcAnswer answer = ToAnswer(ClientFor("127.0.0.1", port()).Delete("/_control/requests"));
    EXPECT_EQ(answer.status, 200) << answer.body;
}

std::string QueryParam(const std::string& url, const std::string& name) {
    size_t query = url.find('?');
    if (query == std::string::npos) return "";
    std::string rest = url.substr(query + 1, url.find('#') - query - 1);
    size_t at = 0;
    while (at <= rest.size()) {
        size_t end = rest.find('&', at);
        if (end == std::string::npos) end = rest.size();
        std::string pair = rest.substr(at, end - at);
        size_t equals = pair.find('=');
        if (PercentDecode(pair.substr(0, equals)) == name) {
            return equals == std::string::npos ? "" : PercentDecode(pair.substr(equals + 1));
        }
        at = end + 1;
    }
    return "";
}

api::Json JwtPart(const std::string& jwt, int part) {
    size_t begin = 0;
    for (int i = 0; i < part; ++i) {
        begin = jwt.find('.', begin);
        if (begin == std::string::npos) return nullptr;
        ++begin;
    }
    std::string text = jwt.substr(begin, jwt.find('.', begin) - begin);
    std::string bytes;
    unsigned bits = 0;
    int count = 0;
    for (char c : text) {
        int value;
        if (c >= 'A' && c <= 'Z')
            value = c - 'A';
        else if (c >= 'a' && c <= 'z')
            value = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            value = c - '0' + 52;
        else if (c == '-')
            value = 62;
        else if (c == '_')
            value = 63;
        else
            return nullptr;
        bits = (bits << 6) | static_cast<unsigned>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            bytes += static_cast<char>((bits >> count) & 0xFF);
        }
    }
    api::Json out;
    std::string error;
    if (!api::ParseJson(bytes, out, error)) return nullptr;
    return out;
}

}  // namespace portal::server::testing
