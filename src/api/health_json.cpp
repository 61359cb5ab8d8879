#include "api/health_json.h"

namespace portal::api {

Json HealthToJson(const Health& health) {
    return {
        {"status", health.status},
        {"version", health.version},
        {"database",
         {{"state", health.database.state},
          {"schemaVersion", health.database.schema_version},
          {"backend", health.database.backend}}}};
}

bool HealthFromJson(const Json& json, Health& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader root(json, "", errors);
    root.String("status", out.status);
    root.String("version", out.version);
    if (const Json* database = root.Object("database")) {
        FieldReader db(*database, "database", errors);
        db.String("state", out.database.state);
        db.Int("schemaVersion", out.database.schema_version);
        db.String("backend", out.database.backend);
    }
    return errors.size() == before;
}

}  // namespace portal::api
