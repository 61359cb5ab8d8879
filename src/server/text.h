// Small text helpers the server's request parsing shares (headers, query parameters, typed
// settings): ASCII lower case and trimming. In their own namespace so that a file's local helper
// of the same name never makes a call ambiguous.
#pragma once

#include <cctype>
#include <string>

namespace portal::server::text {

// ASCII lower case; other bytes (UTF-8 included) are kept as they are.
inline std::string Lower(std::string text) {
    for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

// ASCII upper case; other bytes (UTF-8 included) are kept as they are.
inline std::string Upper(std::string text) {
    for (char& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

// text without the leading and trailing characters of space.
inline std::string Trim(const std::string& text, const char* space = " \t\r\n") {
    size_t begin = text.find_first_not_of(space);
    if (begin == std::string::npos) return {};
    size_t end = text.find_last_not_of(space);
    return text.substr(begin, end - begin + 1);
}

}  // namespace portal::server::text
