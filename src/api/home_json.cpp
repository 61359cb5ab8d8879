// The fleet's home <-> JSON (issue 16). No exceptions (the wasm build has none): FieldReader
// names each bad field. Counts left out are 0; ids and the lists' shapes are required.
#include "api/home_json.h"

namespace portal::api {

namespace {

// A count that may be left out (0 then); a wrong type is named.
int Count(FieldReader& reader, const char* key) {
    int value = 0;
    reader.Int(key, value, /*required=*/false);
    return value;
}

// The count `key` of the object `group` ({"rooms":{"total":3}}), 0 when either is left out.
int CountIn(FieldReader& reader, const char* group, const char* key,
            std::vector<FieldError>& errors) {
    const Json* object = reader.Object(group, /*required=*/false);
    if (!object) return 0;
    FieldReader inner(*object, reader.PathOf(group), errors);
    return Count(inner, key);
}

std::string Text(FieldReader& reader, const char* key) {
    std::string value;
    reader.String(key, value, /*required=*/false);
    return value;
}

void ReadGettingStarted(FieldReader& reader, AccountHome& out, std::vector<FieldError>& errors) {
    out.getting_started_show = false;
    out.steps.clear();
    const Json* object = reader.Object("gettingStarted", /*required=*/false);
    if (!object) return;
    FieldReader started(*object, "gettingStarted", errors);
    started.Bool("show", out.getting_started_show, /*required=*/false);
    ReadEach(started, "steps", out.steps, errors, /*required=*/false,
             [](FieldReader& step, HomeStep& read) {
                 step.String("id", read.id);
                 step.Bool("done", read.done, /*required=*/false);
             });
}

void ReadHomeRow(FieldReader& reader, HomeRow& out, std::vector<FieldError>& errors) {
    long long id = 0;
    if (reader.Int64("accountId", id) && id <= 0) reader.Fail("accountId", "must be positive");
    out.account_id = id;
    reader.String("name", out.name);
    out.parent_name = Text(reader, "parentName");
    out.role = Text(reader, "role");
    out.via = Text(reader, "via");
    out.partner_name = Text(reader, "partnerName");
    out.rooms_total = CountIn(reader, "rooms", "total", errors);
    out.rooms_licensed = CountIn(reader, "rooms", "licensed", errors);
    out.rooms_offline = CountIn(reader, "rooms", "offline", errors);
    out.alerts_firing = CountIn(reader, "alerts", "firing", errors);
    out.tickets_open = CountIn(reader, "tickets", "open", errors);
    out.tickets_breached = CountIn(reader, "tickets", "breached", errors);
    out.licenses_free = Count(reader, "licensesFree");
    out.contracts_starting_soon = CountIn(reader, "contracts", "startingSoon", errors);
    out.contracts_ending_soon = CountIn(reader, "contracts", "endingSoon", errors);
    out.contracts_cancellable = CountIn(reader, "contracts", "cancellable", errors);
    out.devices_warranty_ending_soon = CountIn(reader, "devices", "warrantyEndingSoon", errors);
    out.attention = Count(reader, "attention");
}

}  // namespace

bool AccountHomeFromJson(const Json& json, AccountHome& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) {
        errors.push_back({"(body)", "must be an object"});
        return false;
    }
    ReadId(reader, "accountId", out.account_id);
    out.name = Text(reader, "name");
    out.as_of = Text(reader, "asOf");
    out.rooms.total = CountIn(reader, "rooms", "total", errors);
    out.rooms.licensed = CountIn(reader, "rooms", "licensed", errors);
    out.rooms.unlicensed = CountIn(reader, "rooms", "unlicensed", errors);
    out.rooms.offline = CountIn(reader, "rooms", "offline", errors);
    out.rooms.in_meeting = CountIn(reader, "rooms", "inMeeting", errors);
    out.alerts_firing = CountIn(reader, "alerts", "firing", errors);
    out.tickets_open = CountIn(reader, "tickets", "open", errors);
    out.tickets_breached = CountIn(reader, "tickets", "breached", errors);
    ReadEach(reader, "licenses", out.licenses, errors, /*required=*/false,
             [](FieldReader& entry, HomeLicenses& read) {
                 entry.String("program", read.program);
                 read.free = Count(entry, "free");
                 read.assigned = Count(entry, "assigned");
                 read.total = Count(entry, "total");
             });
    out.contracts_starting_soon = CountIn(reader, "contracts", "startingSoon", errors);
    out.contracts_ending_soon = CountIn(reader, "contracts", "endingSoon", errors);
    out.contracts_cancellable = CountIn(reader, "contracts", "cancellable", errors);
    out.devices_total = CountIn(reader, "devices", "total", errors);
    out.devices_warranty_ending_soon = CountIn(reader, "devices", "warrantyEndingSoon", errors);
    ReadGettingStarted(reader, out, errors);
    return errors.size() == before;
}

bool HomeRowsFromJson(const Json& json, std::vector<HomeRow>& out,
                      std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) {
        errors.push_back({"(body)", "must be an object"});
        return false;
    }
    ReadEach(reader, "accounts", out, errors, /*required=*/true,
             [&errors](FieldReader& entry, HomeRow& read) { ReadHomeRow(entry, read, errors); });
    return errors.size() == before;
}

bool OperatorHomeFromJson(const Json& json, OperatorHome& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) {
        errors.push_back({"(body)", "must be an object"});
        return false;
    }
    out.unmatched_orders = Count(reader, "unmatchedOrders");
    out.critical_tickets = Count(reader, "criticalTickets");
    out.pending_invitations = Count(reader, "pendingInvitations");
    out.orders.clear();
    // The orders as the intake page lists them; one the intake's reader finds wanting still
    // shows what it has (the figures above it are what the home is for).
    std::vector<FieldError> order_problems;
    if (reader.Array("orders", /*required=*/false)) {
        OrderListFromJson(json, out.orders, order_problems);
    }
    ReadEach(reader, "tickets", out.tickets, errors, /*required=*/false,
             [](FieldReader& entry, OperatorTicket& read) {
                 ReadId(entry, "id", read.id);
                 read.account_id = ReadNullableId(entry, "accountId");
                 read.account_name = Text(entry, "accountName");
                 read.subject = Text(entry, "subject");
                 read.status = Text(entry, "status");
                 read.due_at = Text(entry, "dueAt");
                 entry.Bool("breached", read.breached, /*required=*/false);
             });
    ReadEach(reader, "invitations", out.invitations, errors, /*required=*/false,
             [](FieldReader& entry, OperatorInvitation& read) {
                 ReadId(entry, "id", read.id);
                 read.account_id = ReadNullableId(entry, "accountId");
                 read.account_name = Text(entry, "accountName");
                 read.email = Text(entry, "email");
                 read.created_at = Text(entry, "createdAt");
                 read.expires_at = Text(entry, "expiresAt");
             });
    return errors.size() == before;
}

}  // namespace portal::api
