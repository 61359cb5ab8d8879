#include "api/model_json.h"

namespace portal::api {

namespace {

void ReadDate(FieldReader& reader, std::string_view key, Date& out, bool required) {
    std::string text;
    if (!reader.String(key, text, required)) return;
    if (!ParseDate(text, out)) reader.Fail(key, "must be a date YYYY-MM-DD");
}

void ReadAddress(const Json& json, const std::string& path, Address& out,
                 std::vector<FieldError>& errors) {
    FieldReader reader(json, path, errors);
    reader.String("line1", out.line1);
    reader.String("city", out.city);
    reader.String("postalCode", out.postal_code);
    reader.String("country", out.country);
    std::string kind = "headquarters";
    if (reader.String("kind", kind, /*required=*/false) && !AccountKindFrom(kind, out.kind)) {
        reader.Fail("kind", "must be \"headquarters\" or \"site\"");
    }
}

void ReadParty(FieldReader& parent, std::string_view key, Party& out, bool company,
               std::vector<FieldError>& errors) {
    const Json* json = parent.Object(key);
    if (!json) return;
    FieldReader reader(*json, parent.PathOf(key), errors);
    reader.String("name", out.name);
    reader.String("email", out.email);
    if (company) reader.String("company", out.company);
    if (const Json* address = reader.Object("address")) {
        ReadAddress(*address, reader.PathOf("address"), out.address, errors);
    }
}

}  // namespace

Json ContractToJson(const Contract& contract, const ContractView& view) {
    return {{"id", contract.id},
            {"orderId", contract.order_id},
            {"poNumber", contract.po_number},
            {"program", contract.program},
            {"sku", contract.sku},
            {"quantity", contract.quantity},
            {"assigned", view.assigned},
            {"free", view.free},
            {"startDate", contract.cancelled ? Json(nullptr) : Json(FormatDate(view.start))},
            {"endDate", contract.cancelled ? Json(nullptr) : Json(FormatDate(view.end))},
            {"status", ContractStatusId(view.status)},
            {"daysLeft", view.days_left}};
}

Json RoomToJson(const Room& room) {
    return {{"id", room.id},
            {"accountId", room.account_id},
            {"name", room.name},
            {"site", room.site},
            {"country", room.country},
            {"capacity", room.capacity},
            {"timeZone", room.time_zone.empty() ? Json(nullptr) : Json(room.time_zone)},
            {"version", room.version}};
}

Json DeviceToJson(const Device& device) {
    return {{"serial", device.serial},
            {"accountId", device.account_id},
            {"product", device.product},
            {"roomId", device.room_id == 0 ? Json(nullptr) : Json(device.room_id)},
            {"purchaseDate", FormatDate(device.purchase_date)}};
}

Json AssignmentToJson(const Assignment& assignment) {
    return {
        {"id", assignment.id},
        {"contractId", assignment.contract_id},
        {"slot", assignment.slot},
        {"roomId", assignment.room_id},
        {"assignedOn", FormatDate(assignment.assigned_on)},
        {"releasedOn",
         assignment.released_on ? Json(FormatDate(*assignment.released_on)) : Json(nullptr)},
        {"releaseReason", assignment.released_on ? Json(ReleaseReasonId(assignment.release_reason))
                                                 : Json(nullptr)}};
}

namespace {

Json PartyToJson(const Party& party, bool company) {
    Json json = {{"name", party.name},
                 {"email", party.email},
                 {"address",
                  {{"line1", party.address.line1},
                   {"city", party.address.city},
                   {"postalCode", party.address.postal_code},
                   {"country", party.address.country},
                   {"kind", AccountKindId(party.address.kind)}}}};
    if (company) json["company"] = party.company;
    return json;
}

}  // namespace

Json OrderToJson(const Order& order, Date cancellable_until) {
    Json lines = Json::array();
    for (const OrderLine& line : order.lines) {
        lines.push_back({{"sku", line.sku}, {"quantity", line.quantity}});
    }
    return {
        {"id", order.id},
        {"poNumber", order.po_number},
        {"purchaseDate", FormatDate(order.purchase_date)},
        {"status", OrderStatusId(order.status)},
        {"accountId", order.account_id == 0 ? Json(nullptr) : Json(order.account_id)},
        {"cancelledOn", order.cancelled_on ? Json(FormatDate(*order.cancelled_on)) : Json(nullptr)},
        {"cancellableUntil", FormatDate(cancellable_until)},
        {"lines", lines},
        {"endCustomer", PartyToJson(order.end_customer, true)},
        {"reseller", PartyToJson(order.reseller, false)},
        {"distributor", PartyToJson(order.distributor, false)}};
}

Json EntitlementsToJson(const RoomEntitlements& entitlements) {
    return {{"programs", entitlements.programs}, {"insights", entitlements.insights},
            {"alerts", entitlements.alerts},     {"support", entitlements.support},
            {"warranty", entitlements.warranty}, {"rma", entitlements.rma}};
}

Json SparesToJson(const SparesSummary& spares) {
    Json grants = Json::array();
    for (const SpareGrant& grant : spares.grants) {
        grants.push_back(
            {{"orderId", grant.order_id}, {"date", FormatDate(grant.date)}, {"pool", grant.pool}});
    }
    return {{"parentEntityId", spares.parent_entity_id},
            {"selectRooms", spares.select_rooms},
            {"pools", spares.pools},
            {"grants", grants}};
}

bool RoomFromJson(const Json& json, Room& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    reader.String("name", out.name);
    reader.String("site", out.site);
    reader.String("country", out.country);
    if (reader.Int("capacity", out.capacity) && (out.capacity < 1 || out.capacity > 10000)) {
        reader.Fail("capacity", "must be between 1 and 10000");
    }
    // Optional: absent or null is UTC. Whether the zone exists is the server's to say.
    reader.String("timeZone", out.time_zone, false);
    if (out.name.empty() && errors.size() == before) reader.Fail("name", "is required");
    return errors.size() == before;
}

bool OrderFromJson(const Json& json, Order& out, std::vector<FieldError>& errors) {
    size_t before = errors.size();
    FieldReader reader(json, "", errors);
    if (!reader.IsObject()) return false;
    reader.String("poNumber", out.po_number);
    ReadDate(reader, "purchaseDate", out.purchase_date, /*required=*/true);
    if (const Json* lines = reader.Array("lines")) {
        for (size_t i = 0; i < lines->size(); ++i) {
            OrderLine line;
            FieldReader entry((*lines)[i], IndexPath("lines", i), errors);
            entry.String("sku", line.sku);
            entry.Int("quantity", line.quantity);
            out.lines.push_back(std::move(line));
        }
    }
    ReadParty(reader, "endCustomer", out.end_customer, /*company=*/true, errors);
    ReadParty(reader, "reseller", out.reseller, /*company=*/false, errors);
    ReadParty(reader, "distributor", out.distributor, /*company=*/false, errors);
    return errors.size() == before;
}

std::vector<FieldError> FieldErrorsIn(const std::vector<FieldProblem>& problems,
                                      Language language) {
    std::vector<FieldError> errors;
    for (const FieldProblem& problem : problems) {
        errors.push_back({problem.field, problem.message.In(language)});
    }
    return errors;
}

ApiError RefusalToError(const Refusal& refusal, Language language) {
    ApiError error;
    error.message = refusal.message.In(language);
    if (refusal.rule.empty()) {
        // A lookup that found nothing: the same answer whether it is missing or not the
        // caller's to see.
        error.status = 404;
        error.code = "not_found";
        return error;
    }
    error.status = 409;
    error.code = "rule_violation";
    error.rule = refusal.rule;
    if (!refusal.field.empty()) error.fields.push_back({refusal.field, error.message});
    return error;
}

}  // namespace portal::api
