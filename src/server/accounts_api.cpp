#include "server/api_support.h"

namespace portal::server {

void RegisterAccountRoutes(Server&, ApiContext&) {}

}  // namespace portal::server
