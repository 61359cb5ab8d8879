// Writing JSON text straight into a string, for the answers that are large and frequent (a room
// list): no tree of nodes to allocate and walk as nlohmann::json builds. Commas are placed by
// the writer; the caller keeps objects and arrays balanced.
//
//   JsonWriter out;
//   out.BeginObject().Key("rooms").BeginArray();
//   out.BeginObject().Key("id").Int(12).Key("name").String("Salle Étoile").EndObject();
//   out.EndArray().EndObject();
//   std::string text = out.Take();
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace portal::api {

class JsonWriter {
  public:
    JsonWriter& BeginObject() { return Open('{'); }
    JsonWriter& EndObject() { return Close('}'); }
    JsonWriter& BeginArray() { return Open('['); }
    JsonWriter& EndArray() { return Close(']'); }
    JsonWriter& Key(std::string_view key);
    JsonWriter& String(std::string_view text);
    JsonWriter& Int(int64_t value);
    JsonWriter& Bool(bool value);
    JsonWriter& Null();
    // Already-serialised JSON (from nlohmann::json::dump or another writer), written as it is.
    JsonWriter& Raw(std::string_view json);

    void Reserve(size_t bytes) { text_.reserve(bytes); }
    std::string Take() { return std::move(text_); }

  private:
    JsonWriter& Open(char bracket);
    JsonWriter& Close(char bracket);
    void Separate();
    void Quoted(std::string_view text);

    std::string text_;
    bool first_ = true;       // nothing written yet in the current object or array
    bool after_key_ = false;  // a value follows its key: no comma
};

}  // namespace portal::api
