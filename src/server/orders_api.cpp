#include "server/api_support.h"

namespace portal::server {

void RegisterOrderRoutes(Server&, ApiContext&) {}

}  // namespace portal::server
