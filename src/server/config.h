// The server's configuration: defaults, then PORTAL_* environment variables, then command-line
// flags. ParseConfig is pure (the environment comes in as a function) so that tests cover it.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace portal::server {

struct Config {
    std::string bind = "127.0.0.1";
    int port = 8080;  // 0: any free port, chosen when the server binds
    std::string db_path = "portal.db";
    std::string web_root;            // empty: no static files, API only
    std::string public_url;          // empty until resolved: http://<bind>:<port>
    std::string log_level = "info";  // debug, info, warn, error
    bool demo = false;               // load assets/demo/demo.json into an empty database
    std::string assets_dir;          // catalogue.json and demo/; defaults to the source tree's
    size_t max_body_bytes = 1024 * 1024;

    Config();
};

enum class ParseOutcome { Run, Help, Error };

// Looks an environment variable up; nullopt when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const char* name)>;

// args excludes the program name. On Error, error names the flag or variable at fault.
ParseOutcome ParseConfig(const std::vector<std::string>& args, const EnvLookup& env, Config& config,
                         std::string& error);

// The environment of this process, for main().
std::optional<std::string> ProcessEnv(const char* name);

std::string ConfigUsage();

// "http://<bind>:<port>", with IPv6 addresses in brackets.
std::string UrlFor(const std::string& host, int port);

}  // namespace portal::server
