// Demo data: JSON -> DemoData (with every problem named by its path), then into the Store.
#include "server/demo_data.h"

#include "server/files.h"
#include "server/log.h"
#include "server/store.h"

namespace portal::server {

using api::FieldError;
using api::FieldReader;
using api::IndexPath;
using api::Json;

namespace {

void ReadRoom(const Json& json, const std::string& path, DemoRoom& room,
              std::vector<FieldError>& errors) {
    FieldReader reader(json, path, errors);
    reader.String("id", room.id);
    reader.String("name", room.name);
    reader.String("site", room.site);
    reader.String("country", room.country);
    if (reader.Int("capacity", room.capacity) && room.capacity < 0) {
        reader.Fail("capacity", "must not be negative");
    }
}

void ReadAccount(const Json& json, const std::string& path, DemoAccount& account,
                 std::vector<FieldError>& errors) {
    FieldReader reader(json, path, errors);
    reader.String("id", account.id);
    reader.String("name", account.name);
    if (reader.String("kind", account.kind) && account.kind != "headquarters" &&
        account.kind != "site") {
        reader.Fail("kind", "must be \"headquarters\" or \"site\"");
    }
    reader.String("country", account.country);
    if (const Json* rooms = reader.Array("rooms")) {
        for (size_t i = 0; i < rooms->size(); ++i) {
            ReadRoom((*rooms)[i], IndexPath(reader.PathOf("rooms"), i),
                     account.rooms.emplace_back(), errors);
        }
    }
}

}  // namespace

bool DemoFromJson(const Json& json, DemoData& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    if (const Json* parents = root.Array("parentEntities")) {
        for (size_t i = 0; i < parents->size(); ++i) {
            std::string path = IndexPath("parentEntities", i);
            DemoParentEntity& parent = out.parent_entities.emplace_back();
            FieldReader reader((*parents)[i], path, errors);
            reader.String("id", parent.id);
            reader.String("name", parent.name);
            if (const Json* accounts = reader.Array("accounts")) {
                for (size_t j = 0; j < accounts->size(); ++j) {
                    ReadAccount((*accounts)[j], IndexPath(reader.PathOf("accounts"), j),
                                parent.accounts.emplace_back(), errors);
                }
            }
        }
    }
    return errors.size() == before;
}

bool LoadDemoFile(const std::string& path, DemoData& out, std::string& error) {
    std::string text;
    if (!ReadFile(path, text, error)) return false;
    Json json;
    std::string parse_error;
    if (!api::ParseJson(text, json, parse_error)) {
        error = path + ": " + parse_error;
        return false;
    }
    std::vector<FieldError> problems;
    if (!DemoFromJson(json, out, problems)) {
        error = path + " is not valid demo data:";
        for (const FieldError& problem : problems) {
            error += "\n  " + problem.field + ": " + problem.message;
        }
        return false;
    }
    return true;
}

bool SeedDemoIfEmpty(Store& store, const std::string& assets_dir, Logger& logger,
                     std::string& error) {
    bool empty = false;
    if (!store.IsEmpty(empty, error)) return false;
    if (!empty) {
        logger.Info("demo data: database already populated, left as is");
        return true;
    }
    DemoData demo;
    std::string path = assets_dir + "/demo/demo.json";
    if (!LoadDemoFile(path, demo, error)) return false;
    bool loaded = false;
    if (!store.LoadDemo(demo, loaded, error)) return false;
    if (loaded) logger.Info("demo data: loaded " + path);
    return true;
}

}  // namespace portal::server
