// Reads the catalogue through api::CatalogueFromJson, which checks shape and consistency.
#include "server/catalogue_file.h"

#include "api/catalogue_json.h"
#include "server/files.h"

namespace portal::server {

bool LoadCatalogueFile(const std::string& path, Catalogue& out, std::string& error) {
    std::string text;
    if (!ReadFile(path, text, error)) return false;
    api::Json json;
    std::string parse_error;
    if (!api::ParseJson(text, json, parse_error)) {
        error = path + ": " + parse_error;
        return false;
    }
    std::vector<api::FieldError> problems;
    if (!api::CatalogueFromJson(json, out, problems)) {
        error = path + " is not a valid catalogue:";
        for (const api::FieldError& problem : problems) {
            error += "\n  " + (problem.field.empty() ? "(root)" : problem.field) + ": " +
                     problem.message;
        }
        return false;
    }
    return true;
}

}  // namespace portal::server
