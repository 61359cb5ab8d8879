// Loading <assets>/catalogue.json at start: the server refuses to start on any problem.
#pragma once

#include <string>

#include "core/catalogue.h"

namespace portal::server {

// On failure error holds the file name, then one "  path: message" line per problem.
bool LoadCatalogueFile(const std::string& path, Catalogue& out, std::string& error);

}  // namespace portal::server
