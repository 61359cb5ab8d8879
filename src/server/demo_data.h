// Demo data (assets/demo/demo.json): parent entities -> accounts -> rooms, loaded into an empty
// database on first start when the server runs with PORTAL_DEMO=1.
#pragma once

#include <string>
#include <vector>

#include "api/json_fields.h"

namespace portal::server {

class Logger;
class Store;

struct DemoRoom {
    std::string id;
    std::string name;
    std::string site;
    std::string country;
    int capacity = 0;
};

struct DemoAccount {
    std::string id;
    std::string name;
    std::string kind;  // "headquarters" or "site"
    std::string country;
    std::vector<DemoRoom> rooms;
};

struct DemoParentEntity {
    std::string id;
    std::string name;
    std::vector<DemoAccount> accounts;
};

struct DemoData {
    std::vector<DemoParentEntity> parent_entities;
};

bool DemoFromJson(const api::Json& json, DemoData& out, std::vector<api::FieldError>& errors);

// Reads and parses a demo file; error lists each "path: message".
bool LoadDemoFile(const std::string& path, DemoData& out, std::string& error);

// First start with demo on: loads <assets>/demo/demo.json when the store has no parent entity.
// A populated database is left alone, so restarts never duplicate anything.
bool SeedDemoIfEmpty(Store& store, const std::string& assets_dir, Logger& logger,
                     std::string& error);

}  // namespace portal::server
