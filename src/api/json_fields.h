// Reading JSON into structs without exceptions (the wasm build has none): every accessor checks
// the type first and records a FieldError naming the path ("lines[2].sku") when it is wrong.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace portal::api {

using Json = nlohmann::json;

struct FieldError {
    std::string field;    // JSON path of the field, e.g. "endCustomer.email"
    std::string message;  // what is wrong with it, in plain words
};

// Parses text; on malformed JSON returns false and sets error.
bool ParseJson(std::string_view text, Json& out, std::string& error);

// Reads the members of one JSON object, collecting every problem instead of stopping at the first.
class FieldReader {
  public:
    FieldReader(const Json& value, std::string path, std::vector<FieldError>& errors);

    bool IsObject() const { return object_ != nullptr; }
    std::string PathOf(std::string_view key) const;

    bool String(std::string_view key, std::string& out, bool required = true);
    bool Int(std::string_view key, int& out, bool required = true);
    bool Int64(std::string_view key, long long& out, bool required = true);
    bool Double(std::string_view key, double& out, bool required = true);
    bool Bool(std::string_view key, bool& out, bool required = true);
    bool StringList(std::string_view key, std::vector<std::string>& out, bool required = true);
    // The member if it is an array / object; records an error (when required) otherwise.
    const Json* Array(std::string_view key, bool required = true);
    const Json* Object(std::string_view key, bool required = true);

    void Fail(std::string_view key, std::string message);

  private:
    const Json* Member(std::string_view key, bool required);

    const Json* object_ = nullptr;
    std::string path_;
    std::vector<FieldError>& errors_;
};

// "lines" + 2 -> "lines[2]"
std::string IndexPath(const std::string& path, size_t index);

}  // namespace portal::api
