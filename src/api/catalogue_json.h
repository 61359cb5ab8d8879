// The catalogue (core/catalogue.h) as JSON: assets/catalogue.json and GET /api/v1/catalogue.
#pragma once

#include "api/json_fields.h"
#include "core/catalogue.h"

namespace portal::api {

Json CatalogueToJson(const Catalogue& catalogue);

// Reads and checks a catalogue: shape errors and consistency problems (CheckCatalogue) both
// land in errors, each naming its path. Returns true when there are none.
bool CatalogueFromJson(const Json& json, Catalogue& out, std::vector<FieldError>& errors);

}  // namespace portal::api
