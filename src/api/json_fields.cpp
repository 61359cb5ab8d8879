#include "api/json_fields.h"

#include <limits>
#include <string>

#include "core/telemetry.h"

namespace portal::api {

namespace {

// Deeper than any body or answer of the portal: what nests deeper is refused before parsing, so
// that nothing walking a parsed value recursively can be made to exhaust its stack.
constexpr int kMaxJsonDepth = 64;

// Whether text's arrays and objects nest deeper than kMaxJsonDepth (brackets inside strings do
// not count). One pass, no allocation; malformed text is left to the parser.
bool NestsTooDeep(std::string_view text) {
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth) return true;
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return false;
}

}  // namespace

bool ParseJson(std::string_view text, Json& out, std::string& error) {
    if (NestsTooDeep(text)) {
        out = Json();
        error = "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels";
        return false;
    }
    out = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (out.is_discarded()) {
        error = text.empty() ? "empty body" : "malformed JSON";
        return false;
    }
    return true;
}

std::string IndexPath(const std::string& path, size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

FieldReader::FieldReader(const Json& value, std::string path, std::vector<FieldError>& errors)
    : path_(std::move(path)), errors_(errors) {
    if (value.is_object()) {
        object_ = &value;
    } else {
        errors_.push_back({path_.empty() ? "(body)" : path_, "must be a JSON object"});
    }
}

std::string FieldReader::PathOf(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void FieldReader::Fail(std::string_view key, std::string message) {
    errors_.push_back({PathOf(key), std::move(message)});
}

const Json* FieldReader::Member(std::string_view key, bool required) {
    if (!object_) return nullptr;
    auto it = object_->find(key);
    if (it == object_->end() || it->is_null()) {
        if (required) Fail(key, "is required");
        return nullptr;
    }
    return &*it;
}

bool FieldReader::String(std::string_view key, std::string& out, bool required) {
    const Json* member = Member(key, required);
    if (!member) return false;
    if (!member->is_string()) {
        Fail(key, "must be a string");
        return false;
    }
    out = member->get_ref<const std::string&>();
    return true;
}

bool FieldReader::Int64(std::string_view key, long long& out, bool required) {
    const Json* member = Member(key, required);
    if (!member) return false;
    if (!member->is_number_integer()) {
        Fail(key, "must be a whole number");
        return false;
    }
    out = member->get<long long>();
    return true;
}

bool FieldReader::Int(std::string_view key, int& out, bool required) {
    long long wide = 0;
    if (!Int64(key, wide, required)) return false;
    if (wide < std::numeric_limits<int>::min() || wide > std::numeric_limits<int>::max()) {
        Fail(key, "is out of range");
        return false;
    }
    out = static_cast<int>(wide);
    return true;
}

bool FieldReader::Double(std::string_view key, double& out, bool required) {
    const Json* member = Member(key, required);
    if (!member) return false;
    if (!member->is_number()) {
        Fail(key, "must be a number");
        return false;
    }
    out = member->get<double>();
    return true;
}

bool FieldReader::Bool(std::string_view key, bool& out, bool required) {
    const Json* member = Member(key, required);
    if (!member) return false;
    if (!member->is_boolean()) {
        Fail(key, "must be true or false");
        return false;
    }
    out = member->get<bool>();
    return true;
}

bool FieldReader::StringList(std::string_view key, std::vector<std::string>& out, bool required) {
    const Json* member = Member(key, required);
    if (!member) return false;
    if (!member->is_array()) {
        Fail(key, "must be a list of strings");
        return false;
    }
    out.clear();
    for (size_t i = 0; i < member->size(); ++i) {
        const Json& item = (*member)[i];
        if (!item.is_string()) {
            errors_.push_back({IndexPath(PathOf(key), i), "must be a string"});
            return false;
        }
        out.push_back(item.get_ref<const std::string&>());
    }
    return true;
}

const Json* FieldReader::Array(std::string_view key, bool required) {
    const Json* member = Member(key, required);
    if (member && !member->is_array()) {
        Fail(key, "must be a list");
        return nullptr;
    }
    return member;
}

const Json* FieldReader::Object(std::string_view key, bool required) {
    const Json* member = Member(key, required);
    if (member && !member->is_object()) {
        Fail(key, "must be an object");
        return nullptr;
    }
    return member;
}

// [SECTION] Members the documents share

Json NullableId(std::int64_t id) {
    if (id == 0) return nullptr;
    return id;
}

void ReadId(FieldReader& reader, std::string_view key, std::int64_t& out) {
    long long id = 0;
    if (reader.Int64(key, id)) out = static_cast<std::int64_t>(id);
}

std::int64_t ReadNullableId(FieldReader& reader, std::string_view key) {
    long long id = 0;
    return reader.Int64(key, id, false) ? static_cast<std::int64_t>(id) : 0;
}

Json IsoOrNull(std::optional<std::int64_t> time) {
    if (!time) return nullptr;
    return telemetry::FormatUtcTime(*time);
}

bool ReadIsoTime(FieldReader& reader, std::string_view key, std::optional<std::int64_t>& out,
                 bool required) {
    out.reset();
    std::string text;
    if (!reader.String(key, text, required)) return false;
    telemetry::Seconds seconds = 0;
    if (!telemetry::ParseUtcTime(text, seconds)) {
        reader.Fail(key, "must be an ISO 8601 UTC time such as 2026-11-20T09:15:00Z");
        return false;
    }
    out = seconds;
    return true;
}

namespace {

// The entries of the array `key` that take(entry, out) accepts; each it refuses is named
// "key[i]" with `message`.
template <typename T, typename Take>
bool ReadEntries(FieldReader& reader, std::string_view key, std::vector<T>& out, bool required,
                 const char* message, Take take) {
    out.clear();
    const Json* list = reader.Array(key, required);
    if (!list) return false;
    bool ok = true;
    for (size_t i = 0; i < list->size(); ++i) {
        if (!take((*list)[i], out)) {
            reader.Fail(IndexPath(std::string(key), i), message);
            ok = false;
        }
    }
    return ok;
}

}  // namespace

bool ReadPositiveIds(FieldReader& reader, std::string_view key, std::vector<std::int64_t>& out,
                     bool required, const char* message) {
    return ReadEntries(reader, key, out, required, message,
                       [](const Json& item, std::vector<std::int64_t>& ids) {
                           if (!item.is_number_integer() || item.get<long long>() <= 0) {
                               return false;
                           }
                           ids.push_back(item.get<long long>());
                           return true;
                       });
}

bool ReadNonEmptyStrings(FieldReader& reader, std::string_view key, std::vector<std::string>& out,
                         bool required, const char* message) {
    return ReadEntries(reader, key, out, required, message,
                       [](const Json& item, std::vector<std::string>& texts) {
                           if (!item.is_string() || item.get_ref<const std::string&>().empty()) {
                               return false;
                           }
                           texts.push_back(item.get<std::string>());
                           return true;
                       });
}

}  // namespace portal::api
