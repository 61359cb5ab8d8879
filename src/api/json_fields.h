// Reading JSON into structs without exceptions (the wasm build has none): every accessor checks
// the type first and records a FieldError naming the path ("lines[2].sku") when it is wrong.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace portal::api {

using Json = nlohmann::json;

struct FieldError {
    std::string field;    // JSON path of the field, e.g. "endCustomer.email"
    std::string message;  // what is wrong with it, in plain words
};

// Parses text; on malformed JSON, or arrays and objects nested deeper than 64 levels, returns
// false and sets error.
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

// [SECTION] Members the documents share

// Ids (core's Id, int64_t: not long long everywhere). A nullable id is 0 when null, both ways.
Json NullableId(std::int64_t id);
void ReadId(FieldReader& reader, std::string_view key, std::int64_t& out);
std::int64_t ReadNullableId(FieldReader& reader, std::string_view key);

// Times (core's telemetry::Seconds) as ISO 8601 UTC text, null when unset. ReadIsoTime leaves
// `out` empty when the member is absent or null (an error only when required).
Json IsoOrNull(std::optional<std::int64_t> time);
bool ReadIsoTime(FieldReader& reader, std::string_view key, std::optional<std::int64_t>& out,
                 bool required);

// Lists whose wrong entries are each named "key[i]" with `message`: positive ids, non-empty
// strings. False when the list is missing (and required) or holds a wrong entry.
bool ReadPositiveIds(FieldReader& reader, std::string_view key, std::vector<std::int64_t>& out,
                     bool required, const char* message);
bool ReadNonEmptyStrings(FieldReader& reader, std::string_view key, std::vector<std::string>& out,
                         bool required, const char* message);

// Reads each object of the array `key` with read(FieldReader&, T&), naming fields
// "key[i].field"; an entry that is not an object is named and skipped.
template <typename T, typename Read>
void ReadEach(FieldReader& reader, const char* key, std::vector<T>& out,
              std::vector<FieldError>& errors, bool required, Read read) {
    out.clear();
    const Json* list = reader.Array(key, required);
    if (!list) return;
    out.reserve(list->size());
    for (size_t i = 0; i < list->size(); ++i) {
        FieldReader entry((*list)[i], IndexPath(key, i), errors);
        if (!entry.IsObject()) continue;
        read(entry, out.emplace_back());
    }
}

// The document {key: [write(item), ...]}, as ReadDocuments reads it.
template <typename T, typename Write>
Json DocumentsToJson(const char* key, const std::vector<T>& items, Write write) {
    Json list = Json::array();
    for (const T& item : items) list.push_back(write(item));
    return {{key, std::move(list)}};
}

// A document {key: [...]} whose entries are each read by read(const Json&, T&, errors) (a
// *FromJson), their errors prefixed with "key[i]." (an entry that is not an object: "key[i]").
template <typename T, typename Read>
bool ReadDocuments(const Json& json, const char* key, std::vector<T>& out,
                   std::vector<FieldError>& errors, Read read) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    out.clear();
    const Json* list = reader.Array(key);
    if (!list) return false;
    out.reserve(list->size());
    for (size_t i = 0; i < list->size(); ++i) {
        std::vector<FieldError> entry_errors;
        read((*list)[i], out.emplace_back(), entry_errors);
        for (FieldError& error : entry_errors) {
            error.field = IndexPath(key, i) + (error.field == "(body)" ? "" : "." + error.field);
            errors.push_back(std::move(error));
        }
    }
    return errors.size() == before;
}

}  // namespace portal::api
