// ReadFile: binary-safe, one read of the whole file.
#include "server/files.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace portal::server {

bool ReadFile(const std::string& path, std::string& out, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot read " + path + ": " + std::strerror(errno);
        return false;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) {
        error = "cannot read " + path;
        return false;
    }
    out = std::move(buffer).str();
    return true;
}

}  // namespace portal::server
