// Fuzz target: the JSON body readers of the API's requests, and the checks that follow them
// where those are pure. The first byte picks the route (kRoutes, append only), the rest is the
// body. Routes whose body is read inside their handler (people, SSO, support) are reached by
// fuzz_server_requests instead.
#include <string>
#include <vector>

#include "api/alerts_json.h"
#include "api/catalogue_json.h"
#include "api/error_json.h"
#include "api/json_fields.h"
#include "api/kiosk_json.h"
#include "api/model_json.h"
#include "api/people_json.h"
#include "api/support_json.h"
#include "api/telemetry_json.h"
#include "core/engine.h"
#include "fuzz_input.h"
#include "server/catalogue_file.h"
#include "server/demo_data.h"
#include "server/room_import.h"

namespace {

using portal::api::FieldError;
using portal::api::Json;
namespace api = portal::api;

const portal::Catalogue& ShippedCatalogue() {
    static const portal::Catalogue catalogue = [] {
        portal::Catalogue loaded;
        std::string error;
        if (!portal::server::LoadCatalogueFile(PORTAL_ASSETS_DIR "/catalogue.json", loaded,
                                               error)) {
            __builtin_trap();  // the target's set-up is broken, not the code under test
        }
        return loaded;
    }();
    return catalogue;
}

using Reader = void (*)(const Json& body, std::vector<FieldError>& errors);

struct Route {
    const char* name;
    Reader read;
};

// Append only: a corpus file's first byte is an index into this table.
const Route kRoutes[] = {
    {"POST /api/v1/auth/login",
     [](const Json& body, std::vector<FieldError>& errors) {
         api::LoginRequest login;
         api::LoginRequestFromJson(body, login, errors);
     }},
    {"POST /api/v1/orders",
     [](const Json& body, std::vector<FieldError>& errors) {
         portal::Order order;
         api::OrderFromJson(body, order, errors);
         if (errors.empty()) portal::ValidateOrder(ShippedCatalogue(), order);
     }},
    {"POST /api/v1/accounts/{id}/rooms",
     [](const Json& body, std::vector<FieldError>& errors) {
         portal::Room room;
         api::RoomFromJson(body, room, errors);
         if (errors.empty()) portal::server::CheckRoomFields(room, "", errors);
     }},
    {"POST /api/v1/accounts/{id}/rooms/import",
     [](const Json& body, std::vector<FieldError>& errors) {
         std::vector<portal::Room> rooms;
         portal::server::RoomsFromJson(body, rooms, errors);
         for (size_t i = 0; i < rooms.size() && errors.size() < 100; ++i) {
             portal::server::CheckRoomFields(rooms[i], "rooms[" + std::to_string(i) + "]", errors);
         }
     }},
    {"POST /api/v1/accounts/{id}/kiosk-links",
     [](const Json& body, std::vector<FieldError>& errors) {
         api::KioskLinkRequest request;
         api::KioskLinkRequestFromJson(body, request, errors);
     }},
    {"POST /api/v1/accounts/{id}/alert-rules",
     [](const Json& body, std::vector<FieldError>& errors) {
         api::AlertRuleRequest request;
         api::AlertRuleRequestFromJson(body, true, request, errors);
     }},
    {"PATCH /api/v1/alert-rules/{id}",
     [](const Json& body, std::vector<FieldError>& errors) {
         api::AlertRuleRequest request;
         api::AlertRuleRequestFromJson(body, false, request, errors);
     }},
    {"POST /api/v1/accounts/{id}/alert-channels",
     [](const Json& body, std::vector<FieldError>& errors) {
         api::ChannelRequest request;
         api::ChannelRequestFromJson(body, true, request, errors);
     }},
    {"PATCH /api/v1/alert-channels/{id}",
     [](const Json& body, std::vector<FieldError>& errors) {
         api::ChannelRequest request;
         api::ChannelRequestFromJson(body, false, request, errors);
     }},
    {"POST /api/v1/accounts/{id}/silences",
     [](const Json& body, std::vector<FieldError>& errors) {
         api::Silence silence;
         api::SilenceRequestFromJson(body, silence, errors);
     }},
    {"POST /api/v1/telemetry",
     [](const Json& body, std::vector<FieldError>& errors) {
         portal::telemetry::Batch batch;
         api::BatchFromJson(body, batch, errors);
     }},
    {"POST /api/v1/accounts/{id}/tickets",
     [](const Json& body, std::vector<FieldError>& errors) {
         api::NewTicket ticket;
         api::NewTicketFromJson(body, false, ticket, errors);
     }},
    {"POST /api/v1/rooms/{id}/tickets",
     [](const Json& body, std::vector<FieldError>& errors) {
         api::NewTicket ticket;
         api::NewTicketFromJson(body, true, ticket, errors);
     }},
    {"POST /api/v1/tickets/{id}/comments",
     [](const Json& body, std::vector<FieldError>& errors) {
         api::CommentRequest comment;
         api::CommentRequestFromJson(body, comment, errors);
     }},
    {"PATCH /api/v1/tickets/{id}",
     [](const Json& body, std::vector<FieldError>& errors) {
         api::TicketPatch patch;
         api::TicketPatchFromJson(body, patch, errors);
     }},
    {"assets/catalogue.json",
     [](const Json& body, std::vector<FieldError>& errors) {
         portal::Catalogue catalogue;
         api::CatalogueFromJson(body, catalogue, errors);
     }},
    {"assets/demo/*.json",
     [](const Json& body, std::vector<FieldError>& errors) {
         portal::server::DemoData demo;
         portal::server::DemoFromJson(body, demo, errors);
     }},
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string_view input = portal::fuzz::Text(data, size);
    size_t row = 0;
    if (!portal::fuzz::Select(input, std::size(kRoutes), row)) return 0;
    Json body;
    std::string parse_error;
    if (!api::ParseJson(input, body, parse_error)) return 0;
    std::vector<FieldError> errors;
    kRoutes[row].read(body, errors);
    return 0;
}
