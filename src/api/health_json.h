// GET /api/v1/health: the server's version and the state of its database.
#pragma once

#include <string>

#include "api/json_fields.h"

namespace portal::api {

struct DatabaseHealth {
    std::string state;  // "ok" or "unavailable"
    int schema_version = 0;
    std::string backend;  // "sqlite" or "postgresql"
};

struct Health {
    std::string status;   // "ok" or "degraded"
    std::string version;  // the server's version, e.g. "0.1.0"
    DatabaseHealth database;
};

Json HealthToJson(const Health& health);
bool HealthFromJson(const Json& json, Health& out, std::vector<FieldError>& errors);

}  // namespace portal::api
